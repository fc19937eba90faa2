/**
 * Basic aggregates: count, countif, sum, sumif, avg, avgif, min, max, minif, maxif, take_any,
 * take_anyif, binary_all_and/or/xor. Null rules follow Kusto: count() counts rows, count(x) and
 * the rest ignore nulls (and empty strings for min/max, which is how Kusto strings are "null");
 * a group whose values are all null sums to null (count is 0).
 */
import { isSafeNumber, longOf } from '../long.js';
import { isNumericType, type KqlValue, type ScalarType } from '../types.js';
import { type AggSpec, defineAggregates, isTrue } from './aggregate-define.js';
import { numberConv } from './coerce.js';
import type { Accumulator } from './types.js';

/** sum over numbers or timespan ticks; result type long for int/long, else the argument's type. */
function sumAccumulator(t: ScalarType, predicateAt: number | undefined): () => Accumulator {
  if (t === 'timespan') {
    return () => {
      let s = 0n;
      let any = false;
      return {
        add: (...a) => {
          if (predicateAt !== undefined && !isTrue(a[predicateAt])) return;
          if (typeof a[0] === 'bigint') {
            s += a[0];
            any = true;
          }
        },
        result: () => (any ? s : null),
      };
    };
  }
  if (t === 'int' || t === 'long') return longSumAccumulator(predicateAt);
  const n = numberConv(t);
  return () => {
    let s = 0;
    let any = false;
    return {
      add: (...a) => {
        if (predicateAt !== undefined && !isTrue(a[predicateAt])) return;
        const x = n(a[0] ?? null);
        if (x !== null) {
          s += x;
          any = true;
        }
      },
      result: () => (any ? s : null),
    };
  };
}

/**
 * Exact sum of longs, wrapping around on overflow as long arithmetic does (long.ts): a double
 * while the running sum stays a safe integer, a bigint from the first step that leaves that range.
 */
function longSumAccumulator(predicateAt: number | undefined): () => Accumulator {
  return () => {
    let s = 0;
    let big: bigint | undefined;
    let any = false;
    return {
      add: (...a) => {
        if (predicateAt !== undefined && !isTrue(a[predicateAt])) return;
        const x = a[0] ?? null;
        if (typeof x === 'number') {
          any = true;
          if (big === undefined) {
            const r = s + x;
            if (isSafeNumber(r) && Number.isInteger(x)) {
              s = r;
              return;
            }
            big = BigInt(s);
          }
          big += BigInt(Number.isInteger(x) ? x : Math.trunc(x));
        } else if (typeof x === 'bigint') {
          any = true;
          big = (big ?? BigInt(s)) + x;
        }
      },
      result: () => (any ? (big === undefined ? s : longOf(big)) : null),
    };
  };
}

function avgAccumulator(t: ScalarType, predicateAt: number | undefined): () => Accumulator {
  const n = numberConv(t);
  return () => {
    let s = 0;
    let c = 0;
    return {
      add: (...a) => {
        if (predicateAt !== undefined && !isTrue(a[predicateAt])) return;
        const x = n(a[0] ?? null);
        if (x !== null) {
          s += x;
          c++;
        }
      },
      result: () => (c === 0 ? null : t === 'timespan' ? BigInt(Math.round(s / c)) : s / c),
    };
  };
}

/** min/max over any orderable type (numbers, ticks, strings, bools), ignoring nulls and ''. */
function extremeAccumulator(wantMax: boolean, predicateAt: number | undefined): () => Accumulator {
  return () => {
    let best: KqlValue = null;
    return {
      add: (...a) => {
        if (predicateAt !== undefined && !isTrue(a[predicateAt])) return;
        const v = a[0] ?? null;
        if (v === null || v === '' || (typeof v === 'number' && Number.isNaN(v))) return;
        if (best === null || (wantMax ? (v as number) > (best as number) : (v as number) < (best as number))) best = v;
      },
      result: () => best,
    };
  };
}

/** take_any: the first non-null (non-empty) value seen; several arguments give several outputs. */
function anyAccumulator(argCount: number, predicateAt: number | undefined): () => Accumulator {
  return () => {
    let row: KqlValue[] | undefined;
    return {
      add: (...a) => {
        if (row !== undefined) return;
        if (predicateAt !== undefined && !isTrue(a[predicateAt])) return;
        if (argCount === 1 && (a[0] === null || a[0] === '')) return;
        row = a.slice(0, argCount);
      },
      result: () => (argCount === 1 ? (row?.[0] ?? null) : (row ?? Array.from({ length: argCount }, () => null))),
    };
  };
}

function bitwiseAccumulator(op: (a: bigint, b: bigint) => bigint): () => Accumulator {
  return () => {
    let acc: bigint | null = null;
    return {
      add: (v) => {
        if (typeof v !== 'bigint' && (typeof v !== 'number' || !Number.isFinite(v))) return;
        const b = BigInt.asIntN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v)));
        acc = acc === null ? b : op(acc, b);
      },
      result: () => (acc === null ? null : longOf(acc)),
    };
  };
}

