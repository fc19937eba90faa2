/**
 * String matching for the `has` family and for contains/startswith/endswith/=~.
 *
 * Kusto term semantics: a term is a maximal run of ASCII letters/digits (non-ASCII letters and
 * digits count too). `x has n` is true when `n` occurs in `x` and, where `n` begins (ends) with a
 * term character, that occurrence begins (ends) on a term boundary. For a one-term needle this is
 * "n is a whole term of x"; for a needle with punctuation such as 'Servably, Inc.' the needle's
 * terms must appear consecutively, with the needle's own separators, and its first/last terms
 * aligned to term boundaries. `hasprefix` checks only the start, `hassuffix` only the end.
 * Case-insensitive variants use ordinal case folding per UTF-16 unit.
 *
 * These loops are the hottest code in hunting queries (`where ProcessCommandLine has_any (...)`
 * over millions of rows), so they are written by hand: no per-row lower-casing or allocation,
 * a first-character filter, and term-boundary checks only at candidate positions.
 */

/** 0 = unknown, 1 = term character, 2 = separator. Filled lazily for non-ASCII code units. */
const TERM_TABLE = new Uint8Array(65536);
for (let c = 0; c < 128; c++) {
  const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  TERM_TABLE[c] = alnum ? 1 : 2;
}
// Fixed pattern (not user input): Unicode letters and digits are term characters.
const UNICODE_ALNUM = /^[\p{L}\p{N}]$/u;

export function isTermChar(code: number): boolean {
  let k = TERM_TABLE[code] as number;
  if (k === 0) {
    k = UNICODE_ALNUM.test(String.fromCharCode(code)) ? 1 : 2;
    TERM_TABLE[code] = k;
  }
  return k === 1;
}

export type MatchKind = 'has' | 'hasprefix' | 'hassuffix' | 'contains' | 'startswith' | 'endswith' | 'equals';

export type Matcher = (hay: string) => boolean;

/** Needle char codes for case-insensitive comparison; undefined when folding changes lengths. */
interface Folded {
  readonly lo: Uint16Array;
  readonly up: Uint16Array;
}

function fold(needle: string): Folded | undefined {
  const lower = needle.toLowerCase();
  const upper = needle.toUpperCase();
  if (lower.length !== needle.length || upper.length !== needle.length) return undefined;
  const lo = new Uint16Array(needle.length);
  const up = new Uint16Array(needle.length);
  for (let i = 0; i < needle.length; i++) {
    lo[i] = lower.charCodeAt(i);
    up[i] = upper.charCodeAt(i);
  }
  return { lo, up };
}

/**
 * Case-insensitive search with optional boundary checks. Readable form:
 *   for each i where hay.slice(i, i+n).toLowerCase() === needle.toLowerCase()
 *     && (!needStart || i === 0 || !isTermChar(hay[i-1]))
 *     && (!needEnd || i+n === hay.length || !isTermChar(hay[i+n])) return true
 */
function searchFolded(hay: string, f: Folded, needStart: boolean, needEnd: boolean): boolean {
  const n = f.lo.length;
  const last = hay.length - n;
  const lo = f.lo;
  const up = f.up;
  const f0 = lo[0] as number;
  const f1 = up[0] as number;
  outer: for (let i = 0; i <= last; i++) {
    const c = hay.charCodeAt(i);
    if (c !== f0 && c !== f1) continue;
    if (needStart && i > 0 && isTermChar(hay.charCodeAt(i - 1))) continue;
    for (let k = 1; k < n; k++) {
      const h = hay.charCodeAt(i + k);
      if (h !== lo[k] && h !== up[k]) continue outer;
    }
    if (needEnd && i + n < hay.length && isTermChar(hay.charCodeAt(i + n))) continue;
    return true;
  }
  return false;
}

/** Case-sensitive search with boundary checks, on top of the engine's native indexOf. */
function searchExact(hay: string, needle: string, needStart: boolean, needEnd: boolean): boolean {
  const n = needle.length;
  let i = hay.indexOf(needle);
  while (i >= 0) {
    const startOk = !needStart || i === 0 || !isTermChar(hay.charCodeAt(i - 1));
    const endOk = !needEnd || i + n === hay.length || !isTermChar(hay.charCodeAt(i + n));
    if (startOk && endOk) return true;
    i = hay.indexOf(needle, i + 1);
  }
  return false;
}

function equalsFolded(hay: string, f: Folded, at: number): boolean {
  const n = f.lo.length;
  for (let k = 0; k < n; k++) {
    const h = hay.charCodeAt(at + k);
    if (h !== f.lo[k] && h !== f.up[k]) return false;
  }
  return true;
}

