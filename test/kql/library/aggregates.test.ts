import { describe, expect, it } from 'vitest';
import { aggregateOutputNames, getAggregate, resultType } from '../../../src/kql/library/index.js';
import { aggregate, tsv } from './helpers.js';

const nums = (...v: (number | null)[]) => v.map((x) => [x]);

describe('counting and sums', () => {
  it('count counts rows; count(x) and countif skip nulls/false', () => {
    expect(aggregate('count', [], [[], [], []])).toBe(3);
    expect(aggregate('count', ['long'], nums(1, null, 3))).toBe(2);
    expect(aggregate('countif', ['bool'], [[true], [false], [null], [true]])).toBe(2);
    expect(aggregate('count', [], [])).toBe(0);
  });

  it('sum/avg ignore nulls; sumif/avgif filter', () => {
    expect(aggregate('sum', ['long'], nums(1, null, 3))).toBe(4);
    expect(aggregate('sum', ['long'], nums(null))).toBeNull();
    expect(aggregate('sum', ['timespan'], [[tsv('1h')], [tsv('30m')]])).toBe(tsv('90m'));
    expect(aggregate('avg', ['long'], nums(1, 2, null, 6))).toBe(3);
    expect(
      aggregate(
        'sumif',
        ['long', 'bool'],
        [
          [1, true],
          [2, false],
          [4, true],
        ],
      ),
    ).toBe(5);
    expect(
      aggregate(
        'avgif',
        ['real', 'bool'],
        [
          [1, true],
          [2, false],
          [4, true],
        ],
      ),
    ).toBe(2.5);
  });

  it('min/max over numbers, strings and datetimes', () => {
    expect(aggregate('min', ['long'], nums(5, null, 2, 9))).toBe(2);
    expect(aggregate('max', ['long'], nums(5, null, 2, 9))).toBe(9);
    expect(aggregate('max', ['string'], [['b'], [''], ['a']])).toBe('b');
    expect(aggregate('min', ['string'], [['b'], [''], ['a']])).toBe('a');
    expect(aggregate('max', ['datetime'], [[5n], [7n], [null]])).toBe(7n);
    expect(
      aggregate(
        'minif',
        ['long', 'bool'],
        [
          [1, false],
          [3, true],
          [2, true],
        ],
      ),
    ).toBe(2);
    expect(aggregate('max', ['long'], [])).toBeNull();
  });

  it('take_any returns a non-empty value', () => {
    expect(aggregate('take_any', ['string'], [[''], ['x'], ['y']])).toBe('x');
    expect(
      aggregate(
        'any',
        ['long', 'string'],
        [
          [1, 'a'],
          [2, 'b'],
        ],
      ),
    ).toEqual([1, 'a']);
  });
});

describe('collecting', () => {
  it('make_set / make_list (+ _if, with_nulls, max size)', () => {
    expect(aggregate('make_set', ['long'], nums(1, 2, 1, null, 3))).toEqual([1, 2, 3]);
    expect(aggregate('makeset', ['string'], [['a'], ['a'], ['b']])).toEqual(['a', 'b']);
    expect(aggregate('make_set', ['dynamic'], [[['a', 'b']], [['b', 'c']]])).toEqual(['a', 'b', 'c']);
    expect(aggregate('make_list', ['long'], nums(1, 2, 1, null))).toEqual([1, 2, 1]);
    expect(aggregate('make_list_with_nulls', ['long'], nums(1, null))).toEqual([1, null]);
    expect(
      aggregate(
        'make_list_if',
        ['string', 'bool'],
        [
          ['a', true],
          ['b', false],
        ],
      ),
    ).toEqual(['a']);
    expect(
      aggregate(
        'make_set_if',
        ['string', 'bool'],
        [
          ['a', true],
          ['a', true],
          ['c', true],
        ],
      ),
    ).toEqual(['a', 'c']);
    expect(
      aggregate(
        'make_list',
        ['long', 'long'],
        [
          [1, 2],
          [2, 2],
          [3, 2],
        ],
        [undefined, 2],
      ),
    ).toEqual([1, 2]);
    expect(aggregate('make_list', ['timespan'], [[tsv('2s')]])).toEqual(['00:00:02']);
  });

  it('make_bag merges bags', () => {
    expect(aggregate('make_bag', ['dynamic'], [[{ a: 1 }], [{ b: 2, a: 3 }], [null]])).toEqual({ a: 1, b: 2 });
    expect(
      aggregate(
        'make_bag_if',
        ['dynamic', 'bool'],
        [
          [{ a: 1 }, false],
          [{ b: 2 }, true],
        ],
      ),
    ).toEqual({ b: 2 });
  });

  it('dcount is exact; hll sketches merge', () => {
    expect(aggregate('dcount', ['string'], [['a'], ['b'], ['a'], ['']])).toBe(3);
    expect(aggregate('dcount', ['long'], nums(1, 1, null, 2))).toBe(2);
    expect(
      aggregate(
        'dcountif',
        ['long', 'bool'],
        [
          [1, true],
          [2, false],
          [3, true],
        ],
      ),
    ).toBe(2);
    const h1 = aggregate('hll', ['long'], nums(1, 2));
    const h2 = aggregate('hll', ['long'], nums(2, 3));
    expect(aggregate('hll_merge', ['dynamic'], [[h1 as never], [h2 as never]])).toHaveLength(3);
  });
});

