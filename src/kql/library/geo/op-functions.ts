/**
 * Library entries for the geometry operations of shape-ops.ts (buffers, simplification, unions,
 * S2/H3 coverings) and the azimuth/angle functions. Arguments out of their documented ranges, and
 * invalid shapes, give null.
 */
import type { KqlDynamic, KqlValue, ScalarType } from '../../types.js';
import { numberConv } from '../coerce.js';
import { type Compile, defineAll } from '../define.js';
import {
  h3Cells,
  linesBuffer,
  linesOf,
  pointBuffer,
  polygonsBuffer,
  polygonsOf,
  s2Covering,
  simplifyLines,
  simplifyPolygons,
  unionLines,
  unionPolygons,
} from './shape-ops.js';
import { type Line, lineJson, type Polygon, parseLines, parsePolygons, polygonJson, validLonLat } from './shapes.js';
import type { LonLat } from './sphere.js';

type Num = (v: KqlValue) => number | null;
const numsOf = (types: readonly ScalarType[]): Num[] => types.map((t) => numberConv(t));

/** Optional numeric argument i: its value, the default when absent, null when given as null. */
function opt(convs: readonly Num[], args: readonly KqlValue[], i: number, fallback: number): number | null {
  if (i >= args.length) return fallback;
  const c = convs[i];
  return c ? c(args[i] ?? null) : null;
}

const DEFAULT_TOLERANCE = 10;
const MAX_SIMPLIFY_TOLERANCE = 7_800_000;

/** (shape, numbers…) → result, parsing the shape with `parse`. */
const shapeWith =
  <S>(
    parse: (v: unknown) => S | undefined,
    defaults: readonly number[],
    f: (s: S, ...xs: number[]) => KqlDynamic,
  ): Compile =>
  (types) => {
    const convs = numsOf(types);
    return (...args) => {
      const s = parse(args[0]);
      if (s === undefined) return null;
      const xs: number[] = [];
      for (let i = 0; i < defaults.length; i++) {
        const x = opt(convs, args, i + 1, defaults[i] as number);
        if (x === null || !Number.isFinite(x)) return null;
        xs.push(x);
      }
      return f(s, ...xs);
    };
  };

const lines = (v: unknown) => parseLines(v);
const polys = (v: unknown) => parsePolygons(v);

const level = (x: number, max: number) => Number.isInteger(x) && x >= 0 && x <= max;

/** Initial great-circle bearing from a to b, radians clockwise from north in [0, 2π); null when undefined. */
export function azimuth(a: LonLat, b: LonLat): number | null {
  const [l1, p1] = [(a[0] * Math.PI) / 180, (a[1] * Math.PI) / 180];
  const [l2, p2] = [(b[0] * Math.PI) / 180, (b[1] * Math.PI) / 180];
  const y = Math.sin(l2 - l1) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(l2 - l1);
  // Equal or antipodal points have no direction.
  if (Math.hypot(x, y) < 1e-15) return null;
  const t = Math.atan2(y, x);
  return t < 0 ? t + 2 * Math.PI : t;
}

const points =
  (n: number, f: (ps: LonLat[]) => number | null): Compile =>
  (types) => {
    const convs = numsOf(types);
    return (...args) => {
      const ps: LonLat[] = [];
      for (let i = 0; i < n; i++) {
        const lon = convs[2 * i]?.(args[2 * i] ?? null) ?? null;
        const lat = convs[2 * i + 1]?.(args[2 * i + 1] ?? null) ?? null;
        if (!validLonLat(lon, lat)) return null;
        ps.push([lon as number, lat as number]);
      }
      return f(ps);
    };
  };

