/**
 * String functions (non-regex): case, concatenation, length, substring, split, replace_string,
 * indexof, countof (plain), reverse, strrep, emptiness tests and friends. Arguments of any type
 * are converted with tostring semantics (coerce.ts), chosen per argument type in `compile`.
 */
import type { KqlDynamic, KqlValue } from '../types.js';
import { formatDatetime } from '../values.js';
import { isArray, numberConv, stringConv, type ToString } from './coerce.js';
import { type Compile, defineAll } from './define.js';
import type { ScalarImpl } from './types.js';

/** Compiles `f` over string-converted arguments. */
function strs(f: (...s: string[]) => KqlValue): Compile {
  return (types) => {
    const convs = types.map((t) => stringConv(t));
    if (convs.length === 1) {
      const c0 = convs[0] as ToString;
      return (a) => f(c0(a));
    }
    return (...args) => f(...args.map((a, i) => (convs[i] ?? stringConv('dynamic'))(a)));
  };
}

/** Mixed string/number arguments: `kinds[i]` says how argument i is converted. */
function mixed(kinds: readonly ('s' | 'n')[], f: (...a: (string | number | null)[]) => KqlValue): Compile {
  return (types) => {
    const convs = kinds.map((k, i) => (k === 's' ? stringConv(types[i]) : numberConv(types[i] ?? 'long')));
    return (...args) => f(...convs.map((c, i) => (i < args.length ? c(args[i] as KqlValue) : null)));
  };
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function substring(s: string, start: number | null, length: number | null): string {
  if (start === null) return '';
  let from = Math.trunc(start);
  if (from < 0) from = 0;
  if (length === null) return s.slice(from);
  const len = Math.trunc(length);
  return len <= 0 ? '' : s.slice(from, from + len);
}

function split(s: string, delim: string, index: number | null): KqlDynamic {
  const parts = delim === '' ? [s] : s.split(delim);
  if (index === null) return parts;
  const i = Math.trunc(index);
  return i >= 0 && i < parts.length ? [parts[i] as string] : [];
}

function indexOf(
  s: string,
  lookup: string,
  start: number | null,
  length: number | null,
  occurrence: number | null,
): number | null {
  let from = start === null ? 0 : Math.trunc(start);
  if (from < 0) from = Math.max(0, s.length + from);
  if (from > s.length) return -1;
  const end = length === null || length < 0 ? s.length : Math.min(s.length, from + Math.trunc(length));
  const occ = occurrence === null ? 1 : Math.trunc(occurrence);
  if (occ <= 0) return null;
  let found = -1;
  let pos = from;
  for (let k = 0; k < occ; k++) {
    found = s.indexOf(lookup, pos);
    // The engine bounds where a match may START by `length`, not where it ends.
    if (found < 0 || (found >= end && end < s.length)) return -1;
    pos = found + 1;
  }
  return found;
}

/** countof in plain mode counts overlapping occurrences, as Kusto does ("aaa" has 2 of "aa"). */
function countPlain(s: string, search: string): number {
  if (search === '') return 0;
  let n = 0;
  let i = s.indexOf(search);
  while (i >= 0) {
    n++;
    i = s.indexOf(search, i + 1);
  }
  return n;
}

/**
 * Strings at least this long are announced to the query's memory budget (CompileContext.charge):
 * building them per row is how string queries outgrow memory. Shorter ones cost nothing extra.
 */
const CHARGE_FROM_CHARS = 4096;

const variadicStrcat: Compile = (types, _consts, ctx) => {
  const convs = types.map((t) => stringConv(t));
  const charge = ctx.charge;
  return (...args) => {
    let out = '';
    for (let i = 0; i < args.length; i++) out += (convs[i] as ToString)(args[i] as KqlValue);
    if (charge !== undefined && out.length >= CHARGE_FROM_CHARS) charge(out.length * 2);
    return out;
  };
};

const strcatDelim: Compile = (types, _consts, ctx) => {
  const convs = types.map((t) => stringConv(t));
  const charge = ctx.charge;
  return (...args) => {
    const d = (convs[0] as ToString)(args[0] as KqlValue);
    const parts: string[] = [];
    for (let i = 1; i < args.length; i++) parts.push((convs[i] as ToString)(args[i] as KqlValue));
    const out = parts.join(d);
    if (charge !== undefined && out.length >= CHARGE_FROM_CHARS) charge(out.length * 2);
    return out;
  };
};

const strcatArray: Compile = (types) => {
  const d = stringConv(types[1]);
  const item = stringConv('dynamic');
  return (arr, delim) => (isArray(arr) ? arr.map((x) => item(x as KqlValue)).join(d(delim)) : '');
};

/** isempty: null of any type, or the empty string (also an empty dynamic string). */
const isEmptyValue: ScalarImpl = (v) => v === null || v === '';

export const stringFunctions = defineAll('string', [
  {
    name: 'tolower',
    doc: 'Converts a string to lower case.',
    params: ['string-ish'],
    returns: 'string',
    compile: strs((s) => s.toLowerCase()),
  },
  {
    name: 'toupper',
    doc: 'Converts a string to upper case.',
    params: ['string-ish'],
    returns: 'string',
    compile: strs((s) => s.toUpperCase()),
  },
  {
    name: 'strcat',
    doc: 'Concatenates 1..64 arguments converted to strings.',
    params: ['any'],
    min: 1,
    max: 64,
    returns: 'string',
    compile: variadicStrcat,
  },
  {
    name: 'strcat_delim',
    doc: 'Concatenates arguments with a delimiter between them.',
    params: ['string-ish', 'any'],
    min: 2,
    max: 65,
    returns: 'string',
    compile: strcatDelim,
  },
  {
    name: 'strcat_array',
    doc: 'Joins the elements of a dynamic array with a delimiter.',
    params: ['dynamic', 'string-ish'],
    returns: 'string',
    compile: strcatArray,
  },
  {
    name: 'strlen',
    doc: 'Length of a string in Unicode characters.',
    params: ['string-ish'],
    returns: 'long',
    compile: strs(codePointLength),
  },
  {
    name: 'string_size',
    doc: 'Size of a string in UTF-8 bytes.',
    params: ['string-ish'],
    returns: 'long',
    compile: strs((s) => Buffer.byteLength(s, 'utf8')),
  },
  {
    name: 'substring',
    doc: 'Part of a string from a 0-based start index, optionally limited in length.',
    params: ['string-ish', 'long', 'long'],
    min: 2,
    returns: 'string',
    compile: mixed(['s', 'n', 'n'], (s, a, b) => substring(s as string, a as number | null, b as number | null)),
  },
  {
    name: 'split',
    doc: 'Splits a string by a delimiter into a dynamic array; optional index picks one part.',
    params: ['string-ish', 'string-ish', 'long'],
    min: 2,
    returns: 'dynamic',
    compile: mixed(['s', 's', 'n'], (s, d, i) => split(s as string, d as string, i as number | null)),
  },
  {
    name: 'replace_string',
    doc: 'Replaces every occurrence of a plain lookup string.',
    params: ['string-ish', 'string-ish', 'string-ish'],
    returns: 'string',
    compile: strs((s, lookup, rewrite) => (lookup === '' ? s : s.split(lookup as string).join(rewrite))),
  },
  {
    name: 'replace_strings',
    doc: 'Replaces several plain lookups at once (dynamic arrays of lookups and rewrites).',
    params: ['string-ish', 'dynamic', 'dynamic'],
    returns: 'string',
    compile: (types) => {
      const s0 = stringConv(types[0]);
      return (s, lookups, rewrites) => replaceStrings(s0(s), lookups, rewrites);
    },
  },
  {
    name: 'indexof',
    doc: 'Zero-based index of the first (or n-th) occurrence of a string, or -1.',
    params: ['string-ish', 'string-ish', 'long', 'long', 'long'],
    min: 2,
    returns: 'long',
    compile: mixed(['s', 's', 'n', 'n', 'n'], (s, l, st, len, occ) =>
      indexOf(s as string, l as string, st as number | null, len as number | null, occ as number | null),
    ),
  },
  {
    name: 'reverse',
    doc: 'Reverses the characters of a string.',
    params: ['string-ish'],
    returns: 'string',
    compile: (types, consts, ctx) => {
      // A datetime reverses its full 7-digit-fraction text, as the engine does.
      if (types[0] === 'datetime')
        return (v) => (typeof v === 'bigint' ? [...formatDatetime(v)].reverse().join('') : '');
      return strs((s) => [...s].reverse().join(''))(types, consts, ctx);
    },
  },
  {
    name: 'strrep',
    doc: 'Repeats a string n times, with an optional delimiter.',
    params: ['string-ish', 'long', 'string-ish'],
    min: 2,
    returns: 'string',
    compile: (types, consts, ctx) => {
      const impl = mixed(['s', 'n', 's'], (s, n, d) =>
        strrep(s as string, n as number | null, (d as string | null) ?? '', ctx.charge),
      );
      return impl(types, consts, ctx);
    },
  },
  {
    name: 'isempty',
    doc: 'True when the value is null or an empty string.',
    params: ['any'],
    returns: 'bool',
    impl: isEmptyValue,
  },
  {
    name: 'isnotempty',
    aliases: ['notempty'],
    doc: 'True when the value is neither null nor an empty string.',
    params: ['any'],
    returns: 'bool',
    impl: (v) => !isEmptyValue(v),
  },
  {
    name: 'unicode_codepoints_from_string',
    doc: 'Array of the Unicode code points of a string.',
    params: ['string-ish'],
    returns: 'dynamic',
    compile: strs((s) => [...s].map((ch) => ch.codePointAt(0) as number)),
  },
  {
    name: 'unicode_codepoints_to_string',
    doc: 'String built from code points: arrays of them and/or single numbers.',
    params: ['any'],
    max: Number.POSITIVE_INFINITY,
    returns: 'string',
    impl: (...args) =>
      args
        .flatMap((a): unknown[] => (isArray(a) ? [...a] : [a]))
        .filter((x): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0x10ffff)
        .map((x) => String.fromCodePoint(x))
        .join(''),
  },
]);

/** strrep: capped at 1,000,000 repetitions so one call cannot exhaust memory. */
function strrep(s: string, n: number | null, delim: string, charge?: (bytes: number) => void): string {
  if (n === null || n <= 0) return '';
  const count = Math.min(Math.trunc(n), 1_000_000);
  // Announced before it is built, so a budget stops it before the memory is taken.
  if (charge !== undefined) charge((s.length + delim.length) * count * 2);
  return Array.from({ length: count }, () => s).join(delim);
}

/**
 * Lookups take priority in list order, not by position: every non-overlapping match of the first
 * lookup is claimed, then matches of the next one that overlap no claimed span, and so on
 * (['is', 'This'] on "This is" gives "Thwas was"). Rewritten text is never re-scanned.
 */
function replaceStrings(s: string, lookups: unknown, rewrites: unknown): string {
  if (!isArray(lookups) || !isArray(rewrites)) return s;
  const claimed: { start: number; end: number; text: string }[] = [];
  lookups.forEach((l, i) => {
    if (typeof l !== 'string' || l === '') return;
    const text = String(rewrites[i] ?? '');
    for (let at = s.indexOf(l); at >= 0; at = s.indexOf(l, at + 1)) {
      const end = at + l.length;
      if (claimed.some((c) => at < c.end && c.start < end)) continue;
      claimed.push({ start: at, end, text });
      at = end - 1;
    }
  });
  claimed.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const c of claimed) {
    out += s.slice(pos, c.start) + c.text;
    pos = c.end;
  }
  return out + s.slice(pos);
}

export { countPlain };
