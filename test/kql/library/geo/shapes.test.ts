/** Line and polygon geo functions and WKT (expected values from the engine cases). */
import { describe, expect, it } from 'vitest';
import { wktToGeoJson } from '../../../../src/kql/library/geo/wkt.js';
import { dynNumber } from '../../../../src/kql/types.js';
import { call, d, r } from '../helpers.js';

const PARK = {
  type: 'Polygon',
  coordinates: [
    [
      [-73.9495, 40.7969],
      [-73.95807266235352, 40.80068603561921],
      [-73.98201942443848, 40.76825672305777],
      [-73.97317886352539, 40.76455136505513],
      [-73.9495, 40.7969],
    ],
  ],
};
const OTHER = [
  [-73.94262313842773, 40.775991804565585],
  [-73.98107528686523, 40.791849155467695],
  [-73.99600982666016, 40.77092185281977],
  [-73.96150588989258, 40.75609977566361],
  [-73.94262313842773, 40.775991804565585],
];
const MULTI = { type: 'MultiPolygon', coordinates: [PARK.coordinates, [OTHER]] };
const LINE = {
  type: 'LineString',
  coordinates: [
    [-73.95796, 40.80042],
    [-73.97317, 40.764486],
  ],
};

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const coords = (v: unknown) => (v as { coordinates: number[] }).coordinates;

/** Deep equality with numbers compared to 1e-9 (vector round trips add tiny float noise). */
function expectNear(actual: unknown, expected: unknown): void {
  if (typeof expected === 'number') {
    // GeoJSON coordinates are reals; an integral one is a DynReal.
    expect(dynNumber(actual)).toBeCloseTo(expected, 9);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && actual.length === expected.length, JSON.stringify(actual)).toBe(true);
    for (const [i, e] of expected.entries()) expectNear((actual as unknown[])[i], e);
  } else if (expected !== null && typeof expected === 'object') {
    for (const [k, e] of Object.entries(expected)) expectNear((actual as Record<string, unknown>)[k], e);
  } else {
    expect(actual).toEqual(expected);
  }
}

describe('lines', () => {
  it('measures length and centroid', () => {
    const line = {
      type: 'LineString',
      coordinates: [
        [-73.95807266235352, 40.800426144169315],
        [-73.94966125488281, 40.79691751000055],
        [-73.97317886352539, 40.764486356930334],
      ],
    };
    expect(rel(call('geo_line_length', d(line)) as number, 4922.4801699208065)).toBeLessThan(1e-12);
    const c = coords(call('geo_line_centroid', d(LINE)));
    expect(c[0]).toBeCloseTo(-73.96556705723094, 12);
    expect(c[1]).toBeCloseTo(40.782453249627416, 12);
    expect(call('geo_line_length', d({ type: 'LineString' }))).toBeNull();
  });

  it('interpolates and locates points', () => {
    const p = coords(call('geo_line_interpolate_point', d(LINE), r(0.25)));
    expect(p[0]).toBeCloseTo(-73.96176404321828, 12);
    expect(
      rel(call('geo_line_locate_point', d(LINE), r(-73.965), r(40.792)) as number, 0.2556013510030755),
    ).toBeLessThan(1e-9);
    expect(call('geo_line_locate_point', d({ type: 'LineString', coordinates: [[1, 1]] }), r(1), r(1))).toBeNull();
    expect(call('geo_distance_point_to_line', r(300), r(3), d(LINE))).toBeNull();
  });

  it('densifies planar edges by halving', () => {
    const out = call(
      'geo_line_densify',
      d({
        type: 'LineString',
        coordinates: [
          [50, 50],
          [51, 51],
        ],
      }),
    );
    expect(coords(out)).toHaveLength(9);
    expect((coords(out) as unknown as number[][])[1]).toEqual([50.125, 50.125]);
  });

  it('tests line intersections', () => {
    const a = {
      type: 'LineString',
      coordinates: [
        [-73.978929, 40.785155],
        [-73.980903, 40.782621],
      ],
    };
    const b = {
      type: 'LineString',
      coordinates: [
        [-73.985195, 40.788275],
        [-73.974552, 40.779761],
      ],
    };
    const far = {
      type: 'LineString',
      coordinates: [
        [3, 3],
        [4, 4],
      ],
    };
    expect(call('geo_intersects_2lines', d(a), d(b))).toBe(true);
    expect(call('geo_intersects_2lines', d(a), d(far))).toBe(false);
  });
});

