/**
 * Coercion of exported cell values (JSON values or CSV text) into the engine's runtime
 * representation for a column type (see src/kql/types.ts). A value that does not fit is reported
 * by returning MISMATCH; the loader keeps the row, stores null in that cell and counts a reject.
 */
import {
  DynReal,
  jsonNestsDeeperThan,
  jsonText,
  type KqlDynamic,
  type KqlValue,
  longFromReal,
  longInRange,
  MAX_DYNAMIC_DEPTH,
  parseDatetime,
  parseGuid,
  parseJsonText,
  parseLong,
  parseTimespan,
  type ScalarType,
  ticksFromMs,
} from '../kql/engine.js';

export const MISMATCH: unique symbol = Symbol('mismatch');

/**
 * A record field that is a JSON integer beyond 2^53, read exactly (loaders/exact-json.ts). Its
 * column type decides: long takes it exactly when it fits int64 (else a reject), real and decimal
 * round it, string gets its digits, dynamic the bigint.
 */
export class JsonBigInteger {
  constructor(readonly value: bigint) {}
  /** Reject reasons and other JSON text show the digits. */
  toJSON(): string {
    return this.value.toString();
  }
}
export type Coerced = KqlValue | typeof MISMATCH;

const INT_RE = /^[+-]?\d+$/;
const REAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const JSONISH_RE = /^\s*(?:[[{"]|-?\d|true\b|false\b|null\b)/;

export function coerceValue(value: unknown, type: ScalarType): Coerced {
  if (value === null || value === undefined) return type === 'string' ? '' : null;
  // A record's `50.0` is a DynReal (parseJsonText): dynamic columns keep it, typed ones take the number.
  const raw = value instanceof DynReal && type !== 'dynamic' ? value.value : value;
  switch (type) {
    case 'string':
      return toStringValue(raw);
    case 'bool':
      return toBool(raw);
    case 'int':
    case 'long':
      return toInteger(raw, type);
    case 'real':
    case 'decimal':
      return toReal(raw);
    case 'datetime':
      return toDatetime(raw);
    case 'timespan':
      return typeof raw === 'bigint' ? raw : typeof raw === 'string' ? emptyOr(raw, parseTimespan) : MISMATCH;
    case 'guid':
      return typeof raw === 'string' ? emptyOr(raw, parseGuid) : MISMATCH;
    case 'dynamic':
      return toDynamic(raw);
    default: {
      const never: never = type;
      throw new Error(`unknown type ${String(never)}`);
    }
  }
}

function emptyOr<T>(s: string, parse: (s: string) => T | null): T | null | typeof MISMATCH {
  if (s.trim() === '') return null;
  const v = parse(s);
  return v === null ? MISMATCH : v;
}

function toStringValue(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (raw instanceof JsonBigInteger) return raw.value.toString();
  if (typeof raw === 'object') return jsonText(raw);
  return String(raw);
}

function toBool(raw: unknown): Coerced {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw === 0 ? false : raw === 1 ? true : MISMATCH;
  if (typeof raw !== 'string') return MISMATCH;
  const s = raw.trim().toLowerCase();
  if (s === '') return null;
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  return MISMATCH;
}

function toInteger(raw: unknown, type: 'int' | 'long'): Coerced {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string') {
    const s = raw.trim();
    if (s === '') return null;
    if (!INT_RE.test(s)) return MISMATCH;
    // A long is exact 64-bit: digits beyond int64 are a reject, not a rounded double.
    if (type === 'long') return parseLong(s) ?? MISMATCH;
    n = Number(s);
  } else if (raw instanceof JsonBigInteger) return type === 'long' ? (longInRange(raw.value) ?? MISMATCH) : MISMATCH;
  else if (typeof raw === 'boolean') n = raw ? 1 : 0;
  else return MISMATCH;
  if (!Number.isInteger(n)) return MISMATCH;
  if (type === 'int' && (n < -2147483648 || n > 2147483647)) return MISMATCH;
  // A double beyond 2^53 (`1e18` in JSON) is an integer but no exact digits: within int64 it is taken as written.
  if (!Number.isSafeInteger(n)) return longFromReal(n) ?? MISMATCH;
  return n;
}

function toReal(raw: unknown): Coerced {
  if (typeof raw === 'number') return raw;
  if (raw instanceof JsonBigInteger) return Number(raw.value);
  if (typeof raw !== 'string') return MISMATCH;
  const s = raw.trim();
  if (s === '') return null;
  if (REAL_RE.test(s)) return Number(s);
  if (s === 'NaN') return Number.NaN;
  if (s === 'Infinity' || s === '+Infinity') return Number.POSITIVE_INFINITY;
  if (s === '-Infinity') return Number.NEGATIVE_INFINITY;
  return MISMATCH;
}

function toDatetime(raw: unknown): Coerced {
  if (typeof raw === 'bigint') return raw;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? MISMATCH : ticksFromMs(raw.getTime());
  if (typeof raw === 'string') return emptyOr(raw, parseDatetime);
  return MISMATCH;
}

/** JSON text in a dynamic column (CSV exports, string-typed JSON) becomes the parsed value. */
function toDynamic(raw: unknown): Coerced {
  if (raw instanceof JsonBigInteger) return Number(raw.value); // inside dynamic a bigint means datetime ticks (types.ts)
  if (typeof raw !== 'string') return typeof raw === 'bigint' ? raw.toString() : (raw as KqlDynamic);
  if (raw.trim() === '') return null;
  if (!JSONISH_RE.test(raw)) return raw;
  if (jsonNestsDeeperThan(raw, MAX_DYNAMIC_DEPTH)) return raw;
  try {
    return parseJsonText(raw);
  } catch {
    return raw;
  }
}

/**
 * Infers the narrowest column type that holds every sample (for columns and tables not in the
 * schema). JSON values carry their own type; text (CSV) is probed: long, real, bool, datetime.
 */
export function inferType(samples: readonly unknown[], textual: boolean): ScalarType {
  let sawNumber = false;
  let sawFraction = false;
  let sawBool = false;
  let sawString = false;
  let sawObject = false;
  const strings: string[] = [];
  for (const v of samples) {
    if (v === null || v === undefined || v === '') continue;
    if (typeof v === 'number') {
      sawNumber = true;
      if (!Number.isInteger(v)) sawFraction = true;
    } else if (v instanceof JsonBigInteger) {
      sawNumber = true;
      if (longInRange(v.value) === null) sawFraction = true; // beyond int64: a real column
    } else if (v instanceof DynReal) {
      sawNumber = true;
      sawFraction = true;
    } else if (typeof v === 'boolean') sawBool = true;
    else if (typeof v === 'string') {
      sawString = true;
      strings.push(v);
    } else sawObject = true;
  }
  const kinds = [sawNumber, sawBool, sawString, sawObject].filter(Boolean).length;
  if (kinds === 0) return 'string';
  if (kinds > 1 || sawObject) return sawString && !sawObject && !sawNumber && !sawBool ? 'string' : 'dynamic';
  if (sawNumber) return sawFraction ? 'real' : 'long';
  if (sawBool) return 'bool';
  return textual ? inferTextType(strings) : 'string';
}

function inferTextType(values: readonly string[]): ScalarType {
  const all = (pred: (s: string) => boolean) => values.every((s) => pred(s.trim()));
  if (all((s) => INT_RE.test(s) && parseLong(s) !== null)) return 'long';
  if (all((s) => REAL_RE.test(s))) return 'real';
  if (all((s) => /^(true|false)$/i.test(s))) return 'bool';
  if (all((s) => /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s) && parseDatetime(s) !== null)) return 'datetime';
  return 'string';
}
