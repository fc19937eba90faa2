/**
 * Spherical geometry for the geo_* functions. Kusto measures on a sphere of radius 6,371,010 m
 * (the radius that reproduces the engine's geo_line_length/geo_distance outputs to all shown
 * digits) and treats edges between two vertices as geodesics (great-circle arcs), as S2 does.
 * Points are unit vectors; coordinates in and out are [longitude, latitude] in degrees.
 */

export const EARTH_RADIUS_M = 6_371_010;

export type Vec3 = readonly [number, number, number];
export type LonLat = readonly [number, number];

const RAD = Math.PI / 180;

export function toVec([lon, lat]: LonLat): Vec3 {
  const phi = lat * RAD;
  const lambda = lon * RAD;
  const c = Math.cos(phi);
  return [c * Math.cos(lambda), c * Math.sin(lambda), Math.sin(phi)];
}

export function toLonLat(v: Vec3): LonLat {
  const lat = Math.atan2(v[2], Math.hypot(v[0], v[1])) / RAD;
  const lon = Math.atan2(v[1], v[0]) / RAD;
  return [lon, lat];
}

export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

export const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];

export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Vec3, k: number): Vec3 => [a[0] * k, a[1] * k, a[2] * k];
export const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);

export function normalize(a: Vec3): Vec3 {
  const n = norm(a);
  return n === 0 ? a : scale(a, 1 / n);
}

/** The angle between two unit vectors; atan2 keeps precision for tiny and near-antipodal angles. */
export function angle(a: Vec3, b: Vec3): number {
  return Math.atan2(norm(cross(a, b)), dot(a, b));
}

/** Great-circle distance in meters between two [lon, lat] points. */
export function distanceMeters(a: LonLat, b: LonLat): number {
  return angle(toVec(a), toVec(b)) * EARTH_RADIUS_M;
}

/** The point at fraction t (0..1) along the arc a→b (spherical linear interpolation). */
export function interpolate(a: Vec3, b: Vec3, t: number): Vec3 {
  const theta = angle(a, b);
  if (theta === 0) return a;
  const s = Math.sin(theta);
  const wa = Math.sin((1 - t) * theta) / s;
  const wb = Math.sin(t * theta) / s;
  return normalize(add(scale(a, wa), scale(b, wb)));
}

/** The point of arc a→b closest to p (an endpoint when p projects outside the arc). */
export function closestOnArc(p: Vec3, a: Vec3, b: Vec3): Vec3 {
  const n = cross(a, b);
  if (norm(n) === 0) return angle(p, a) <= angle(p, b) ? a : b;
  // Project p onto the arc's great circle, then check it lies between a and b.
  const q = normalize(sub(p, scale(n, dot(p, n) / dot(n, n))));
  const inside = dot(cross(a, q), n) >= 0 && dot(cross(q, b), n) >= 0;
  if (inside && norm(q) > 0) return q;
  return angle(p, a) <= angle(p, b) ? a : b;
}

/** Angular distance from p to the arc a→b. */
export function distanceToArc(p: Vec3, a: Vec3, b: Vec3): number {
  return angle(p, closestOnArc(p, a, b));
}

/** Signed area (steradians) of the spherical triangle a, b, c; positive when counter-clockwise. */
export function signedTriangleArea(a: Vec3, b: Vec3, c: Vec3): number {
  const det = dot(a, cross(b, c));
  const denom = 1 + dot(a, b) + dot(b, c) + dot(c, a);
  return 2 * Math.atan2(det, denom);
}

/** Signed turning sum of a closed ring around p: ±2π when p is enclosed, 0 when outside. */
export function windingAngle(p: Vec3, ring: readonly Vec3[]): number {
  let total = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = sub(ring[i] as Vec3, scale(p, dot(ring[i] as Vec3, p)));
    const b = sub(ring[i + 1] as Vec3, scale(p, dot(ring[i + 1] as Vec3, p)));
    total += Math.atan2(dot(p, cross(a, b)), dot(a, b));
  }
  return total;
}