describe('polygons', () => {
  it('measures area, union perimeter and union centroid', () => {
    expect(rel(call('geo_polygon_area', d(PARK)) as number, 3475207.28346606)).toBeLessThan(1e-9);
    expect(rel(call('geo_polygon_perimeter', d(MULTI)) as number, 15943.538457874045)).toBeLessThan(1e-9);
    const c = coords(call('geo_polygon_centroid', d(MULTI)));
    expect(rel(c[0] as number, -73.96856958782088)).toBeLessThan(1e-9);
    expect(rel(c[1] as number, 40.77631075255099)).toBeLessThan(1e-9);
  });

  it('finds distances, closest points and containment', () => {
    expect(
      rel(call('geo_distance_point_to_polygon', r(-73.9839), r(40.7705), d(PARK)) as number, 259.9407560705964),
    ).toBeLessThan(1e-8);
    const p = coords(call('geo_closest_point_on_polygon', r(-73.9839), r(40.7705), d(PARK)));
    expect(p[0]).toBeCloseTo(-73.98120558015391, 9);
    expect(call('geo_point_in_polygon', r(-73.965), r(40.785), d(PARK))).toBe(true);
    expect(call('geo_point_in_polygon', r(-73.874367), r(40.777356), d(PARK))).toBe(false);
    const degenerate = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 10],
          [10, 10],
          [0, 0],
        ],
      ],
    };
    expect(call('geo_closest_point_on_polygon', r(1), r(1), d(degenerate))).toBeNull();
  });

  it('densifies polygon edges and rejects bad tolerances', () => {
    const sq = {
      type: 'Polygon',
      coordinates: [
        [
          [10, 10],
          [11, 10],
          [11, 11],
          [10, 11],
          [10, 10],
        ],
      ],
    };
    expect((coords(call('geo_polygon_densify', d(sq))) as unknown as number[][][])[0]).toHaveLength(11);
    expect(call('geo_polygon_densify', d(sq), r(0))).toBeNull();
  });
});

describe('geo_from_wkt', () => {
  it('reads WKT geometries', () => {
    expect(wktToGeoJson('POINT (1 2)')).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(wktToGeoJson('MULTILINESTRING ((1 1, 2 2), (4 4, 5 5))')).toEqual({
      type: 'MultiLineString',
      coordinates: [
        [
          [1, 1],
          [2, 2],
        ],
        [
          [4, 4],
          [5, 5],
        ],
      ],
    });
    const gc = wktToGeoJson('GEOMETRYCOLLECTION (POINT (1 1),LINESTRING (2 2, 3 3))') as { geometries: unknown[] };
    expect(gc.geometries).toHaveLength(2);
    expect(wktToGeoJson('POINT (1 200)')).toBeUndefined();
    expect(wktToGeoJson('POINT (1 2')).toBeUndefined();
  });
});

describe('intersection shapes', () => {
  it('intersects lines: shared stretches, crossing points, nothing', () => {
    const a = {
      type: 'LineString',
      coordinates: [
        [0, 0],
        [2, 2],
      ],
    };
    const b = {
      type: 'LineString',
      coordinates: [
        [0, 2],
        [2, 0],
      ],
    };
    const p = call('geo_intersection_2lines', d(a), d(b)) as { type: string; coordinates: number[] };
    expect(p.type).toBe('Point');
    expect(p.coordinates[0]).toBeCloseTo(1, 9);
    expectNear(call('geo_intersection_2lines', d(a), d(a)), {
      type: 'LineString',
      coordinates: [
        [0, 0],
        [2, 2],
      ],
    });
    const far = {
      type: 'LineString',
      coordinates: [
        [3, 3],
        [4, 4],
      ],
    };
    expect(call('geo_intersection_2lines', d(a), d(far))).toEqual({ type: 'GeometryCollection', geometries: [] });
  });

  it('clips a line by a polygon with a hole (engine case geo-intersection-line-with-polygon-function-01)', () => {
    const line = {
      type: 'LineString',
      coordinates: [
        [-110.522, 39.198],
        [-91.428, 40.88],
      ],
    };
    const poly = {
      type: 'Polygon',
      coordinates: [
        [
          [-90.263, 36.738],
          [-102.041, 45.274],
          [-109.335, 36.527],
          [-90.263, 36.738],
        ],
        [
          [-100.393, 41.705],
          [-103.139, 38.925],
          [-97.558, 39.113],
          [-100.393, 41.705],
        ],
      ],
    };
    const out = call('geo_intersection_line_with_polygon', d(line), d(poly)) as {
      type: string;
      coordinates: number[][][];
    };
    expect(out.type).toBe('MultiLineString');
    expect(rel(out.coordinates[0]?.[0]?.[0] as number, -106.89353655881905)).toBeLessThan(1e-9);
    expect(rel(out.coordinates[1]?.[1]?.[1] as number, 40.79906024224635)).toBeLessThan(1e-9);
  });

  it('intersects polygons starting from the first polygon’s boundary', () => {
    const inner = {
      type: 'Polygon',
      coordinates: [
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 2],
          [1, 1],
        ],
      ],
    };
    const outer = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [5, 0],
          [5, 5],
          [0, 5],
          [0, 0],
        ],
      ],
    };
    expectNear(call('geo_intersection_2polygons', d(inner), d(outer)), inner);
    const away = {
      type: 'Polygon',
      coordinates: [
        [
          [10, 10],
          [11, 10],
          [11, 11],
          [10, 10],
        ],
      ],
    };
    expect(call('geo_intersection_2polygons', d(inner), d(away))).toEqual({
      type: 'GeometryCollection',
      geometries: [],
    });
  });
});
