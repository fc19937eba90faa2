/**
 * Regex string functions: extract, extract_all, replace_regex, replace (legacy argument order),
 * trim/trim_start/trim_end, countof, indexof_regex, regex_quote, plus has_any_index (term based).
 * Every pattern is RE2 (regex.ts): constant patterns compile once per query, others are cached.
 */
import { RE2JS } from 're2js';
import type { KqlDynamic, KqlValue, ScalarType } from '../types.js';
import { parseTypeName } from '../types.js';
import { dynamicText, isArray, numberConv, stringConv } from './coerce.js';
import { conversionFunctions } from './conversion.js';
import { type ConstArgs, defineAll } from './define.js';
import { type Regex, regexGetter, regexProblem, regexReplaceAll } from './regex.js';
import { countPlain } from './string.js';

const CONVERTERS: Readonly<Partial<Record<ScalarType, string>>> = {
  int: 'toint',
  long: 'tolong',
  real: 'todouble',
  decimal: 'todecimal',
  bool: 'tobool',
  datetime: 'todatetime',
  timespan: 'totimespan',
  guid: 'toguid',
  dynamic: 'todynamic',
};

/** The library's own to<type>() conversion from string, for typed captures. */
function converterTo(t: ScalarType): ((s: string) => KqlValue) | undefined {
  const name = CONVERTERS[t];
  const entry = conversionFunctions.find((f) => f.name === name || f.aliases?.includes(name ?? ''));
  if (!entry) return undefined;
  const impl = entry.compile(['string'], [undefined], { now: 0n });
  return (s) => impl(s);
}

import { stringMatcher } from './terms.js';
import type { ScalarImpl } from './types.js';

/** Shared shape: a regex argument at `ri`, text arguments converted by type. */
function withRegex(ri: number, types: readonly ScalarType[], consts: ConstArgs, flags = 0) {
  const get = regexGetter(consts[ri], flags);
  const str = (i: number) => stringConv(types[i]);
  return { get, str };
}

function extract(re: Regex, group: number, text: string): string {
  const m = re.matcher(text);
  if (!m.find()) return '';
  if (group < 0 || group > re.groupCount()) return '';
  return m.group(group) ?? '';
}

/** Group selectors for extract_all: numbers are indexes, strings are group names. */
function groupIndexes(re: Regex, selector: unknown): number[] {
  if (isArray(selector)) {
    const named = re.namedGroups();
    return selector
      .map((g) => (typeof g === 'number' ? g : typeof g === 'string' ? (named[g] ?? -1) : -1))
      .filter((g) => g >= 0 && g <= re.groupCount());
  }
  const n = re.groupCount();
  if (n === 0) return [0];
  return Array.from({ length: n }, (_, i) => i + 1);
}

function extractAll(re: Regex, selector: unknown, text: string): KqlDynamic {
  const groups = groupIndexes(re, selector);
  const out: KqlDynamic[] = [];
  const m = re.matcher(text);
  let guard = 0;
  while (m.find()) {
    out.push(groups.length === 1 ? (m.group(groups[0] as number) ?? '') : groups.map((g) => m.group(g) ?? ''));
    if (++guard > 1_000_000) break;
  }
  return out.length === 0 ? null : out;
}

function trimWith(reStart: Regex | null, reEnd: Regex | null, text: string): string {
  let s = text;
  if (reStart) {
    const m = reStart.matcher(s);
    if (m.lookingAt()) s = s.slice(m.end());
  }
  if (reEnd) {
    const m = reEnd.matcher(s);
    if (m.find()) s = s.slice(0, m.start());
  }
  return s;
}

/** trim(regex, text) family: the pattern repeats at the start (`^(?:re)+`) and/or end (`(?:re)+$`). */
function compileTrim(start: boolean, end: boolean): (types: readonly ScalarType[], consts: ConstArgs) => ScalarImpl {
  return (types, consts) => {
    const p = consts[0];
    const gs = regexGetter(typeof p === 'string' ? `^(?:${p})+` : undefined);
    const ge = regexGetter(typeof p === 'string' ? `(?:${p})+$` : undefined);
    const pat = stringConv(types[0]);
    const txt = stringConv(types[1]);
    return (re, text) => {
      const ps = pat(re);
      const rs = start ? gs(`^(?:${ps})+`) : null;
      const rend = end ? ge(`(?:${ps})+$`) : null;
      if ((start && !rs) || (end && !rend)) return txt(text);
      return trimWith(rs, rend, txt(text));
    };
  };
}

function countRegex(re: Regex, text: string): number {
  const m = re.matcher(text);
  let n = 0;
  while (m.find()) n++;
  return n;
}

const regexAt = (i: number) => (_t: readonly ScalarType[], c: ConstArgs) => regexProblem(c[i]);

