/**
 * Dynamic array functions: pack_array, array_length/index_of/concat/slice/reverse/sort/sum/split/
 * rotate/shift/iff, set_union/intersect/difference/has_element, zip, repeat, range. Non-array
 * inputs give null (as in Kusto). Element equality uses dynamicKey (type-aware JSON identity).
 */
import { DynReal, type KqlDynamic, type KqlValue, type ScalarType } from '../types.js';
import { TICKS_PER_DAY } from '../values.js';
import { boolOf, dynamicConv, dynamicKey, dynamicToNumber, isArray, numberConv, timespanConv } from './coerce.js';
import { type Compile, defineAll } from './define.js';
import type { ScalarImpl } from './types.js';

type Arr = readonly KqlDynamic[];

/** Largest array the library builds (range, repeat), as Kusto's 1,048,576-element limit. */
export const MAX_ARRAY = 1_048_576;

const arrOrNull = (v: KqlValue): Arr | null => (isArray(v) ? v : null);

/** Compiles a function of one array and further numeric arguments. */
function arrNums(f: (a: Arr, ...n: (number | null)[]) => KqlValue): Compile {
  return (types) => {
    const convs = types.map((t) => numberConv(t));
    return (a, ...rest) => {
      const arr = arrOrNull(a);
      if (!arr) return null;
      return f(
        arr,
        ...rest.map((r, i) => (r === undefined ? null : (convs[i + 1] as (v: KqlValue) => number | null)(r))),
      );
    };
  };
}

const normIndex = (i: number, len: number) => (i < 0 ? len + i : i);

function slice(a: Arr, start: number | null, end: number | null): Arr | null {
  if (start === null) return null;
  const s = Math.max(0, normIndex(Math.trunc(start), a.length));
  const e = end === null ? a.length - 1 : Math.min(a.length - 1, normIndex(Math.trunc(end), a.length));
  return e < s ? [] : a.slice(s, e + 1);
}

/** Order for sorting dynamic scalars: numbers, then strings, then bools, then other values. */
function typeRank(v: unknown): number {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 0;
    case 'string':
      return 1;
    case 'boolean':
      return 2;
    default:
      return 3;
  }
}

function compareDyn(x: unknown, y: unknown): number {
  // Reals inside dynamic (DynReal) sort among the other numbers.
  const a = x instanceof DynReal ? x.value : x;
  const b = y instanceof DynReal ? y.value : y;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 3) return dynamicKey(a) < dynamicKey(b) ? -1 : dynamicKey(a) > dynamicKey(b) ? 1 : 0;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function sortArray(a: Arr, desc: boolean, nullsLast: boolean): Arr {
  const values = a.filter((x) => x !== null);
  const nulls = a.length - values.length;
  values.sort((x, y) => (desc ? compareDyn(y, x) : compareDyn(x, y)));
  const ns: KqlDynamic[] = Array.from({ length: nulls }, () => null);
  return nullsLast ? [...values, ...ns] : [...ns, ...values];
}

/**
 * array_sort_asc(a [, nulls_last]) sorts one array. With several arrays,
 * array_sort_asc(keys, a2, a3 … [, nulls_last]) sorts `keys` and reorders the others the same way,
 * returning [sorted keys, a2', a3' …] (the tuple `(k, v) = array_sort_asc(k, v)` unpacks).
 */
const sortCompile =
  (desc: boolean): Compile =>
  (types) => {
    const hasFlag = types.length > 1 && types[types.length - 1] === 'bool';
    const arrays = hasFlag ? types.length - 1 : types.length;
    return (...args) => {
      const nl = hasFlag ? args[arrays] : undefined;
      const nullsLast = nl === undefined || nl === null ? true : boolOf(nl) !== false;
      const keys = arrOrNull(args[0] ?? null);
      if (!keys) return null;
      if (arrays === 1) return sortArray(keys, desc, nullsLast);
      const others = args.slice(1, arrays).map((x) => arrOrNull(x ?? null));
      if (others.some((o) => !o || o.length !== keys.length)) return null;
      const order = keys.map((_, i) => i);
      order.sort((i, j) => {
        const x = keys[i] as KqlDynamic;
        const y = keys[j] as KqlDynamic;
        if (x === null || y === null) return x === y ? 0 : (x === null) === nullsLast ? 1 : -1;
        return desc ? compareDyn(y, x) : compareDyn(x, y);
      });
      return [keys, ...(others as Arr[])].map((arr) => order.map((i) => arr[i] as KqlDynamic));
    };
  };

