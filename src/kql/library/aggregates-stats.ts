/**
 * Statistical and multi-output aggregates: arg_max/arg_min, percentile(s)(_array) and their
 * weighted forms, stdev/variance (sample and population, with *if variants).
 *
 * Percentiles are exact nearest-rank values (rank = ceil(p/100 · n), weighted by cumulative
 * weight), not Kusto's t-digest estimate: identical for small groups, possibly slightly different
 * for large ones. Values are kept per group until `result()`.
 */
import type { KqlValue, ScalarType } from '../types.js';
import { type AggSpec, defineAggregates, isTrue } from './aggregate-define.js';
import { dynamicToNumber, isArray, numberConv } from './coerce.js';
import type { Accumulator } from './types.js';

/** arg_max/arg_min: [extreme value, ...other arguments at that row]; nulls never win; ties keep the first. */
function argExtreme(wantMax: boolean, argCount: number): () => Accumulator {
  return () => {
    let best: KqlValue[] | undefined;
    // When no row has a value, the engine returns the group's first row.
    let firstRow: KqlValue[] | undefined;
    return {
      add: (...a) => {
        firstRow ??= a.slice(0, argCount);
        const v = a[0] ?? null;
        if (v === null || v === '' || (typeof v === 'number' && Number.isNaN(v))) return;
        const b = best?.[0] as number | undefined;
        if (b === undefined || (wantMax ? (v as number) > b : (v as number) < b)) best = a.slice(0, argCount);
      },
      result: () => best ?? firstRow ?? Array.from({ length: argCount }, () => null),
    };
  };
}

/** Percent list from the constant arguments starting at `from` (numbers, or one dynamic array). */
function percentsOf(c: readonly (KqlValue | undefined)[], from: number): number[] {
  const rest = c.slice(from);
  const flat = rest.length === 1 && isArray(rest[0]) ? rest[0] : rest;
  return flat.map((x) => dynamicToNumber(x)).filter((x): x is number => x !== null);
}

const PERCENT_POSITIONS_FROM_1: readonly number[] = Array.from({ length: 63 }, (_, i) => i + 1);
/** Every percent position of percentilesw(x, w, p1, p2, …): the binder passes only declared constants. */
const PERCENT_POSITIONS_FROM_2: readonly number[] = Array.from({ length: 62 }, (_, i) => i + 2);

/** Name part of a percent: 99.9 → '99_9'. */
const percentName = (p: number) => String(p).replace('.', '_');

interface Sample {
  readonly v: number | bigint;
  readonly w: number;
}

function nearestRank(samples: Sample[], percents: readonly number[]): (number | bigint | null)[] {
  if (samples.length === 0) return percents.map(() => null);
  samples.sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : 0));
  const total = samples.reduce((s, x) => s + x.w, 0);
  return percents.map((p) => {
    const rank = Math.max(Math.ceil((Math.min(100, Math.max(0, p)) / 100) * total), 1);
    let cum = 0;
    for (const s of samples) {
      cum += s.w;
      if (cum >= rank) return s.v;
    }
    return (samples[samples.length - 1] as Sample).v;
  });
}

interface PercentileShape {
  readonly weighted: boolean;
  /** Output as one dynamic array instead of one output per percent. */
  readonly asArray: boolean;
}

function percentileAccumulator(t: ScalarType, percents: readonly number[], shape: PercentileShape): () => Accumulator {
  const ticks = t === 'datetime' || t === 'timespan';
  const num = numberConv(t);
  return () => {
    const samples: Sample[] = [];
    return {
      add: (...a) => {
        const raw = a[0] ?? null;
        const v = ticks ? (typeof raw === 'bigint' ? raw : null) : num(raw);
        if (v === null || (typeof v === 'number' && Number.isNaN(v))) return;
        const w = shape.weighted ? (dynamicToNumber(a[1] ?? null) ?? 0) : 1;
        if (w > 0) samples.push({ v, w });
      },
      result: () => {
        const r = nearestRank(samples, percents);
        if (shape.asArray) return r.map((x) => (typeof x === 'bigint' ? Number(x) : x));
        return percents.length === 1 && !shape.asArray ? (r[0] ?? null) : r;
      },
    };
  };
}

function moments(population: boolean, sqrt: boolean, predicateAt: number | undefined): () => Accumulator {
  return () => {
    // Welford's online algorithm: numerically stable single pass
    let n = 0;
    let mean = 0;
    let m2 = 0;
    return {
      add: (...a) => {
        if (predicateAt !== undefined && !isTrue(a[predicateAt])) return;
        const x = dynamicToNumber(a[0] ?? null);
        if (x === null) return;
        n++;
        const d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
      },
      result: () => {
        const denom = population ? n : n - 1;
        if (n === 0) return null;
        const variance = denom <= 0 ? 0 : m2 / denom;
        return sqrt ? Math.sqrt(variance) : variance;
      },
    };
  };
}

const percentileType = (t: readonly ScalarType[]): ScalarType => {
  const a = t[0] ?? 'real';
  return a === 'int' ? 'long' : a;
};

