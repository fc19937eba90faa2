/**
 * The lexer: query text → token array. One pass over the text with charCodeAt (no regex
 * backtracking, no string concatenation in loops), so time is linear in the text length.
 * Comments and whitespace are dropped; token offsets keep the layout for spans and adjacency.
 * Errors become diagnostics and a best-effort token; the lexer never throws.
 */
import { DIAG, type RawDiagnostic } from '../diagnostics.js';
import { scanQuoted } from './strings.js';
import {
  HYPHENATED_WORDS,
  NEGATABLE_WORDS,
  PUNCTUATION,
  TIMESPAN_UNITS,
  type Token,
  type TokenKind,
  TYPED_LITERAL_WORDS,
} from './tokens.js';

export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostics: RawDiagnostic[];
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const LETTER_RE = /\p{L}/u;

function isWordStart(c: number, ch: string): boolean {
  return isAsciiLetter(c) || c === 95 || (c > 127 && LETTER_RE.test(ch));
}
function isWordPart(c: number, ch: string): boolean {
  return isAsciiLetter(c) || isDigit(c) || c === 95 || (c > 127 && LETTER_RE.test(ch));
}
/** Unicode spaces (no-break, narrow no-break, zero-width) appear in copied rules; treat them as blanks. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 10 ||
    c === 13 ||
    c === 11 ||
    c === 12 ||
    c === 0xa0 ||
    c === 0x202f ||
    c === 0x200b ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x3000 ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x85
  );
}

export function lex(text: string): LexResult {
  return new Lexer(text).run();
}

class Lexer {
  private pos = 0;
  private readonly tokens: Token[] = [];
  private readonly diagnostics: RawDiagnostic[] = [];

  constructor(private readonly text: string) {}

  run(): LexResult {
    const n = this.text.length;
    for (;;) {
      this.skipTrivia();
      if (this.pos >= n) break;
      this.scanToken();
    }
    this.push('eof', n, n, '', '');
    return { tokens: this.tokens, diagnostics: this.diagnostics };
  }

  private push(kind: TokenKind, start: number, end: number, value: string, body: string): void {
    this.tokens.push({ kind, start, end, text: this.text.slice(start, end), value, body });
  }

  private diag(fact: ReturnType<(typeof DIAG)[keyof typeof DIAG]>, offset: number, length: number): void {
    this.diagnostics.push({ ...fact, offset, length });
  }

  private skipTrivia(): void {
    const t = this.text;
    const n = t.length;
    while (this.pos < n) {
      const c = t.charCodeAt(this.pos);
      if (isSpace(c)) this.pos++;
      else if (c === 47 && t.charCodeAt(this.pos + 1) === 47) {
        while (this.pos < n && t.charCodeAt(this.pos) !== 10 && t.charCodeAt(this.pos) !== 13) this.pos++;
      } else break;
    }
  }

  private scanToken(): void {
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    const ch = t[start] as string;
    if (c === 39 || c === 34) {
      this.scanString(start, start, false);
      return;
    }
    if (c === 64 && (t.charCodeAt(start + 1) === 39 || t.charCodeAt(start + 1) === 34)) {
      this.scanString(start, start + 1, true);
      return;
    }
    if ((c === 104 || c === 72) && this.isObfuscatedStart(start + 1)) {
      const verbatim = t.charCodeAt(start + 1) === 64;
      this.scanString(start, verbatim ? start + 2 : start + 1, verbatim);
      return;
    }
    if (c === 96 && t.startsWith('```', start)) {
      this.scanMultiline(start);
      return;
    }
    if (isDigit(c) || (c === 46 && isDigit(t.charCodeAt(start + 1)))) {
      this.scanNumber(start);
      return;
    }
    if (c === 36 && isWordStart(t.charCodeAt(start + 1), t[start + 1] ?? '')) {
      this.scanWord(start, start + 1);
      return;
    }
    if (isWordStart(c, ch)) {
      this.scanWord(start, start);
      return;
    }
    if (c === 33) {
      const w = this.wordAt(start + 1);
      if (w && NEGATABLE_WORDS.has(w)) {
        this.scanNegatedWord(start, w);
        return;
      }
    }
    for (const p of PUNCTUATION) {
      if (t.startsWith(p, start)) {
        this.pos = start + p.length;
        this.push('punct', start, this.pos, '', '');
        return;
      }
    }
    // A lone surrogate pair (emoji) is one character for the message and the skip.
    const cp = t.codePointAt(start) ?? c;
    const len = cp > 0xffff ? 2 : 1;
    this.diag(DIAG.invalidCharacter(t.slice(start, start + len)), start, len);
    this.pos = start + len;
    this.push('bad', start, this.pos, '', '');
  }

  private isObfuscatedStart(i: number): boolean {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === 39 || c === 34) return true;
    return c === 64 && (t.charCodeAt(i + 1) === 39 || t.charCodeAt(i + 1) === 34);
  }

  private wordAt(i: number): string | undefined {
    const t = this.text;
    if (!isWordStart(t.charCodeAt(i), t[i] ?? '')) return undefined;
    let j = i + 1;
    while (j < t.length && isWordPart(t.charCodeAt(j), t[j] as string)) j++;
    return t.slice(i, j);
  }

  private scanNegatedWord(start: number, word: string): void {
    let end = start + 1 + word.length;
    if (word === 'in' && this.text.charCodeAt(end) === 126) end++; // !in~
    this.pos = end;
    this.push('ident', start, end, '', '');
  }

  private scanWord(start: number, wordStart: number): void {
    const t = this.text;
    let end = wordStart + 1;
    while (end < t.length && isWordPart(t.charCodeAt(end), t[end] as string)) end++;
    const word = t.slice(start, end);
    if (word === 'in' && t.charCodeAt(end) === 126) {
      this.pos = end + 1;
      this.push('ident', start, end + 1, '', '');
      return;
    }
    const wordEnd = end;
    end = this.extendHyphenated(start, end);
    if (end === wordEnd && start === wordStart && TYPED_LITERAL_WORDS.has(word)) {
      if (this.scanTypedLiteral(start, end, word)) return;
    }
    this.pos = end;
    this.push('ident', start, end, '', '');
  }

  /** Joins `project-away` style keywords: the longest known hyphenated word starting here. */
  private extendHyphenated(start: number, end: number): number {
    const t = this.text;
    let best = end;
    let j = end;
    while (t.charCodeAt(j) === 45 && isWordStart(t.charCodeAt(j + 1), t[j + 1] ?? '')) {
      j += 2;
      while (j < t.length && isWordPart(t.charCodeAt(j), t[j] as string)) j++;
      if (HYPHENATED_WORDS.has(t.slice(start, j))) best = j;
    }
    return best;
  }

  /** `datetime(2015-12-31 23:59)`: the body is raw text up to `)` on the same line. */
  private scanTypedLiteral(start: number, wordEnd: number, keyword: string): boolean {
    const t = this.text;
    let i = wordEnd;
    while (i < t.length && (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9)) i++;
    if (t.charCodeAt(i) !== 40) return false;
    const bodyStart = i + 1;
    const quoted = this.scanQuotedBody(start, bodyStart, keyword);
    if (quoted !== undefined) return quoted;
    let j = bodyStart;
    while (j < t.length) {
      const c = t.charCodeAt(j);
      if (c === 41 || c === 10 || c === 13 || c === 40 || c === 39 || c === 34 || c === 124) break;
      j++;
    }
    // Anything but a plain `)` (a nested call, a string, a line break) is not a literal body:
    // leave it to the parser, which reports `int(x)` style misuse with a precise position.
    if (t.charCodeAt(j) !== 41) return false;
    this.pos = j + 1;
    this.push('typed', start, j + 1, keyword, t.slice(bodyStart, j).trim());
    return true;
  }

  /** `datetime("01/16/2022 00:00:00")`: a typed literal whose body is one quoted string. */
  private scanQuotedBody(start: number, bodyStart: number, keyword: string): boolean | undefined {
    const t = this.text;
    let i = bodyStart;
    while (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9) i++;
    const q = t.charCodeAt(i);
    if (q !== 39 && q !== 34) return undefined;
    const r = scanQuoted(t, i, false);
    let j = r.end;
    while (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 9) j++;
    if (!r.terminated || t.charCodeAt(j) !== 41) return undefined;
    this.pos = j + 1;
    this.push('typed', start, j + 1, keyword, r.value.trim());
    return true;
  }

  private scanString(start: number, quoteAt: number, verbatim: boolean): void {
    const r = scanQuoted(this.text, quoteAt, verbatim);
    if (!r.terminated) this.diag(DIAG.unterminatedString(), start, r.end - start);
    this.pos = r.end;
    this.push('string', start, r.end, r.value, '');
  }

  private scanMultiline(start: number): void {
    const t = this.text;
    const close = t.indexOf('```', start + 3);
    if (close < 0) {
      this.diag(DIAG.unterminatedComment(), start, t.length - start);
      this.pos = t.length;
      this.push('string', start, t.length, t.slice(start + 3), '');
      return;
    }
    this.pos = close + 3;
    this.push('string', start, close + 3, t.slice(start + 3, close), '');
  }

  private scanNumber(start: number): void {
    const t = this.text;
    let i = start;
    if (t.charCodeAt(i) === 48 && (t.charCodeAt(i + 1) === 120 || t.charCodeAt(i + 1) === 88)) {
      i += 2;
      while (isHex(t.charCodeAt(i))) i++;
      this.finishNumber(start, i, i === start + 2);
      return;
    }
    while (isDigit(t.charCodeAt(i))) i++;
    // `1..5` is a range, not `1.` followed by `.5`.
    if (t.charCodeAt(i) === 46 && t.charCodeAt(i + 1) !== 46) {
      i++;
      while (isDigit(t.charCodeAt(i))) i++;
    }
    const e = t.charCodeAt(i);
    if (e === 101 || e === 69) {
      let j = i + 1;
      if (t.charCodeAt(j) === 43 || t.charCodeAt(j) === 45) j++;
      if (isDigit(t.charCodeAt(j))) {
        while (isDigit(t.charCodeAt(j))) j++;
        i = j;
      }
    }
    const unitEnd = this.scanUnit(i);
    if (unitEnd > i) {
      this.pos = unitEnd;
      this.push('timespan', start, unitEnd, '', '');
      return;
    }
    this.finishNumber(start, i, false);
  }

  /** End of a time unit directly after a number, or `i` when there is none. */
  private scanUnit(i: number): number {
    const t = this.text;
    let j = i;
    while (j < t.length && isAsciiLetter(t.charCodeAt(j))) j++;
    if (j === i) return i;
    if (isWordPart(t.charCodeAt(j), t[j] ?? '')) return i;
    return TIMESPAN_UNITS.has(t.slice(i, j).toLowerCase()) ? j : i;
  }

  private finishNumber(start: number, end: number, bad: boolean): void {
    const t = this.text;
    let j = end;
    while (j < t.length && isWordPart(t.charCodeAt(j), t[j] as string)) j++;
    this.pos = j;
    // Kusto names may start with digits (`5Minutebin`): digits glued to letters form a name.
    if (j > end && !bad && /^\d+$/.test(t.slice(start, end))) {
      this.push('ident', start, j, '', '');
      return;
    }
    if (bad || j > end) this.diag(DIAG.invalidNumber(t.slice(start, j)), start, j - start);
    this.push('number', start, j, '', '');
  }
}
