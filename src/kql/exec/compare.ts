/**
 * Value ordering and hashing shared by sort, top, grouping, distinct and join.
 * Strings order ordinally (UTF-16 code units, as Kusto's ordinal comparison); numbers and ticks
 * numerically; dynamic values by their JSON text.
 */
import { DynReal, type KqlValue } from '../types.js';
import { dynamicJsonText, untagReals } from '../values.js';

/** Compares two non-null values of the same column type. */
export function compareNonNull(x0: KqlValue, y0: KqlValue): number {
  // Reals inside dynamic values (DynReal) order with the other numbers.
  const a = x0 instanceof DynReal ? x0.value : x0;
  const b = y0 instanceof DynReal ? y0.value : y0;
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
    // NaN sorts before every number, consistently.
    return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : 1;
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    // A long beyond 2^53 (bigint) against a number: JS compares the two exactly.
    if (Number.isNaN(a as number)) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const x = keyOf(a);
  const y = keyOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A string that is equal for equal values: the grouping/join key of one value. Numbers and
 * bigint ticks share one form so that `1` and `1n` (a long and a timespan compared by value) meet.
 */
export function keyOf(v: KqlValue): string {
  switch (typeof v) {
    case 'string':
      return `s${v}`;
    case 'number':
    case 'bigint':
      return `n${v}`;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'object':
      if (v instanceof DynReal) return `n${v.value}`;
      return v === null ? '\u0000' : `d${stableJson(v)}`;
    default:
      return `?${String(v)}`;
  }
}

/** JSON text with bigint support, used to key dynamic values (numbers by value: 1.0 meets 1). */
export function stableJson(v: unknown): string {
  return dynamicJsonText(untagReals(v), (t) => `${t}n`);
}

/** Composite key of several values (grouping on several columns). */
export function compositeKey(values: readonly KqlValue[]): string {
  if (values.length === 1) return keyOf(values[0] as KqlValue);
  let s = '';
  for (const v of values) {
    const k = keyOf(v);
    // Length-prefixed so that ('a|', 'b') and ('a', '|b') cannot collide.
    s += `${k.length}:${k}`;
  }
  return s;
}
