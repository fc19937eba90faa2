/**
 * Tabular expressions: `source | op | op ...` as a left-deep chain of Pipe nodes, built in a loop.
 * The operator after each `|` is dispatched through OPERATORS; a pipeline starts either with an
 * expression (table name, let name, call, parenthesised query) or with a source operator
 * (`datatable`, `print`, `range`, `union`, `find`, `search`, `externaldata`).
 */
import { DIAG, suggest } from '../diagnostics.js';
import type { Expr, TabularOperator } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseExpr } from './expressions.js';
import { BASIC_OPERATORS } from './ops-basic.js';
import { EXTENDED_OPERATORS, parseExtended } from './ops-extended.js';
import { GRAPH_OPERATORS } from './ops-graph.js';
import { JOIN_OPERATORS } from './ops-join.js';
import { SHAPE_OPERATORS } from './ops-shape.js';
import { PIPED_SOURCE_OPERATORS, SOURCE_OPERATORS } from './sources.js';
import { describeToken, type Token } from './tokens.js';

/** Parses one pipeline operator; the operator word is `name`, already consumed. */
export type OperatorParser = (c: Cursor, name: Token) => TabularOperator;

let operatorTable: Readonly<Record<string, OperatorParser>> | undefined;

/**
 * The operator table, built on first use: the grammar modules import each other in a cycle, and a
 * module-level spread could run before the operator modules have initialised.
 */
function operators(): Readonly<Record<string, OperatorParser>> {
  operatorTable ??= {
    ...BASIC_OPERATORS,
    ...JOIN_OPERATORS,
    ...SHAPE_OPERATORS,
    ...GRAPH_OPERATORS,
    ...PIPED_SOURCE_OPERATORS,
  };
  return operatorTable;
}

function isOperatorName(name: string): boolean {
  return Object.hasOwn(operators(), name);
}

/** Every operator word accepted after `|` (for suggestions and tools). */
export function operatorNames(): string[] {
  return [...Object.keys(operators()), ...EXTENDED_OPERATORS];
}

/** Tokens that may legitimately follow a complete pipeline. */
function atPipelineEnd(c: Cursor): boolean {
  const t = c.tok;
  if (t.kind === 'eof') return true;
  return t.kind === 'punct' && (t.text === ';' || t.text === ')' || t.text === ']' || t.text === '}' || t.text === ',');
}

/** A full tabular (or scalar) expression, pipes included. */
export function parsePipeExpr(c: Cursor): Expr {
  const start = c.tok.start;
  return parsePipeTail(c, parsePipeHead(c), start);
}

function parsePipeHead(c: Cursor): Expr {
  const t = c.tok;
  // `evaluate plugin(...)` may start a query (sql_request, http_request …): its input is one
  // empty row, as `print` with no columns gives.
  if (t.kind === 'ident' && t.text === 'evaluate' && c.isIdent(1)) {
    const source: Expr = { kind: 'Print', items: [], span: { start: t.start, end: t.start } };
    const operator = parseOperator(c);
    return { kind: 'Pipe', source, operator, span: c.spanFrom(t.start) };
  }
  if (t.kind === 'ident' && Object.hasOwn(SOURCE_OPERATORS, t.text)) {
    const source = SOURCE_OPERATORS[t.text]?.(c);
    if (source) return source;
  }
  return parseExpr(c);
}

/**
 * The body of `fork (...)`, `mv-apply ... on (...)`, `facet ... with (...)`, `partition ... (...)`:
 * either a full pipeline, or operators applied to the implicit input (`where x > 1 | take 5`).
 */
export function parseSubquery(c: Cursor): Expr {
  const t = c.tok;
  if (!startsImplicitPipeline(c)) return parsePipeExpr(c);
  const source: Expr = { kind: 'ImplicitSource', span: { start: t.start, end: t.start } };
  const first = parseOperator(c);
  const head: Expr = { kind: 'Pipe', source, operator: first, span: c.spanFrom(t.start) };
  return parsePipeTail(c, head, t.start);
}

function startsImplicitPipeline(c: Cursor): boolean {
  const t = c.tok;
  if (t.kind !== 'ident' || Object.hasOwn(SOURCE_OPERATORS, t.text)) return false;
  if (!isOperatorName(t.text) && !EXTENDED_OPERATORS.includes(t.text)) return false;
  // `count(...)`, `sample.x`: a call or member access, not an operator.
  return !c.isPunct('.', 1) && !(c.isPunct('(', 1) && c.adjacent());
}

function parsePipeTail(c: Cursor, head: Expr, start: number): Expr {
  let left = head;
  for (;;) {
    if (c.eatPunct('|')) {
      const operator = parseOperator(c);
      left = { kind: 'Pipe', source: left, operator, span: c.spanFrom(start) };
      continue;
    }
    if (atPipelineEnd(c)) return left;
    // Leftover tokens: report once, skip to the next `|` (and continue the pipeline) or boundary.
    c.report(DIAG.unexpectedToken(describeToken(c.tok)), c.tok);
    c.skipToBoundary();
    if (!c.isPunct('|')) return left;
  }
}

/** One operator after `|` (the cursor is at the operator word). */
export function parseOperator(c: Cursor): TabularOperator {
  const t = c.tok;
  if (t.kind !== 'ident') {
    c.report(DIAG.expected('a tabular operator after |', describeToken(t)), t);
    c.skipToBoundary();
    return { kind: 'ErrorOperator', span: { start: t.start, end: Math.max(t.start, c.lastEnd) } };
  }
  const gluedName = hyphenatedUnknown(c);
  const parser = gluedName || !isOperatorName(t.text) ? undefined : operators()[t.text];
  if (parser) return parser(c, c.next());
  if (!gluedName && EXTENDED_OPERATORS.includes(t.text)) return parseExtended(c, c.next());
  const name = gluedName ?? t.text;
  c.report(DIAG.unknownOperator(name, suggest(name, operatorNames())), { start: t.start, end: t.start + name.length });
  c.skipToBoundary();
  return { kind: 'ErrorOperator', span: c.spanFrom(t.start) };
}

/** `project-awy`: a known word glued to `-word` that the lexer did not join is a misspelt name. */
function hyphenatedUnknown(c: Cursor): string | undefined {
  let k = 0;
  while (c.isPunct('-', k + 1) && c.adjacent(k) && c.isIdent(k + 2) && c.adjacent(k + 1)) k += 2;
  if (k === 0) return undefined;
  return c.text.slice(c.tok.start, c.peek(k).end);
}
