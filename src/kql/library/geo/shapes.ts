/**
 * GeoJSON shapes as the geo_* functions accept them: validation (Kusto returns null for any
 * invalid shape rather than failing) and conversion to typed coordinate lists, plus builders for
 * GeoJSON results. Coordinates are [longitude, latitude] in degrees; longitudes must lie in
 * [-180, 180] and latitudes in [-90, 90].
 */
import { dynNumber, dynReal, type KqlDynamic } from '../../types.js';
import { isArray, isBag, parseJson } from '../coerce.js';
import type { LonLat } from './sphere.js';

export type Line = readonly LonLat[];
export type Ring = readonly LonLat[];
/** A polygon: the shell first, then holes. */
export type Polygon = readonly Ring[];

export function validLonLat(lon: number | null, lat: number | null): boolean {
  return (
    lon !== null &&
    lat !== null &&
    Number.isFinite(lon) &&
    Number.isFinite(lat) &&
    lon >= -180 &&
    lon <= 180 &&
    lat >= -90 &&
    lat <= 90
  );
}

/** A dynamic argument, or its JSON text when passed as a string. */
export function asGeoJson(v: unknown): KqlDynamic {
  return typeof v === 'string' ? parseJson(v) : (v as KqlDynamic);
}

function position(v: KqlDynamic): LonLat | undefined {
  if (!isArray(v) || v.length < 2) return undefined;
  const lon = dynNumber(v[0]);
  const lat = dynNumber(v[1]);
  if (lon === undefined || lat === undefined || !validLonLat(lon, lat)) return undefined;
  return [lon, lat];
}

function positions(v: KqlDynamic): LonLat[] | undefined {
  if (!isArray(v)) return undefined;
  const out: LonLat[] = [];
  for (const p of v) {
    const q = position(p);
    if (!q) return undefined;
    out.push(q);
  }
  return out;
}

const samePoint = (a: LonLat, b: LonLat) => a[0] === b[0] && a[1] === b[1];

/** The points of a line without consecutive duplicates. */
export function dedupe(points: readonly LonLat[]): LonLat[] {
  const out: LonLat[] = [];
  for (const p of points) if (out.length === 0 || !samePoint(out[out.length - 1] as LonLat, p)) out.push(p);
  return out;
}

function lineCoords(v: KqlDynamic): Line | undefined {
  const pts = positions(v);
  return pts && pts.length >= 2 ? pts : undefined;
}

/** A ring must be closed and have at least three distinct vertices. */
function ringCoords(v: KqlDynamic): Ring | undefined {
  const pts = positions(v);
  if (!pts || pts.length < 4) return undefined;
  if (!samePoint(pts[0] as LonLat, pts[pts.length - 1] as LonLat)) return undefined;
  const distinct = dedupe(pts);
  return distinct.length >= 4 ? distinct : undefined;
}

/** Array nesting depth along first elements: a position is 1, a ring 2, a polygon 3. */
function depth(v: KqlDynamic): number {
  return isArray(v) && v.length > 0 ? 1 + depth(v[0] as KqlDynamic) : isArray(v) ? 1 : 0;
}

function polygonCoords(input: KqlDynamic): Polygon | undefined {
  let v = input;
  // The engine accepts one redundant level of nesting (pack_array(polygon.coordinates) in a
  // MultiPolygon), so unwrap single-element wrappers around a polygon's rings.
  while (isArray(v) && v.length === 1 && depth(v) > 3) v = v[0] as KqlDynamic;
  if (!isArray(v) || v.length === 0) return undefined;
  const rings: Ring[] = [];
  for (const r of v) {
    const ring = ringCoords(r);
    if (!ring) return undefined;
    rings.push(ring);
  }
  return rings;
}

function typed(v: unknown, type: string): KqlDynamic | undefined {
  const g = asGeoJson(v);
  return isBag(g) && g.type === type ? (g.coordinates ?? null) : undefined;
}

/** A point `{"type":"Point","coordinates":[lon,lat]}`. */
export function parsePoint(v: unknown): LonLat | undefined {
  const c = typed(v, 'Point');
  return c === undefined ? undefined : position(c);
}

/** The lines of a LineString or MultiLineString (undefined when invalid). */
export function parseLines(v: unknown, allowMulti = true): Line[] | undefined {
  const single = typed(v, 'LineString');
  if (single !== undefined) {
    const line = lineCoords(single);
    return line ? [line] : undefined;
  }
  const multi = allowMulti ? typed(v, 'MultiLineString') : undefined;
  if (multi === undefined || !isArray(multi) || multi.length === 0) return undefined;
  const out: Line[] = [];
  for (const l of multi) {
    const line = lineCoords(l);
    if (!line) return undefined;
    out.push(line);
  }
  return out;
}

/** The polygons of a Polygon or MultiPolygon (undefined when invalid). */
export function parsePolygons(v: unknown, allowMulti = true): Polygon[] | undefined {
  const single = typed(v, 'Polygon');
  if (single !== undefined) {
    const p = polygonCoords(single);
    return p ? [p] : undefined;
  }
  const multi = allowMulti ? typed(v, 'MultiPolygon') : undefined;
  if (multi === undefined || !isArray(multi) || multi.length === 0) return undefined;
  const out: Polygon[] = [];
  for (const c of multi) {
    const p = polygonCoords(c);
    if (!p) return undefined;
    out.push(p);
  }
  return out;
}

/** A GeoJSON position: coordinates are reals (Kusto prints `[50.0,50.0]`). */
export const positionJson = (p: LonLat): KqlDynamic => [dynReal(p[0]), dynReal(p[1])];

/** Numbers anywhere in nested coordinate arrays (a library's GeoJSON) as reals. */
export function realCoordinates(c: unknown): KqlDynamic {
  if (typeof c === 'number') return dynReal(c);
  return Array.isArray(c) ? c.map(realCoordinates) : (c as KqlDynamic);
}

export const pointJson = (p: LonLat): KqlDynamic => ({ type: 'Point', coordinates: positionJson(p) });

export const lineJson = (lines: readonly Line[]): KqlDynamic =>
  lines.length === 1
    ? { type: 'LineString', coordinates: (lines[0] as Line).map(positionJson) }
    : { type: 'MultiLineString', coordinates: lines.map((l) => l.map(positionJson)) };

export const polygonJson = (polys: readonly Polygon[]): KqlDynamic => {
  const coords = polys.map((poly) => poly.map((ring) => ring.map(positionJson)));
  return polys.length === 1
    ? { type: 'Polygon', coordinates: coords[0] as KqlDynamic }
    : { type: 'MultiPolygon', coordinates: coords };
};
