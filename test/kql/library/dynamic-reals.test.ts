/**
 * int/long vs real inside dynamic values, from the KQL reference pages: gettype ("gettype()":
 * `gettype(parse_json('1'))` is int, `gettype(123.45)` real), parse_json (its example reads
 * `d.duration.value` = 118.0 out of `{"duration":{"value":118.0,…}}`), series_fill_linear (an
 * int array interpolates as ints: [111, null, 36] gives 73), geo_line_densify (coordinates print as
 * reals, `[50.0,50.0]`), and the dynamic type (a real keeps its type inside a bag or an array).
 */
import { describe, expect, it } from 'vitest';
import { type RunOptions, runQuery } from '../../../src/kql/engine.js';
import { DynReal } from '../../../src/kql/types.js';
import { formatCell, jsonText, toJsonCell } from '../../../src/kql/values.js';

function rows(text: string, options: RunOptions = {}): { types: string[]; cells: unknown[][]; shown: string[][] } {
  const { result, diagnostics } = runQuery(text, options);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  expect(errors, text).toEqual([]);
  const t = result!.table;
  const types = t.schema.columns.map((c) => c.type);
  const cells: unknown[][] = [];
  const shown: string[][] = [];
  for (let r = 0; r < t.rowCount; r++) {
    cells.push(t.columns.map((c) => c.get(r)));
    shown.push(t.columns.map((c, i) => formatCell(c.get(r), types[i]!)));
  }
  return { types, cells, shown };
}

const shown = (text: string) => rows(text).shown[0]!;

