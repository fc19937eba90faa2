/**
 * Point and grid-cell geo functions: geo_distance_2points, geo_point_in_circle, and the S2,
 * H3 (Uber's h3-js) and geohash cell families. Invalid coordinates, levels or cell tokens give
 * null (an empty string for functions returning a cell token), as in Kusto.
 */
import type { KqlDynamic, KqlValue, ScalarType } from '../../types.js';
import { numberConv, stringConv } from '../coerce.js';
import { type Compile, defineAll } from '../define.js';
import { lazyModule } from '../lazy-module.js';
import { boxCenter, boxRing, decodeGeohash, encodeGeohash, GEOHASH_MAX, geohashNeighbors } from './geohash.js';
import {
  cellCenter,
  cellFromLonLat,
  cellFromToken,
  cellLevel,
  cellNeighbors,
  cellParent,
  cellRing,
  cellToken,
  S2_MAX_LEVEL,
} from './s2.js';
import { unorderedSetOrder } from './set-order.js';
import { pointJson, polygonJson, validLonLat } from './shapes.js';
import { distanceMeters, type LonLat } from './sphere.js';

// Loaded on first use (see lazy-module.ts).
const h3js = lazyModule<typeof import('h3-js')>('h3-js');

type Num = (v: KqlValue) => number | null;

const nums = (types: readonly ScalarType[]): Num[] => types.map((t) => numberConv(t));
const at = (convs: readonly Num[], i: number, v: KqlValue | undefined): number | null =>
  v === undefined ? null : (convs[i] as Num)(v);

/** (lon, lat, level?) → token; '' when the point or level is invalid. */
const pointToCell =
  (defaultLevel: number, maxLevel: number, minLevel: number, encode: (p: LonLat, level: number) => string): Compile =>
  (types) => {
    const c = nums(types);
    return (...args) => {
      const lon = at(c, 0, args[0]);
      const lat = at(c, 1, args[1]);
      const level = args.length > 2 ? at(c, 2, args[2]) : defaultLevel;
      if (!validLonLat(lon, lat) || level === null || !Number.isInteger(level)) return '';
      if (level < minLevel || level > maxLevel) return '';
      return encode([lon as number, lat as number], level);
    };
  };

/** token → value; null when the token is invalid. */
const fromToken =
  (f: (token: string) => KqlDynamic | undefined): Compile =>
  (types) => {
    const s = stringConv(types[0]);
    return (v) => f(s(v).trim()) ?? null;
  };

const s2Token = (f: (id: bigint) => KqlDynamic) => (token: string) => {
  const id = cellFromToken(token);
  return id === undefined ? undefined : f(id);
};

const h3Cell = (f: (cell: string) => KqlDynamic) => (token: string) =>
  token !== '' && h3js().isValidCell(token) ? f(token) : undefined;

const lonLatOf = (latLng: readonly number[]): LonLat => [latLng[1] as number, latLng[0] as number];

const h3Polygon = (cell: string): KqlDynamic =>
  polygonJson([
    [
      h3js()
        .cellToBoundary(cell, true)
        .map((p) => [p[0] as number, p[1] as number] as LonLat),
    ],
  ]);

/** geo_h3cell_parent/children: (cell, resolution?) with a default relative to the cell's own. */
const h3Relative =
  (delta: number, f: (cell: string, res: number) => KqlDynamic): Compile =>
  (types) => {
    const s = stringConv(types[0]);
    const n = numberConv(types[1] ?? 'long');
    return (v, r) => {
      const cell = s(v).trim();
      if (cell === '' || !h3js().isValidCell(cell)) return null;
      const res = r === undefined ? h3js().getResolution(cell) + delta : n(r);
      if (res === null || !Number.isInteger(res) || res < 0 || res > 15) return null;
      const own = h3js().getResolution(cell);
      if (delta < 0 ? res > own : res < own) return null;
      return f(cell, res);
    };
  };

const distance2: Compile = (types) => {
  const c = nums(types);
  return (...args) => {
    const [lon1, lat1, lon2, lat2] = [0, 1, 2, 3].map((i) => at(c, i, args[i]));
    if (!validLonLat(lon1 ?? null, lat1 ?? null) || !validLonLat(lon2 ?? null, lat2 ?? null)) return null;
    return distanceMeters([lon1 as number, lat1 as number], [lon2 as number, lat2 as number]);
  };
};

const inCircle: Compile = (types) => {
  const dist = distance2(types, [], { now: 0n });
  const c = nums(types);
  return (...args) => {
    const radius = at(c, 4, args[4]);
    const d = dist(...args.slice(0, 4));
    if (d === null || radius === null || !(radius >= 0)) return null;
    return (d as number) <= radius;
  };
};

