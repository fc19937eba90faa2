/**
 * t-digest sketches: the tdigest() and tdigest_merge() aggregates, and the scalar merge_tdigest(),
 * percentile_tdigest() and percentiles_array_tdigest() over their results.
 *
 * The digest is exact here: every distinct value with its total weight, sorted, in a dynamic bag
 * `{"tdigest": type, "centroids": [[value, weight], …]}`. Percentiles are nearest-rank over the
 * cumulative weight, as percentile() computes them, so results equal Kusto's on small inputs
 * (where its digest keeps every value) and are exact, not estimated, on large ones. datetime and
 * timespan values are kept as tick strings: a JSON number cannot hold 100 ns ticks exactly.
 */
import type { KqlDynamic, KqlValue, ScalarType } from '../types.js';
import { parseTypeName } from '../types.js';
import { type AggSpec, defineAggregates } from './aggregate-define.js';
import { dynamicToNumber, isArray, isBag, numberConv, toDynamic } from './coerce.js';
import { defineAll } from './define.js';
import type { Accumulator } from './types.js';

/** One distinct value and its weight. Ticks are bigint while computing. */
interface Centroid {
  readonly v: number | bigint;
  w: number;
}

interface Digest {
  readonly type: ScalarType;
  readonly centroids: Centroid[];
}

const isTicks = (t: ScalarType) => t === 'datetime' || t === 'timespan';

/** Sorts by value and folds equal values into one centroid. */
function normalise(centroids: readonly Centroid[]): Centroid[] {
  const sorted = [...centroids].sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : 0));
  const out: Centroid[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.v === c.v) last.w += c.w;
    else out.push({ v: c.v, w: c.w });
  }
  return out;
}

function encode(d: Digest): KqlDynamic {
  const centroids = normalise(d.centroids).map(
    (c): KqlDynamic => [typeof c.v === 'bigint' ? c.v.toString() : c.v, c.w],
  );
  return { tdigest: d.type, centroids };
}

/** Reads a digest value back; undefined for anything that is not one. */
function decode(v: KqlValue | undefined): Digest | undefined {
  if (!isBag(v) || typeof v.tdigest !== 'string' || !isArray(v.centroids)) return undefined;
  const type = parseTypeName(v.tdigest) ?? 'real';
  const centroids: Centroid[] = [];
  for (const c of v.centroids) {
    if (!isArray(c)) continue;
    const [stored, w] = c;
    const raw = stored as unknown;
    const weight = dynamicToNumber(w ?? null);
    if (weight === null || weight <= 0) continue;
    if (isTicks(type) && typeof raw === 'string' && /^-?\d+$/.test(raw)) centroids.push({ v: BigInt(raw), w: weight });
    else if (typeof raw === 'bigint' || typeof raw === 'number') centroids.push({ v: raw, w: weight });
  }
  return { type, centroids };
}

function merge(digests: readonly (Digest | undefined)[]): Digest | undefined {
  const present = digests.filter((d): d is Digest => d !== undefined);
  const first = present[0];
  if (first === undefined) return undefined;
  // Digests of different value kinds cannot be ranked together; the first one's kind wins.
  const same = present.filter((d) => isTicks(d.type) === isTicks(first.type));
  return { type: first.type, centroids: same.flatMap((d) => d.centroids) };
}

/** Nearest-rank value of percent p (0..100) over the cumulative weight. */
function rankValue(sorted: readonly Centroid[], total: number, p: number): number | bigint | null {
  if (sorted.length === 0 || Number.isNaN(p)) return null;
  const rank = Math.max(Math.ceil((Math.min(100, Math.max(0, p)) / 100) * total), 1);
  let cum = 0;
  for (const c of sorted) {
    cum += c.w;
    if (cum >= rank) return c.v;
  }
  return (sorted[sorted.length - 1] as Centroid).v;
}

function percentilesOf(d: Digest, percents: readonly number[]): (number | bigint | null)[] {
  const sorted = normalise(d.centroids);
  const total = sorted.reduce((s, c) => s + c.w, 0);
  return percents.map((p) => rankValue(sorted, total, p));
}

/** Total weight of the values <= v (a number, or ticks for datetime/timespan digests). */
function rankOf(d: Digest | undefined, v: KqlValue): number | null {
  if (d === undefined || v === null) return null;
  let x: number | bigint | null;
  if (isTicks(d.type)) x = typeof v === 'bigint' ? v : null;
  else x = typeof v === 'bigint' ? Number(v) : dynamicToNumber(v);
  if (x === null) return null;
  let rank = 0;
  for (const c of d.centroids) if (c.v <= x) rank += c.w;
  return rank;
}

/** Converts a digest value to the result type asked for with typeof() (real by default). */
function asType(v: number | bigint | null, type: ScalarType): KqlValue {
  if (v === null) return null;
  if (isTicks(type)) return typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  const n = typeof v === 'bigint' ? Number(v) : v;
  return type === 'int' || type === 'long' ? Math.trunc(n) : n;
}

