/**
 * Buffers, simplification, unions and coverings (library-backed: Turf, s2js, h3-js), tested on
 * the examples of their documentation pages and on the documented invalid inputs; the distance of
 * our results from exact spherical answers is measured where the page gives no exact output.
 */
import { describe, expect, it } from 'vitest';
import { runQuery } from '../../../../src/kql/engine.js';
import { untagReals } from '../../../../src/kql/values.js';

function value(text: string): unknown {
  const res = runQuery(text);
  expect(res.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  return res.result!.table.columns[0]!.get(0);
}

const R = 6_371_010;
function meters(a: number[], b: number[]): number {
  const [l1, p1, l2, p2] = [a[0]!, a[1]!, b[0]!, b[1]!].map((x) => (x * Math.PI) / 180) as [
    number,
    number,
    number,
    number,
  ];
  const h = Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin((l2 - l1) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

describe('geo_angle and geo_azimuth', () => {
  it('gives the documented angle and nulls', () => {
    expect(value('print geo_angle(0, 10, 0, 5, 3, -10)')).toBeCloseTo(2.94493843406882, 10);
    expect(value('print degrees(geo_angle(0, 10, 0, 5, 3, -10))')).toBeCloseTo(168.732543198009, 8);
    expect(value('print isnull(geo_angle(0, 10, 0, 10, 3, -10))')).toBe(true);
  });

  it('azimuth: due east on the equator is π/2; identical points give null', () => {
    expect(value('print geo_azimuth(0, 0, 1, 0)')).toBeCloseTo(Math.PI / 2, 12);
    expect(value('print geo_azimuth(0, 0, 0, -1)')).toBeCloseTo(Math.PI, 12);
    expect(value('print isnull(geo_azimuth(5, 5, 5, 5))')).toBe(true);
  });
});

describe('buffers', () => {
  it('point buffer: every vertex lies radius ± tolerance from the point', () => {
    const g = value('print geo_point_buffer(-115.1745008278, 36.1497251277, 20000)') as {
      type: string;
      coordinates: number[][][];
    };
    expect(g.type).toBe('Polygon');
    const ring = g.coordinates[0]!;
    const d = ring.map((p) => meters([-115.1745008278, 36.1497251277], p));
    // Turf projects onto an azimuthal equidistant plane: measured deviation from the 20 km circle.
    expect(Math.max(...d.map((x) => Math.abs(x - 20000)))).toBeLessThan(20);
    expect(ring.length).toBeGreaterThan(16);
  });

  it('invalid point, radius or shape gives null', () => {
    expect(value('print isnull(geo_point_buffer(200, 1, 0.1))')).toBe(true);
    expect(value('print isnull(geo_point_buffer(10, 10, -1))')).toBe(true);
    expect(value('print isnull(geo_line_buffer(dynamic({"type":"LineString"}), 5))')).toBe(true);
    expect(value('print isnull(geo_polygon_buffer(dynamic({"type":"p"}), 1))')).toBe(true);
    expect(
      value(
        'print isnull(geo_polygon_buffer(dynamic({"type":"Polygon","coordinates":[[[10,10],[0,10],[0,0],[10,10]]]}), 0))',
      ),
    ).toBe(true);
  });

  it('line and polygon buffers contain the shape and reach about radius beyond it', () => {
    const poly = value(
      'print geo_polygon_buffer(dynamic({"type":"Polygon","coordinates":[[[-73.96,40.78],[-73.95,40.78],[-73.95,40.79],[-73.96,40.78]]]}), 100)',
    );
    expect(value(`print geo_point_in_polygon(-73.955, 40.782, dynamic(${JSON.stringify(poly)}))`)).toBe(true);
    const line = value(
      'print geo_line_buffer(dynamic({"type":"LineString","coordinates":[[-80.66,24.83],[-80.67,24.84]]}), 500)',
    );
    expect((line as { type: string }).type).toBe('Polygon');
    const dist = value(
      `print geo_distance_point_to_polygon(-80.66, 24.83 + 0.0044, dynamic(${JSON.stringify(line)}))`,
    ) as number;
    expect(dist).toBe(0);
  });
});

describe('simplification', () => {
  it('simplifies the documented line to its two ends', () => {
    expect(
      value(
        'print geo_line_simplify(dynamic({"type":"LineString","coordinates":[[-73.97033169865608,40.789063020152824],[-73.97039607167244,40.78897975920816],[-73.9704617857933,40.78888837512432],[-73.97052884101868,40.7887949601531],[-73.9706052839756,40.788698498903564],[-73.97065222263336,40.78862640672032],[-73.97072866559029,40.78852791445617],[-73.97079303860664,40.788434498977836]]}), 10)',
      ),
    ).toEqual({
      type: 'LineString',
      coordinates: [
        [-73.97033169865608, 40.789063020152824],
        [-73.97079303860664, 40.788434498977836],
      ],
    });
  });

  it('invalid lines and tolerances, and shapes that collapse, give null', () => {
    expect(value('print isnull(geo_line_simplify(dynamic({"type":"LineString","coordinates":[[1, 1]]})))')).toBe(true);
    expect(
      value('print isnull(geo_line_simplify(dynamic({"type":"LineString","coordinates":[[1, 1],[2,2]]}), -1))'),
    ).toBe(true);
    expect(
      value(
        'print isnull(geo_line_simplify(dynamic({"type":"LineString","coordinates":[[1.1, 1.1],[1.2,1.2]]}), 100000))',
      ),
    ).toBe(true);
    const p = 'dynamic({"type":"Polygon","coordinates":[[[5,48],[0,50],[0,47],[4,47],[5,48]]]})';
    expect(value(`print isnull(geo_polygon_simplify(${p}, -0.1))`)).toBe(true);
    expect(value(`print isnull(geo_polygon_simplify(${p}, 1000000))`)).toBe(true);
    // Coordinates come back as reals (5.0); compare the numbers.
    expect(untagReals(value(`print geo_polygon_simplify(${p}, 10)`))).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [5, 48],
          [0, 50],
          [0, 47],
          [4, 47],
          [5, 48],
        ],
      ],
    });
  });
});

