/**
 * Collecting aggregates: make_set(_if), make_list(_if), make_list_with_nulls, make_bag(_if),
 * dcount(if), count_distinct(if), hll/hll_if/hll_merge, plus the scalar dcount_hll/hll_merge.
 *
 * dcount is exact here (a set of distinct values), not Kusto's HyperLogLog estimate: results
 * match Kusto exactly for small cardinalities and may differ slightly (Kusto's error) for large
 * ones. hll() returns the exact distinct values as a dynamic array, so hll_merge/dcount_hll work.
 */
import { DynReal, type KqlDynamic, type KqlValue, type ScalarType } from '../types.js';
import { type AggSpec, defineAggregates, isTrue } from './aggregate-define.js';
import { dynamicConv, dynamicKey, isArray, isBag } from './coerce.js';
import { defineAll } from './define.js';
import type { Accumulator } from './types.js';

const DEFAULT_MAX = 1_048_576;

/** Primitive values are their own set keys; arrays/bags key by JSON text. */
/** Scalars key as themselves; a real inside dynamic (DynReal) as its number, so 1.0 meets 1. */
const setKey = (v: unknown): unknown =>
  v instanceof DynReal ? v.value : v !== null && typeof v === 'object' ? dynamicKey(v) : v;

const maxSizeOf = (c: KqlValue | undefined) => (typeof c === 'number' && c > 0 ? Math.trunc(c) : DEFAULT_MAX);

interface CollectOptions {
  readonly distinct: boolean;
  readonly keepNulls: boolean;
  readonly predicateAt: number | undefined;
  readonly maxSize: number;
}

function collect(t: ScalarType, o: CollectOptions): () => Accumulator {
  const conv = dynamicConv(t);
  return () => {
    const out: KqlDynamic[] = [];
    const seen = o.distinct ? new Set<unknown>() : undefined;
    return {
      add: (...a) => {
        if (o.predicateAt !== undefined && !isTrue(a[o.predicateAt])) return;
        if (out.length >= o.maxSize) return;
        const v = conv(a[0] ?? null);
        if (v === null && !o.keepNulls) return;
        if (!seen) {
          out.push(v);
          return;
        }
        // make_set of a dynamic array collects the array's elements (set union)
        for (const x of isArray(v) ? v : [v]) {
          const k = setKey(x);
          if (seen.has(k) || out.length >= o.maxSize) continue;
          seen.add(k);
          out.push(x);
        }
      },
      result: () => out,
    };
  };
}

function bagMerge(predicateAt: number | undefined, maxSize: number): () => Accumulator {
  return () => {
    const out: { [k: string]: KqlDynamic } = {};
    let n = 0;
    return {
      add: (...a) => {
        if (predicateAt !== undefined && !isTrue(a[predicateAt])) return;
        const b = a[0];
        if (!isBag(b)) return;
        for (const [k, v] of Object.entries(b)) {
          if (Object.hasOwn(out, k) || n >= maxSize) continue;
          out[k] = v;
          n++;
        }
      },
      result: () => out,
    };
  };
}

function distinctCount(predicateAt: number | undefined): () => Accumulator {
  return () => {
    const seen = new Set<unknown>();
    return {
      add: (...a) => {
        if (predicateAt !== undefined && !isTrue(a[predicateAt])) return;
        const v = a[0];
        if (v === null || v === undefined) return;
        seen.add(setKey(v));
      },
      result: () => seen.size,
    };
  };
}

/** hll "sketch" = the exact distinct keys as a dynamic array of strings. */
function hllAccumulator(predicateAt: number | undefined, mergeInput: boolean): () => Accumulator {
  return () => {
    const keys = new Set<string>();
    return {
      add: (...a) => {
        if (predicateAt !== undefined && !isTrue(a[predicateAt])) return;
        const v = a[0];
        if (v === null || v === undefined) return;
        if (mergeInput) {
          if (isArray(v)) for (const k of v) keys.add(String(k));
        } else keys.add(dynamicKey(v));
      },
      result: () => [...keys],
    };
  };
}

const collectSpec = (
  name: string,
  doc: string,
  prefix: string,
  o: Omit<CollectOptions, 'maxSize'>,
  aliases?: string[],
): AggSpec => {
  const withPred = o.predicateAt !== undefined;
  const sizeAt = withPred ? 2 : 1;
  return {
    name,
    doc,
    params: withPred ? ['any', 'bool', 'long'] : ['any', 'long'],
    min: withPred ? 2 : 1,
    constArgs: [sizeAt],
    returns: 'dynamic',
    prefix,
    create: (t, c) => collect(t[0] ?? 'dynamic', { ...o, maxSize: maxSizeOf(c[sizeAt]) }),
    ...(aliases ? { aliases } : {}),
  };
};