const argSpec = (name: string, wantMax: boolean, alias: string): AggSpec => ({
  name,
  aliases: [alias],
  doc: `Row with the ${wantMax ? 'largest' : 'smallest'} first argument: [that value, ...the other arguments at that row].`,
  params: ['orderable', 'any'],
  min: 1,
  max: 64,
  returns: (t) => t[0] ?? 'dynamic',
  prefix: wantMax ? 'max' : 'min',
  outputNames: (arg) => [`${wantMax ? 'max' : 'min'}_${arg ?? ''}`],
  create: (t) => argExtreme(wantMax, Math.max(1, t.length)),
});

const statSpec = (
  name: string,
  doc: string,
  population: boolean,
  sqrt: boolean,
  withIf: boolean,
  aliases?: string[],
): AggSpec => ({
  name,
  doc,
  params: withIf ? ['numeric', 'bool'] : ['numeric'],
  returns: 'real',
  prefix: name,
  create: () => moments(population, sqrt, withIf ? 1 : undefined),
  ...(aliases ? { aliases } : {}),
});

export const statsAggregates = defineAggregates([
  argSpec('arg_max', true, 'argmax'),
  argSpec('arg_min', false, 'argmin'),
  {
    name: 'percentile',
    doc: 'Nearest-rank percentile p (0..100) of the values.',
    params: ['orderable', 'real'],
    constArgs: [1],
    returns: percentileType,
    prefix: 'percentile',
    name_: (arg, c) => `percentile_${arg ?? ''}_${percentName(dynamicToNumber(c[1] ?? null) ?? 0)}`,
    create: (t, c) => percentileAccumulator(t[0] ?? 'real', percentsOf(c, 1), { weighted: false, asArray: false }),
  },
  {
    name: 'percentiles',
    doc: 'Several nearest-rank percentiles, one output each (percentile_x_50, …).',
    params: ['orderable', 'real'],
    min: 2,
    max: 64,
    constArgs: PERCENT_POSITIONS_FROM_1,
    returns: percentileType,
    prefix: 'percentile',
    outputNames: (arg, c) => percentsOf(c, 1).map((p) => `percentile_${arg ?? ''}_${percentName(p)}`),
    name_: (arg, c) => `percentile_${arg ?? ''}_${percentName(percentsOf(c, 1)[0] ?? 0)}`,
    create: (t, c) => percentileAccumulator(t[0] ?? 'real', percentsOf(c, 1), { weighted: false, asArray: false }),
  },
  {
    name: 'percentiles_array',
    doc: 'Several nearest-rank percentiles as one dynamic array.',
    params: ['orderable', 'any'],
    min: 2,
    max: 64,
    returns: 'dynamic',
    prefix: 'percentiles', // the engine says percentiles_x (the docs' percentile_x is out of date)
    create: (t, c) => percentileAccumulator(t[0] ?? 'real', percentsOf(c, 1), { weighted: false, asArray: true }),
  },
  {
    name: 'percentilew',
    doc: 'Weighted nearest-rank percentile: percentilew(x, weight, p).',
    params: ['orderable', 'numeric', 'real'],
    constArgs: [2],
    returns: percentileType,
    prefix: 'percentile',
    name_: (arg, c) => `percentile_${arg ?? ''}_${percentName(dynamicToNumber(c[2] ?? null) ?? 0)}`,
    create: (t, c) => percentileAccumulator(t[0] ?? 'real', percentsOf(c, 2), { weighted: true, asArray: false }),
  },
  {
    name: 'percentilesw',
    doc: 'Several weighted nearest-rank percentiles, one output each.',
    params: ['orderable', 'numeric', 'real'],
    min: 3,
    max: 64,
    constArgs: PERCENT_POSITIONS_FROM_2,
    returns: percentileType,
    prefix: 'percentile',
    outputNames: (arg, c) => percentsOf(c, 2).map((p) => `percentile_${arg ?? ''}_${percentName(p)}`),
    name_: (arg, c) => `percentile_${arg ?? ''}_${percentName(percentsOf(c, 2)[0] ?? 0)}`,
    create: (t, c) => percentileAccumulator(t[0] ?? 'real', percentsOf(c, 2), { weighted: true, asArray: false }),
  },
  {
    name: 'percentilesw_array',
    doc: 'Several weighted nearest-rank percentiles as one dynamic array.',
    params: ['orderable', 'numeric', 'any'],
    min: 3,
    max: 64,
    returns: 'dynamic',
    prefix: 'percentiles', // the engine says percentiles_x (the docs' percentile_x is out of date)
    create: (t, c) => percentileAccumulator(t[0] ?? 'real', percentsOf(c, 2), { weighted: true, asArray: true }),
  },
  statSpec('stdev', 'Sample standard deviation.', false, true, false),
  statSpec('stdevif', 'Sample standard deviation where the predicate is true.', false, true, true),
  statSpec('stdevp', 'Population standard deviation.', true, true, false),
  statSpec('variance', 'Sample variance.', false, false, false),
  statSpec('varianceif', 'Sample variance where the predicate is true.', false, false, true),
  statSpec('variancep', 'Population variance.', true, false, false),
  statSpec('variancepif', 'Population variance where the predicate is true.', true, false, true),
]);
