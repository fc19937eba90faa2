/**
 * String and dynamic helpers from the documentation's tail: strcmp, translate, format_bytes,
 * isascii, isutf8, parse_csv, dynamic_to_json, jaccard_index, around, datetime_list_timezones,
 * hash_combine and hash_many.
 */
import type { KqlDynamic, KqlValue, ScalarType } from '../types.js';
import { dynamicConv, dynamicKey, isArray, isBag, numberConv, stringConv, timespanConv } from './coerce.js';
import { type Compile, defineAll } from './define.js';
import { hashBytes, xxhash64 } from './hash.js';

const str1 =
  (f: (s: string) => KqlValue): Compile =>
  (types) => {
    const s = stringConv(types[0]);
    return (v) => f(s(v));
  };

const UNITS = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

/** format_bytes: 1024-based units, rounded to `precision` decimals, without trailing zeros. */
export function formatBytes(size: number, precision: number, unit: string): string {
  let index = UNITS.findIndex((u) => u.toLowerCase() === unit.toLowerCase());
  if (index < 0) {
    index = 0;
    let v = Math.abs(size);
    while (v >= 1024 && index < UNITS.length - 1) {
      v /= 1024;
      index++;
    }
  }
  const scaled = size / 1024 ** index;
  const p = Math.max(0, Math.min(15, Math.trunc(precision)));
  const rounded = Math.round(scaled * 10 ** p) / 10 ** p;
  return `${rounded} ${UNITS[index]}`;
}

/** translate: each character of `search` becomes the character at the same place in `replace`. */
export function translate(search: string, replace: string, source: string): string {
  const from = [...search];
  const to = [...replace];
  const map = new Map<string, string>();
  from.forEach((c, i) => {
    if (!map.has(c)) map.set(c, to.length === 0 ? '' : (to[Math.min(i, to.length - 1)] as string));
  });
  let out = '';
  for (const c of source) out += map.get(c) ?? c;
  return out;
}

/** The first record of a CSV text (comma separated, double quotes, "" inside quotes). */
export function parseCsvRecord(text: string): string[] {
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(cur);
      cur = '';
    } else if (c === '\n' || c === '\r') break;
    else cur += c;
  }
  fields.push(cur);
  return fields;
}

/** JSON text of a dynamic value with property bags in key order (a canonical form). */
export function canonicalJson(v: KqlDynamic): string {
  if (isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isBag(v)) {
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k] as KqlDynamic)}`).join(',')}}`;
  }
  // A bigint inside dynamic is an integer beyond 2^53 (types.ts): its exact digits.
  if (typeof v === 'bigint') return (v as bigint).toString();
  return JSON.stringify(v) ?? 'null';
}

function jaccard(a: unknown, b: unknown): number | null {
  if (!isArray(a) || !isArray(b)) return null;
  const x = new Set(a.map(dynamicKey));
  const y = new Set(b.map(dynamicKey));
  const union = new Set([...x, ...y]).size;
  if (union === 0) return null;
  let both = 0;
  for (const k of x) if (y.has(k)) both++;
  return both / union;
}

const isTicks = (t: ScalarType | undefined) => t === 'datetime' || t === 'timespan';

const aroundCompile: Compile = (types) => {
  if (isTicks(types[0])) {
    const span = timespanConv(types[2] ?? 'timespan');
    return (v, c, d) => {
      const delta = span(d);
      if (typeof v !== 'bigint' || typeof c !== 'bigint' || delta === null) return null;
      return v >= c - delta && v <= c + delta;
    };
  }
  const [a, b, e] = [0, 1, 2].map((i) => numberConv(types[i] ?? 'real'));
  return (v, c, d) => {
    const [x, y, z] = [a?.(v), b?.(c), e?.(d)];
    if (x == null || y == null || z == null) return null;
    return x >= y - z && x <= y + z;
  };
};

const M64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;

/** Mixes 64-bit hashes in order (boost-style hash_combine, widened to 64 bits). */
export function combineHashes(hashes: readonly bigint[]): bigint {
  let seed = 0n;
  for (const h of hashes) seed = (seed ^ ((h & M64) + GOLDEN + ((seed << 6n) & M64) + (seed >> 2n))) & M64;
  return BigInt.asIntN(64, seed);
}

const hashManyCompile: Compile = (types) => {
  const bytes = types.map((t) => hashBytes(t));
  return (...vs) => Number(combineHashes(vs.map((v, i) => xxhash64((bytes[i] as (x: KqlValue) => Uint8Array)(v)))));
};