function digestAccumulator(valueType: ScalarType, weighted: boolean): () => Accumulator {
  const ticks = isTicks(valueType);
  const num = numberConv(valueType);
  const type: ScalarType = ticks ? valueType : valueType === 'int' ? 'long' : valueType;
  return () => {
    const centroids: Centroid[] = [];
    return {
      add: (...a) => {
        const raw = a[0] ?? null;
        const v = ticks ? (typeof raw === 'bigint' ? raw : null) : num(raw);
        if (v === null || (typeof v === 'number' && Number.isNaN(v))) return;
        const w = weighted ? (dynamicToNumber(a[1] ?? null) ?? 0) : 1;
        if (w > 0) centroids.push({ v, w });
      },
      result: () => (centroids.length === 0 ? null : encode({ type, centroids })),
    };
  };
}

function mergeAccumulator(): Accumulator {
  const digests: Digest[] = [];
  return {
    add: (...a) => {
      const d = decode(a[0]);
      if (d !== undefined) digests.push(d);
    },
    result: () => {
      const m = merge(digests);
      return m === undefined ? null : encode(m);
    },
  };
}

const aggregateSpecs: readonly AggSpec[] = [
  {
    name: 'tdigest',
    doc: 'Percentile sketch of the values (exact here), for percentile_tdigest() and merging.',
    params: ['any', 'numeric'],
    min: 1,
    max: 2,
    returns: 'dynamic',
    prefix: 'tdigest',
    create: (t) => digestAccumulator(t[0] ?? 'real', t.length > 1),
  },
  {
    name: 'tdigest_merge',
    doc: 'Merges the tdigest() sketches of the group into one.',
    params: ['dynamic'],
    returns: 'dynamic',
    prefix: 'tdigest_merge',
    create: () => mergeAccumulator,
  },
];

export const tdigestAggregates = defineAggregates(aggregateSpecs);

/** Percents from constant arguments: numbers, or one dynamic array of them. */
function percentArgs(args: readonly KqlValue[]): number[] {
  const flat = args.length === 1 && isArray(args[0]) ? args[0] : args;
  return flat.map((x) => dynamicToNumber(x) ?? Number.NaN);
}

const requestedType = (c: readonly (KqlValue | undefined)[]): ScalarType =>
  (typeof c[2] === 'string' ? parseTypeName(c[2]) : undefined) ?? 'real';

export const tdigestScalars = defineAll('other', [
  {
    name: 'merge_tdigest',
    doc: 'Merges tdigest() sketches given as arguments.',
    params: ['dynamic'],
    min: 1,
    max: 64,
    returns: 'dynamic',
    impl: (...ds) => {
      const m = merge(ds.map(decode));
      return m === undefined ? null : encode(m);
    },
  },
  {
    name: 'percentile_tdigest',
    doc: 'Nearest-rank percentile p of a tdigest() sketch, of the type given by typeof() (real by default).',
    params: ['dynamic', 'numeric', 'string'],
    min: 2,
    max: 3,
    constArgs: [2],
    returns: (_t, c) => requestedType(c),
    compile: (_t, c) => {
      const type = requestedType(c);
      return (d, p) => {
        const digest = decode(d);
        const percent = dynamicToNumber(p ?? null);
        if (digest === undefined || percent === null) return null;
        return asType(percentilesOf(digest, [percent])[0] ?? null, type);
      };
    },
  },
  {
    name: 'rank_tdigest',
    doc: 'Rank of a value in a tdigest() sketch: how many values are less than or equal to it.',
    params: ['dynamic', 'any'],
    returns: 'long',
    impl: (d, v) => rankOf(decode(d), v ?? null),
  },
  {
    name: 'percentrank_tdigest',
    doc: 'Percentage of the values in a tdigest() sketch that are less than or equal to a value.',
    params: ['dynamic', 'any'],
    returns: 'real',
    impl: (d, v) => {
      const digest = decode(d);
      const rank = rankOf(digest, v ?? null);
      if (digest === undefined || rank === null) return null;
      const total = digest.centroids.reduce((s, c) => s + c.w, 0);
      return total === 0 ? null : (rank / total) * 100;
    },
  },
  {
    name: 'percentiles_array_tdigest',
    aliases: ['percentile_array_tdigest'],
    doc: 'Nearest-rank percentiles of a tdigest() sketch as a dynamic array.',
    params: ['dynamic', 'any'],
    min: 2,
    max: 64,
    returns: 'dynamic',
    impl: (d, ...ps) => {
      const digest = decode(d);
      if (digest === undefined) return null;
      return percentilesOf(digest, percentArgs(ps)).map((v) => toDynamic(v, digest.type));
    },
  },
]);