export const geoOpFunctions = defineAll('geo', [
  {
    name: 'geo_point_buffer',
    doc: 'Polygon of the points within radius meters of a point (tolerance in meters, default 10).',
    params: ['real', 'real', 'real', 'real'],
    min: 3,
    returns: 'dynamic',
    compile: (types) => {
      const convs = numsOf(types);
      return (...args) => {
        const lon = convs[0]?.(args[0] ?? null) ?? null;
        const lat = convs[1]?.(args[1] ?? null) ?? null;
        const radius = opt(convs, args, 2, 0);
        const tolerance = opt(convs, args, 3, DEFAULT_TOLERANCE);
        if (!validLonLat(lon, lat) || radius === null || tolerance === null) return null;
        return pointBuffer([lon as number, lat as number], radius, tolerance);
      };
    },
  },
  {
    name: 'geo_line_buffer',
    doc: 'Polygon of the points within radius meters of a line or multiline (tolerance default 10 m).',
    params: ['dynamic', 'real', 'real'],
    min: 2,
    returns: 'dynamic',
    compile: shapeWith(lines, [0, DEFAULT_TOLERANCE], (ls: Line[], r, t) => linesBuffer(ls, r as number, t as number)),
  },
  {
    name: 'geo_polygon_buffer',
    doc: 'Polygon of the points within radius meters of a polygon or multipolygon (tolerance default 10 m).',
    params: ['dynamic', 'real', 'real'],
    min: 2,
    returns: 'dynamic',
    compile: shapeWith(polys, [0, DEFAULT_TOLERANCE], (ps: Polygon[], r, t) =>
      polygonsBuffer(ps, r as number, t as number),
    ),
  },
  {
    name: 'geo_line_simplify',
    doc: 'Simplifies a line or multiline: no two vertices closer than tolerance meters (default 10).',
    params: ['dynamic', 'real'],
    min: 1,
    returns: 'dynamic',
    compile: shapeWith(lines, [DEFAULT_TOLERANCE], (ls: Line[], t) =>
      (t as number) < 0 || (t as number) >= MAX_SIMPLIFY_TOLERANCE ? null : simplifyLines(ls, t as number),
    ),
  },
  {
    name: 'geo_polygon_simplify',
    doc: 'Simplifies a polygon or multipolygon: no two vertices closer than tolerance meters (default 10).',
    params: ['dynamic', 'real'],
    min: 1,
    returns: 'dynamic',
    compile: shapeWith(polys, [DEFAULT_TOLERANCE], (ps: Polygon[], t) =>
      (t as number) < 0 || (t as number) >= MAX_SIMPLIFY_TOLERANCE ? null : simplifyPolygons(ps, t as number),
    ),
  },
  {
    name: 'geo_simplify_polygons_array',
    doc: 'Union of an array of polygons, simplified with a tolerance in meters (default 10).',
    params: ['dynamic', 'real'],
    min: 1,
    returns: 'dynamic',
    compile: shapeWith(polygonsOf, [DEFAULT_TOLERANCE], (ps: Polygon[], t) => {
      if ((t as number) < 0 || (t as number) >= MAX_SIMPLIFY_TOLERANCE) return null;
      const union = unionPolygons(ps);
      const parsed = union === null ? undefined : parsePolygons(union);
      return parsed === undefined ? null : simplifyPolygons(parsed, t as number);
    }),
  },
  {
    name: 'geo_union_lines_array',
    doc: 'Union of an array of lines and multilines: each edge once, chained into lines.',
    params: ['dynamic'],
    returns: 'dynamic',
    compile: shapeWith(linesOf, [], (ls: Line[]) => unionLines(ls)),
  },
  {
    name: 'geo_union_polygons_array',
    doc: 'Union of an array of polygons and multipolygons.',
    params: ['dynamic'],
    returns: 'dynamic',
    compile: shapeWith(polygonsOf, [], (ps: Polygon[]) => unionPolygons(ps)),
  },
  {
    name: 'geo_polygon_to_s2cells',
    doc: 'S2 cell tokens of one level (0..30, default 11) covering a polygon, optionally buffered by radius meters.',
    params: ['dynamic', 'long', 'real'],
    min: 1,
    returns: 'dynamic',
    compile: shapeWith(polys, [11, 0], (ps: Polygon[], lv, r) => {
      if (!level(lv as number, 30) || (r as number) < 0) return null;
      const shape =
        (r as number) > 0 ? polygonsBuffer(ps, r as number, Math.max(0.1, (r as number) * 1e-3)) : undefined;
      return s2Covering(shape ?? polygonJson(ps), lv as number);
    }),
  },
  {
    name: 'geo_line_to_s2cells',
    doc: 'S2 cell tokens of one level (0..30, default 11) covering a line, optionally buffered by radius meters.',
    params: ['dynamic', 'long', 'real'],
    min: 1,
    returns: 'dynamic',
    compile: shapeWith(lines, [11, 0], (ls: Line[], lv, r) => {
      if (!level(lv as number, 30) || (r as number) < 0) return null;
      if ((r as number) > 0) {
        const buffered = linesBuffer(ls, r as number, Math.max(0.1, (r as number) * 1e-3));
        return buffered === null ? null : s2Covering(buffered, lv as number);
      }
      return s2Covering(lineJson(ls), lv as number);
    }),
  },
  {
    name: 'geo_polygon_to_h3cells',
    doc: 'H3 cells (resolution 0..15, default 6) whose centers lie in a polygon, optionally buffered by radius meters.',
    params: ['dynamic', 'long', 'real'],
    min: 1,
    returns: 'dynamic',
    compile: shapeWith(polys, [6, 0], (ps: Polygon[], res, r) =>
      !level(res as number, 15) || (r as number) < 0 ? null : h3Cells(ps, res as number, r as number),
    ),
  },
  {
    name: 'geo_azimuth',
    doc: 'Clockwise angle in radians [0, 2π) from north of the line from point 1 to point 2.',
    params: ['real', 'real', 'real', 'real'],
    returns: 'real',
    compile: points(2, ([a, b]) => azimuth(a as LonLat, b as LonLat)),
  },
  {
    name: 'geo_angle',
    doc: 'Clockwise angle in radians [0, 2π) from line [p1, p2] to line [p2, p3].',
    params: ['real', 'real', 'real', 'real', 'real', 'real'],
    returns: 'real',
    compile: points(3, ([p1, p2, p3]) => {
      const back = azimuth(p2 as LonLat, p1 as LonLat);
      const ahead = azimuth(p2 as LonLat, p3 as LonLat);
      if (back === null || ahead === null) return null;
      const a = ahead - back;
      return a < 0 ? a + 2 * Math.PI : a;
    }),
  },
]);
