/**
 * Series analysis functions, from their documentation pages: the series_fit_line and
 * series_periods_detect examples, series_seasonal's auto-detected and forced periods, the FIR
 * moving average and difference filters, and the documented relations between decomposition parts.
 */
import { describe, expect, it } from 'vitest';
import { runQuery } from '../../../src/kql/engine.js';
import { untagReals } from '../../../src/kql/values.js';

function table(text: string): { columns: string[]; rows: unknown[][] } {
  const res = runQuery(text);
  expect(res.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  const t = res.result!.table;
  return {
    columns: res.result!.schema.columns.map((c) => c.name),
    rows: Array.from({ length: t.rowCount }, (_, i) => t.columns.map((c) => c.get(i))),
  };
}
const one = (text: string) => table(text).rows[0]!;
const close = (xs: unknown, ys: number[], digits = 6) => {
  expect((xs as number[]).length).toBe(ys.length);
  for (const [i, x] of (xs as number[]).entries()) expect(x).toBeCloseTo(ys[i]!, digits);
};

const PERIODIC =
  '[80, 139, 87, 110, 68, 54, 50, 51, 53, 133, 86, 141, 97, 156, 94, 149, 95, 140, 77, 61, 50, 54, 47, 133, 72, 152, 94, 148, 105, 162, 101, 160, 87, 63, 53, 55, 54, 151, 103, 189, 108, 183, 113, 175, 113, 178, 90, 71, 62, 62, 65, 165, 109, 181, 115, 182, 121, 178, 114, 170]';

describe('series_fit_line and friends', () => {
  it('the documented regression values, one column per output', () => {
    const t = table(
      'print y = dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30]) | extend series_fit_line(y) | project-away y',
    );
    expect(t.columns).toEqual([
      'series_fit_line_y_rsquare',
      'series_fit_line_y_slope',
      'series_fit_line_y_variance',
      'series_fit_line_y_rvariance',
      'series_fit_line_y_interception',
      'series_fit_line_y_line_fit',
    ]);
    const [rsquare, slope, variance, rvariance, interception, fit] = t.rows[0]!;
    expect(rsquare).toBeCloseTo(0.982, 2); // the page shows 0.982 (0.98290…)
    expect(slope).toBeCloseTo(2.73, 2);
    expect(variance).toBeCloseTo(98.628, 2);
    expect(rvariance).toBeCloseTo(1.686, 2);
    expect(interception).toBeCloseTo(-1.666, 2);
    expect((fit as number[])[0]).toBeCloseTo(1.064, 2);
  });

  it('names outputs in order with (a, b) = …, and series_fit_line_dynamic gives a bag', () => {
    const [, rs, slope] = one('print y = dynamic([1, 2, 3, 4]) | extend (rs, slope) = series_fit_line(y)');
    expect(rs).toBeCloseTo(1, 12);
    expect(slope).toBeCloseTo(1, 12);
    expect(one('print series_fit_line_dynamic(dynamic([1, 3, 5])).slope')[0]).toBeCloseTo(2, 12);
  });

  it('series_fit_2lines finds the break of a broken line', () => {
    const [rs, split] = one(
      'print y = dynamic([1, 2, 3, 4, 5, 6, 20, 19, 18, 17]) | extend (rs, split) = series_fit_2lines(y) | project rs, split',
    );
    expect(rs).toBeGreaterThan(0.95);
    expect(split).toBe(6);
  });

  it('series_fit_poly recovers a quadratic', () => {
    const [rs, coefficients] = one(
      'print y = dynamic([2, 5, 10, 17, 26, 37]) | extend (rs, c) = series_fit_poly(y, dynamic(null), 2) | project rs, c',
    );
    expect(rs).toBeCloseTo(1, 10);
    close(coefficients, [1, 0, 1], 8); // y = x² + 1 over x = 1..6
  });

  it('series_stats gives one column per statistic', () => {
    const t = table('print x = dynamic([10, 20, 30]) | project series_stats(x)');
    expect(t.columns[0]).toBe('series_stats_x_min');
    expect(t.rows[0]).toEqual([10, 0, 30, 2, 20, 10, 100]);
  });
});

describe('filters', () => {
  const spike = 'dynamic([0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 20, 40, 100, 40, 20, 10, 0, 0, 0, 0, 0, 0, 0, 0])';

  it('five-point moving average: the peak moves by two bins unless centred', () => {
    const [avg, centred] = one(
      `print a = series_fir(${spike}, dynamic([1, 1, 1, 1, 1])), c = series_fir(${spike}, dynamic([1, 1, 1, 1, 1]), true, true)`,
    ) as number[][];
    expect(avg!.indexOf(Math.max(...avg!))).toBe(14);
    expect(centred!.indexOf(Math.max(...centred!))).toBe(12);
    expect(Math.max(...avg!)).toBeCloseTo(44, 10); // (20 + 40 + 100 + 40 + 20) / 5
  });

  it('difference filter [1, -1] without normalisation', () => {
    expect(
      one('print series_fir(dynamic([0, 0, 0, 0, 2, 2, 2, 2, 3, 3, 3, 3]), dynamic([1, -1]), false, false)')[0],
    ).toEqual([0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0]);
    // Negative coefficients cannot be normalised.
    expect(one('print isnull(series_fir(dynamic([1, 2]), dynamic([1, -1]), true))')[0]).toBe(true);
  });

  it('series_iir: a cumulative sum with a = [1, -1]', () => {
    expect(one('print series_iir(dynamic([1, 2, 3, 4]), dynamic([1]), dynamic([1, -1]))')[0]).toEqual([1, 3, 6, 10]);
  });
});

describe('periods, seasonality, decomposition, outliers', () => {
  it('series_periods_detect finds the 14-point cycle of the documented series', () => {
    const [periods, scores] = one(`print series_periods_detect(dynamic(${PERIODIC}), 0.0, 50.0, 2)`) as number[][];
    expect(periods![0]).toBe(14);
    expect(scores![0]).toBeGreaterThan(0.6);
    expect(periods!.length).toBe(2);
  });

  it('series_seasonal: detected periods, too short a series gives zeros, a forced period', () => {
    const t = table(
      'print s=dynamic([2, 5, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1]) | union (print s=dynamic([8, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10])) | union (print s=dynamic([1, 3, 5, 2, 4, 6, 1, 3, 5, 2, 4, 6])) | extend s_seasonal = series_seasonal(s)',
    );
    const bySeries = new Map(t.rows.map((r) => [JSON.stringify(r[0]), r[1]]));
    expect(bySeries.get('[2,5,3,4,3,2,1,2,3,4,3,2,1,2,3,4,3,2,1,2,3,4,3,2,1]')).toEqual([
      1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1,
    ]);
    expect(bySeries.get('[8,12,14,12,10,10,12,14,12,10,10,12,14,12,10,10,12,14,12,10]')).toEqual([
      10, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10,
    ]);
    expect(bySeries.get('[1,3,5,2,4,6,1,3,5,2,4,6]')).toEqual(new Array(12).fill(0));
    expect(one('print series_seasonal(dynamic([1, 3, 5, 2, 4, 6, 1, 3, 5, 2, 4, 6]), 3)')[0]).toEqual([
      1.5, 3.5, 5.5, 1.5, 3.5, 5.5, 1.5, 3.5, 5.5, 1.5, 3.5, 5.5,
    ]);
  });

  it('series_decompose: baseline = seasonal + trend and residual = x - baseline', () => {
    const t = table(
      'range t from 1 to 24*7*3 step 1 | extend y = iff((t/24)%7>=5, 10.0, 15.0) - (((t%24)/10)*((t%24)/10)) | summarize y = make_list(y) | extend series_decompose(y, -1, "linefit")',
    );
    expect(t.columns).toEqual([
      'y',
      'series_decompose_y_baseline',
      'series_decompose_y_seasonal',
      'series_decompose_y_trend',
      'series_decompose_y_residual',
    ]);
    // make_list of a real column keeps integral reals tagged (10.0); compare the numbers.
    const [y, baseline, seasonal, trend, residual] = untagReals(t.rows[0]) as number[][];
    for (let i = 0; i < y!.length; i++) {
      expect(baseline![i]).toBeCloseTo(seasonal![i]! + trend![i]!, 9);
      expect(residual![i]).toBeCloseTo(y![i]! - baseline![i]!, 9);
    }
    // The weekly (168-bin) period is detected, so the residual of this noiseless series is ~0.
    expect(Math.max(...residual!.map(Math.abs))).toBeLessThan(1e-6);
  });

  it('series_decompose_anomalies flags an injected spike', () => {
    const [flags] = one(
      'range t from 0 to 199 step 1 | extend y = iff(t == 60, 25.0, 10.0 + (t % 10) + (t * 7 % 5) / 10.0) | summarize y = make_list(y) | project (flag, score, baseline) = series_decompose_anomalies(y)',
    ) as number[][];
    expect(flags![60]).toBe(1);
    expect(flags!.filter((f) => f !== 0)).toEqual([1]);
  });

  it('series_outliers: Tukey scores beyond the 10th/90th percentiles', () => {
    const [scores] = one('print series_outliers(dynamic([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]))') as number[][];
    expect(scores![9]).toBeGreaterThan(3);
    expect(scores!.slice(1, 8)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('series_fft and series_ifft round-trip, for any length', () => {
    for (const xs of [
      [1, 2, 3, 4],
      [3, 1, 4, 1, 5, 9, 2],
    ]) {
      const [re, im] = one(
        `print x = dynamic(${JSON.stringify(xs)}) | extend (r, i) = series_fft(x) | project (rr, ii) = series_ifft(r, i)`,
      ) as number[][];
      close(re, xs, 9);
      close(
        im,
        xs.map(() => 0),
        9,
      );
    }
    const [re] = one('print (r, i) = series_fft(dynamic([1, 1, 1, 1]))') as number[][];
    close(re, [4, 0, 0, 0], 12);
  });
});
