/**
 * Conversions between runtime representations, chosen once per compiled call from the argument
 * types (a bigint is a datetime or a timespan depending on the static type, so conversions must
 * know the type). Kusto's implicit conversions: anything → string for string functions, dynamic →
 * the scalar it holds, int/long/real/decimal interchangeable as JS numbers.
 *
 * Inside dynamic values a datetime is kept as bigint ticks (values.ts prints it as a datetime);
 * a timespan is stored as its text form ("00:00:02"), which is what Kusto shows for a timespan
 * packed into a dynamic array.
 */
import { DynReal, dynReal, type KqlDynamic, type KqlValue, type ScalarType } from '../types.js';
import {
  dynamicJsonText,
  formatDatetime,
  formatTimespan,
  parseDatetime,
  parseGuid,
  parseTimespan,
  realText,
  untagReals,
} from '../values.js';
import { parseJsonText } from './json-parse.js';

/** Kusto prints reals like .NET's round-trip format: `1.5`, `1E+21`, `1E-07`, `NaN`, `Infinity`. */
export const formatReal = realText;

/** `2024-01-02T03:04:05Z`, with the fraction only when non-zero (trailing zeros dropped). */
export function datetimeText(t: bigint): string {
  const full = formatDatetime(t); // yyyy-mm-ddThh:mm:ss.fffffffZ
  const dot = full.lastIndexOf('.');
  if (dot < 0) return full;
  const frac = full.slice(dot + 1, full.length - 1).replace(/0+$/, '');
  return frac === '' ? `${full.slice(0, dot)}Z` : `${full.slice(0, dot)}.${frac}Z`;
}

/** JSON text of a dynamic value (bigint ticks print as datetimes, integral reals as `50.0`). */
export function dynamicText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return dynamicJsonText(v, datetimeText);
}

/** Kusto `tostring()` of a value of static type `t`; null becomes ''. */
export function valueToString(v: KqlValue, t: ScalarType): string {
  if (v === null || v === undefined) return '';
  switch (t) {
    case 'string':
    case 'guid':
      return String(v);
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return typeof v === 'number' ? formatReal(v) : String(v);
    case 'datetime':
      return typeof v === 'bigint' ? datetimeText(v) : String(v);
    case 'timespan':
      return typeof v === 'bigint' ? formatTimespan(v) : String(v);
    case 'dynamic':
      return dynamicText(v);
    default: {
      const never: never = t;
      return String(never);
    }
  }
}

export type ToString = (v: KqlValue) => string;

/** A string converter for values of type `t` (the identity-ish fast path for strings). */
export function stringConv(t: ScalarType | undefined): ToString {
  if (t === 'string' || t === undefined)
    return (v) => (typeof v === 'string' ? v : v === null ? '' : valueToString(v, 'dynamic'));
  return (v) => valueToString(v, t);
}

/** Parses a number the way Kusto's implicit string → number conversions do (null when invalid). */
export function parseNumber(s: string): number | null {
  const text = s.trim();
  if (text === '') return null;
  if (/^[+-]?0x[0-9a-f]+$/i.test(text)) {
    const neg = text.startsWith('-');
    const n = Number.parseInt(text.replace(/^[+-]/, ''), 16);
    return neg ? -n : n;
  }
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === 'infinity' || lower === '+infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-infinity') return Number.NEGATIVE_INFINITY;
  const n = Number(text);
  return Number.isNaN(n) ? null : n;
}

/** Number from a dynamic value (JSON number, numeric string, bool), or null. */
export function dynamicToNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (v instanceof DynReal) return v.value;
  if (typeof v === 'string') return parseNumber(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

export type ToNumber = (v: KqlValue) => number | null;

/** A number converter for values of type `t` (datetime/timespan give their ticks). */
export function numberConv(t: ScalarType): ToNumber {
  switch (t) {
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      // a long beyond 2^53 is a bigint (long.ts): its nearest double
      return (v) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);
    case 'bool':
      return (v) => (v === null ? null : v ? 1 : 0);
    case 'datetime':
    case 'timespan':
      return (v) => (typeof v === 'bigint' ? Number(v) : null);
    case 'string':
      return (v) => (typeof v === 'string' ? parseNumber(v) : null);
    case 'guid':
      return () => null;
    case 'dynamic':
      return dynamicToNumber as ToNumber;
    default: {
      const never: never = t;
      return () => never;
    }
  }
}

export type ToTicks = (v: KqlValue) => bigint | null;

/** Datetime ticks from a value of type `t` (strings and dynamic parse; numbers are not datetimes). */
export function datetimeConv(t: ScalarType): ToTicks {
  switch (t) {
    case 'datetime':
      return (v) => (typeof v === 'bigint' ? v : null);
    case 'string':
      return (v) => (typeof v === 'string' ? parseDatetime(v) : null);
    case 'dynamic':
      return (v) => (typeof v === 'bigint' ? v : typeof v === 'string' ? parseDatetime(v) : null);
    default:
      return () => null;
  }
}

