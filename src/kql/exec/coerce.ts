/**
 * Conversion of runtime values to a column type's representation (types.ts). Operators use it
 * where a value's type may differ from the plan's schema type: union of differently typed columns,
 * `to typeof()`, parse captures, external data, and the final output check.
 */

import { dynamicText, parseJson } from '../library/coerce.js';
import { longFromDynamic, longFromText } from '../library/long-conv.js';
import { parseLong } from '../long.js';
import { DynReal, type KqlValue, type ScalarType } from '../types.js';
import { parseDatetime, parseGuid, parseTimespan } from '../values.js';

export function coerceValue(value: KqlValue, type: ScalarType): KqlValue {
  if (value === undefined) return type === 'string' ? '' : null;
  // A real taken out of a dynamic value (DynReal) converts as its number.
  const v = value instanceof DynReal && type !== 'dynamic' && type !== 'string' ? value.value : value;
  switch (type) {
    case 'string':
      return toStringValue(v);
    case 'bool':
      return toBool(v);
    case 'int':
      return toIntegral(v);
    case 'long': // exact (long.ts); text must be an integer, as for int
      return typeof v === 'string' ? parseLong(v) : longFromDynamic(v);
    case 'real':
    case 'decimal':
      return toReal(v);
    case 'datetime':
      if (typeof v === 'bigint' || v === null) return v;
      return typeof v === 'string' ? parseDatetime(v) : null;
    case 'timespan':
      if (typeof v === 'bigint' || v === null) return v;
      return typeof v === 'string' ? parseTimespan(v) : null;
    case 'guid':
      return typeof v === 'string' ? parseGuid(v) : null;
    case 'dynamic':
      return v;
    default: {
      const never: never = type;
      return never;
    }
  }
}

function toStringValue(v: KqlValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return dynamicText(v);
  return String(v); // a bigint long prints its exact digits
}

function toBool(v: KqlValue): boolean | null {
  if (typeof v === 'boolean' || v === null) return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  return null;
}

function toIntegral(v: KqlValue): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const s = v.trim();
    if (!/^[+-]?\d+$/.test(s)) return null;
    return Number(s);
  }
  return null;
}

function toReal(v: KqlValue): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(Infinity|NaN)$/.test(s)) return null;
    return Number(s);
  }
  return null;
}

/** Text → value of `type` (CSV cells, parse captures); null when the text does not convert. */
export function parseText(text: string, type: ScalarType): KqlValue {
  if (type === 'string') return text;
  if (type === 'dynamic') return parseJson(text);
  if (text.trim() === '') return null;
  return coerceValue(text, type);
}

/**
 * `to typeof(T)` of mv-expand: a cast, not a parse. Elements whose JSON kind does not fit T become
 * null (strings are the exception: any element converts to its text).
 */
export function castElement(value: KqlValue, type: ScalarType): KqlValue {
  if (value === null || type === 'dynamic') return value ?? null;
  const v = value instanceof DynReal && type !== 'string' ? value.value : value;
  switch (type) {
    case 'string':
      return toStringValue(v);
    case 'int':
      return typeof v === 'number' ? Math.trunc(v) : typeof v === 'string' ? toIntegral(v) : null;
    case 'long':
      return typeof v === 'number' || typeof v === 'bigint'
        ? longFromDynamic(v)
        : typeof v === 'string'
          ? longFromText(v)
          : null;
    case 'real':
    case 'decimal':
      return typeof v === 'number' ? v : typeof v === 'string' ? toReal(v) : null;
    case 'bool':
      return typeof v === 'boolean' ? v : null;
    default:
      return coerceValue(v, type);
  }
}