export const regexFunctions = defineAll('string', [
  {
    name: 'extract',
    doc: 'Text of a capture group (0 = whole match) of the first RE2 match, or empty.',
    params: ['string', 'long', 'string-ish', 'any'],
    min: 3,
    // extract(re, g, text, typeof(int)) converts the captured text to that type.
    returns: (_t, c) => (typeof c[3] === 'string' ? (parseTypeName(c[3]) ?? 'string') : 'string'),
    validate: regexAt(0),
    compile: (types, consts) => {
      const { get, str } = withRegex(0, types, consts);
      const g = numberConv(types[1] ?? 'long');
      const text = str(2);
      const target = typeof consts[3] === 'string' ? parseTypeName(consts[3]) : undefined;
      const convert = target && target !== 'string' ? converterTo(target) : undefined;
      return (re, group, source) => {
        const r = get(re);
        const gi = g(group);
        const s = r && gi !== null ? extract(r, gi, text(source)) : '';
        return convert ? (s === '' ? null : convert(s)) : s;
      };
    },
  },
  {
    name: 'extract_all',
    aliases: ['extractall'],
    doc: 'All RE2 matches as a dynamic array (of groups when the regex has several); null if none.',
    params: ['string', 'any', 'string-ish'],
    min: 2,
    returns: 'dynamic',
    validate: regexAt(0),
    compile: (types, consts) => {
      const { get, str } = withRegex(0, types, consts);
      if (types.length === 2) {
        const text = str(1);
        return (re, source) => {
          const r = get(re);
          return r ? extractAll(r, undefined, text(source)) : null;
        };
      }
      const text = str(2);
      return (re, groups, source) => {
        const r = get(re);
        return r ? extractAll(r, groups, text(source)) : null;
      };
    },
  },
  {
    name: 'replace_regex',
    doc: 'Replaces every RE2 match; the rewrite refers to groups as \\1..\\9.',
    params: ['string-ish', 'string', 'string-ish'],
    returns: 'string',
    validate: regexAt(1),
    compile: (types, consts) => {
      const { get, str } = withRegex(1, types, consts);
      const [s0, s2] = [str(0), str(2)];
      return (source, re, rewrite) => {
        const r = get(re);
        return r ? regexReplaceAll(r, s0(source), s2(rewrite)) : s0(source);
      };
    },
  },
  {
    name: 'replace',
    doc: 'Legacy replace_regex with the argument order (regex, rewrite, text).',
    params: ['string', 'string-ish', 'string-ish'],
    returns: 'string',
    validate: regexAt(0),
    compile: (types, consts) => {
      const { get, str } = withRegex(0, types, consts);
      const [s1, s2] = [str(1), str(2)];
      return (re, rewrite, source) => {
        const r = get(re);
        return r ? regexReplaceAll(r, s2(source), s1(rewrite)) : s2(source);
      };
    },
  },
  {
    name: 'trim',
    doc: 'Removes leading and trailing matches of an RE2 regex.',
    params: ['string', 'string-ish'],
    returns: 'string',
    validate: regexAt(0),
    compile: compileTrim(true, true),
  },
  {
    name: 'trim_start',
    doc: 'Removes leading matches of an RE2 regex.',
    params: ['string', 'string-ish'],
    returns: 'string',
    validate: regexAt(0),
    compile: compileTrim(true, false),
  },
  {
    name: 'trim_end',
    doc: 'Removes trailing matches of an RE2 regex.',
    params: ['string', 'string-ish'],
    returns: 'string',
    validate: regexAt(0),
    compile: compileTrim(false, true),
  },
  {
    name: 'countof',
    doc: "Counts occurrences of a substring (overlapping), or RE2 matches with kind 'regex'.",
    params: ['string-ish', 'string-ish', 'string'],
    min: 2,
    constArgs: [2],
    returns: 'long',
    validate: (_t, c) => (c[2] === 'regex' ? regexProblem(c[1]) : undefined),
    compile: (types, consts) => {
      const [s0, s1] = [stringConv(types[0]), stringConv(types[1])];
      if (consts[2] !== 'regex') return (text, search) => countPlain(s0(text), s1(search));
      const get = regexGetter(consts[1]);
      return (text, search) => {
        const r = get(s1(search));
        return r ? countRegex(r, s0(text)) : null;
      };
    },
  },
  {
    name: 'indexof_regex',
    doc: 'Zero-based index of the first (or n-th) RE2 match, or -1.',
    params: ['string-ish', 'string', 'long', 'long', 'long'],
    min: 2,
    returns: 'long',
    validate: regexAt(1),
    compile: (types, consts) => {
      const { get, str } = withRegex(1, types, consts);
      const s0 = str(0);
      const nums = [2, 3, 4].map((i) => numberConv(types[i] ?? 'long'));
      return (source, re, start, length, occurrence) => {
        const r = get(re);
        if (!r) return null;
        const text = s0(source);
        const first = (nums[0] as (v: KqlValue) => number | null)(start ?? null) ?? 0;
        if (first < 0) return null;
        const from = first;
        const len = (nums[1] as (v: KqlValue) => number | null)(length ?? null) ?? -1;
        const occ = (nums[2] as (v: KqlValue) => number | null)(occurrence ?? null) ?? 1;
        const end = len < 0 ? text.length : Math.min(text.length, from + len);
        const m = r.matcher(text.slice(0, end));
        let pos = from;
        for (let k = 0; k < occ; k++) {
          if (!m.find(pos)) return -1;
          if (k === occ - 1) return m.start();
          // Occurrences do not overlap: the next search starts after this match.
          pos = m.end() > m.start() ? m.end() : m.start() + 1;
        }
        return -1;
      };
    },
  },
  {
    name: 'regex_quote',
    doc: 'Escapes RE2 metacharacters in a string.',
    params: ['string-ish'],
    returns: 'string',
    compile: (t) => {
      const s = stringConv(t[0]);
      return (v) => RE2JS.quote(s(v));
    },
  },
  {
    name: 'has_any_index',
    doc: 'Index of the first list element that the text has (term match), or -1.',
    params: ['string-ish', 'dynamic'],
    returns: 'long',
    compile: (types) => {
      const s0 = stringConv(types[0]);
      return (text, list) => {
        if (!isArray(list)) return -1;
        const hay = s0(text);
        for (let i = 0; i < list.length; i++) {
          if (stringMatcher('has', dynamicText(list[i]), false)(hay)) return i;
        }
        return -1;
      };
    },
  },
]);
