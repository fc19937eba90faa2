/**
 * Recursive-descent parser of the exclusion language: `or` binds loosest, then `and`, then `not`,
 * then comparisons and parentheses. Never throws: problems come back as diagnostics, and the tree is
 * undefined when the text has errors.
 */
import { RE2JS } from 're2js';
import type { Diagnostic } from '../../kql/engine.js';
import type { CompareOp, ExclusionExpr, ExclusionValue, FieldRef } from './ast.js';
import { EXC_DIAG, excAt } from './diagnostics.js';
import { lex, type Token } from './lexer.js';

export interface ParsedExclusion {
  readonly text: string;
  readonly expr: ExclusionExpr | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

const MAX_DEPTH = 64;
/** And/or links in one expression (see Parser.link); documented in docs/exclusions.md. */
const MAX_LINKS = 512;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'contains', 'startswith', 'endswith', 'matches', 'regex']);
const WORD_OPS: Readonly<Record<string, CompareOp>> = {
  contains: 'contains',
  startswith: 'startswith',
  endswith: 'endswith',
};

/** A syntax failure unwinds to parseExclusion; it is data, never surfaced as an exception. */
class Stop {
  constructor(readonly diagnostic: Diagnostic) {}
}

class Parser {
  private pos = 0;
  private depth = 0;
  private links = 0;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  /** A method, not a getter: TypeScript would otherwise keep narrowing across `pos++`. */
  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private word(): string | undefined {
    return this.peek().kind === 'name' ? this.peek().text.toLowerCase() : undefined;
  }

  private describe(t: Token): string {
    return t.kind === 'eof' ? 'the end of the text' : `'${t.text}'`;
  }

  private fail(what: string): never {
    const t = this.peek();
    throw new Stop(excAt(EXC_DIAG.expected(what, this.describe(t)), this.text, t.start, t.end - t.start));
  }

  parse(): ExclusionExpr {
    if (this.peek().kind === 'eof') throw new Stop(excAt(EXC_DIAG.emptyExpression(), this.text, 0, 0));
    const e = this.or();
    if (this.peek().kind !== 'eof') {
      const t = this.peek();
      throw new Stop(excAt(EXC_DIAG.trailing(this.describe(t)), this.text, t.start, t.end - t.start));
    }
    return e;
  }

  private or(): ExclusionExpr {
    let left = this.and();
    while (this.word() === 'or') {
      this.link();
      this.pos++;
      const right = this.and();
      left = { kind: 'Or', left, right, span: { start: left.span.start, end: right.span.end } };
    }
    return left;
  }

  private and(): ExclusionExpr {
    let left = this.not();
    while (this.word() === 'and') {
      this.link();
      this.pos++;
      const right = this.not();
      left = { kind: 'And', left, right, span: { start: left.span.start, end: right.span.end } };
    }
    return left;
  }

  private not(): ExclusionExpr {
    if (this.word() !== 'not') return this.primary();
    const start = this.peek().start;
    this.pos++;
    const operand = this.nested(() => this.not());
    return { kind: 'Not', operand, span: { start, end: operand.span.end } };
  }

  /**
   * Counts one `and`/`or` link. The compiler, field listing and safety analysis recurse over the
   * tree, and a chain is a tree as deep as it is long; MAX_LINKS bounds that (with MAX_DEPTH, the
   * nesting) so no walk can exhaust the stack.
   */
  private link(): void {
    if (++this.links > MAX_LINKS) {
      const t = this.peek();
      throw new Stop(excAt(EXC_DIAG.tooManyTerms(MAX_LINKS), this.text, t.start, t.end - t.start));
    }
  }

  private nested(f: () => ExclusionExpr): ExclusionExpr {
    if (++this.depth > MAX_DEPTH) {
      const t = this.peek();
      throw new Stop(excAt(EXC_DIAG.tooDeep(MAX_DEPTH), this.text, t.start, t.end - t.start));
    }
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private primary(): ExclusionExpr {
    const t = this.peek();
    if (t.kind === '(') {
      this.pos++;
      const expr = this.nested(() => this.or());
      const close = this.expect(')', "')'");
      return { kind: 'Paren', expr, span: { start: t.start, end: close.end } };
    }
    if (t.kind !== 'name' || KEYWORDS.has(t.text.toLowerCase())) this.fail('a field name');
    this.pos++;
    const field: FieldRef = { kind: 'Field', name: t.text, span: { start: t.start, end: t.end } };
    return this.comparison(field);
  }

  private comparison(field: FieldRef): ExclusionExpr {
    const t = this.peek();
    const w = this.word();
    if (t.kind === '==' || t.kind === '!=') {
      this.pos++;
      return this.compare(field, t.kind);
    }
    if (w !== undefined && Object.hasOwn(WORD_OPS, w)) {
      this.pos++;
      return this.compare(field, WORD_OPS[w] as CompareOp);
    }
    if (w === 'matches') {
      this.pos++;
      if (this.word() !== 'regex') this.fail("'regex' after 'matches'");
      this.pos++;
      const e = this.compare(field, 'matches regex');
      if (e.kind === 'Compare') this.checkRegex(e.value);
      return e;
    }
    if (w === 'in') return this.inList(field, false);
    if (w === 'not') {
      this.pos++;
      if (this.word() !== 'in') this.fail("'in' after 'not'");
      return this.inList(field, true);
    }
    return this.fail('an operator (==, !=, contains, startswith, endswith, in, matches regex)');
  }

  private compare(field: FieldRef, op: CompareOp): ExclusionExpr {
    const value = this.value();
    return { kind: 'Compare', field, op, value, span: { start: field.span.start, end: value.span.end } };
  }

  private inList(field: FieldRef, negated: boolean): ExclusionExpr {
    this.pos++;
    const open = this.expect('(', "'(' after 'in'");
    const values: ExclusionValue[] = [];
    if (this.peek().kind !== ')') {
      values.push(this.value());
      while (this.peek().kind === ',') {
        this.pos++;
        values.push(this.value());
      }
    }
    const close = this.expect(')', "',' or ')'");
    if (values.length === 0)
      this.diagnostics.push(excAt(EXC_DIAG.emptyList(), this.text, open.start, close.end - open.start));
    return { kind: 'In', field, values, negated, span: { start: field.span.start, end: close.end } };
  }

  private value(): ExclusionValue {
    const t = this.peek();
    if (t.kind === 'string') {
      this.pos++;
      return { kind: 'string', value: t.value, span: { start: t.start, end: t.end } };
    }
    if (t.kind === 'number') {
      this.pos++;
      return { kind: 'number', value: Number(t.text), span: { start: t.start, end: t.end } };
    }
    return this.fail('a quoted string or a number');
  }

  private expect(kind: Token['kind'], what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) this.fail(what);
    this.pos++;
    return t;
  }

  private checkRegex(v: ExclusionValue): void {
    if (v.kind !== 'string') return;
    try {
      RE2JS.compile(v.value);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      this.diagnostics.push(excAt(EXC_DIAG.badRegex(reason), this.text, v.span.start, v.span.end - v.span.start));
    }
  }
}

/** Text → exclusion tree. Never throws. */
export function parseExclusion(text: string): ParsedExclusion {
  const lexed = lex(text);
  const parser = new Parser(text, lexed.tokens);
  try {
    const expr = parser.parse();
    const diagnostics = [...lexed.diagnostics, ...parser.diagnostics];
    return { text, expr: diagnostics.some((d) => d.severity === 'error') ? undefined : expr, diagnostics };
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { text, expr: undefined, diagnostics: [...lexed.diagnostics, ...parser.diagnostics, e.diagnostic] };
  }
}