function boundaryNeeds(kind: MatchKind, needle: string): { start: boolean; end: boolean } {
  const firstTerm = needle.length > 0 && isTermChar(needle.charCodeAt(0));
  const lastTerm = needle.length > 0 && isTermChar(needle.charCodeAt(needle.length - 1));
  switch (kind) {
    case 'has':
      return { start: firstTerm, end: lastTerm };
    case 'hasprefix':
      return { start: firstTerm, end: false };
    case 'hassuffix':
      return { start: false, end: lastTerm };
    default:
      return { start: false, end: false };
  }
}

function caseSensitiveMatcher(kind: MatchKind, needle: string): Matcher {
  switch (kind) {
    case 'equals':
      return (hay) => hay === needle;
    case 'startswith':
      return (hay) => hay.startsWith(needle);
    case 'endswith':
      return (hay) => hay.endsWith(needle);
    case 'contains':
      return (hay) => hay.includes(needle);
    default: {
      const b = boundaryNeeds(kind, needle);
      return (hay) => searchExact(hay, needle, b.start, b.end);
    }
  }
}

/** Fallback when case folding changes string lengths (e.g. 'İ'): lower-case both sides per row. */
function loweringMatcher(kind: MatchKind, needle: string): Matcher {
  const inner = caseSensitiveMatcher(kind, needle.toLowerCase());
  return (hay) => inner(hay.toLowerCase());
}

/** A matcher for a constant needle: compile once, call per row. */
export function stringMatcher(kind: MatchKind, needle: string, caseSensitive: boolean): Matcher {
  if (needle.length === 0) return kind === 'equals' ? (hay) => hay.length === 0 : () => true;
  if (caseSensitive) return caseSensitiveMatcher(kind, needle);
  const f = fold(needle);
  if (!f) return loweringMatcher(kind, needle);
  const n = needle.length;
  switch (kind) {
    case 'equals':
      return (hay) => hay.length === n && equalsFolded(hay, f, 0);
    case 'startswith':
      return (hay) => hay.length >= n && equalsFolded(hay, f, 0);
    case 'endswith':
      return (hay) => hay.length >= n && equalsFolded(hay, f, hay.length - n);
    default: {
      const b = boundaryNeeds(kind, needle);
      return (hay) => searchFolded(hay, f, b.start, b.end);
    }
  }
}

/** A matcher for needles that vary per row, remembering the last needle compiled. */
export function dynamicMatcher(kind: MatchKind, caseSensitive: boolean): (hay: string, needle: string) => boolean {
  let lastNeedle: string | undefined;
  let last: Matcher = () => false;
  return (hay, needle) => {
    if (needle !== lastNeedle) {
      last = stringMatcher(kind, needle, caseSensitive);
      lastNeedle = needle;
    }
    return last(hay);
  };
}

function isSingleTerm(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isTermChar(s.charCodeAt(i))) return false;
  return true;
}

/**
 * `has_any` over a constant list: one pass over the haystack's terms for all one-term needles
 * (a set lookup per term), plus the general matcher for needles with punctuation.
 */
export function anyTermMatcher(needles: readonly string[], caseSensitive: boolean): Matcher {
  const single = new Set<string>();
  const lengths = new Set<number>();
  const others: Matcher[] = [];
  for (const n of needles) {
    if (isSingleTerm(n) && (caseSensitive || n.toLowerCase().length === n.length)) {
      single.add(caseSensitive ? n : n.toLowerCase());
      lengths.add(n.length);
    } else {
      others.push(stringMatcher('has', n, caseSensitive));
    }
  }
  const hasSingles = single.size > 0;
  return (hay) => {
    if (hasSingles && scanTerms(hay, single, lengths, caseSensitive)) return true;
    for (const m of others) if (m(hay)) return true;
    return false;
  };
}

/** True when some term of `hay` is in `set` (terms of a length not in `lengths` are skipped). */
function scanTerms(hay: string, set: ReadonlySet<string>, lengths: ReadonlySet<number>, cs: boolean): boolean {
  const len = hay.length;
  let i = 0;
  while (i < len) {
    while (i < len && !isTermChar(hay.charCodeAt(i))) i++;
    const start = i;
    while (i < len && isTermChar(hay.charCodeAt(i))) i++;
    if (i > start && lengths.has(i - start)) {
      const term = hay.slice(start, i);
      if (set.has(cs ? term : term.toLowerCase())) return true;
    }
  }
  return false;
}

/** `has_all` over a constant list. */
export function allTermsMatcher(needles: readonly string[], caseSensitive: boolean): Matcher {
  const ms = needles.map((n) => stringMatcher('has', n, caseSensitive));
  return (hay) => {
    for (const m of ms) if (!m(hay)) return false;
    return true;
  };
}