function distinct(values: Iterable<KqlDynamic>): KqlDynamic[] {
  const seen = new Set<string>();
  const out: KqlDynamic[] = [];
  for (const v of values) {
    const k = dynamicKey(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

const setOp =
  (kind: 'union' | 'intersect' | 'difference'): ScalarImpl =>
  (...args) => {
    const arrays = args.map(arrOrNull);
    if (arrays.some((a) => a === null)) return null;
    const [first, ...rest] = arrays as Arr[];
    if (kind === 'union') return distinct(arrays.flat() as KqlDynamic[]);
    const restKeys = rest.map((r) => new Set(r.map(dynamicKey)));
    const keep =
      kind === 'intersect'
        ? (v: KqlDynamic) => restKeys.every((s) => s.has(dynamicKey(v)))
        : (v: KqlDynamic) => !restKeys.some((s) => s.has(dynamicKey(v)));
    return distinct((first ?? []).filter(keep));
  };

/** Converter of a value argument into dynamic, for comparisons with array elements. */
const valueKey = (t: ScalarType | undefined) => {
  const conv = dynamicConv(t ?? 'dynamic');
  return (v: KqlValue) => dynamicKey(conv(v));
};

function rangeArray(
  start: KqlValue,
  stop: KqlValue,
  step: KqlValue | undefined,
  types: readonly ScalarType[],
): KqlDynamic {
  const t0 = types[0] ?? 'long';
  if (t0 === 'datetime' || t0 === 'timespan') {
    if (typeof start !== 'bigint' || typeof stop !== 'bigint') return null;
    const st = step === undefined ? TICKS_PER_DAY : timespanConv(types[2] ?? 'timespan')(step);
    if (st === null || st === 0n) return null;
    const out: KqlDynamic[] = [];
    const conv = dynamicConv(t0);
    for (let v = start; st > 0n ? v <= stop : v >= stop; v += st) {
      out.push(conv(v));
      if (out.length >= MAX_ARRAY) break;
    }
    return out;
  }
  const [a, b] = [dynamicToNumber(start), dynamicToNumber(stop)];
  const s = step === undefined ? 1 : dynamicToNumber(step);
  if (a === null || b === null || s === null || s === 0 || !Number.isFinite(s)) return null;
  const out: number[] = [];
  for (let v = a; s > 0 ? v <= b : v >= b; v += s) {
    out.push(v);
    if (out.length >= MAX_ARRAY) break;
  }
  return out;
}

function rotate(a: Arr, n: number | null): Arr | null {
  if (n === null || a.length === 0) return n === null ? null : a;
  const k = ((Math.trunc(n) % a.length) + a.length) % a.length;
  return [...a.slice(k), ...a.slice(0, k)];
}

function shift(a: Arr, n: number | null, fill: KqlDynamic): Arr | null {
  if (n === null) return null;
  const k = Math.trunc(n);
  if (Math.abs(k) >= a.length) return a.map(() => fill);
  const pad: KqlDynamic[] = Array.from({ length: Math.abs(k) }, () => fill);
  return k >= 0 ? [...a.slice(k), ...pad] : [...pad, ...a.slice(0, a.length + k)];
}

const packArray: Compile = (types) => {
  const convs = types.map((t) => dynamicConv(t));
  return (...args) => args.map((a, i) => (convs[i] as (v: KqlValue) => KqlDynamic)(a));
};

export const arrayFunctions = defineAll('dynamic', [
  {
    name: 'pack_array',
    doc: 'Packs its arguments into a dynamic array.',
    params: ['any'],
    min: 1,
    // No documented limit; a Microsoft hunting query passes 65 values.
    max: Number.POSITIVE_INFINITY,
    returns: 'dynamic',
    compile: packArray,
  },
  {
    name: 'array_length',
    doc: 'Number of elements of a dynamic array (null if not an array).',
    params: ['dynamic'],
    returns: 'long',
    impl: (a) => (isArray(a) ? a.length : null),
  },
  {
    name: 'array_index_of',
    doc: 'Index of the first element equal to a value (optional start, length, occurrence), or -1.',
    params: ['dynamic', 'any', 'long', 'long', 'long'],
    min: 2,
    returns: 'long',
    compile: (types) => {
      const key = valueKey(types[1]);
      const nums = [2, 3, 4].map((i) => numberConv(types[i] ?? 'long'));
      return (a, v, st, ln, oc) => {
        const arr = arrOrNull(a);
        if (!arr) return null;
        const num = (i: number, x: KqlValue | undefined, d: number) =>
          x === undefined ? d : ((nums[i] as (v: KqlValue) => number | null)(x) ?? d);
        const k = key(v);
        const start = Math.max(0, normIndex(Math.trunc(num(0, st, 0)), arr.length));
        const len = num(1, ln, -1);
        const end = len < 0 ? arr.length : Math.min(arr.length, start + Math.trunc(len));
        let occ = Math.trunc(num(2, oc, 1));
        for (let i = start; i < end; i++) if (dynamicKey(arr[i]) === k && --occ === 0) return i;
        return -1;
      };
    },
  },
  {
    name: 'array_concat',
    doc: 'Concatenates dynamic arrays.',
    params: ['dynamic'],
    min: 1,
    max: 64,
    returns: 'dynamic',
    impl: (...args) => (args.every(isArray) ? (args as Arr[]).flat() : null),
  },
  {
    name: 'array_slice',
    doc: 'Elements from start to end index (inclusive; negative from the end).',
    params: ['dynamic', 'long', 'long'],
    returns: 'dynamic',
    compile: arrNums((a, s, e) => slice(a, s, e)),
  },
  {
    name: 'array_reverse',
    doc: 'The array in reverse order.',
    params: ['dynamic'],
    returns: 'dynamic',
    impl: (a) => (isArray(a) ? [...a].reverse() : null),
  },
  {
    name: 'array_sort_asc',
    doc: 'Sorts an array ascending (nulls last unless the second argument is false).',
    params: ['dynamic', 'any'],
    max: Number.POSITIVE_INFINITY,
    min: 1,
    returns: 'dynamic',
    compile: sortCompile(false),
  },
  {
    name: 'array_sort_desc',
    doc: 'Sorts an array descending (nulls last unless the second argument is false).',
    params: ['dynamic', 'any'],
    max: Number.POSITIVE_INFINITY,
    min: 1,
    returns: 'dynamic',
    compile: sortCompile(true),
  },
  {
    name: 'array_sum',
    doc: 'Sum of the numeric elements of an array.',
    params: ['dynamic'],
    returns: 'real',
    impl: (a) => {
      if (!isArray(a)) return null;
      let s = 0;
      for (const x of a) {
        const n = dynamicToNumber(x);
        if (n === null) return null;
        s += n;
      }
      return s;
    },
  },
  {
    name: 'array_split',
    doc: 'Splits an array at the given index (or array of indexes) into an array of arrays.',
    params: ['dynamic', 'dynamic'],
    returns: 'dynamic',
    impl: (a, idx) => {
      if (!isArray(a)) return null;
      const cuts = (isArray(idx) ? idx : [idx])
        .map(dynamicToNumber)
        .filter((n): n is number => n !== null)
        .map((n) => Math.min(a.length, Math.max(0, normIndex(Math.trunc(n), a.length))));
      const out: KqlDynamic[] = [];
      let from = 0;
      for (const c of [...cuts].sort((x, y) => x - y)) {
        out.push(a.slice(from, Math.max(from, c)));
        from = Math.max(from, c);
      }
      out.push(a.slice(from));
      return out;
    },
  },
  {
    name: 'array_rotate_left',
    doc: 'Rotates array elements left by n.',
    params: ['dynamic', 'long'],
    returns: 'dynamic',
    compile: arrNums((a, n) => rotate(a, n)),
  },
  {
    name: 'array_rotate_right',
    doc: 'Rotates array elements right by n.',
    params: ['dynamic', 'long'],
    returns: 'dynamic',
    compile: arrNums((a, n) => rotate(a, n === null ? null : -n)),
  },
  {
    name: 'array_shift_left',
    doc: 'Shifts elements left by n, filling with null or a given value.',
    params: ['dynamic', 'long', 'any'],
    min: 2,
    returns: 'dynamic',
    compile: (types) => {
      const n = numberConv(types[1] ?? 'long');
      const fill = dynamicConv(types[2] ?? 'dynamic');
      return (a, k, f) => (isArray(a) ? shift(a, n(k), f === undefined ? null : fill(f)) : null);
    },
  },
  {
    name: 'array_shift_right',
    doc: 'Shifts elements right by n, filling with null or a given value.',
    params: ['dynamic', 'long', 'any'],
    min: 2,
    returns: 'dynamic',
    compile: (types) => {
      const n = numberConv(types[1] ?? 'long');
      const fill = dynamicConv(types[2] ?? 'dynamic');
      return (a, k, f) => {
        const by = n(k);
        return isArray(a) ? shift(a, by === null ? null : -by, f === undefined ? null : fill(f)) : null;
      };
    },
  },
  {
    name: 'array_iff',
    aliases: ['array_iif'],
    doc: 'Element-wise iff over a condition array and two value arrays (or scalars).',
    params: ['dynamic', 'any', 'any'],
    returns: 'dynamic',
    compile: (types) => {
      const [ct, ft] = [dynamicConv(types[1] ?? 'dynamic'), dynamicConv(types[2] ?? 'dynamic')];
      return (c, t, f) => {
        if (!isArray(c)) return null;
        const pick = (v: KqlValue, conv: (v: KqlValue) => KqlDynamic, i: number) =>
          isArray(v) ? (v[i] ?? null) : conv(v);
        return c.map((x, i) => {
          const b = boolOf(x);
          return b === null ? null : b ? pick(t, ct, i) : pick(f, ft, i);
        });
      };
    },
  },
  {
    name: 'set_union',
    doc: 'Distinct elements of all arrays.',
    params: ['dynamic'],
    min: 2,
    max: 64,
    returns: 'dynamic',
    impl: setOp('union'),
  },
  {
    name: 'set_intersect',
    doc: 'Distinct elements present in every array.',
    params: ['dynamic'],
    min: 2,
    max: 64,
    returns: 'dynamic',
    impl: setOp('intersect'),
  },
  {
    name: 'set_difference',
    doc: 'Distinct elements of the first array absent from the others.',
    params: ['dynamic'],
    min: 2,
    max: 64,
    returns: 'dynamic',
    impl: setOp('difference'),
  },
  {
    name: 'set_has_element',
    doc: 'True when the array contains the value.',
    params: ['dynamic', 'any'],
    returns: 'bool',
    compile: (types) => {
      const key = valueKey(types[1]);
      return (a, v) => (isArray(a) ? a.some((x) => dynamicKey(x) === key(v)) : null);
    },
  },
  {
    name: 'zip',
    doc: 'Zips arrays into an array of tuples (missing elements are null).',
    params: ['dynamic'],
    min: 2,
    max: 16,
    returns: 'dynamic',
    impl: (...args) => {
      if (!args.every(isArray)) return null;
      const arrays = args as Arr[];
      const n = Math.max(...arrays.map((a) => a.length));
      return Array.from({ length: n }, (_, i) => arrays.map((a) => a[i] ?? null));
    },
  },
  {
    name: 'repeat',
    doc: 'An array holding a value repeated n times.',
    params: ['any', 'long'],
    returns: 'dynamic',
    compile: (types) => {
      const conv = dynamicConv(types[0] ?? 'dynamic');
      const n = numberConv(types[1] ?? 'long');
      return (v, k) => {
        const count = n(k);
        return count === null || count < 0
          ? null
          : Array.from({ length: Math.min(Math.trunc(count), MAX_ARRAY) }, () => conv(v));
      };
    },
  },
  {
    name: 'range',
    doc: 'Array of values from start to stop by step (numbers, or datetimes/timespans by a timespan).',
    params: ['any', 'any', 'any'],
    min: 2,
    returns: 'dynamic',
    compile: (types) => (a, b, s) => rangeArray(a, b, s, types),
  },
]);
