/**
 * Geometry operations built on libraries rather than our own math: buffers, unions and
 * simplification through Turf (@turf/buffer, @turf/union, @turf/simplify; planar operations on an
 * azimuthal projection or in degrees), S2 coverings through s2js (a port of Google's S2 geometry),
 * H3 coverings through h3-js. Kusto computes these on the sphere with S2; the differences are
 * measured in test/kql/library/geo/shape-ops.test.ts.
 */
import type { Feature, Geometry, Polygon as GeoPolygon, MultiPolygon } from 'geojson';
import type { s2 as S2 } from 's2js';
import type { KqlDynamic } from '../../types.js';
import { untagReals } from '../../values.js';
import { isArray } from '../coerce.js';
import { lazyModule } from '../lazy-module.js';
import {
  type Line,
  lineJson,
  type Polygon,
  parseLines,
  parsePolygons,
  polygonJson,
  realCoordinates,
} from './shapes.js';
import { distanceMeters, EARTH_RADIUS_M, type LonLat } from './sphere.js';

// Loaded on first use (see lazy-module.ts).
const turfBuffer = lazyModule<typeof import('@turf/buffer')>('@turf/buffer');
const turfHelpers = lazyModule<typeof import('@turf/helpers')>('@turf/helpers');
const turfSimplify = lazyModule<typeof import('@turf/simplify')>('@turf/simplify');
const turfUnion = lazyModule<typeof import('@turf/union')>('@turf/union');
const h3js = lazyModule<typeof import('h3-js')>('h3-js');
const s2js = lazyModule<typeof import('s2js')>('s2js');

/** Meters per degree of latitude on the sphere Kusto uses. */
const METERS_PER_DEGREE = (Math.PI * EARTH_RADIUS_M) / 180;

/** The most cells a covering may have before Kusto returns null. */
export const MAX_S2_CELLS = 65_536;
export const MAX_H3_CELLS = 61_680;

type Geo = Geometry;

/** GeoJSON for the libraries: reals tagged as DynReal (shapes.ts positionJson) become plain numbers. */
const plainGeo = <T>(g: T): T => untagReals(g) as T;
const asFeature = (g: Geo): Feature => turfHelpers().feature(plainGeo(g));

/**
 * Quadrant segments so that a circular arc of `radius` deviates at most `tolerance` meters from
 * its chords (the documented meaning of the buffer functions' tolerance).
 */
function stepsFor(radius: number, tolerance: number): number {
  const tol = Math.min(Math.max(tolerance, radius * 1e-6), radius * 0.999);
  const perChord = Math.acos(1 - tol / radius); // half the angle one chord may span
  return Math.max(1, Math.min(1024, Math.ceil(Math.PI / 4 / perChord)));
}

/** Turf's result as a Polygon/MultiPolygon GeoJSON value, or null. */
function polygonResult(f: Feature<GeoPolygon | MultiPolygon> | null | undefined): KqlDynamic {
  if (!f?.geometry) return null;
  const g = f.geometry;
  if (g.type === 'MultiPolygon' && g.coordinates.length === 1) {
    return { type: 'Polygon', coordinates: realCoordinates(g.coordinates[0]) };
  }
  return { type: g.type, coordinates: realCoordinates(g.coordinates) };
}

const validBuffer = (radius: number, tolerance: number) =>
  Number.isFinite(radius) && radius > 0 && Number.isFinite(tolerance) && tolerance > 0;

/** Buffer of a point, lines or polygons by `radius` meters, within `tolerance` meters. */
export function bufferShape(shape: Geo, radius: number, tolerance: number): KqlDynamic {
  if (!validBuffer(radius, tolerance)) return null;
  try {
    return polygonResult(
      turfBuffer().buffer(asFeature(shape), radius, { units: 'meters', steps: stepsFor(radius, tolerance) }),
    );
  } catch {
    return null;
  }
}

export function pointBuffer(p: LonLat, radius: number, tolerance: number): KqlDynamic {
  return bufferShape({ type: 'Point', coordinates: [p[0], p[1]] }, radius, tolerance);
}

export function linesBuffer(lines: readonly Line[], radius: number, tolerance: number): KqlDynamic {
  return bufferShape(lineJson(lines) as unknown as Geo, radius, tolerance);
}

