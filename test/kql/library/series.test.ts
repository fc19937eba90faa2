/** Series functions: element-wise math and comparisons, reductions, fills, seasonal. */
import { describe, expect, it } from 'vitest';
import { DynReal } from '../../../src/kql/types.js';
import { call, d, l, r } from './helpers.js';

describe('element-wise series functions', () => {
  it('maps unary math over arrays', () => {
    expect(call('series_sign', d([-6, 0, 8]))).toEqual([-1, 0, 1]);
    expect(call('series_abs', d([-1, null, 'x']))).toEqual([1, null, null]);
    // Real-valued results stay reals inside dynamic: log(1) is 0.0, not the long 0.
    expect(call('series_log', d([1, -1]))).toEqual([new DynReal(0), null]);
    expect(call('series_cos', d('not an array'))).toBeNull();
  });

  it('combines two series or a series and a number', () => {
    expect(call('series_subtract', d([1, 2, 4]), d([4, 2, 1]))).toEqual([-3, 0, 3]);
    expect(call('series_add', d([1, 2]), l(10))).toEqual([11, 12]);
    expect(call('series_greater_equals', d([1, 2, 4]), d([4, 2, 1]))).toEqual([false, true, true]);
    expect(call('series_divide', d([1, 1]), d([2, 0]))).toEqual([0.5, null]);
    expect(call('series_multiply', d([1, 2, 3]), d([2]))).toEqual([2, null, null]);
  });
});

describe('series reductions', () => {
  it('sums, multiplies and correlates', () => {
    expect(call('series_sum', d([1, 2, 3, 4]))).toBe(10);
    expect(call('series_product', d([1, 2, 3, 4]))).toBe(24);
    expect(call('series_dot_product', d([1, 2, 4]), d([4, 2, 1]))).toBe(12);
    expect(call('series_dot_product', d([1, 2, 4]), l(1))).toBe(7);
    expect(call('series_pearson_correlation', d([1, 2, 3, 4, 5]), d([2, 4, 6, 8, 10]))).toBeCloseTo(1, 12);
    const stats = call('series_stats_dynamic', d([3, 1, 2])) as Record<string, number>;
    expect(stats).toMatchObject({ min: 1, min_idx: 1, max: 3, max_idx: 0, avg: 2, variance: 1 });
  });
});

describe('series fills and seasonality', () => {
  it('fills forward, backward, with a constant and linearly', () => {
    const arr = [null, 111, null, 36, 41, null, null, 16, 61, 33, null, null];
    expect(call('series_fill_forward', d(arr))).toEqual([null, 111, 111, 36, 41, 41, 41, 16, 61, 33, 33, 33]);
    expect(call('series_fill_backward', d(arr))).toEqual([111, 111, 36, 36, 41, 16, 16, 16, 61, 33, null, null]);
    expect(call('series_fill_const', d([1, null]), r(5))).toEqual([1, 5]);
    // A long series interpolates in longs (the doc page: [111, null, 36] gives 73) …
    const lin = call('series_fill_linear', d(arr)) as number[];
    expect(lin.slice(0, 6)).toEqual([111, 111, 73, 36, 41, 32]);
    // … a real one in reals, which stay reals (111.0) inside the dynamic result.
    const reals = call('series_fill_linear', d([null, new DynReal(111), null, new DynReal(36)])) as unknown[];
    expect(reals).toEqual([new DynReal(111), new DynReal(111), 73.5, new DynReal(36)]);
    expect(call('series_fill_linear', d(arr), r(null), d(false))).toEqual(expect.arrayContaining([null]));
    expect(call('series_fill_linear', d([null, null]), r(null), d(true), r(3.5))).toEqual([3.5, 3.5]);
    expect(call('series_fill_linear', d([null, null]))).toEqual([new DynReal(0), new DynReal(0)]);
  });

  it('takes the median of each phase for series_seasonal', () => {
    expect(call('series_seasonal', d([1, 3, 5, 1, 3, 5, 2, 4, 6]), l(3))).toEqual([1, 3, 5, 1, 3, 5, 1, 3, 5]);
    expect(call('series_seasonal', d([1, 3, 5, 2, 4, 6]), l(3))).toEqual([1.5, 3.5, 5.5, 1.5, 3.5, 5.5]);
    // Too short for a period to be detected: zeros (series-analysis.test.ts covers detection).
    expect(call('series_seasonal', d([1, 2]))).toEqual([0, 0]);
  });
});
