/**
 * Operations on geodesic polylines (each edge a great-circle arc): length, centroid,
 * interpolation and location of points, closest points, and densification of planar edges.
 */
import type { Line } from './shapes.js';
import {
  add,
  angle,
  closestOnArc,
  cross,
  EARTH_RADIUS_M,
  interpolate,
  type LonLat,
  norm,
  normalize,
  scale,
  sub,
  toLonLat,
  toVec,
  type Vec3,
} from './sphere.js';

/** Length of the lines in meters. */
export function linesLength(lines: readonly Line[]): number {
  let total = 0;
  for (const line of lines) {
    for (let i = 0; i + 1 < line.length; i++) total += angle(toVec(line[i] as LonLat), toVec(line[i + 1] as LonLat));
  }
  return total * EARTH_RADIUS_M;
}

/**
 * The length-weighted centroid: each arc contributes its midpoint direction weighted by its chord
 * length, which is the exact integral of position along the arc up to a common factor.
 */
export function linesCentroid(lines: readonly Line[]): LonLat | undefined {
  let sum: Vec3 = [0, 0, 0];
  for (const line of lines) {
    for (let i = 0; i + 1 < line.length; i++) {
      const a = toVec(line[i] as LonLat);
      const b = toVec(line[i + 1] as LonLat);
      const mid = add(a, b);
      if (norm(mid) === 0) continue;
      sum = add(sum, scale(normalize(mid), norm(sub(a, b))));
    }
  }
  return norm(sum) === 0 ? undefined : toLonLat(normalize(sum));
}

/** The point at `fraction` (0..1) of the line's length. */
export function interpolateOnLine(line: Line, fraction: number): LonLat {
  const vs = line.map(toVec);
  const lengths = vs.slice(1).map((v, i) => angle(vs[i] as Vec3, v));
  const total = lengths.reduce((s, x) => s + x, 0);
  let target = fraction * total;
  for (let i = 0; i < lengths.length; i++) {
    const len = lengths[i] as number;
    if (target <= len || i === lengths.length - 1) {
      const t = len === 0 ? 0 : Math.min(1, target / len);
      return toLonLat(interpolate(vs[i] as Vec3, vs[i + 1] as Vec3, t));
    }
    target -= len;
  }
  return line[line.length - 1] as LonLat;
}

export interface Closest {
  readonly point: Vec3;
  /** Angular distance from the query point. */
  readonly distance: number;
  /** Distance along the line (radians) from its start to `point`, for the line it lies on. */
  readonly along: number;
  readonly lineLength: number;
}

/** The closest point of any of the lines to p. */
export function closestOnLines(p: Vec3, lines: readonly Line[]): Closest | undefined {
  let best: Closest | undefined;
  for (const line of lines) {
    const vs = line.map(toVec);
    let walked = 0;
    const lineLength = vs.slice(1).reduce((s, v, i) => s + angle(vs[i] as Vec3, v), 0);
    for (let i = 0; i + 1 < vs.length; i++) {
      const a = vs[i] as Vec3;
      const b = vs[i + 1] as Vec3;
      const q = closestOnArc(p, a, b);
      const d = angle(p, q);
      if (!best || d < best.distance) best = { point: q, distance: d, along: walked + angle(a, q), lineLength };
      walked += angle(a, b);
    }
  }
  return best;
}

/** Whether the arcs a→b and c→d cross or touch. */
export function arcsIntersect(a: Vec3, b: Vec3, c: Vec3, d: Vec3): boolean {
  const n1 = cross(a, b);
  const n2 = cross(c, d);
  if (Math.sign(dotv(n1, c)) * Math.sign(dotv(n1, d)) > 0) return false;
  if (Math.sign(dotv(n2, a)) * Math.sign(dotv(n2, b)) > 0) return false;
  const x = cross(n1, n2);
  if (norm(x) === 0) return collinearOverlap(a, b, c, d);
  // The great circles meet at ±x; the arcs cross only if one of those lies on both arcs.
  return [x, scale(x, -1)].some((y) => withinArc(y, a, b, n1) && withinArc(y, c, d, n2));
}

function withinArc(p: Vec3, a: Vec3, b: Vec3, n: Vec3): boolean {
  return dotv(cross(a, p), n) >= 0 && dotv(cross(p, b), n) >= 0;
}

const dotv = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

function collinearOverlap(a: Vec3, b: Vec3, c: Vec3, d: Vec3): boolean {
  const len = angle(a, b);
  const on = (p: Vec3) => Math.abs(angle(a, p) + angle(p, b) - len) < 1e-15;
  return on(c) || on(d) || Math.abs(angle(c, a) + angle(a, d) - angle(c, d)) < 1e-15;
}

export function linesIntersect(l1: readonly Line[], l2: readonly Line[]): boolean {
  for (const x of l1)
    for (const y of l2)
      for (let i = 0; i + 1 < x.length; i++)
        for (let j = 0; j + 1 < y.length; j++) {
          const a = toVec(x[i] as LonLat);
          const b = toVec(x[i + 1] as LonLat);
          if (arcsIntersect(a, b, toVec(y[j] as LonLat), toVec(y[j + 1] as LonLat))) return true;
        }
  return false;
}

/**
 * Densifies planar edges (straight in longitude/latitude) into geodesic ones: an edge is halved
 * until the planar midpoint of every piece is within `tolerance` meters of the geodesic arc
 * between its ends.
 */
export function densifyLine(line: Line, tolerance: number): LonLat[] {
  const out: LonLat[] = [line[0] as LonLat];
  for (let i = 0; i + 1 < line.length; i++) densifyEdge(line[i] as LonLat, line[i + 1] as LonLat, tolerance, out, 0);
  return out;
}

function densifyEdge(a: LonLat, b: LonLat, tolerance: number, out: LonLat[], depth: number): void {
  const pieces = piecesFor(a, b, tolerance, depth);
  for (let k = 1; k <= pieces; k++) {
    const t = k / pieces;
    out.push(k === pieces ? b : [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
  }
}

/** The power-of-two number of equal planar pieces that keeps every piece within tolerance. */
function piecesFor(a: LonLat, b: LonLat, tolerance: number, depth: number): number {
  let n = 1;
  for (let level = depth; level < 20; level++) {
    let ok = true;
    for (let k = 0; k < n && ok; k++) {
      const p: LonLat = [a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n];
      const q: LonLat = [a[0] + ((b[0] - a[0]) * (k + 1)) / n, a[1] + ((b[1] - a[1]) * (k + 1)) / n];
      const mid: LonLat = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
      const dev = angle(toVec(mid), closestOnArc(toVec(mid), toVec(p), toVec(q))) * EARTH_RADIUS_M;
      if (dev > tolerance) ok = false;
    }
    if (ok) return n;
    n *= 2;
  }
  return n;
}
