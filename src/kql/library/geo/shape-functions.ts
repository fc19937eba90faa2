/**
 * Geo functions over GeoJSON lines and polygons (geodesic edges on a sphere): measures,
 * centroids, closest points, distances, containment, intersection tests, densification and
 * geo_from_wkt. Invalid shapes or arguments give null, as in Kusto.
 */
import type { KqlDynamic, KqlValue } from '../../types.js';
import { numberConv, stringConv } from '../coerce.js';
import { type Compile, defineAll } from '../define.js';
import { s2RoundTrip } from './exact-trig.js';
import { intersectLines, intersectLineWithPolygons, intersectPolygons } from './intersections.js';
import { closestOnLines, densifyLine, interpolateOnLine, linesCentroid, linesIntersect, linesLength } from './lines.js';
import {
  boundaryArea,
  boundaryCentroid,
  boundaryPerimeter,
  distanceToPolygons,
  polygonContains,
  toVPolygon,
  unionBoundary,
} from './polygons.js';
import {
  type Line,
  lineJson,
  type Polygon,
  parseLines,
  parsePolygons,
  pointJson,
  polygonJson,
  validLonLat,
} from './shapes.js';
import { EARTH_RADIUS_M, type LonLat, toLonLat, toVec } from './sphere.js';
import { wktToGeoJson } from './wkt.js';

type Num = (v: KqlValue) => number | null;

/** f(shape) with the shape parsed by `parse`; null when invalid. */
const onShape =
  <S>(parse: (v: unknown) => S | undefined, f: (s: S) => KqlDynamic | undefined): Compile =>
  () =>
  (v) => {
    const s = parse(v);
    return s === undefined ? null : (f(s) ?? null);
  };

/** f(point, shape) for functions taking (lon, lat, shape). */
const pointAndShape =
  <S>(parse: (v: unknown) => S | undefined, f: (p: LonLat, s: S) => KqlDynamic | undefined): Compile =>
  (types) => {
    const lonC = numberConv(types[0] ?? 'real');
    const latC = numberConv(types[1] ?? 'real');
    return (lonV, latV, shape) => {
      const lon = lonC(lonV as KqlValue);
      const lat = latC(latV as KqlValue);
      const s = parse(shape);
      if (!validLonLat(lon, lat) || s === undefined) return null;
      return f([lon as number, lat as number], s) ?? null;
    };
  };

/** f(shape, number) for functions taking a numeric parameter with a default. */
const shapeAndNumber =
  <S>(
    parse: (v: unknown) => S | undefined,
    fallback: number,
    valid: (x: number) => boolean,
    f: (s: S, x: number) => KqlDynamic | undefined,
  ): Compile =>
  (types) => {
    const n: Num = numberConv(types[1] ?? 'real');
    return (shape, x) => {
      const s = parse(shape);
      const value = x === undefined ? fallback : n(x);
      if (s === undefined || value === null || !valid(value)) return null;
      return f(s, value) ?? null;
    };
  };

const anyLines = (v: unknown) => parseLines(v);
const oneLine = (v: unknown): Line | undefined => parseLines(v, false)?.[0];
const polys = (v: unknown) => parsePolygons(v);

const both =
  <A, B>(pa: (v: unknown) => A | undefined, pb: (v: unknown) => B | undefined, f: (a: A, b: B) => boolean): Compile =>
  () =>
  (x, y) => {
    const a = pa(x);
    const b = pb(y);
    return a === undefined || b === undefined ? null : f(a, b);
  };

const ringsAsLines = (ps: readonly Polygon[]): Line[] => ps.flat();
const anyInside = (points: readonly LonLat[], ps: readonly Polygon[]) => {
  const vps = ps.map(toVPolygon);
  return points.some((p) => vps.some((vp) => polygonContains(vp, toVec(p))));
};

const lineIntersectsPolygon = (ls: readonly Line[], ps: readonly Polygon[]) =>
  anyInside(ls.flat(), ps) || linesIntersect(ls, ringsAsLines(ps));
