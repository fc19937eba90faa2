/**
 * Parser state shared by the grammar modules: the token array, a position, collected diagnostics
 * and the nesting depth. Helpers never throw; `expect*` record a diagnostic and do not consume
 * when the token is absent, so callers always make progress through `next()` or stop.
 */
import { DIAG, type RawDiagnostic } from '../diagnostics.js';
import type { Identifier, Missing, Span } from './ast.js';
import { describeToken, type Token } from './tokens.js';

/** Deeper nesting than this is reported (KQL208) instead of risking a stack overflow. */
export const MAX_DEPTH = 200;

type Fact = ReturnType<(typeof DIAG)[keyof typeof DIAG]>;

export class Cursor {
  pos = 0;
  depth = 0;
  /** Set once the depth limit was reported, so one deep query yields one diagnostic. */
  depthReported = false;
  /** Inside a `search` predicate, where `Col:"text"` is a term test. */
  searchTerms = false;

  constructor(
    readonly text: string,
    readonly tokens: readonly Token[],
    readonly diagnostics: RawDiagnostic[],
  ) {}

  get tok(): Token {
    return this.tokens[this.pos] as Token;
  }

  peek(k = 1): Token {
    const i = Math.min(this.pos + k, this.tokens.length - 1);
    return this.tokens[i] as Token;
  }

  /** End offset of the last consumed token (start of text if none). */
  get lastEnd(): number {
    return this.pos > 0 ? (this.tokens[this.pos - 1] as Token).end : 0;
  }

  atEnd(): boolean {
    return this.tok.kind === 'eof';
  }

  next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  isPunct(p: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.text === p;
  }

  isWord(w: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.text === w;
  }

  isIdent(k = 0): boolean {
    return this.peek(k).kind === 'ident';
  }

  /** True when token k+1 starts exactly where token k ends (no blank or comment between). */
  adjacent(k = 0): boolean {
    return this.peek(k).end === this.peek(k + 1).start;
  }

  eatPunct(p: string): Token | undefined {
    return this.isPunct(p) ? this.next() : undefined;
  }

  eatWord(w: string): Token | undefined {
    return this.isWord(w) ? this.next() : undefined;
  }

  /** Consumes `p` or reports KQL201 at the current token. */
  expectPunct(p: string): boolean {
    if (this.eatPunct(p)) return true;
    this.report(DIAG.expected(`'${p}'`, describeToken(this.tok)), this.tok);
    return false;
  }

  expectWord(w: string): boolean {
    if (this.eatWord(w)) return true;
    this.report(DIAG.expected(`'${w}'`, describeToken(this.tok)), this.tok);
    return false;
  }

  report(fact: Fact, at: Token | Span): void {
    const start = at.start;
    // Unclosed brackets at the end of text would each report the same spot; once is enough.
    const last = this.diagnostics[this.diagnostics.length - 1];
    if (last && last.offset === start && last.code === fact.code) return;
    this.diagnostics.push({ ...fact, offset: start, length: at.end - start });
  }

  /** Span from `start` to the end of the last consumed token (never negative). */
  spanFrom(start: number): Span {
    return { start, end: Math.max(start, this.lastEnd) };
  }

  /** A zero-width Missing node at the current token, with KQL203. */
  missing(context: string): Missing {
    const t = this.tok;
    this.report(DIAG.missingExpression(context), { start: t.start, end: t.kind === 'eof' ? t.start : t.end });
    return { kind: 'Missing', span: { start: t.start, end: t.start } };
  }

  /** Consumes an identifier (or `['quoted']`) as an Identifier, or reports and returns an empty one. */
  identifier(what: string): Identifier {
    const id = this.tryIdentifier();
    if (id) return id;
    const t = this.tok;
    this.report(DIAG.expected(what, describeToken(t)), t);
    return { kind: 'Identifier', name: '', quoted: false, span: { start: t.start, end: t.start } };
  }

  tryIdentifier(): Identifier | undefined {
    const t = this.tok;
    if (t.kind === 'ident') {
      this.next();
      return { kind: 'Identifier', name: t.text, quoted: false, span: { start: t.start, end: t.end } };
    }
    if (this.isQuotedName()) {
      this.next();
      const s = this.next();
      const close = this.next();
      return { kind: 'Identifier', name: s.value, quoted: true, span: { start: t.start, end: close.end } };
    }
    return undefined;
  }

  /** `['name']` / `["name"]` at the cursor. */
  isQuotedName(k = 0): boolean {
    return this.isPunct('[', k) && this.peek(k + 1).kind === 'string' && this.isPunct(']', k + 2);
  }

  /** Enters one nesting level; false (with one KQL208) when the limit is reached. */
  enter(): boolean {
    if (this.depth >= MAX_DEPTH) {
      if (!this.depthReported) {
        this.depthReported = true;
        this.report(DIAG.tooDeep(MAX_DEPTH), this.tok);
      }
      return false;
    }
    this.depth++;
    return true;
  }

  leave(): void {
    this.depth--;
  }

  /**
   * Skips tokens up to (not including) the next `|`, `;` or unbalanced closer at this nesting
   * level. Iterative, so it also serves to skip over input nested too deeply to parse.
   */
  skipToBoundary(stopAtComma = false): void {
    let nest = 0;
    while (!this.atEnd()) {
      const t = this.tok;
      if (t.kind === 'punct') {
        const p = t.text;
        if (p === '(' || p === '[' || p === '{') nest++;
        else if (p === ')' || p === ']' || p === '}') {
          if (nest === 0) return;
          nest--;
        } else if (nest === 0 && (p === '|' || p === ';' || (stopAtComma && p === ','))) return;
      }
      this.next();
    }
  }

  /** Skips to (not including) the closer of the group the cursor is in, whatever lies between. */
  skipToCloser(): void {
    let nest = 0;
    while (!this.atEnd()) {
      const t = this.tok;
      if (t.kind === 'punct') {
        if (t.text === '(' || t.text === '[' || t.text === '{') nest++;
        else if (t.text === ')' || t.text === ']' || t.text === '}') {
          if (nest === 0) return;
          nest--;
        }
      }
      this.next();
    }
  }

  /** Skips one balanced group starting at an opener (or one token). */
  skipGroup(): void {
    let nest = 0;
    do {
      const t = this.next();
      if (t.kind === 'punct') {
        if (t.text === '(' || t.text === '[' || t.text === '{') nest++;
        else if (t.text === ')' || t.text === ']' || t.text === '}') nest--;
      }
    } while (nest > 0 && !this.atEnd());
  }
}
