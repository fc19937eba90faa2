/**
 * Statements: `let` (values, materialize, user functions, views), `declare query_parameters`,
 * `set`, and the tabular expression statement; `;` separates them (extra `;` are fine).
 * A statement with leftovers is reported once and skipped to the next `;`.
 */
import { DIAG } from '../diagnostics.js';
import type { Expr, FunctionBody, FunctionDecl, Param, PatternRule, Statement } from './ast.js';
import { parseParamDeclList, parseScalarTypeRef } from './clauses.js';
import type { Cursor } from './cursor.js';
import { checkDeclaredName, parseExpr } from './expressions.js';
import { parsePipeExpr } from './pipeline.js';
import { describeToken } from './tokens.js';

/** Statements up to end of text (top level) or up to the closing `}` of a function body. */
export function parseStatements(c: Cursor, inBody: boolean): Statement[] {
  const out: Statement[] = [];
  for (;;) {
    while (c.eatPunct(';'));
    if (c.atEnd() || (inBody && c.isPunct('}'))) return out;
    const before = c.pos;
    out.push(parseStatement(c));
    if (c.eatPunct(';') || c.atEnd() || (inBody && c.isPunct('}'))) continue;
    c.report(DIAG.unexpectedToken(describeToken(c.tok)), c.tok);
    skipStatement(c, inBody);
    if (c.pos === before) c.next();
  }
}

/** Statements inside `( … )` (a macro-expand sub-query), up to the closing `)`. */
export function parseStatementsUntilClose(c: Cursor): Statement[] {
  const out: Statement[] = [];
  if (!c.enter()) {
    c.skipToCloser();
    return out;
  }
  try {
    for (;;) {
      while (c.eatPunct(';'));
      if (c.atEnd() || c.isPunct(')')) return out;
      const before = c.pos;
      out.push(parseStatement(c));
      if (c.eatPunct(';') || c.atEnd() || c.isPunct(')')) continue;
      c.report(DIAG.unexpectedToken(describeToken(c.tok)), c.tok);
      c.skipToCloser();
      if (c.pos === before) c.next();
      return out;
    }
  } finally {
    c.leave();
  }
}

/** Skips to the next top-level `;` (or the body's `}`), ignoring stray closers. */
function skipStatement(c: Cursor, inBody: boolean): void {
  let nest = 0;
  while (!c.atEnd()) {
    const t = c.tok;
    if (t.kind === 'punct') {
      if (t.text === '(' || t.text === '[' || t.text === '{') nest++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (nest === 0 && inBody && t.text === '}') return;
        if (nest > 0) nest--;
      } else if (t.text === ';' && nest === 0) return;
    }
    c.next();
  }
}

function parseStatement(c: Cursor): Statement {
  const start = c.tok.start;
  if (c.isWord('let') && (c.isIdent(1) || c.isQuotedName(1))) return parseLet(c);
  if (c.isWord('declare') && c.isWord('query_parameters', 1)) {
    c.next();
    c.next();
    const params = parseParamDeclList(c);
    return { kind: 'DeclareParameters', params, span: c.spanFrom(start) };
  }
  if (c.isWord('set') && c.isIdent(1) && !c.isPunct('|', 1)) return parseSet(c);
  if (c.isWord('declare') && c.isWord('pattern', 1)) return parseDeclarePattern(c);
  if (c.isWord('alias') && c.isWord('database', 1)) {
    c.next();
    c.next();
    const name = c.identifier('an alias name');
    c.expectPunct('=');
    const value = parsePipeExpr(c);
    return { kind: 'Alias', name, value, span: c.spanFrom(start) };
  }
  if (c.isWord('restrict') && c.isWord('access', 1)) {
    c.next();
    c.next();
    c.expectWord('to');
    const entities = parseExprList(c, '(', ')');
    return { kind: 'Restrict', entities, span: c.spanFrom(start) };
  }
  const expr = parsePipeExpr(c);
  return { kind: 'ExprStatement', expr, span: c.spanFrom(start) };
}

/**
 * `declare pattern name [= (params)[pathParams] { (args).[pathArgs] = { query }; ... }]`. A bare
 * `declare pattern name` has no rules (the real service resolves it through a callback).
 */