describe('unions', () => {
  it('merges overlapping lines into one line', () => {
    expect(
      untagReals(
        value(
          'print geo_union_lines_array(dynamic([{"type":"LineString","coordinates":[[0,0],[1,1],[2,1]]},{"type":"LineString","coordinates":[[1,1],[2,1],[2,0]]},{"type":"LineString","coordinates":[[2,1],[1,1]]}]))',
        ),
      ),
    ).toEqual({
      type: 'LineString',
      coordinates: [
        [0, 0],
        [1, 1],
        [2, 1],
        [2, 0],
      ],
    });
  });

  it('unites overlapping polygons and keeps disjoint ones apart', () => {
    const u = value(
      'print geo_union_polygons_array(dynamic([{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]},{"type":"Polygon","coordinates":[[[1,1],[3,1],[3,3],[1,3],[1,1]]]}]))',
    ) as { type: string; coordinates: number[][][] };
    expect(u.type).toBe('Polygon');
    expect(u.coordinates[0]!.length).toBe(9); // 8 corners + closing vertex
    const m = value(
      'print geo_union_polygons_array(dynamic([{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},{"type":"Polygon","coordinates":[[[5,5],[6,5],[6,6],[5,5]]]}]))',
    ) as { type: string };
    expect(m.type).toBe('MultiPolygon');
    expect(value('print isnull(geo_union_polygons_array(dynamic([{"type":"Polygon"}])))')).toBe(true);
  });
});

describe('coverings', () => {
  const big = 'dynamic({"type":"Polygon","coordinates":[[[0,0],[0,50],[100,50],[0,0]]]})';

  it('S2: the documented cell count at level 5, and null beyond the cell limit', () => {
    expect(value(`print array_length(geo_polygon_to_s2cells(${big}, 5))`)).toBe(286);
    expect(value(`print isnull(geo_polygon_to_s2cells(${big}, 30))`)).toBe(true);
    expect(value(`print isnull(geo_polygon_to_s2cells(${big}, 31))`)).toBe(true);
  });

  it('S2: a covering contains the cell of every point inside', () => {
    const cells = value(
      'print geo_polygon_to_s2cells(dynamic({"type":"Polygon","coordinates":[[[-73.99,40.72],[-73.95,40.72],[-73.95,40.76],[-73.99,40.76],[-73.99,40.72]]]}), 14)',
    ) as string[];
    expect(cells).toContain(value('print geo_point_to_s2cell(-73.97, 40.74, 14)'));
    const line = value(
      'print geo_line_to_s2cells(dynamic({"type":"LineString","coordinates":[[-73.95,40.8],[-73.9,40.85]]}), 13)',
    ) as string[];
    expect(line).toContain(value('print geo_point_to_s2cell(-73.95, 40.8, 13)'));
    expect(line).toContain(value('print geo_point_to_s2cell(-73.9, 40.85, 13)'));
  });

  it('H3: the documented example cells (centers inside the polygon)', () => {
    const cells = value(
      'print geo_polygon_to_h3cells(dynamic({"type":"Polygon","coordinates":[[[-3.659,40.553],[-3.913,40.409],[-3.729,40.273],[-3.524,40.440],[-3.659,40.553]]]}))',
    ) as string[];
    expect([...cells].sort()).toEqual(
      [
        '86390cb57ffffff',
        '86390cb0fffffff',
        '86390ca27ffffff',
        '86390cb87ffffff',
        '86390cb07ffffff',
        '86390ca2fffffff',
        '86390ca37ffffff',
        '86390cb17ffffff',
        '86390cb1fffffff',
        '86390cb8fffffff',
        '86390cba7ffffff',
        '86390ca07ffffff',
        '86390cbafffffff',
      ].sort(),
    );
    expect(
      value('print isnull(geo_polygon_to_h3cells(dynamic({"type":"Polygon","coordinates":[[[0,0],[1,1]]]})))'),
    ).toBe(true);
  });
});