export const collectAggregates = defineAggregates([
  collectSpec(
    'make_set',
    'Distinct values of the group as a dynamic array (nulls ignored).',
    'set',
    { distinct: true, keepNulls: false, predicateAt: undefined },
    ['makeset'],
  ),
  collectSpec('make_set_if', 'Distinct values where the predicate is true.', 'set', {
    distinct: true,
    keepNulls: false,
    predicateAt: 1,
  }),
  collectSpec(
    'make_list',
    'All values of the group as a dynamic array (nulls ignored).',
    'list',
    { distinct: false, keepNulls: false, predicateAt: undefined },
    ['makelist'],
  ),
  collectSpec('make_list_if', 'All values where the predicate is true.', 'list', {
    distinct: false,
    keepNulls: false,
    predicateAt: 1,
  }),
  collectSpec('make_list_with_nulls', 'All values of the group, nulls included.', 'list', {
    distinct: false,
    keepNulls: true,
    predicateAt: undefined,
  }),
  {
    name: 'make_bag',
    doc: 'Merges the property bags of the group (the first value of a key wins).',
    params: ['dynamic', 'long'],
    min: 1,
    constArgs: [1],
    returns: 'dynamic',
    prefix: 'bag',
    create: (_t, c) => bagMerge(undefined, maxSizeOf(c[1])),
  },
  {
    name: 'make_bag_if',
    doc: 'Merges the property bags of the rows where the predicate is true.',
    params: ['dynamic', 'bool', 'long'],
    min: 2,
    constArgs: [2],
    returns: 'dynamic',
    prefix: 'bag',
    create: (_t, c) => bagMerge(1, maxSizeOf(c[2])),
  },
  {
    name: 'dcount',
    doc: 'Number of distinct values (exact here; Kusto estimates).',
    params: ['any', 'long'],
    min: 1,
    constArgs: [1],
    returns: 'long',
    prefix: 'dcount',
    create: () => distinctCount(undefined),
  },
  {
    name: 'dcountif',
    doc: 'Number of distinct values where the predicate is true (exact).',
    params: ['any', 'bool', 'long'],
    min: 2,
    constArgs: [2],
    returns: 'long',
    prefix: 'dcountif',
    create: () => distinctCount(1),
  },
  {
    name: 'count_distinct',
    doc: 'Exact number of distinct values.',
    params: ['any'],
    returns: 'long',
    prefix: 'count_distinct',
    create: () => distinctCount(undefined),
  },
  {
    name: 'count_distinctif',
    doc: 'Exact number of distinct values where the predicate is true.',
    params: ['any', 'bool'],
    returns: 'long',
    prefix: 'count_distinctif',
    create: () => distinctCount(1),
  },
  {
    name: 'hll',
    doc: 'Distinct-count sketch (exact set of values here) for dcount_hll/hll_merge.',
    params: ['any', 'long'],
    min: 1,
    constArgs: [1],
    returns: 'dynamic',
    prefix: 'hll',
    create: () => hllAccumulator(undefined, false),
  },
  {
    name: 'hll_if',
    doc: 'hll() over the rows where the predicate is true.',
    params: ['any', 'bool', 'long'],
    min: 2,
    constArgs: [2],
    returns: 'dynamic',
    prefix: 'hll_if',
    create: () => hllAccumulator(1, false),
  },
  {
    name: 'hll_merge',
    doc: 'Merges hll() sketches of the group.',
    params: ['dynamic'],
    returns: 'dynamic',
    prefix: 'hll_merge',
    create: () => hllAccumulator(undefined, true),
  },
]);

export const hllScalars = defineAll('other', [
  {
    name: 'dcount_hll',
    doc: 'Distinct count held in an hll() sketch.',
    params: ['dynamic'],
    returns: 'long',
    impl: (h) => (isArray(h) ? h.length : null),
  },
  {
    name: 'hll_merge',
    doc: 'Merges hll() sketches given as arguments.',
    params: ['dynamic'],
    min: 2,
    max: 64,
    returns: 'dynamic',
    impl: (...hs) => [...new Set(hs.flatMap((h) => (isArray(h) ? h.map(String) : [])))],
  },
]);