export function polygonsBuffer(polys: readonly Polygon[], radius: number, tolerance: number): KqlDynamic {
  return bufferShape(polygonJson(polys) as unknown as Geo, radius, tolerance);
}

/** Drops vertices closer than `tolerance` meters to the previous kept one ("no two vertices closer"). */
function spaced(points: readonly LonLat[], tolerance: number): LonLat[] {
  const out: LonLat[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last === undefined || distanceMeters(last, p) >= tolerance) out.push(p);
  }
  return out;
}

const toLonLat = (c: readonly number[]): LonLat => [c[0] as number, c[1] as number];

/**
 * Douglas–Peucker simplification (Turf, tolerance converted from meters to degrees), then vertices
 * closer than the tolerance are merged; lines that collapse to a point disappear.
 */
export function simplifyLines(lines: readonly Line[], tolerance: number): KqlDynamic {
  const out: Line[] = [];
  for (const line of lines) {
    const simplified =
      tolerance > 0
        ? (turfSimplify()
            .simplify(
              { type: 'LineString', coordinates: line.map((p) => [p[0], p[1]]) },
              { tolerance: tolerance / METERS_PER_DEGREE, highQuality: true },
            )
            .coordinates.map(toLonLat) as LonLat[])
        : [...line];
    const kept = spaced(simplified, tolerance);
    const lastInput = line[line.length - 1] as LonLat;
    // Keep the line's end: replace the last kept vertex if it is too close to it.
    if (kept.length > 1 && kept[kept.length - 1] !== lastInput) kept[kept.length - 1] = lastInput;
    if (kept.length >= 2) out.push(kept);
  }
  return out.length === 0 ? null : lineJson(out);
}

/** Simplifies every ring; a shell that collapses removes its polygon, a hole that collapses goes. */
export function simplifyPolygons(polys: readonly Polygon[], tolerance: number): KqlDynamic {
  const out: Polygon[] = [];
  for (const poly of polys) {
    const rings: LonLat[][] = [];
    for (const [i, ring] of poly.entries()) {
      let simplified: LonLat[] = [...ring];
      if (tolerance > 0) {
        try {
          const g = turfSimplify().simplify(
            { type: 'Polygon', coordinates: [ring.map((p) => [p[0], p[1]])] },
            { tolerance: tolerance / METERS_PER_DEGREE, highQuality: true },
          );
          simplified = (g.coordinates[0] ?? []).map(toLonLat);
        } catch {
          simplified = [];
        }
      }
      const open = spaced(simplified.slice(0, -1), tolerance);
      const first = open[0];
      if (first === undefined || open.length < 3 || diameter(open) < tolerance) {
        if (i === 0) break;
        continue;
      }
      rings.push([...open, first]);
    }
    if (rings.length > 0) out.push(rings);
  }
  return out.length === 0 ? null : polygonJson(out);
}

/** Largest distance between two of the points (meters). */
function diameter(points: readonly LonLat[]): number {
  let d = 0;
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++)
      d = Math.max(d, distanceMeters(points[i] as LonLat, points[j] as LonLat));
  return d;
}

/** Union of polygons (Turf / polygon-clipping), as a Polygon or MultiPolygon. */
export function unionPolygons(polys: readonly Polygon[]): KqlDynamic {
  if (polys.length === 0) return null;
  if (polys.length === 1) return polygonJson(polys);
  try {
    const fc = turfHelpers().featureCollection(
      polys.map((p) => turfHelpers().feature(plainGeo(polygonJson([p])) as unknown as GeoPolygon)),
    );
    return polygonResult(turfUnion().union(fc));
  } catch {
    return null;
  }
}

const key = (p: LonLat) => `${p[0]},${p[1]}`;

/**
 * Union of lines: every edge once (an edge given twice, in either direction, is one edge), chained
 * into the fewest lines by walking from the vertices where chains start or end.
 */
