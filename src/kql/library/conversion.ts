/**
 * Conversion functions: tostring, toint, tolong, todouble/toreal, todecimal, tobool, todatetime,
 * totimespan, toguid, todynamic/parse_json, tohex, parse_version. Invalid input converts to null
 * (never an error), as in Kusto. Datetime ↔ number conversions use Kusto's ticks since 0001-01-01.
 */
import type { KqlValue, ScalarType } from '../types.js';
import { MAX_DATETIME, MIN_DATETIME, parseGuid } from '../values.js';
import {
  boolOf,
  datetimeConv,
  dynamicConv,
  numberConv,
  parseJson,
  stringConv,
  timespanConv,
  valueToString,
} from './coerce.js';
import { type Compile, defineAll } from './define.js';
import { longConv } from './long-conv.js';
import type { ScalarImpl } from './types.js';

/** Numbers from any type; datetime gives ticks since 0001 (Kusto's tolong(datetime)). */
function toNumberFrom(t: ScalarType): (v: KqlValue) => number | null {
  if (t === 'datetime') return (v) => (typeof v === 'bigint' ? Number(v - MIN_DATETIME) : null);
  return numberConv(t);
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

const toInteger =
  (bits: 32 | 64): Compile =>
  (t) => {
    if (bits === 64) return longConv(t[0] ?? 'dynamic'); // exact (long-conv.ts)
    const n = toNumberFrom(t[0] ?? 'dynamic');
    return (v) => {
      const x = n(v);
      if (x === null || !Number.isFinite(x)) return null;
      const r = Math.trunc(x);
      if (r < INT_MIN || r > INT_MAX) return null;
      return r;
    };
  };

const toReal: Compile = (t) => toNumberFrom(t[0] ?? 'dynamic');

const toDatetime: Compile = (t) => {
  const st = t[0] ?? 'dynamic';
  if (st === 'int' || st === 'long' || st === 'real' || st === 'decimal') {
    return (v) => {
      const ticks =
        typeof v === 'bigint' ? v : typeof v === 'number' && Number.isFinite(v) ? BigInt(Math.trunc(v)) : null;
      if (ticks === null) return null;
      const t = ticks + MIN_DATETIME;
      return t > MAX_DATETIME ? null : t;
    };
  }
  return datetimeConv(st);
};

const toTimespan: Compile = (t) => timespanConv(t[0] ?? 'dynamic');

const toBool: Compile = (t) => {
  const st = t[0] ?? 'dynamic';
  if (st === 'bool') return (v) => v;
  return (v) => boolOf(v);
};

const toGuid: Compile = (t) => {
  const s = stringConv(t[0]);
  return (v) => (v === null ? null : parseGuid(s(v)));
};

const toDynamicImpl: Compile = (t) => {
  const st = t[0] ?? 'dynamic';
  if (st === 'string') return (v) => parseJson(v as string);
  if (st === 'dynamic') return (v) => (typeof v === 'string' ? parseJson(v) : v);
  return dynamicConv(st);
};

/** tohex: two's complement for negatives (64-bit), lower-case, left-padded to `minLength`. */
function toHex(v: number | bigint, minLength: number | null): string {
  let big = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  if (big < 0n) big = (1n << 64n) + big;
  const s = big.toString(16);
  return minLength !== null && minLength > s.length ? s.padStart(minLength, '0') : s;
}

/** parse_version: up to four parts of up to 8 digits → one comparable number (decimal in Kusto). */
export function parseVersion(text: string): number | null {
  const parts = text.trim().split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  if (!parts.every((p) => /^\d{1,8}$/.test(p))) return null;
  while (parts.length < 4) parts.push('0');
  return Number(parts.map((p) => p.padStart(8, '0')).join(''));
}

const stringOf: Compile = (t) => {
  const st = t[0] ?? 'dynamic';
  return (v) => valueToString(v, st);
};

export const conversionFunctions = defineAll('conversion', [
  {
    name: 'tostring',
    doc: 'Converts a value to its string form (null becomes "").',
    params: ['any'],
    returns: 'string',
    compile: stringOf,
  },
  {
    name: 'toint',
    doc: 'Converts to int (truncates reals; null when invalid or out of range).',
    params: ['any'],
    returns: 'int',
    compile: toInteger(32),
  },
  {
    name: 'tolong',
    doc: 'Converts to long (truncates reals; null when invalid).',
    params: ['any'],
    returns: 'long',
    compile: toInteger(64),
  },
  {
    name: 'todouble',
    aliases: ['toreal'],
    doc: 'Converts to real (null when invalid).',
    params: ['any'],
    returns: 'real',
    compile: toReal,
  },
  {
    name: 'todecimal',
    doc: 'Converts to decimal (held as a double locally; null when invalid).',
    params: ['any'],
    returns: 'decimal',
    compile: toReal,
  },
  {
    name: 'tobool',
    aliases: ['toboolean'],
    doc: 'Converts to bool: true/false text or non-zero numbers.',
    params: ['any'],
    returns: 'bool',
    compile: toBool,
  },
  {
    name: 'todatetime',
    doc: 'Parses or converts to datetime (null when invalid).',
    params: ['any'],
    returns: 'datetime',
    compile: toDatetime,
  },
  {
    name: 'totimespan',
    aliases: ['totime'],
    doc: 'Parses or converts to timespan (numbers are ticks).',
    params: ['any'],
    returns: 'timespan',
    compile: toTimespan,
  },
  { name: 'toguid', doc: 'Parses a guid (null when invalid).', params: ['any'], returns: 'guid', compile: toGuid },
  {
    name: 'todynamic',
    aliases: ['parse_json', 'parsejson', 'toobject'],
    doc: 'Parses JSON text into a dynamic value (text that is not JSON stays a string).',
    params: ['any'],
    returns: 'dynamic',
    compile: toDynamicImpl,
  },
  {
    name: 'tohex',
    doc: 'Hexadecimal text of an integer, optionally left-padded to a minimum length.',
    params: ['long', 'long'],
    min: 1,
    returns: 'string',
    compile: (t): ScalarImpl => {
      const n = longConv(t[0] ?? 'long');
      const len = numberConv(t[1] ?? 'long');
      return (v, l) => {
        const x = n(v);
        return x === null ? '' : toHex(x, l === undefined ? null : len(l));
      };
    },
  },
  {
    name: 'parse_version',
    doc: 'Turns a version text (up to 4 numeric parts) into a comparable number.',
    params: ['string-ish'],
    returns: 'decimal',
    compile: (t) => {
      const s = stringConv(t[0]);
      return (v) => parseVersion(s(v));
    },
  },
]);
