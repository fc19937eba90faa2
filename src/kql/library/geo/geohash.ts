/**
 * Geohash: interleaved longitude/latitude bisection bits, five bits per base-32 character
 * (alphabet without a, i, l, o). Kusto accepts accuracies 1..18 (default 5).
 */
import type { LonLat } from './sphere.js';

const ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';
export const GEOHASH_MAX = 18;

export interface Box {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

export function encodeGeohash(lon: number, lat: number, length: number): string {
  let [w, e, s, n] = [-180, 180, -90, 90];
  let out = '';
  let bits = 0;
  let value = 0;
  let evenBit = true; // longitude first
  while (out.length < length) {
    if (evenBit) {
      const mid = (w + e) / 2;
      value = value * 2 + (lon >= mid ? 1 : 0);
      if (lon >= mid) w = mid;
      else e = mid;
    } else {
      const mid = (s + n) / 2;
      value = value * 2 + (lat >= mid ? 1 : 0);
      if (lat >= mid) s = mid;
      else n = mid;
    }
    evenBit = !evenBit;
    if (++bits === 5) {
      out += ALPHABET[value];
      bits = 0;
      value = 0;
    }
  }
  return out;
}

/** The cell of a geohash, or undefined for an invalid one (empty, too long, bad character). */
export function decodeGeohash(hash: string): Box | undefined {
  if (hash.length === 0 || hash.length > GEOHASH_MAX) return undefined;
  let [w, e, s, n] = [-180, 180, -90, 90];
  let evenBit = true;
  for (const ch of hash.toLowerCase()) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) return undefined;
    for (let b = 4; b >= 0; b--) {
      const bit = (idx >> b) & 1;
      if (evenBit) {
        const mid = (w + e) / 2;
        if (bit) w = mid;
        else e = mid;
      } else {
        const mid = (s + n) / 2;
        if (bit) s = mid;
        else n = mid;
      }
      evenBit = !evenBit;
    }
  }
  return { west: w, south: s, east: e, north: n };
}

export const boxCenter = (b: Box): LonLat => [(b.west + b.east) / 2, (b.south + b.north) / 2];

/** The closed ring of a box, counter-clockwise from the south-west corner. */
export const boxRing = (b: Box): LonLat[] => [
  [b.west, b.south],
  [b.east, b.south],
  [b.east, b.north],
  [b.west, b.north],
  [b.west, b.south],
];

/** The eight surrounding geohashes of the same length (fewer at the poles), N first, clockwise. */
export function geohashNeighbors(hash: string): string[] | undefined {
  const box = decodeGeohash(hash);
  if (!box) return undefined;
  const [lon, lat] = boxCenter(box);
  const dLon = box.east - box.west;
  const dLat = box.north - box.south;
  const steps: readonly (readonly [number, number])[] = [
    [0, 1],
    [1, 1],
    [1, 0],
    [1, -1],
    [0, -1],
    [-1, -1],
    [-1, 0],
    [-1, 1],
  ];
  const out: string[] = [];
  for (const [dx, dy] of steps) {
    const nLat = lat + dy * dLat;
    if (nLat > 90 || nLat < -90) continue;
    let nLon = lon + dx * dLon;
    if (nLon > 180) nLon -= 360;
    if (nLon < -180) nLon += 360;
    const h = encodeGeohash(nLon, nLat, hash.length);
    if (!out.includes(h)) out.push(h);
  }
  return out;
}