export function unionLines(lines: readonly Line[]): KqlDynamic {
  const edges = new Map<string, [LonLat, LonLat]>();
  const point = new Map<string, LonLat>();
  for (const line of lines)
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1] as LonLat;
      const b = line[i] as LonLat;
      if (key(a) === key(b)) continue;
      point.set(key(a), a);
      point.set(key(b), b);
      const k = key(a) < key(b) ? `${key(a)}|${key(b)}` : `${key(b)}|${key(a)}`;
      if (!edges.has(k)) edges.set(k, [a, b]);
    }
  if (edges.size === 0) return null;
  const adjacency = new Map<string, { to: string; edge: string }[]>();
  for (const [k, [a, b]] of edges) {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const list = adjacency.get(key(x)) ?? [];
      list.push({ to: key(y), edge: k });
      adjacency.set(key(x), list);
    }
  }
  const used = new Set<string>();
  const chains: LonLat[][] = [];
  const walk = (start: string) => {
    const chain = [point.get(start) as LonLat];
    let at = start;
    for (;;) {
      const next = (adjacency.get(at) ?? []).find((n) => !used.has(n.edge));
      if (!next) break;
      used.add(next.edge);
      at = next.to;
      chain.push(point.get(at) as LonLat);
      // Chains stop at junctions (more than two edges meet), as a line union does.
      if ((adjacency.get(at)?.length ?? 0) !== 2) break;
    }
    if (chain.length > 1) chains.push(chain);
  };
  // Start where chains end (degree other than 2) in input order, then close remaining loops.
  const ordered = [...point.keys()];
  for (const k of ordered)
    if ((adjacency.get(k)?.length ?? 0) !== 2) while (adjacency.get(k)?.some((n) => !used.has(n.edge))) walk(k);
  for (const k of ordered) while (adjacency.get(k)?.some((n) => !used.has(n.edge))) walk(k);
  return lineJson(chains);
}

/** The shapes of a dynamic array of GeoJSON values, or undefined when any is invalid. */
export function shapesOf<S>(v: unknown, parse: (x: unknown) => S[] | undefined): S[] | undefined {
  if (!isArray(v)) return undefined;
  const out: S[] = [];
  for (const item of v) {
    const s = parse(item);
    if (s === undefined) return undefined;
    out.push(...s);
  }
  return out;
}

export const linesOf = (v: unknown) => shapesOf(v, (x) => parseLines(x));
export const polygonsOf = (v: unknown) => shapesOf(v, (x) => parsePolygons(x));

/** S2 covering of a GeoJSON shape with cells of one level; null beyond MAX_S2_CELLS. */
export function s2Covering(shape: KqlDynamic, level: number): KqlDynamic {
  let region: unknown;
  try {
    region = s2js().geojson.fromGeoJSON(plainGeo(shape) as unknown as Geo);
  } catch {
    return null;
  }
  const regions = Array.isArray(region) ? region : [region];
  // Refuse before covering when the area alone needs more cells than allowed.
  const cellArea = (4 * Math.PI) / (6 * 4 ** level); // steradians: the sphere over 6·4^level cells
  let area = 0;
  for (const r of regions) {
    const a = (r as { area?: () => number }).area?.();
    if (typeof a === 'number') area += a;
  }
  if (area / cellArea > MAX_S2_CELLS * 2) return null;
  const coverer = new (s2js().s2.RegionCoverer)({ minLevel: level, maxLevel: level, maxCells: MAX_S2_CELLS + 1 });
  const cells = new Set<bigint>();
  for (const r of regions) for (const c of coverer.covering(r as S2.Region)) cells.add(c);
  if (cells.size > MAX_S2_CELLS) return null;
  return [...cells].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((c) => s2js().s2.cellid.toToken(c));
}

/** H3 cells whose centers lie inside the polygons (straight edges), after an optional buffer. */
export function h3Cells(polys: readonly Polygon[], resolution: number, radius: number): KqlDynamic {
  let shapes: readonly Polygon[] = polys;
  if (radius > 0) {
    const buffered = polygonsBuffer(polys, radius, Math.max(0.1, radius * 1e-3));
    const parsed = buffered === null ? undefined : parsePolygons(buffered);
    if (parsed === undefined) return null;
    shapes = parsed;
  }
  const cells = new Set<string>();
  for (const p of shapes) {
    const rings = p.map((ring) => ring.map((q) => [q[1], q[0]]));
    for (const c of h3js().polygonToCells(rings, resolution)) {
      cells.add(c);
      if (cells.size > MAX_H3_CELLS) return null;
    }
  }
  return [...cells];
}