export const geoCellFunctions = defineAll('geo', [
  {
    name: 'geo_distance_2points',
    doc: 'Shortest distance in meters between two points on a spherical Earth.',
    params: ['real', 'real', 'real', 'real'],
    returns: 'real',
    compile: distance2,
  },
  {
    name: 'geo_point_in_circle',
    doc: 'Whether a point lies within a circle (center and radius in meters) on the sphere.',
    params: ['real', 'real', 'real', 'real', 'real'],
    returns: 'bool',
    compile: inCircle,
  },
  {
    name: 'geo_point_to_s2cell',
    doc: 'The S2 cell token of a point at a level 0..30 (default 11).',
    params: ['real', 'real', 'long'],
    min: 2,
    returns: 'string',
    compile: pointToCell(11, S2_MAX_LEVEL, 0, (p, level) => cellToken(cellFromLonLat(p, level))),
  },
  {
    name: 'geo_s2cell_to_central_point',
    doc: 'The center of an S2 cell as a GeoJSON point.',
    params: ['string'],
    returns: 'dynamic',
    compile: fromToken(s2Token((id) => pointJson(cellCenter(id)))),
  },
  {
    name: 'geo_s2cell_to_polygon',
    doc: 'The S2 cell as a GeoJSON polygon.',
    params: ['string'],
    returns: 'dynamic',
    compile: fromToken(s2Token((id) => polygonJson([[cellRing(id)]]))),
  },
  {
    name: 'geo_s2cell_neighbors',
    doc: 'The S2 cells around a cell, at its level.',
    params: ['string'],
    returns: 'dynamic',
    // In the engine's order: S2's AppendAllNeighbors list (always 8 entries at the cell's own
    // level, a corner cell's duplicate included) through a hash set (set-order.ts).
    compile: fromToken(s2Token((id) => unorderedSetOrder(cellNeighbors(id).map(cellToken), 8))),
  },
  {
    name: 'geo_s2cell_level',
    doc: 'The level of an S2 cell token.',
    params: ['string'],
    returns: 'int',
    compile: fromToken(s2Token((id) => cellLevel(id))),
  },
  {
    name: 'geo_s2cell_parent',
    doc: 'The parent S2 cell at a lower level (default: one level up).',
    params: ['string', 'long'],
    min: 1,
    returns: 'string',
    compile: (types) => {
      const s = stringConv(types[0]);
      const n = numberConv(types[1] ?? 'long');
      return (v, l) => {
        const id = cellFromToken(s(v).trim());
        if (id === undefined) return '';
        const own = cellLevel(id);
        const level = l === undefined ? own - 1 : n(l);
        if (level === null || !Number.isInteger(level) || level < 0 || level > own) return '';
        return cellToken(cellParent(id, level));
      };
    },
  },
  {
    name: 'geo_point_to_h3cell',
    doc: 'The H3 cell of a point at a resolution 0..15 (default 6).',
    params: ['real', 'real', 'long'],
    min: 2,
    returns: 'string',
    compile: pointToCell(6, 15, 0, (p, res) => h3js().latLngToCell(p[1], p[0], res)),
  },
  {
    name: 'geo_h3cell_to_central_point',
    doc: 'The center of an H3 cell as a GeoJSON point.',
    params: ['string'],
    returns: 'dynamic',
    compile: fromToken(h3Cell((c) => pointJson(lonLatOf(h3js().cellToLatLng(c))))),
  },
  {
    name: 'geo_h3cell_to_polygon',
    doc: 'The H3 cell as a GeoJSON polygon.',
    params: ['string'],
    returns: 'dynamic',
    compile: fromToken(h3Cell(h3Polygon)),
  },
  {
    name: 'geo_h3cell_neighbors',
    doc: 'The H3 cells adjacent to a cell.',
    params: ['string'],
    returns: 'dynamic',
    // In the engine's order: H3's ring around the cell through a hash set (set-order.ts).
    compile: fromToken(
      h3Cell((c) =>
        unorderedSetOrder(
          h3js()
            .gridDisk(c, 1)
            .filter((x) => x !== c),
        ),
      ),
    ),
  },
  {
    name: 'geo_h3cell_level',
    doc: 'The resolution of an H3 cell.',
    params: ['string'],
    returns: 'int',
    compile: fromToken(h3Cell((c) => h3js().getResolution(c))),
  },
  {
    name: 'geo_h3cell_rings',
    doc: 'The H3 cells at each grid distance 0..k from a cell, one array per ring.',
    params: ['string', 'long'],
    returns: 'dynamic',
    compile: (types) => {
      const s = stringConv(types[0]);
      const n = numberConv(types[1] ?? 'long');
      return (v, d) => {
        const cell = s(v).trim();
        const k = n(d);
        if (cell === '' || !h3js().isValidCell(cell) || k === null || !Number.isInteger(k) || k < 0 || k > 142)
          return null;
        return h3js().gridDiskDistances(cell, k);
      };
    },
  },
  {
    name: 'geo_h3cell_parent',
    doc: 'The parent H3 cell at a coarser resolution (default: one up).',
    params: ['string', 'long'],
    min: 1,
    returns: 'string',
    compile: h3Relative(-1, (c, res) => h3js().cellToParent(c, res)),
  },
  {
    name: 'geo_h3cell_children',
    doc: 'The child H3 cells at a finer resolution (default: one down).',
    params: ['string', 'long'],
    min: 1,
    returns: 'dynamic',
    compile: h3Relative(1, (c, res) => h3js().cellToChildren(c, res)),
  },
  {
    name: 'geo_point_to_geohash',
    doc: 'The geohash of a point with an accuracy of 1..18 characters (default 5).',
    params: ['real', 'real', 'long'],
    min: 2,
    returns: 'string',
    compile: pointToCell(5, GEOHASH_MAX, 1, (p, len) => encodeGeohash(p[0], p[1], len)),
  },
  {
    name: 'geo_geohash_to_central_point',
    doc: 'The center of a geohash cell as a GeoJSON point.',
    params: ['string'],
    returns: 'dynamic',
    compile: fromToken((h) => {
      const box = decodeGeohash(h);
      return box ? pointJson(boxCenter(box)) : undefined;
    }),
  },
  {
    name: 'geo_geohash_to_polygon',
    doc: 'The geohash cell as a GeoJSON polygon.',
    params: ['string'],
    returns: 'dynamic',
    compile: fromToken((h) => {
      const box = decodeGeohash(h);
      return box ? polygonJson([[boxRing(box)]]) : undefined;
    }),
  },
  {
    name: 'geo_geohash_neighbors',
    doc: 'The geohash cells around a geohash cell.',
    params: ['string'],
    returns: 'dynamic',
    compile: fromToken((h) => geohashNeighbors(h)),
  },
]);
