/**
 * Series functions that reduce or reshape a whole array: series_sum/product/dot_product/
 * pearson_correlation/cosine_similarity/magnitude, series_stats_dynamic, the series_fill_*
 * family (series-analysis.ts has the fits, filters, periods and decompositions).
 */
import type { KqlDynamic, KqlValue, ScalarType } from '../types.js';
import { boolOf, numberConv } from './coerce.js';
import { type Compile, defineAll } from './define.js';
import { operandConv, seriesIsIntegral, seriesOut, seriesValues } from './series.js';

type Num = number | null;

const finiteValues = (xs: readonly Num[]): number[] => xs.filter((x): x is number => x !== null && Number.isFinite(x));

/** f(values) for one array argument; null when the argument is not an array. */
const reduce =
  (f: (xs: readonly Num[]) => KqlDynamic): Compile =>
  () =>
  (v) => {
    const xs = seriesValues(v);
    return xs === undefined ? null : f(xs);
  };

/** f(xs, ys) for two arrays, or an array and a number broadcast to its length. */
const pair =
  (f: (xs: readonly Num[], ys: readonly Num[]) => KqlDynamic): Compile =>
  (types) => {
    const a = operandConv(types[0]);
    const b = operandConv(types[1]);
    return (v, w) => {
      const x = a(v);
      const y = b(w);
      if (!x || !y || (x.kind !== 'array' && y.kind !== 'array')) return null;
      const n = Math.max(x.kind === 'array' ? x.values.length : 0, y.kind === 'array' ? y.values.length : 0);
      const expand = (o: typeof x): Num[] =>
        o.kind === 'array' ? Array.from({ length: n }, (_, i) => o.values[i] ?? null) : new Array<Num>(n).fill(o.value);
      return f(expand(x), expand(y));
    };
  };

function dotProduct(xs: readonly Num[], ys: readonly Num[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (x !== null && x !== undefined && y !== null && y !== undefined) s += x * y;
  }
  return s;
}

function pearson(xs: readonly Num[], ys: readonly Num[]): number | null {
  const pairs: [number, number][] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (typeof x === 'number' && typeof y === 'number') pairs.push([x, y]);
  }
  const n = pairs.length;
  if (n === 0) return null;
  const mx = pairs.reduce((s, p) => s + p[0], 0) / n;
  const my = pairs.reduce((s, p) => s + p[1], 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  const r = sxy / Math.sqrt(sxx * syy);
  return Number.isFinite(r) ? r : null;
}

function stats(xs: readonly Num[], ignoreNonFinite: boolean): KqlDynamic {
  const empty = { min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null };
  if (!ignoreNonFinite && xs.some((x) => x === null || !Number.isFinite(x))) return empty;
  let min: number | null = null;
  let max: number | null = null;
  let minIdx: number | null = null;
  let maxIdx: number | null = null;
  xs.forEach((x, i) => {
    if (x === null || !Number.isFinite(x)) return;
    if (min === null || x < min) [min, minIdx] = [x, i];
    if (max === null || x > max) [max, maxIdx] = [x, i];
  });
  const vals = finiteValues(xs);
  if (vals.length === 0) return empty;
  const avg = vals.reduce((s, x) => s + x, 0) / vals.length;
  const variance = vals.length > 1 ? vals.reduce((s, x) => s + (x - avg) ** 2, 0) / (vals.length - 1) : 0;
  return { min, min_idx: minIdx, max, max_idx: maxIdx, avg, stdev: Math.sqrt(variance), variance };
}

/** Missing elements: null, or equal to the placeholder when one is given. */
const missingTest = (placeholder: Num) => (x: Num) => x === null || (placeholder !== null && x === placeholder);

function fillForward(xs: readonly Num[], missing: (x: Num) => boolean): Num[] {
  let last: Num = null;
  let seen = false;
  return xs.map((x) => {
    if (!missing(x)) {
      last = x;
      seen = true;
      return x;
    }
    return seen ? last : x;
  });
}

function fillLinear(xs: readonly Num[], missing: (x: Num) => boolean, edges: boolean, constant: number): Num[] {
  const known = xs.map((x, i) => (missing(x) ? -1 : i)).filter((i) => i >= 0);
  if (known.length === 0) return xs.map(() => constant);
  const out = [...xs];
  const first = known[0] as number;
  const last = known[known.length - 1] as number;
  for (let k = 0; k + 1 < known.length; k++) {
    const i = known[k] as number;
    const j = known[k + 1] as number;
    const a = xs[i] as number;
    const b = xs[j] as number;
    for (let m = i + 1; m < j; m++) out[m] = a + ((b - a) * (m - i)) / (j - i);
  }
  for (let m = 0; m < xs.length; m++) {
    if (m < first) out[m] = edges ? (xs[first] as number) : null;
    if (m > last) out[m] = edges ? (xs[last] as number) : null;
  }
  return out;
}