describe('printing', () => {
  it('prints a real inside dynamic with its decimal point and an integer without', () => {
    expect(shown('print a = dynamic(50.0), b = dynamic(50), c = dynamic(-0.5), d = dynamic(1e3)')).toEqual([
      '50.0',
      '50',
      '-0.5',
      '1000.0',
    ]);
    expect(shown(`print parse_json('[1, 2.0, 3.5]')`)).toEqual(['[1,2.0,3.5]']);
    expect(shown(`print todynamic('{"a": 1.0, "b": [2, 2.00]}')`)).toEqual(['{"a":1.0,"b":[2,2.0]}']);
  });

  it('keeps the static type of values packed into dynamic', () => {
    expect(shown('print pack_array(1.0, 2, real(3), int(4)), bag_pack("r", 2.0, "l", 2)')).toEqual([
      '[1.0,2,3.0,4]',
      '{"r":2.0,"l":2}',
    ]);
    expect(shown('range x from 1 to 3 step 1 | summarize r = make_list(todouble(x)), l = make_list(x)')).toEqual([
      '[1.0,2.0,3.0]',
      '[1,2,3]',
    ]);
    expect(shown('range x from 1 to 2 step 1 | summarize b = make_bag(bag_pack(tostring(x), x * 1.5))')).toEqual([
      '{"1":1.5,"2":3.0}',
    ]);
  });

  it('tostring of a dynamic value writes the same JSON text', () => {
    expect(shown(`print tostring(parse_json('{"value":118.0,"count":5}'))`)).toEqual(['{"value":118.0,"count":5}']);
  });

  it('prints GeoJSON coordinates as reals (geo_line_densify page)', () => {
    expect(
      shown('print tostring(geo_line_densify(dynamic({"type":"LineString","coordinates":[[50, 50], [51, 51]]})))')[0],
    ).toMatch(/^\{"type":"LineString","coordinates":\[\[50\.0,50\.0\],\[50\.125,50\.125\],/);
  });
});

describe('gettype', () => {
  it('tells int, long and real apart inside dynamic as the gettype page does', () => {
    expect(
      shown(
        `print gettype(parse_json('1')), gettype(parse_json('1.0')), gettype(parse_json('123.45')), gettype(parse_json('3000000000')), gettype(parse_json('[1, 2.0]')[1]), gettype(dynamic(1.0)), gettype(123.45), gettype(111)`,
      ),
    ).toEqual(['int', 'real', 'real', 'long', 'real', 'real', 'real', 'long']);
  });

  it('reads the documented parse_json example: d.duration.value is the real 118.0', () => {
    const q = `print d = parse_json('{"duration":{"value":118.0,"count":5.0,"min":100.0}}') | extend v = d.duration.value, m = d.duration.min, t = gettype(d.duration.value)`;
    const r = rows(q);
    expect(r.shown[0]!.slice(1)).toEqual(['118.0', '100.0', 'real']);
    expect(r.cells[0]![1]).toEqual(new DynReal(118));
  });
});

describe('conversions and arithmetic follow the element type', () => {
  it('todouble / tolong / toint of dynamic elements', () => {
    const r = rows(
      `print d = dynamic([2.0, 7, 2.5]) | project a = todouble(d[0]), b = tolong(d[0]), c = toint(d[2]), e = todouble(d[1])`,
    );
    expect(r.types).toEqual(['real', 'long', 'int', 'real']);
    expect(r.cells[0]).toEqual([2, 2, 2, 7]);
  });

  it('long with long stays long, a real on either side makes a real', () => {
    const r = rows(
      `print d = dynamic({"l": 7, "r": 7.0}) | project a = d.l + 1, b = d.r + 1, c = d.l / 2, e = d.r / 2, f = d.l * 1.0, g = -d.r, i = gettype(d.r + 1)`,
    );
    expect(r.shown[0]).toEqual(['8', '8.0', '3', '3.5', '7.0', '-7.0', 'real']);
  });

  it('compares and sorts reals with integers by value', () => {
    expect(shown(`print dynamic(1.0) == dynamic(1), dynamic(2.0) > 1, array_sort_asc(dynamic([3.0, 1, 2.5]))`)).toEqual(
      ['true', 'true', '[1,2.5,3.0]'],
    );
    const sorted = rows('print d = dynamic([3.0, 1, 2.5]) | mv-expand x = d | sort by todouble(x) asc | project x');
    expect(sorted.shown.map((r) => r[0])).toEqual(['1', '2.5', '3.0']);
  });

  it('mv-expand to typeof(real) and bag_unpack give typed columns from tagged reals', () => {
    expect(rows('print d = dynamic([1.0, 2]) | mv-expand x = d to typeof(real)').cells.map((r) => r[1])).toEqual([
      1, 2,
    ]);
    const unpacked = rows('print b = dynamic({"a": 1.0, "n": 2}) | evaluate bag_unpack(b)');
    expect(unpacked.types).toEqual(['real', 'long']);
    expect(unpacked.cells[0]).toEqual([1, 2]);
  });

  it('sets and lookups meet 1.0 and 1 by value, as == does (the first seen is kept)', () => {
    expect(shown('print d = dynamic([1.0, 1, 2, 2.0]) | mv-expand x = d | summarize make_set(x)')).toEqual(['[1.0,2]']);
    expect(
      shown(
        'print array_index_of(dynamic([1.0, 2.0]), 2), set_has_element(dynamic([1.0]), 1), array_length(set_union(dynamic([1.0]), dynamic([1])))',
      ),
    ).toEqual(['1', 'true', '1']);
    expect(rows('print d = dynamic([1.0, 1]) | mv-expand x = d | summarize count() by tostring(x)').cells.length).toBe(
      2,
    );
    expect(rows('print d = dynamic([1.0, 1]) | mv-expand x = d | summarize count() by x').cells.length).toBe(1);
  });
});

describe('series', () => {
  it('interpolates an int series as ints and a real one as reals (series_fill_linear page)', () => {
    expect(
      shown(
        'print series_fill_linear(dynamic([null, 111, null, 36, 41, null, null, 16])), series_fill_linear(dynamic([null, 111.0, null, 36.0]))',
      ),
    ).toEqual(['[111,111,73,36,41,32,24,16]', '[111.0,111.0,73.5,36.0]']);
  });

  it('element-wise math gives reals, sums of long series stay long', () => {
    expect(
      shown(
        'print series_cos(dynamic([0])), series_add(dynamic([1, 2]), dynamic([3, 4])), series_add(dynamic([1.0]), 1)',
      ),
    ).toEqual(['[1.0]', '[4,6]', '[2.0]']);
  });
});

describe('make-series', () => {
  it('a real aggregate gives a series of reals, count a series of longs', () => {
    expect(
      shown(
        'range t from 1 to 2 step 1 | extend v = t * 1.0 | make-series a = avg(v) default = 0, c = count() on t from 0 to 3 step 1',
      ),
    ).toEqual(['[0.0,1.0,2.0]', '[0,1,1]', '[0,1,2]']);
  });
});

describe('JSON cells', () => {
  it('writes integral reals as 50.0 and keeps integers exact', () => {
    const cell = toJsonCell(new DynReal(50) as never, 'dynamic');
    expect(jsonText([cell, 50, [1, new DynReal(2)], { a: new DynReal(-0) }, 12345678901234567890n])).toBe(
      '[50.0,50,[1,2.0],{"a":-0.0},12345678901234567890]',
    );
    // JSON.stringify still works on a cell (DynReal.toJSON gives the number).
    expect(JSON.stringify(cell)).toBe('50');
  });
});