describe('statistics and multi-output', () => {
  it('arg_max / arg_min return [value, ...other columns at that row]', () => {
    const rows = [
      [3, 'c', 30],
      [9, 'x', 90],
      [null, 'n', 0],
      [9, 'second', 91],
      [1, 'a', 10],
    ];
    expect(aggregate('arg_max', ['long', 'string', 'long'], rows)).toEqual([9, 'x', 90]);
    expect(aggregate('argmin', ['long', 'string', 'long'], rows)).toEqual([1, 'a', 10]);
    expect(aggregate('arg_max', ['long'], [])).toEqual([null]);
  });

  it('percentiles use nearest rank; weighted forms weight ranks', () => {
    const xs = nums(...Array.from({ length: 10 }, (_, k) => k + 1));
    expect(aggregate('percentile', ['long', 'real'], xs, [undefined, 50])).toBe(5);
    expect(aggregate('percentiles', ['long', 'real', 'real'], xs, [undefined, 50, 95])).toEqual([5, 10]);
    expect(aggregate('percentiles_array', ['long', 'real', 'real'], xs, [undefined, 10, 100])).toEqual([1, 10]);
    const weighted = [
      [10, 8],
      [20, 6],
      [30, 3],
      [40, 1],
    ];
    expect(
      aggregate('percentilesw', ['long', 'long', 'real', 'real', 'real'], weighted, [
        undefined,
        undefined,
        50,
        75,
        99.9,
      ]),
    ).toEqual([20, 20, 40]);
  });

  it('stdev / variance match the sample definitions', () => {
    expect(aggregate('stdev', ['long'], nums(1, 2, 3, 4, 5))).toBeCloseTo(1.5811388300841898, 12);
    expect(aggregate('variance', ['long'], nums(1, 2, 3, 4, 5))).toBeCloseTo(2.5, 12);
    expect(aggregate('variancep', ['long'], nums(1, 2, 3, 4, 5))).toBeCloseTo(2, 12);
    const evens = Array.from({ length: 100 }, (_, k) => [k + 1, (k + 1) % 2 === 0]);
    expect(aggregate('stdevif', ['long', 'bool'], evens)).toBeCloseTo(29.154759474226502, 10);
  });
});

describe('naming and result types', () => {
  const name = (fn: string, arg: string | undefined, consts: unknown[] = []) =>
    getAggregate(fn)?.defaultName(arg, consts as never[]);
  it('derive default output names', () => {
    expect(name('count', undefined)).toBe('count_');
    expect(name('count', 'y')).toBe('count_y');
    expect(name('countif', undefined)).toBe('countif_');
    expect(name('sum', 'x')).toBe('sum_x');
    expect(name('make_set', 'x')).toBe('set_x');
    expect(name('makelist', 'x')).toBe('list_x');
    expect(name('make_list_if', 'name')).toBe('list_name');
    expect(name('make_set_if', 'name')).toBe('set_name');
    expect(name('dcount', 'x')).toBe('dcount_x');
    expect(name('stdevif', 'x')).toBe('stdevif_x');
    expect(name('percentile', 'x', [undefined, 95])).toBe('percentile_x_95');
    const p = getAggregate('percentiles');
    expect(p && aggregateOutputNames(p, 'Latency', [undefined, 50, 99.9])).toEqual([
      'percentile_Latency_50',
      'percentile_Latency_99_9',
    ]);
  });

  it('result types follow Kusto', () => {
    const rt = (fn: string, types: string[]) => {
      const a = getAggregate(fn);
      return a ? resultType(a, types as never[], []) : undefined;
    };
    expect(rt('count', [])).toBe('long');
    expect(rt('sum', ['int'])).toBe('long');
    expect(rt('sum', ['real'])).toBe('real');
    expect(rt('avg', ['long'])).toBe('real');
    expect(rt('dcount', ['string'])).toBe('long');
    expect(rt('make_set', ['string'])).toBe('dynamic');
    expect(rt('min', ['datetime'])).toBe('datetime');
    expect(rt('percentile', ['long', 'real'])).toBe('long');
  });
});
