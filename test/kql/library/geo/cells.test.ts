/** S2, H3 and geohash cells, point distance and circle tests (values from the engine cases). */
import { describe, expect, it } from 'vitest';
import { encodeGeohash, geohashNeighbors } from '../../../../src/kql/library/geo/geohash.js';
import { cellFromLonLat, cellFromToken, cellLevel, cellParent, cellToken } from '../../../../src/kql/library/geo/s2.js';
import { call, l, r, row, s } from '../helpers.js';

describe('S2 cells', () => {
  it('encodes points to tokens at a level', () => {
    expect(call('geo_point_to_s2cell', r(-80.195829), r(25.802215), l(8))).toBe('88d9b');
    expect(call('geo_point_to_s2cell', r(-80.195829), r(25.802215))).toBe('88d9b6c');
    expect(call('geo_point_to_s2cell', r(300), r(1), l(8))).toBe('');
    expect(call('geo_point_to_s2cell', r(1), r(1), l(31))).toBe('');
  });

  it('round-trips tokens, levels and parents', () => {
    const id = cellFromLonLat([-74.04, 40.7], 16);
    expect(cellLevel(id)).toBe(16);
    expect(cellFromToken(cellToken(id))).toBe(id);
    expect(cellLevel(cellParent(id, 5))).toBe(5);
    expect(cellFromToken('zz')).toBeUndefined();
    expect(call('geo_s2cell_level', s('89c259'))).toBe(10);
  });

  it('gives the cell polygon and center', () => {
    const poly = call('geo_s2cell_to_polygon', s('89c259')) as { coordinates: number[][][] };
    const ring = poly.coordinates[0] as number[][];
    expect(ring).toHaveLength(5);
    expect(ring[0]?.[0]).toBeCloseTo(-74.03001224983848, 12);
    expect(ring[0]?.[1]).toBeCloseTo(40.8012684339439, 12);
    const center = call('geo_s2cell_to_central_point', s('89c259')) as { coordinates: number[] };
    expect(center.coordinates[0]).toBeGreaterThan(-74.031);
    expect(center.coordinates[0]).toBeLessThan(-73.935);
    expect(call('geo_s2cell_to_polygon', s('abc-'))).toBeNull();
  });

  it('lists the 8 neighbors', () => {
    const n = call('geo_s2cell_neighbors', s('89c259')) as string[];
    expect([...n].sort()).toEqual(['89c251', '89c257', '89c25b', '89c25d', '89c25f', '89c2f5', '89c2f7', '89c2f9']);
  });
});

describe('H3 cells', () => {
  it('encodes, decodes and navigates cells', () => {
    expect(call('geo_point_to_h3cell', r(300), r(1), l(8))).toBe('');
    expect(call('geo_point_to_h3cell', r(1), r(1), l(16))).toBe('');
    expect(call('geo_h3cell_parent', s('862a1072fffffff'))).toBe('852a1073fffffff');
    expect(call('geo_h3cell_level', s('862a1072fffffff'))).toBe(6);
    const p = call('geo_h3cell_to_central_point', s('862a1072fffffff')) as { coordinates: number[] };
    expect(p.coordinates[0]).toBeCloseTo(-74.01600847979243, 10);
    expect(call('geo_h3cell_neighbors', s('862a1072fffffff'))).toHaveLength(6);
    expect(call('geo_h3cell_to_polygon', s('@'))).toBeNull();
  });
});

describe('geohash', () => {
  it('encodes and decodes', () => {
    expect(encodeGeohash(-80.195829, 25.802215, 8)).toBe('dhwfz15h');
    expect(call('geo_point_to_geohash', r(1), r(1), row(l(null)))).toBe('');
    const c = call('geo_geohash_to_central_point', s('sv8wzvy7')) as { coordinates: number[] };
    expect(c.coordinates).toEqual([34.80245590209961, 32.15620994567871]);
    const poly = call('geo_geohash_to_polygon', s('dr5ru')) as { coordinates: number[][][] };
    expect(poly.coordinates[0]?.[0]).toEqual([-74.00390625, 40.7373046875]);
    expect(call('geo_geohash_to_central_point', s('a'))).toBeNull();
    expect(geohashNeighbors('dr5ru')).toHaveLength(8);
    expect(call('geo_geohash_neighbors', s('a'))).toBeNull();
  });
});

describe('distance and circles', () => {
  it('measures on a sphere of radius 6371010 m', () => {
    const d = call('geo_distance_2points', r(0), r(0), r(1), r(0)) as number;
    expect(d).toBeCloseTo((6_371_010 * Math.PI) / 180, 6);
    expect(call('geo_distance_2points', r(0), r(91), r(1), r(0))).toBeNull();
  });

  it('tests circle membership', () => {
    expect(call('geo_point_in_circle', r(-122.143564), r(47.535677), r(-122.100896), r(47.527351), r(3500))).toBe(true);
    expect(call('geo_point_in_circle', r(-122.137575), r(47.630683), r(-122.100896), r(47.527351), r(3500))).toBe(
      false,
    );
  });
});