const polygonsIntersect = (a: readonly Polygon[], b: readonly Polygon[]) =>
  anyInside(ringsAsLines(a).flat(), b) ||
  anyInside(ringsAsLines(b).flat(), a) ||
  linesIntersect(ringsAsLines(a), ringsAsLines(b));

const validTolerance = (t: number) => t >= 0.1 && t <= 10_000;
/** Densified vertices pass through S2 points as the engine's do (last-bit exact output). */
const densified = (line: Line, tol: number): LonLat[] => densifyLine(line, tol).map((p) => s2RoundTrip(p[0], p[1]));

const densifyPolygons = (ps: readonly Polygon[], tol: number) =>
  polygonJson(ps.map((p) => p.map((ring) => densified(ring, tol))));

const boundaryOf = (ps: readonly Polygon[]) => unionBoundary(ps.map(toVPolygon));

export const geoShapeFunctions = defineAll('geo', [
  {
    name: 'geo_from_wkt',
    doc: 'Converts well-known text (WKT) into a GeoJSON shape.',
    params: ['string'],
    returns: 'dynamic',
    compile: (types) => {
      const s = stringConv(types[0]);
      return (v) => wktToGeoJson(s(v)) ?? null;
    },
  },
  {
    name: 'geo_line_length',
    doc: 'Total length in meters of a (multi)line on the sphere.',
    params: ['dynamic'],
    returns: 'real',
    compile: onShape(anyLines, linesLength),
  },
  {
    name: 'geo_line_centroid',
    doc: 'The centroid of a (multi)line as a GeoJSON point.',
    params: ['dynamic'],
    returns: 'dynamic',
    compile: onShape(anyLines, (ls) => {
      const c = linesCentroid(ls);
      return c ? pointJson(c) : undefined;
    }),
  },
  {
    name: 'geo_line_densify',
    doc: 'Adds points to planar line edges so they follow geodesics within a tolerance (meters, default 10).',
    params: ['dynamic', 'real', 'bool'],
    min: 1,
    returns: 'dynamic',
    compile: shapeAndNumber(anyLines, 10, validTolerance, (ls, tol) => lineJson(ls.map((l) => densified(l, tol)))),
  },
  {
    name: 'geo_line_interpolate_point',
    doc: 'The point at a fraction (0..1) of a line’s length.',
    params: ['dynamic', 'real'],
    returns: 'dynamic',
    compile: shapeAndNumber(
      oneLine,
      0,
      (f) => f >= 0 && f <= 1,
      (l, f) => pointJson(interpolateOnLine(l, f)),
    ),
  },
  {
    name: 'geo_line_locate_point',
    doc: 'The fraction (0..1) of a line’s length at the line point closest to a point.',
    params: ['dynamic', 'real', 'real'],
    returns: 'real',
    compile: (types) => {
      const f = pointAndShape(oneLine, (p, l) => {
        const c = closestOnLines(toVec(p), [l]);
        return c === undefined || c.lineLength === 0 ? 0 : c.along / c.lineLength;
      })([types[1] ?? 'real', types[2] ?? 'real', 'dynamic'], [], { now: 0n });
      return (line, lon, lat) => f(lon as KqlValue, lat as KqlValue, line as KqlValue);
    },
  },
  {
    name: 'geo_closest_point_on_line',
    doc: 'The point of a (multi)line closest to a point.',
    params: ['real', 'real', 'dynamic'],
    returns: 'dynamic',
    compile: pointAndShape(anyLines, (p, ls) => {
      const c = closestOnLines(toVec(p), ls);
      return c ? pointJson(toLonLat(c.point)) : undefined;
    }),
  },
  {
    name: 'geo_distance_point_to_line',
    doc: 'Shortest distance in meters from a point to a (multi)line.',
    params: ['real', 'real', 'dynamic'],
    returns: 'real',
    compile: pointAndShape(anyLines, (p, ls) => {
      const c = closestOnLines(toVec(p), ls);
      return c ? c.distance * EARTH_RADIUS_M : undefined;
    }),
  },
  {
    name: 'geo_point_in_polygon',
    doc: 'Whether a point lies inside a (multi)polygon.',
    params: ['real', 'real', 'dynamic'],
    returns: 'bool',
    compile: pointAndShape(polys, (p, ps) => anyInside([p], ps)),
  },
  {
    name: 'geo_distance_point_to_polygon',
    doc: 'Shortest distance in meters from a point to a (multi)polygon (0 inside).',
    params: ['real', 'real', 'dynamic'],
    returns: 'real',
    compile: pointAndShape(polys, (p, ps) => distanceToPolygons(ps, toVec(p)).distance * EARTH_RADIUS_M),
  },
  {
    name: 'geo_closest_point_on_polygon',
    doc: 'The point of a (multi)polygon closest to a point (the point itself when inside).',
    params: ['real', 'real', 'dynamic'],
    returns: 'dynamic',
    compile: pointAndShape(polys, (p, ps) => {
      const d = distanceToPolygons(ps, toVec(p));
      return pointJson(d.distance === 0 ? p : toLonLat(d.point));
    }),
  },
  {
    name: 'geo_polygon_area',
    doc: 'Area in square meters of a (multi)polygon (of the union for overlapping polygons).',
    params: ['dynamic'],
    returns: 'real',
    compile: onShape(polys, (ps) => boundaryArea(boundaryOf(ps))),
  },
  {
    name: 'geo_polygon_perimeter',
    doc: 'Perimeter in meters of a (multi)polygon (of the union for overlapping polygons).',
    params: ['dynamic'],
    returns: 'real',
    compile: onShape(polys, (ps) => boundaryPerimeter(boundaryOf(ps))),
  },
  {
    name: 'geo_polygon_centroid',
    doc: 'The centroid of a (multi)polygon as a GeoJSON point.',
    params: ['dynamic'],
    returns: 'dynamic',
    compile: onShape(polys, (ps) => {
      const c = boundaryCentroid(boundaryOf(ps));
      return c ? pointJson(c) : undefined;
    }),
  },
  {
    name: 'geo_polygon_densify',
    doc: 'Adds points to planar polygon edges so they follow geodesics within a tolerance (meters, default 10).',
    params: ['dynamic', 'real', 'bool'],
    min: 1,
    returns: 'dynamic',
    compile: shapeAndNumber(polys, 10, validTolerance, densifyPolygons),
  },
  {
    name: 'geo_intersects_2lines',
    doc: 'Whether two (multi)lines intersect.',
    params: ['dynamic', 'dynamic'],
    returns: 'bool',
    compile: both(anyLines, anyLines, linesIntersect),
  },
  {
    name: 'geo_intersects_line_with_polygon',
    doc: 'Whether a (multi)line intersects a (multi)polygon.',
    params: ['dynamic', 'dynamic'],
    returns: 'bool',
    compile: both(anyLines, polys, lineIntersectsPolygon),
  },
  {
    name: 'geo_intersection_2lines',
    doc: 'The intersection of two (multi)lines: crossing points and shared stretches.',
    params: ['dynamic', 'dynamic'],
    returns: 'dynamic',
    compile: () => (x, y) => {
      const a = anyLines(x);
      const b = anyLines(y);
      return a === undefined || b === undefined ? null : intersectLines(a, b);
    },
  },
  {
    name: 'geo_intersection_line_with_polygon',
    doc: 'The parts of a (multi)line inside a (multi)polygon.',
    params: ['dynamic', 'dynamic'],
    returns: 'dynamic',
    compile: () => (x, y) => {
      const a = anyLines(x);
      const b = polys(y);
      return a === undefined || b === undefined ? null : intersectLineWithPolygons(a, b);
    },
  },
  {
    name: 'geo_intersection_2polygons',
    doc: 'The intersection of two (multi)polygons.',
    params: ['dynamic', 'dynamic'],
    returns: 'dynamic',
    compile: () => (x, y) => {
      const a = polys(x);
      const b = polys(y);
      return a === undefined || b === undefined ? null : intersectPolygons(a, b);
    },
  },
  {
    name: 'geo_intersects_2polygons',
    doc: 'Whether two (multi)polygons intersect.',
    params: ['dynamic', 'dynamic'],
    returns: 'bool',
    compile: both(polys, polys, polygonsIntersect),
  },
]);
