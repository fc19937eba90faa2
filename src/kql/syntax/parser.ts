/**
 * Recursive-descent parser: text → syntax tree + diagnostics. Never throws on user input: lexical
 * and syntax errors become diagnostics (KQL1xx/KQL2xx), missing pieces become Missing /
 * ErrorOperator nodes, and parsing resumes at the next `|` or `;`.
 *
 * The grammar is split by concern: lexer.ts (tokens), expressions.ts (precedence ladder),
 * pipeline.ts (pipes and operator dispatch), ops-*.ts and sources.ts (tabular operators),
 * statements.ts (let/declare/set), literals.ts (literal values).
 */
import { DIAG, isStackOverflow, type RawDiagnostic } from '../diagnostics.js';
import type { Query } from './ast.js';
import { Cursor } from './cursor.js';
import { lex } from './lexer.js';
import { parseStatements } from './statements.js';

export function parseQuery(text: string): { query: Query; diagnostics: RawDiagnostic[] } {
  const { tokens, diagnostics } = lex(text);
  const c = new Cursor(text, tokens, diagnostics);
  let statements: Query['statements'] = [];
  try {
    statements = parseStatements(c, false);
    checkQueryShape(c, statements);
  } catch (e) {
    // A parser bug must not take down the caller: report it as an internal diagnostic instead.
    // Stack exhaustion is not a bug but input nested past what every path bounds: KQL208.
    const fact = isStackOverflow(e) ? DIAG.tooDeepToRun() : DIAG.internal(`parser failed: ${String(e)}`);
    diagnostics.push({ ...fact, offset: c.tok.start, length: 0 });
  }
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { query: { kind: 'Query', statements, span: { start: 0, end: text.length } }, diagnostics };
}

function checkQueryShape(c: Cursor, statements: Query['statements']): void {
  const last = statements[statements.length - 1];
  if (!last) {
    c.report(DIAG.emptyQuery(), { start: 0, end: 0 });
    return;
  }
  if (last.kind !== 'ExprStatement')
    c.report(DIAG.trailingSemicolonOnly(), { start: last.span.end, end: last.span.end });
}
