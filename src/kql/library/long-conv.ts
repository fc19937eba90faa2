/**
 * Exact conversions into `long` (long.ts holds the representation): tolong, long columns built
 * from other types, and the long → double direction. Kept apart from coerce.ts so the number
 * converters there stay small.
 */
import { type Long, longFromReal, longInRange, longOf, parseLong } from '../long.js';
import type { KqlValue, ScalarType } from '../types.js';
import { MIN_DATETIME } from '../values.js';
import { parseNumber } from './coerce.js';

export type ToLong = (v: KqlValue) => Long | null;

/** Integer text exactly; other numeric text (`12.7`, `1e3`) truncated as Kusto's tolong does. */
export function longFromText(s: string): Long | null {
  const exact = parseLong(s);
  if (exact !== null) return exact;
  // Integer digits beyond int64 do not fit: null rather than a rounded double.
  if (/^\s*[+-]?\d+\s*$/.test(s)) return null;
  const n = parseNumber(s);
  return n === null ? null : longFromReal(n);
}

/** A long from a dynamic value: integers exactly (a bigint inside dynamic is exact), reals truncated. */
export function longFromDynamic(v: unknown): Long | null {
  if (typeof v === 'number') return longFromReal(v);
  if (typeof v === 'bigint') return longInRange(v);
  if (typeof v === 'string') return longFromText(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  // A tagged real (another representation of a number) exposes its value as `value`.
  if (v !== null && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number')
    return longFromReal((v as { value: number }).value);
  return null;
}

/** A long converter for values of static type `t` (datetime: ticks since 0001-01-01, as Kusto). */
export function longConv(t: ScalarType): ToLong {
  switch (t) {
    case 'int':
    case 'long':
      return (v) => (typeof v === 'number' || typeof v === 'bigint' ? v : null);
    case 'real':
    case 'decimal':
      return (v) => (typeof v === 'number' ? longFromReal(v) : null);
    case 'bool':
      return (v) => (v === null ? null : v ? 1 : 0);
    case 'datetime':
      return (v) => (typeof v === 'bigint' ? longOf(v - MIN_DATETIME) : null);
    case 'timespan':
      return (v) => (typeof v === 'bigint' ? longOf(v) : null);
    case 'string':
      return (v) => (typeof v === 'string' ? longFromText(v) : null);
    case 'guid':
      return () => null;
    case 'dynamic':
      return longFromDynamic;
    default: {
      const never: never = t;
      return () => never;
    }
  }
}