const optNumber = (types: readonly ScalarType[], i: number) => {
  const n = numberConv(types[i] ?? 'real');
  return (v: KqlValue | undefined): Num => (v === undefined ? null : n(v));
};

const fillCompile =
  (direction: 'forward' | 'backward'): Compile =>
  (types) => {
    const ph = optNumber(types, 1);
    return (v, p) => {
      const xs = seriesValues(v);
      if (!xs) return null;
      const missing = missingTest(ph(p));
      const filled =
        direction === 'forward' ? fillForward(xs, missing) : fillForward([...xs].reverse(), missing).reverse();
      return seriesOut(filled, seriesIsIntegral(v));
    };
  };

export const seriesStatsFunctions = defineAll('series', [
  {
    name: 'series_sum',
    doc: 'Sum of the numeric elements of a series.',
    params: ['dynamic'],
    returns: 'real',
    compile: reduce((xs) => finiteValues(xs).reduce((s, x) => s + x, 0)),
  },
  {
    name: 'series_product',
    doc: 'Product of the numeric elements of a series.',
    params: ['dynamic'],
    returns: 'real',
    compile: reduce((xs) => finiteValues(xs).reduce((s, x) => s * x, 1)),
  },
  {
    name: 'series_magnitude',
    doc: 'Euclidean norm of a series.',
    params: ['dynamic'],
    returns: 'real',
    compile: reduce((xs) => Math.sqrt(dotProduct(xs, xs))),
  },
  {
    name: 'series_dot_product',
    doc: 'Dot product of two series (a number is broadcast).',
    params: ['any', 'any'],
    returns: 'real',
    compile: pair(dotProduct),
  },
  {
    name: 'series_cosine_similarity',
    doc: 'Cosine similarity of two series.',
    params: ['dynamic', 'dynamic'],
    returns: 'real',
    compile: pair((xs, ys) => {
      const d = Math.sqrt(dotProduct(xs, xs) * dotProduct(ys, ys));
      return d === 0 ? null : dotProduct(xs, ys) / d;
    }),
  },
  {
    name: 'series_pearson_correlation',
    doc: 'Pearson correlation coefficient of two series.',
    params: ['dynamic', 'dynamic'],
    returns: 'real',
    compile: pair(pearson),
  },
  {
    name: 'series_stats_dynamic',
    doc: 'min, min_idx, max, max_idx, avg, stdev and variance of a series as a property bag.',
    params: ['dynamic', 'bool'],
    min: 1,
    returns: 'dynamic',
    compile: () => (v, ignore) => {
      const xs = seriesValues(v);
      return xs ? stats(xs, ignore === undefined ? false : boolOf(ignore) === true) : null;
    },
  },
  {
    name: 'series_fill_forward',
    doc: 'Replaces missing values by the last preceding value.',
    params: ['dynamic', 'real'],
    min: 1,
    returns: 'dynamic',
    compile: fillCompile('forward'),
  },
  {
    name: 'series_fill_backward',
    doc: 'Replaces missing values by the next following value.',
    params: ['dynamic', 'real'],
    min: 1,
    returns: 'dynamic',
    compile: fillCompile('backward'),
  },
  {
    name: 'series_fill_const',
    doc: 'Replaces missing values by a constant (default 0).',
    params: ['dynamic', 'real', 'real'],
    min: 1,
    returns: 'dynamic',
    compile: (types) => {
      const c = optNumber(types, 1);
      const ph = optNumber(types, 2);
      return (v, k, p) => {
        const xs = seriesValues(v);
        if (!xs) return null;
        const missing = missingTest(ph(p));
        const value = k === undefined ? 0 : c(k);
        const integral = seriesIsIntegral(v) && (value === null || Number.isInteger(value));
        return seriesOut(
          xs.map((x) => (missing(x) ? value : x)),
          integral,
        );
      };
    },
  },
  {
    name: 'series_fill_linear',
    doc: 'Linear interpolation of missing values; edges take the nearest value (or stay missing).',
    params: ['dynamic', 'real', 'bool', 'real'],
    min: 1,
    returns: 'dynamic',
    compile: (types) => {
      const ph = optNumber(types, 1);
      const c = optNumber(types, 3);
      return (v, p, e, k) => {
        const xs = seriesValues(v);
        if (!xs) return null;
        const edges = e === undefined || e === null ? true : boolOf(e) !== false;
        // A long series interpolates in longs: [111, null, 36] gives 73, as Kusto does.
        const integral = seriesIsIntegral(v);
        const filled = fillLinear(xs, missingTest(ph(p)), edges, c(k) ?? 0);
        return integral ? filled.map((x) => (x === null ? null : Math.trunc(x))) : seriesOut(filled, false);
      };
    },
  },
]);
