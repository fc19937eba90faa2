/**
 * Intersection shapes on the sphere: geo_intersection_2lines (crossing points and shared
 * stretches of two polylines) and geo_intersection_line_with_polygon (the parts of a line inside a
 * polygon). Crossings are exact great-circle intersections; results are GeoJSON, with an empty
 * GeometryCollection when nothing intersects.
 */
import type { KqlDynamic } from '../../types.js';
import { crossingFraction, polygonContains, toVPolygon } from './polygons.js';
import { type Line, type Polygon, positionJson } from './shapes.js';
import {
  add,
  angle,
  cross,
  dot,
  interpolate,
  type LonLat,
  norm,
  normalize,
  scale,
  toLonLat,
  toVec,
  type Vec3,
} from './sphere.js';

type Segment = readonly [Vec3, Vec3];

const EMPTY: KqlDynamic = { type: 'GeometryCollection', geometries: [] };
const COLLINEAR_EPS = 1e-12;
const same = (p: Vec3, q: Vec3) => angle(p, q) < 1e-14;
const json = (p: Vec3): KqlDynamic => positionJson(toLonLat(p));

/** Signed angle of p along the great circle from a in the direction of unit normal n. */
const along = (a: Vec3, n: Vec3, p: Vec3) => Math.atan2(dot(cross(a, p), n), dot(a, p));

/** The shared stretch of two arcs on one great circle, a single point, or undefined. */
function overlap(a: Vec3, b: Vec3, c: Vec3, d: Vec3): Segment | undefined {
  const n = normalize(cross(a, b));
  const len = angle(a, b);
  const pc = along(a, n, c);
  const pd = along(a, n, d);
  const lo = Math.max(0, Math.min(pc, pd));
  const hi = Math.min(len, Math.max(pc, pd));
  if (hi < lo - 1e-15) return undefined;
  // Use the input vertices for the ends when they coincide, so coordinates come back unchanged.
  const at = (t: number): Vec3 => {
    for (const v of [a, b, c, d]) if (Math.abs(along(a, n, v) - t) < 1e-15) return v;
    return interpolate(a, b, len === 0 ? 0 : t / len);
  };
  return [at(lo), at(hi)];
}

function crossing(a: Vec3, b: Vec3, c: Vec3, d: Vec3): Vec3 | undefined {
  const n1 = cross(a, b);
  const n2 = cross(c, d);
  if (Math.sign(dot(n1, c)) * Math.sign(dot(n1, d)) > 0) return undefined;
  if (Math.sign(dot(n2, a)) * Math.sign(dot(n2, b)) > 0) return undefined;
  let x = normalize(cross(n1, n2));
  if (dot(x, add(add(a, b), add(c, d))) < 0) x = scale(x, -1);
  const within = (p: Vec3, q: Vec3, r: Vec3, n: Vec3) => dot(cross(p, r), n) >= 0 && dot(cross(r, q), n) >= 0;
  return within(a, b, x, n1) && within(c, d, x, n2) ? x : undefined;
}

/** Joins segments that continue one another into polylines (in input order). */
function chain(segments: readonly Segment[]): Vec3[][] {
  const runs: Vec3[][] = [];
  for (const [p, q] of segments) {
    const last = runs[runs.length - 1];
    if (last && same(last[last.length - 1] as Vec3, p)) last.push(q);
    else runs.push([p, q]);
  }
  return runs;
}

function linesJson(runs: readonly Vec3[][]): KqlDynamic {
  const coords = runs.map((r) => r.map(json));
  return coords.length === 1
    ? { type: 'LineString', coordinates: coords[0] as KqlDynamic }
    : { type: 'MultiLineString', coordinates: coords };
}

function pointsJson(points: readonly Vec3[]): KqlDynamic {
  return points.length === 1
    ? { type: 'Point', coordinates: json(points[0] as Vec3) }
    : { type: 'MultiPoint', coordinates: points.map(json) };
}

const edges = (lines: readonly Line[]): Segment[] =>
  lines.flatMap((l) => l.slice(1).map((p, i): Segment => [toVec(l[i] as LonLat), toVec(p)]));

const onSegment = (p: Vec3, [a, b]: Segment) => Math.abs(angle(a, p) + angle(p, b) - angle(a, b)) < 1e-14;

export function intersectLines(l1: readonly Line[], l2: readonly Line[]): KqlDynamic {
  const shared: Segment[] = [];
  const points: Vec3[] = [];
  for (const [a, b] of edges(l1)) {
    for (const [c, d] of edges(l2)) {
      const n = cross(cross(a, b), cross(c, d));
      const collinear = norm(n) < COLLINEAR_EPS * norm(cross(a, b)) * norm(cross(c, d));
      if (collinear) {
        const o = overlap(a, b, c, d);
        if (o && !same(o[0], o[1])) shared.push(o);
        else if (o) points.push(o[0]);
        continue;
      }
      const x = crossing(a, b, c, d);
      if (x) points.push(x);
    }
  }
  const lonely = points.filter(
    (p, i) => !shared.some((s) => onSegment(p, s)) && points.findIndex((q) => same(p, q)) === i,
  );
  const runs = chain(shared);
  if (runs.length === 0 && lonely.length === 0) return EMPTY;
  if (lonely.length === 0) return linesJson(runs);
  if (runs.length === 0) return pointsJson(lonely);
  return { type: 'GeometryCollection', geometries: [linesJson(runs), pointsJson(lonely)] };
}