const hashCombineCompile: Compile = (types) => {
  const nums = types.map((t) => numberConv(t));
  return (...vs) => {
    const hs: bigint[] = [];
    for (let i = 0; i < vs.length; i++) {
      const n = (nums[i] as (x: KqlValue) => number | null)(vs[i] ?? null);
      if (n === null || !Number.isFinite(n)) return null;
      hs.push(BigInt(Math.trunc(n)));
    }
    return Number(combineHashes(hs));
  };
};

export const textMoreFunctions = defineAll('string', [
  {
    name: 'strcmp',
    doc: 'Compares two strings ordinally: 1 when the first is greater, 0 when equal, -1 otherwise.',
    params: ['string-ish', 'string-ish'],
    returns: 'int',
    compile: (types) => {
      const a = stringConv(types[0]);
      const b = stringConv(types[1]);
      return (x, y) => {
        const s = a(x);
        const t = b(y);
        return s === t ? 0 : s > t ? 1 : -1;
      };
    },
  },
  {
    name: 'translate',
    doc: 'Replaces each character of the search list by the one at the same place in the replacement list.',
    params: ['string-ish', 'string-ish', 'string-ish'],
    returns: 'string',
    compile: (types) => {
      const [a, b, c] = [0, 1, 2].map((i) => stringConv(types[i]));
      return (x, y, z) => translate(a?.(x) ?? '', b?.(y) ?? '', c?.(z) ?? '');
    },
  },
  {
    name: 'format_bytes',
    doc: 'A size in bytes as text with a 1024-based unit (Bytes, KB … EB), optionally fixed, to a precision.',
    params: ['numeric', 'long', 'string'],
    min: 1,
    returns: 'string',
    compile: (types) => {
      const size = numberConv(types[0] ?? 'real');
      const prec = numberConv(types[1] ?? 'long');
      const unit = stringConv(types[2] ?? 'string');
      return (v, p, u) => {
        const n = size(v);
        if (n === null) return '';
        return formatBytes(n, p === undefined ? 0 : (prec(p) ?? 0), u === undefined ? '' : unit(u));
      };
    },
  },
  {
    name: 'isascii',
    doc: 'True when every character of the string is ASCII (code point below 128).',
    params: ['string-ish'],
    returns: 'bool',
    compile: str1((s) => /^[\x00-\x7f]*$/.test(s)),
  },
  {
    name: 'isutf8',
    doc: 'True when the string is valid UTF-8 text (no unpaired surrogate).',
    params: ['string-ish'],
    returns: 'bool',
    compile: str1((s) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s)),
  },
  {
    name: 'parse_csv',
    doc: 'The fields of one CSV record (comma separated, double-quote escaping) as a string array.',
    params: ['string-ish'],
    returns: 'dynamic',
    compile: str1(parseCsvRecord),
  },
  {
    name: 'dynamic_to_json',
    doc: 'Canonical JSON text of a dynamic value: property bags sorted by key.',
    params: ['any'],
    returns: 'string',
    compile: (types) => {
      const d = dynamicConv(types[0] ?? 'dynamic');
      return (v) => canonicalJson(d(v));
    },
  },
  {
    name: 'jaccard_index',
    doc: 'Size of the intersection over the size of the union of two arrays taken as sets.',
    params: ['dynamic', 'dynamic'],
    returns: 'real',
    impl: (a, b) => jaccard(a, b),
  },
  {
    name: 'around',
    doc: 'True when value lies within center ± delta (numbers, or datetimes with a timespan delta).',
    params: ['any', 'any', 'any'],
    returns: 'bool',
    compile: aroundCompile,
  },
  {
    name: 'datetime_list_timezones',
    doc: 'The IANA time zone names that datetime_utc_to_local / datetime_local_to_utc accept.',
    params: [],
    returns: 'dynamic',
    impl: () => [...Intl.supportedValuesOf('timeZone'), 'UTC'].filter((z, i, a) => a.indexOf(z) === i).sort(),
  },
  {
    name: 'hash_many',
    doc: 'One 64-bit hash of several values: the hash() of each, combined in order.',
    params: ['any'],
    min: 1,
    max: 64,
    returns: 'long',
    compile: hashManyCompile,
  },
  {
    name: 'hash_combine',
    doc: 'Combines 64-bit hash values (from hash()) in order into one.',
    params: ['long'],
    min: 2,
    max: 64,
    returns: 'long',
    compile: hashCombineCompile,
  },
]);
