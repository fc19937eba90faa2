/**
 * Polygon measures on the sphere with geodesic edges: containment, area, perimeter, centroid and
 * distance. A MultiPolygon is measured as the union of its polygons (as Kusto does), by keeping
 * only the boundary pieces of each polygon that lie outside all the others; area and centroid are
 * then boundary integrals over those pieces, so no explicit union polygon is built.
 * Shells are taken counter-clockwise around the smaller region and holes clockwise.
 */
import { closestOnLines } from './lines.js';
import type { Polygon, Ring } from './shapes.js';
import {
  add,
  angle,
  cross,
  dot,
  EARTH_RADIUS_M,
  interpolate,
  type LonLat,
  norm,
  normalize,
  scale,
  signedTriangleArea,
  toLonLat,
  toVec,
  type Vec3,
  windingAngle,
} from './sphere.js';

type VRing = readonly Vec3[];
/** A polygon as unit vectors: shell (counter-clockwise) then holes (clockwise). */
type VPolygon = readonly VRing[];

function ringArea(ring: VRing): number {
  const o = ring[0] as Vec3;
  let s = 0;
  for (let i = 1; i + 1 < ring.length; i++) s += signedTriangleArea(o, ring[i] as Vec3, ring[i + 1] as Vec3);
  return s;
}

function orient(ring: Ring, ccw: boolean): VRing {
  const vs = ring.map(toVec);
  return ringArea(vs) >= 0 === ccw ? vs : [...vs].reverse();
}

export function toVPolygon(p: Polygon): VPolygon {
  return p.map((ring, i) => orient(ring, i === 0));
}

const enclosed = (p: Vec3, ring: VRing) => Math.abs(windingAngle(p, ring)) > Math.PI;

export function polygonContains(poly: VPolygon, p: Vec3): boolean {
  if (!enclosed(p, poly[0] as VRing)) return false;
  return !poly.slice(1).some((hole) => enclosed(p, hole));
}

/** The crossing point of arcs a→b and c→d strictly inside a→b, as a fraction along it. */
export function crossingFraction(a: Vec3, b: Vec3, c: Vec3, d: Vec3): number | undefined {
  const n1 = cross(a, b);
  const n2 = cross(c, d);
  if (Math.sign(dot(n1, c)) * Math.sign(dot(n1, d)) >= 0) return undefined;
  if (Math.sign(dot(n2, a)) * Math.sign(dot(n2, b)) >= 0) return undefined;
  let x = normalize(cross(n1, n2));
  if (dot(x, add(a, b)) < 0) x = scale(x, -1);
  const total = angle(a, b);
  const t = total === 0 ? 0 : angle(a, x) / total;
  return t > 0 && t < 1 ? t : undefined;
}

/** Oriented boundary arcs of the union of the polygons. */
export function unionBoundary(polys: readonly VPolygon[]): [Vec3, Vec3][] {
  const out: [Vec3, Vec3][] = [];
  polys.forEach((poly, pi) => {
    const others = polys.filter((_, j) => j !== pi);
    for (const ring of poly) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i] as Vec3;
        const b = ring[i + 1] as Vec3;
        const cuts = [0, 1];
        for (const o of others)
          for (const r of o)
            for (let k = 0; k + 1 < r.length; k++) {
              const t = crossingFraction(a, b, r[k] as Vec3, r[k + 1] as Vec3);
              if (t !== undefined) cuts.push(t);
            }
        cuts.sort((x, y) => x - y);
        for (let k = 0; k + 1 < cuts.length; k++) {
          const p = cuts.length === 2 ? a : interpolate(a, b, cuts[k] as number);
          const q = cuts.length === 2 ? b : interpolate(a, b, cuts[k + 1] as number);
          const mid = interpolate(p, q, 0.5);
          if (!others.some((o) => polygonContains(o, mid))) out.push([p, q]);
        }
      }
    }
  });
  return out;
}

export function boundaryPerimeter(arcs: readonly [Vec3, Vec3][]): number {
  return arcs.reduce((s, [a, b]) => s + angle(a, b), 0) * EARTH_RADIUS_M;
}

export function boundaryArea(arcs: readonly [Vec3, Vec3][]): number {
  if (arcs.length === 0) return 0;
  const o = normalize(arcs.reduce<Vec3>((s, [a]) => add(s, a), [0, 0, 0]));
  const sum = arcs.reduce((s, [a, b]) => s + signedTriangleArea(o, a, b), 0);
  return Math.abs(sum) * EARTH_RADIUS_M * EARTH_RADIUS_M;
}

/**
 * The area-weighted centroid of the flat triangles fanned from a common origin (S2's "planar"
 * centroid): this, not the exact surface integral, is what reproduces the engine's digits.
 */
export function boundaryCentroid(arcs: readonly [Vec3, Vec3][]): LonLat | undefined {
  if (arcs.length === 0) return undefined;
  const o = normalize(arcs.reduce<Vec3>((s, [a]) => add(s, a), [0, 0, 0]));
  let sum: Vec3 = [0, 0, 0];
  for (const [a, b] of arcs) sum = add(sum, scale(add(add(o, a), b), signedTriangleArea(o, a, b) / 3));
  return norm(sum) === 0 ? undefined : toLonLat(normalize(sum));
}

/** Angular distance from p to the polygons: 0 inside, else to the nearest edge. */
export function distanceToPolygons(polys: readonly Polygon[], p: Vec3): { distance: number; point: Vec3 } {
  const vps = polys.map(toVPolygon);
  if (vps.some((vp) => polygonContains(vp, p))) return { distance: 0, point: p };
  const best = closestOnLines(p, polys.flat());
  return best ? { distance: best.distance, point: best.point } : { distance: 0, point: p };
}