function parseDeclarePattern(c: Cursor): Statement {
  const start = c.next().start;
  c.next();
  const name = c.identifier('a pattern name');
  if (!c.eatPunct('=')) {
    return { kind: 'DeclarePattern', name, params: [], pathParams: [], rules: [], span: c.spanFrom(start) };
  }
  const params = parseParamDeclList(c);
  const pathParams = c.isPunct('[') ? parseBracketParams(c) : [];
  const rules: PatternRule[] = [];
  if (c.expectPunct('{')) {
    for (;;) {
      while (c.eatPunct(';'));
      if (c.atEnd() || c.isPunct('}')) break;
      const before = c.pos;
      rules.push(parsePatternRule(c));
      if (c.pos === before) c.next();
    }
    c.expectPunct('}');
  }
  return { kind: 'DeclarePattern', name, params, pathParams, rules, span: c.spanFrom(start) };
}

/** `[name:type, ...]`: the path parameters of a pattern. */
function parseBracketParams(c: Cursor): Param[] {
  c.next();
  const out: Param[] = [];
  if (!c.isPunct(']')) {
    do {
      const pStart = c.tok.start;
      const pname = c.identifier('a path parameter name');
      c.expectPunct(':');
      const type = parseScalarTypeRef(c);
      out.push({ kind: 'Param', name: pname, type, defaultValue: undefined, span: c.spanFrom(pStart) });
    } while (c.eatPunct(','));
  }
  c.expectPunct(']');
  return out;
}

/** `(args).[pathArgs] = { query }` (the path part is optional). */
function parsePatternRule(c: Cursor): PatternRule {
  const start = c.tok.start;
  const args = parseExprList(c, '(', ')');
  let pathArgs: Expr[] = [];
  if (c.eatPunct('.')) {
    if (c.isPunct('[')) pathArgs = parseExprList(c, '[', ']');
    else {
      // `.name` is shorthand for `.["name"]`.
      const id = c.identifier('a path value');
      pathArgs = [{ kind: 'Literal', type: 'string', value: id.name, text: id.name, span: id.span }];
    }
  }
  c.expectPunct('=');
  const body = parseFunctionBody(c);
  return { kind: 'PatternRule', args, pathArgs, body, span: c.spanFrom(start) };
}

function parseExprList(c: Cursor, open: string, close: string): Expr[] {
  const out: Expr[] = [];
  if (!c.expectPunct(open)) return out;
  if (!c.isPunct(close)) {
    do out.push(parseExpr(c));
    while (c.eatPunct(','));
  }
  c.expectPunct(close);
  return out;
}

/** `set name [= value]`; option names may be dotted (`set query_results_cache_max_age = 1d`). */
function parseSet(c: Cursor): Statement {
  const start = c.next().start;
  const parts = [c.next().text];
  while (c.isPunct('.') && c.isIdent(1)) {
    c.next();
    parts.push(c.next().text);
  }
  const value: Expr | undefined = c.eatPunct('=') ? parseExpr(c) : undefined;
  return { kind: 'Set', name: parts.join('.'), value, span: c.spanFrom(start) };
}

function parseLet(c: Cursor): Statement {
  const start = c.next().start;
  const name = c.identifier('a name after let');
  checkDeclaredName(c, name);
  c.expectPunct('=');
  const value = isFunctionStart(c) ? parseFunctionDecl(c) : parsePipeExpr(c);
  return { kind: 'Let', name, value, span: c.spanFrom(start) };
}

/** `view (`, `() {`, `(name:` or `(['name']:` begins a function rather than a parenthesised value. */
function isFunctionStart(c: Cursor): boolean {
  if (c.isWord('view') && c.isPunct('(', 1)) return true;
  if (!c.isPunct('(')) return false;
  if (c.isPunct(')', 1)) return c.isPunct('{', 2);
  if (c.isIdent(1)) return c.isPunct(':', 2);
  return c.isQuotedName(1) && c.isPunct(':', 4);
}

function parseFunctionDecl(c: Cursor): FunctionDecl {
  const start = c.tok.start;
  const isView = !!c.eatWord('view');
  const params = parseParamDeclList(c);
  const body = parseFunctionBody(c);
  return { kind: 'FunctionDecl', isView, params, body, span: c.spanFrom(start) };
}

function parseFunctionBody(c: Cursor): FunctionBody {
  const start = c.tok.start;
  if (!c.expectPunct('{')) return { kind: 'FunctionBody', statements: [], span: { start, end: start } };
  if (!c.enter()) {
    c.skipToCloser();
    c.eatPunct('}');
    return { kind: 'FunctionBody', statements: [], span: c.spanFrom(start) };
  }
  let statements: Statement[];
  try {
    statements = parseStatements(c, true);
  } finally {
    c.leave();
  }
  c.expectPunct('}');
  return { kind: 'FunctionBody', statements, span: c.spanFrom(start) };
}