/** Timespan ticks from a value of type `t` (numbers count ticks, as Kusto's totimespan(long) does). */
export function timespanConv(t: ScalarType): ToTicks {
  switch (t) {
    case 'timespan':
      return (v) => (typeof v === 'bigint' ? v : null);
    case 'string':
      return (v) => (typeof v === 'string' ? parseTimespan(v) : null);
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return (v) =>
        typeof v === 'bigint' ? v : typeof v === 'number' && Number.isFinite(v) ? BigInt(Math.trunc(v)) : null;
    case 'dynamic':
      return (v) =>
        typeof v === 'string'
          ? parseTimespan(v)
          : typeof v === 'number' && Number.isFinite(v)
            ? BigInt(Math.trunc(v))
            : v instanceof DynReal && Number.isFinite(v.value)
              ? BigInt(Math.trunc(v.value))
              : typeof v === 'bigint'
                ? v
                : null;
    default:
      return () => null;
  }
}

/** Kusto's bool conversion: true/false (any case), numbers (non-zero = true). */
export function boolOf(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v instanceof DynReal) return v.value !== 0;
  if (typeof v === 'number') return Number.isNaN(v) ? null : v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
    const n = parseNumber(s);
    return n === null || Number.isNaN(n) ? null : n !== 0;
  }
  return null;
}

/** Converts a typed value into a dynamic value (what pack_array/bag_pack/make_list store). */
export function toDynamic(v: KqlValue, t: ScalarType): KqlDynamic {
  if (v === null || v === undefined) return null;
  switch (t) {
    case 'timespan':
      return typeof v === 'bigint' ? formatTimespan(v) : (v as KqlDynamic);
    case 'datetime':
      return v as unknown as KqlDynamic; // bigint ticks, see the file comment
    case 'real':
    case 'decimal':
      return typeof v === 'number' ? dynReal(v) : (v as KqlDynamic);
    default:
      // A long past 2^53 (a bigint) becomes the nearest double: inside dynamic a bigint is
      // datetime ticks (types.ts).
      return typeof v === 'bigint' ? Number(v) : (v as KqlDynamic);
  }
}

/** A converter into dynamic for values of type `t`. */
export function dynamicConv(t: ScalarType): (v: KqlValue) => KqlDynamic {
  if (t === 'dynamic' || t === 'string' || t === 'bool' || t === 'guid') return (v) => v as KqlDynamic;
  return (v) => toDynamic(v, t);
}

/**
 * Deepest nesting of arrays and property bags that parse_json (and the telemetry loaders) build.
 * Text nested deeper stays a string, as text that is not JSON does; documented in docs/limits.md.
 */
export const MAX_DYNAMIC_DEPTH = 128;

/** True when brackets outside string literals nest deeper than `limit` (one linear scan). */
export function jsonNestsDeeperThan(s: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/**
 * `parse_json`: JSON text → dynamic. Text that is not JSON stays a dynamic string (Kusto does
 * the same). `2.0` stays a real (json-parse.ts); large integers lose precision beyond 2^53.
 */
export function parseJson(text: string): KqlDynamic {
  const s = text.trim();
  if (s === '') return null;
  // Deeper JSON would be a value every later step (comparison, tostring, output) recurses into.
  if (jsonNestsDeeperThan(s, MAX_DYNAMIC_DEPTH)) return text;
  try {
    return parseJsonText(s);
  } catch {
    return text;
  }
}

/**
 * A stable key for dynamic values, used for sets, distinct counts and deep equality. Prefixes are
 * lower case so that lower-casing a key (for `in~`) keeps kinds apart. Numbers key by value, so the
 * real 1.0 and the long 1 are one set element, as `dynamic(1.0) == dynamic(1)` is true.
 */
export function dynamicKey(v: unknown): string {
  if (v === null || v === undefined) return 'n';
  switch (typeof v) {
    case 'string':
      return `s${v}`;
    case 'number':
      return `d${v}`;
    case 'boolean':
      return v ? 'bt' : 'bf';
    case 'bigint':
      return `t${v}`;
    default:
      return v instanceof DynReal ? `d${v.value}` : `j${dynamicJsonText(untagReals(v), datetimeText)}`;
  }
}

/** Guid text from a value of type `t`, or null. */
export function guidOf(v: KqlValue): string | null {
  return typeof v === 'string' ? parseGuid(v) : null;
}

export function isArray(v: unknown): v is readonly KqlDynamic[] {
  return Array.isArray(v);
}

export function isBag(v: unknown): v is { readonly [key: string]: KqlDynamic } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof DynReal);
}