const sumType = (t: readonly ScalarType[]): ScalarType => {
  const a = t[0] ?? 'real';
  return a === 'int' || a === 'long' ? 'long' : isNumericType(a) || a === 'timespan' ? a : 'real';
};

const countRows = (predicateAt: number | undefined, nonNullArg: boolean) => () => () => {
  let c = 0;
  return {
    add: (...a: KqlValue[]) => {
      if (predicateAt !== undefined && !isTrue(a[predicateAt])) return;
      if (nonNullArg && (a[0] === null || a[0] === undefined)) return;
      c++;
    },
    result: () => c,
  };
};

const specs: AggSpec[] = [
  {
    name: 'count',
    doc: 'Number of rows in the group (count(x): rows where x is not null).',
    params: ['any'],
    min: 0,
    max: 1,
    returns: 'long',
    prefix: 'count',
    create: (t) => countRows(undefined, t.length === 1)(),
  },
  {
    name: 'countif',
    doc: 'Number of rows where the predicate is true.',
    params: ['bool'],
    returns: 'long',
    prefix: 'countif',
    name_: () => 'countif_',
    create: countRows(0, false),
  },
  {
    name: 'sum',
    doc: 'Sum of the values (nulls ignored).',
    params: ['summable'],
    returns: sumType,
    prefix: 'sum',
    create: (t) => sumAccumulator(t[0] ?? 'real', undefined),
  },
  {
    name: 'sumif',
    doc: 'Sum of the values where the predicate is true.',
    params: ['summable', 'bool'],
    returns: sumType,
    prefix: 'sumif',
    create: (t) => sumAccumulator(t[0] ?? 'real', 1),
  },
  {
    name: 'avg',
    doc: 'Average of the values (nulls ignored).',
    params: ['summable'],
    returns: (t) => (t[0] === 'timespan' ? 'timespan' : 'real'),
    prefix: 'avg',
    create: (t) => avgAccumulator(t[0] ?? 'real', undefined),
  },
  {
    name: 'avgif',
    doc: 'Average of the values where the predicate is true.',
    params: ['summable', 'bool'],
    returns: (t) => (t[0] === 'timespan' ? 'timespan' : 'real'),
    prefix: 'avgif',
    create: (t) => avgAccumulator(t[0] ?? 'real', 1),
  },
  {
    name: 'min',
    doc: 'Smallest value (nulls ignored).',
    params: ['orderable'],
    returns: (t) => t[0] ?? 'dynamic',
    prefix: 'min',
    create: () => extremeAccumulator(false, undefined),
  },
  {
    name: 'max',
    doc: 'Largest value (nulls ignored).',
    params: ['orderable'],
    returns: (t) => t[0] ?? 'dynamic',
    prefix: 'max',
    create: () => extremeAccumulator(true, undefined),
  },
  {
    name: 'minif',
    doc: 'Smallest value where the predicate is true.',
    params: ['orderable', 'bool'],
    returns: (t) => t[0] ?? 'dynamic',
    prefix: 'minif',
    create: () => extremeAccumulator(false, 1),
  },
  {
    name: 'maxif',
    doc: 'Largest value where the predicate is true.',
    params: ['orderable', 'bool'],
    returns: (t) => t[0] ?? 'dynamic',
    prefix: 'maxif',
    create: () => extremeAccumulator(true, 1),
  },
  {
    name: 'take_any',
    aliases: ['any'],
    doc: 'An arbitrary (here: the first non-empty) value of the group; several arguments give several outputs.',
    params: ['any'],
    min: 1,
    max: 64,
    returns: (t) => t[0] ?? 'dynamic',
    prefix: 'any',
    create: (t) => anyAccumulator(t.length, undefined),
  },
  {
    name: 'take_anyif',
    aliases: ['anyif'],
    doc: 'An arbitrary value of the rows where the predicate is true.',
    params: ['any', 'bool'],
    returns: (t) => t[0] ?? 'dynamic',
    prefix: 'anyif',
    create: () => anyAccumulator(1, 1),
  },
  {
    name: 'binary_all_and',
    doc: 'Bitwise AND of all values.',
    params: ['long'],
    returns: 'long',
    prefix: 'binary_all_and',
    create: () => bitwiseAccumulator((a, b) => a & b),
  },
  {
    name: 'binary_all_or',
    doc: 'Bitwise OR of all values.',
    params: ['long'],
    returns: 'long',
    prefix: 'binary_all_or',
    create: () => bitwiseAccumulator((a, b) => a | b),
  },
  {
    name: 'binary_all_xor',
    doc: 'Bitwise XOR of all values.',
    params: ['long'],
    returns: 'long',
    prefix: 'binary_all_xor',
    create: () => bitwiseAccumulator((a, b) => a ^ b),
  },
];

export const basicAggregates = defineAggregates(specs);