/** The parts of the lines inside the polygons (edges split where they cross polygon edges). */
export function intersectLineWithPolygons(lines: readonly Line[], polys: readonly Polygon[]): KqlDynamic {
  const vps = polys.map(toVPolygon);
  const ringEdges: Segment[] = vps.flatMap((vp) =>
    vp.flatMap((r) => r.slice(1).map((p, i): Segment => [r[i] as Vec3, p])),
  );
  const inside: Segment[] = [];
  for (const [a, b] of edges(lines)) {
    const cuts = [0, 1];
    for (const [c, d] of ringEdges) {
      const t = crossingFraction(a, b, c, d);
      if (t !== undefined) cuts.push(t);
    }
    cuts.sort((x, y) => x - y);
    for (let k = 0; k + 1 < cuts.length; k++) {
      const p = cuts[k] === 0 ? a : crossPoint(a, b, cuts[k] as number, ringEdges);
      const q = cuts[k + 1] === 1 ? b : crossPoint(a, b, cuts[k + 1] as number, ringEdges);
      if (vps.some((vp) => polygonContains(vp, interpolate(p, q, 0.5)))) inside.push([p, q]);
    }
  }
  const runs = chain(inside);
  return runs.length === 0 ? EMPTY : linesJson(runs);
}

/** The exact crossing point at fraction t of a→b (recomputed from the crossing ring edge). */
function crossPoint(a: Vec3, b: Vec3, t: number, ringEdges: readonly Segment[]): Vec3 {
  for (const [c, d] of ringEdges) {
    const f = crossingFraction(a, b, c, d);
    if (f === t) return crossing(a, b, c, d) ?? interpolate(a, b, t);
  }
  return interpolate(a, b, t);
}

/** The pieces of the rings of `polys` that lie inside any of `others`, split at crossings. */
function piecesInside(polys: readonly Polygon[], others: readonly Polygon[]): Segment[] {
  const vOthers = others.map(toVPolygon);
  const otherEdges: Segment[] = vOthers.flatMap((vp) =>
    vp.flatMap((r) => r.slice(1).map((p, i): Segment => [r[i] as Vec3, p])),
  );
  const out: Segment[] = [];
  for (const vp of polys.map(toVPolygon)) {
    for (const ring of vp) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i] as Vec3;
        const b = ring[i + 1] as Vec3;
        const cuts = [0, 1];
        for (const [c, d] of otherEdges) {
          const t = crossingFraction(a, b, c, d);
          if (t !== undefined) cuts.push(t);
        }
        cuts.sort((x, y) => x - y);
        for (let k = 0; k + 1 < cuts.length; k++) {
          const p = cuts[k] === 0 ? a : crossPoint(a, b, cuts[k] as number, otherEdges);
          const q = cuts[k + 1] === 1 ? b : crossPoint(a, b, cuts[k + 1] as number, otherEdges);
          if (vOthers.some((o) => polygonContains(o, interpolate(p, q, 0.5)))) out.push([p, q]);
        }
      }
    }
  }
  return out;
}

const near = (p: Vec3, q: Vec3) => angle(p, q) < 1e-12;

/** Closes pieces into rings: start with the first unused piece (A's before B's) and follow ends. */
function closeRings(pieces: readonly Segment[]): Vec3[][] {
  const used = new Array<boolean>(pieces.length).fill(false);
  const rings: Vec3[][] = [];
  for (let s = 0; s < pieces.length; s++) {
    if (used[s]) continue;
    used[s] = true;
    const first = pieces[s] as Segment;
    const ring: Vec3[] = [first[0], first[1]];
    for (let guard = 0; guard < pieces.length && !near(ring[ring.length - 1] as Vec3, first[0]); guard++) {
      const end = ring[ring.length - 1] as Vec3;
      const next = pieces.findIndex((p, i) => !used[i] && near(p[0], end));
      if (next < 0) break;
      used[next] = true;
      ring.push((pieces[next] as Segment)[1]);
    }
    if (ring.length >= 4 && near(ring[ring.length - 1] as Vec3, first[0])) {
      ring[ring.length - 1] = first[0];
      rings.push(ring);
    }
  }
  return rings;
}

/** The intersection of two (multi)polygons as a Polygon/MultiPolygon (holes are not rebuilt). */
export function intersectPolygons(a: readonly Polygon[], b: readonly Polygon[]): KqlDynamic {
  const rings = closeRings([...piecesInside(a, b), ...piecesInside(b, a)]);
  if (rings.length === 0) return EMPTY;
  const polys = rings.map((r) => [r.map(json)]);
  return polys.length === 1
    ? { type: 'Polygon', coordinates: polys[0] as KqlDynamic }
    : { type: 'MultiPolygon', coordinates: polys };
}
