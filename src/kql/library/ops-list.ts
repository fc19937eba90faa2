/**
 * List operators (`in`, `!in`, `in~`, `!in~`, `has_any`, `has_all`), `between`/`!between`, and
 * dynamic access (`[]` index, `.` member).
 *
 * The list arrives as ONE dynamic array argument (the binder packs `x in ('a', 'b')` into
 * `['a','b']`, or passes the first column of a sub-query). A constant list is indexed once in
 * `compile`; a list computed at run time (a sub-query) is indexed once per distinct array object.
 */
import { longOf } from '../long.js';
import type { KqlDynamic, KqlValue, ScalarType } from '../types.js';
import { parseDatetime, parseTimespan } from '../values.js';
import {
  boolOf,
  datetimeConv,
  dynamicKey,
  dynamicText,
  dynamicToNumber,
  isArray,
  isBag,
  numberConv,
  parseJson,
  stringConv,
  timespanConv,
} from './coerce.js';
import { type ConstArgs, defineAll } from './define.js';
import { allTermsMatcher, anyTermMatcher, type Matcher } from './terms.js';
import type { ScalarImpl } from './types.js';

type Key = string | number | bigint | boolean | null;

/** Maps the left operand and the list elements to comparable keys, by the left operand's type. */
function keyFunctions(t: ScalarType, ci: boolean): { left: (v: KqlValue) => Key; elem: (e: unknown) => Key } {
  switch (t) {
    case 'int':
    case 'long':
      // A list integer beyond 2^53 is a bigint: in its canonical long form it meets the long's.
      return { left: (v) => v as Key, elem: (e) => (typeof e === 'bigint' ? longOf(e) : dynamicToNumber(e)) };
    case 'real':
    case 'decimal':
      return { left: (v) => v as Key, elem: dynamicToNumber };
    case 'datetime':
      return {
        left: (v) => v as Key,
        elem: (e) => (typeof e === 'bigint' ? e : typeof e === 'string' ? parseDatetime(e) : null),
      };
    case 'timespan':
      return {
        left: (v) => v as Key,
        elem: (e) => (typeof e === 'bigint' ? e : typeof e === 'string' ? parseTimespan(e) : null),
      };
    case 'bool':
      return { left: (v) => v as Key, elem: boolOf };
    case 'string':
    case 'guid': {
      const text = (e: unknown) => (e === null || e === undefined ? null : dynamicText(e));
      return ci
        ? { left: (v) => (v === null ? null : String(v).toLowerCase()), elem: (e) => text(e)?.toLowerCase() ?? null }
        : { left: (v) => v as Key, elem: text };
    }
    case 'dynamic': {
      const key = (e: unknown) => (e === null || e === undefined ? null : dynamicKey(e));
      return ci
        ? { left: (v) => key(v)?.toLowerCase() ?? null, elem: (e) => key(e)?.toLowerCase() ?? null }
        : { left: key, elem: key };
    }
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** Caches one derived structure per list object (constant lists are derived once in compile). */
function perList<T>(constList: KqlValue | undefined, build: (list: readonly unknown[]) => T): (list: KqlValue) => T {
  const asArray = (l: KqlValue): readonly unknown[] => (isArray(l) ? l : l === null ? [] : [l]);
  if (constList !== undefined) {
    const fixed = build(asArray(constList));
    return () => fixed;
  }
  const cache = new WeakMap<object, T>();
  return (l) => {
    if (l === null || typeof l !== 'object') return build(asArray(l));
    let hit = cache.get(l);
    if (hit === undefined) {
      hit = build(asArray(l));
      cache.set(l, hit);
    }
    return hit;
  };
}

function compileIn(t: readonly ScalarType[], c: ConstArgs, ci: boolean, negate: boolean): ScalarImpl {
  const keys = keyFunctions(t[0] ?? 'dynamic', ci);
  const setOf = perList(c[1], (list) => {
    const s = new Set<Key>();
    for (const e of list) {
      const k = keys.elem(e);
      if (k !== null) s.add(k);
    }
    return s;
  });
  return (v, list) => {
    const k = keys.left(v);
    if (k === null) return negate; // a null is in no list
    return setOf(list).has(k) !== negate;
  };
}

function compileTerms(t: readonly ScalarType[], c: ConstArgs, all: boolean, negate: boolean): ScalarImpl {
  const hayOf = stringConv(t[0]);
  const matcherOf = perList<Matcher>(c[1], (list) => {
    const needles = list.filter((e) => e !== null && e !== undefined).map((e) => dynamicText(e));
    return all ? allTermsMatcher(needles, false) : anyTermMatcher(needles, false);
  });
  return (v, list) => matcherOf(list)(hayOf(v)) !== negate;
}

/** `between`: inclusive range; for datetime/timespan a timespan upper bound means low + span. */
function compileBetween(t: readonly ScalarType[], negate: boolean): ScalarImpl {
  const l = t[0] ?? 'dynamic';
  if (l === 'datetime' || l === 'timespan') {
    const conv = l === 'datetime' ? datetimeConv : timespanConv;
    const lo = conv(t[1] ?? l);
    const spanHigh = l === 'datetime' && t[2] === 'timespan';
    const hi = spanHigh ? timespanConv('timespan') : conv(t[2] ?? l);
    return (v, a, b) => {
      const low = lo(a);
      let high = hi(b);
      if (v === null || low === null || high === null) return null;
      if (spanHigh) high += low;
      const inside = (v as bigint) >= low && (v as bigint) <= high;
      return inside !== negate;
    };
  }
  const nv = numberConv(l);
  const n1 = numberConv(t[1] ?? 'dynamic');
  const n2 = numberConv(t[2] ?? 'dynamic');
  return (v, a, b) => {
    const x = nv(v);
    const low = n1(a);
    const high = n2(b);
    if (x === null || low === null || high === null) return null;
    return (x >= low && x <= high) !== negate;
  };
}

/** `target[index]`: array element (negative counts from the end) or bag value. */
export function indexDynamic(target: unknown, index: unknown): KqlDynamic {
  if (isArray(target)) {
    const n = typeof index === 'number' ? index : typeof index === 'string' ? Number(index) : Number.NaN;
    if (!Number.isInteger(n)) return null;
    const i = n < 0 ? target.length + n : n;
    return (target[i] as KqlDynamic | undefined) ?? null;
  }
  if (isBag(target) && (typeof index === 'string' || typeof index === 'number')) {
    const key = String(index);
    return Object.hasOwn(target, key) ? (target[key] as KqlDynamic) : null;
  }
  return null;
}

/** A string target of `[]`/`.` is parsed as JSON first (Kusto converts it to dynamic). */
const targetOf = (t: ScalarType | undefined) =>
  t === 'string' ? (v: KqlValue) => parseJson(v as string) : (v: KqlValue) => v;

export const listOperators = defineAll('operator', [
  {
    name: 'in',
    doc: 'Equals one of the list elements (case-sensitive).',
    params: ['any', 'dynamic'],
    returns: 'bool',
    compile: (t, c) => compileIn(t, c, false, false),
  },
  {
    name: '!in',
    doc: 'Equals none of the list elements (case-sensitive).',
    params: ['any', 'dynamic'],
    returns: 'bool',
    compile: (t, c) => compileIn(t, c, false, true),
  },
  {
    name: 'in~',
    doc: 'Equals one of the list elements (case-insensitive).',
    params: ['any', 'dynamic'],
    returns: 'bool',
    compile: (t, c) => compileIn(t, c, true, false),
  },
  {
    name: '!in~',
    doc: 'Equals none of the list elements (case-insensitive).',
    params: ['any', 'dynamic'],
    returns: 'bool',
    compile: (t, c) => compileIn(t, c, true, true),
  },
  {
    name: 'has_any',
    doc: 'Has (term match) any of the list elements (case-insensitive).',
    params: ['any', 'dynamic'],
    returns: 'bool',
    compile: (t, c) => compileTerms(t, c, false, false),
  },
  {
    name: '!has_any',
    doc: 'Has none of the list elements (case-insensitive).',
    params: ['any', 'dynamic'],
    returns: 'bool',
    compile: (t, c) => compileTerms(t, c, false, true),
  },
  {
    name: 'has_all',
    doc: 'Has (term match) all of the list elements (case-insensitive).',
    params: ['any', 'dynamic'],
    returns: 'bool',
    compile: (t, c) => compileTerms(t, c, true, false),
  },
  {
    name: '!has_all',
    doc: 'Lacks at least one of the list elements (case-insensitive).',
    params: ['any', 'dynamic'],
    returns: 'bool',
    compile: (t, c) => compileTerms(t, c, true, true),
  },
  {
    name: 'between',
    doc: 'Inclusive range test: x between (low .. high).',
    params: ['any', 'any', 'any'],
    returns: 'bool',
    compile: (t) => compileBetween(t, false),
  },
  {
    name: '!between',
    doc: 'Outside the inclusive range (low .. high).',
    params: ['any', 'any', 'any'],
    returns: 'bool',
    compile: (t) => compileBetween(t, true),
  },
  {
    name: '[]',
    doc: 'Dynamic index: array element (negative from the end) or bag value by key.',
    params: ['dynamic', 'any'],
    returns: 'dynamic',
    compile: (t) => {
      const target = targetOf(t[0]);
      return (v, i) => indexDynamic(target(v), i);
    },
  },
  {
    name: '.',
    doc: 'Dynamic member access: bag value by a constant property name.',
    params: ['dynamic', 'string'],
    returns: 'dynamic',
    constArgs: [1],
    compile: (t, c) => {
      const target = targetOf(t[0]);
      const name = c[1];
      return typeof name === 'string' ? (v) => indexDynamic(target(v), name) : (v, n) => indexDynamic(target(v), n);
    },
  },
]);
