/**
 * Scalar expressions, as a precedence ladder of small functions (lowest first):
 *   or → and → comparison (== != =~ !~, string operators, in/has_any, between)
 *      → relational (< <= > >=) → additive → multiplicative → unary → postfix → primary.
 * Binary chains are built in loops (left-deep), so long `and` chains do not recurse.
 * Parenthesised expressions and call arguments may be whole pipelines (`toscalar(T | count)`).
 */

import { DIAG } from '../diagnostics.js';
import type { BinaryOp, Call, Expr, Identifier, ListTest, NamedExpr, Span } from './ast.js';
import type { Cursor } from './cursor.js';
import { dynamicLiteral, numberLiteral, stringLiteral, timespanLiteral, typedLiteral } from './literals.js';
import { parsePipeExpr } from './pipeline.js';
import type { Token } from './tokens.js';

/** Word operators at comparison level, normalised; legacy spellings map onto the modern ones. */
const WORD_OPS: Readonly<Record<string, BinaryOp>> = {
  has: 'has',
  '!has': '!has',
  has_cs: 'has_cs',
  '!has_cs': '!has_cs',
  hasprefix: 'hasprefix',
  '!hasprefix': '!hasprefix',
  hasprefix_cs: 'hasprefix_cs',
  '!hasprefix_cs': '!hasprefix_cs',
  hassuffix: 'hassuffix',
  '!hassuffix': '!hassuffix',
  hassuffix_cs: 'hassuffix_cs',
  '!hassuffix_cs': '!hassuffix_cs',
  contains: 'contains',
  '!contains': '!contains',
  contains_cs: 'contains_cs',
  '!contains_cs': '!contains_cs',
  containscs: 'contains_cs',
  notcontains: '!contains',
  notcontainscs: '!contains_cs',
  startswith: 'startswith',
  '!startswith': '!startswith',
  startswith_cs: 'startswith_cs',
  '!startswith_cs': '!startswith_cs',
  endswith: 'endswith',
  '!endswith': '!endswith',
  endswith_cs: 'endswith_cs',
  '!endswith_cs': '!endswith_cs',
  like: 'like',
  notlike: 'notlike',
  likecs: 'likecs',
  notlikecs: 'notlikecs',
};

const EQUALITY_OPS: Readonly<Record<string, BinaryOp>> = { '==': '==', '!=': '!=', '<>': '!=' };
const CI_OPS: Readonly<Record<string, BinaryOp>> = { '=~': '=~', '!~': '!~' };

const RELATIONAL: Readonly<Record<string, BinaryOp>> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const ADDITIVE: Readonly<Record<string, BinaryOp>> = { '+': '+', '-': '-' };
const MULTIPLICATIVE: Readonly<Record<string, BinaryOp>> = { '*': '*', '/': '/', '%': '%' };

const LIST_OPS: Readonly<Record<string, ListTest['op']>> = {
  in: 'in',
  '!in': '!in',
  'in~': 'in~',
  '!in~': '!in~',
  has_any: 'has_any',
  has_all: 'has_all',
};

/** Words that end an expression rather than name a column (clause keywords of operators). */
const CLAUSE_WORDS: ReadonlySet<string> = new Set(['by', 'on', 'with']);

/**
 * Scalar type keywords that Kusto does not take as bare names: a column, variable or member of
 * that name must be written `['long']`. `bool` and `guid` are not among them (Kusto.Language
 * accepts `extend guid = new_guid()` and `let bool = 1`).
 */
export const TYPE_KEYWORDS: ReadonlySet<string> = new Set([
  'boolean',
  'int',
  'int32',
  'long',
  'int64',
  'real',
  'double',
  'float',
  'decimal',
  'string',
  'datetime',
  'date',
  'timespan',
  'time',
  'uniqueid',
  'dynamic',
]);

/** Reports a type keyword used as a declared name (`extend long = 1`), which Kusto rejects. */
export function checkDeclaredName(c: Cursor, id: Identifier): void {
  if (!id.quoted && TYPE_KEYWORDS.has(id.name)) c.report(DIAG.keywordAsName(id.name), id.span);
}

/**
 * Keywords that can never be a bare name in an expression (Kusto requires `['has_any']` for a
 * column of that name): the word operators and the scalar type keywords (`typeof(long)` is parsed
 * separately). `dynamic(...)` and other typed literals are handled before this check.
 */
const RESERVED_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(WORD_OPS),
  ...Object.keys(LIST_OPS),
  'between',
  '!between',
  'notbetween',
  'matches',
  'and',
  'or',
  ...TYPE_KEYWORDS,
]);

const spanOf = (t: Token): Span => ({ start: t.start, end: t.end });

function binary(op: BinaryOp, left: Expr, right: Expr, opSpan: Span): Expr {
  return { kind: 'Binary', op, left, right, opSpan, span: { start: left.span.start, end: right.span.end } };
}

export function parseExpr(c: Cursor): Expr {
  return parseOr(c);
}

function parseOr(c: Cursor): Expr {
  let left = parseAnd(c);
  while (c.isWord('or')) {
    const op = c.next();
    left = binary('or', left, parseAnd(c), spanOf(op));
  }
  return left;
}

function parseAnd(c: Cursor): Expr {
  let left = parseComparison(c);
  while (c.isWord('and')) {
    const op = c.next();
    left = binary('and', left, parseComparison(c), spanOf(op));
  }
  return left;
}

/**
 * Equality level: `==`, `!=`, `<>`, `in`-family, `between`. Like Kusto, comparisons do not chain:
 * `a == b == c` and `x in (1) == true` are errors, so each level takes at most one operator and
 * then returns (the caller reports whatever follows as unexpected).
 */
function parseComparison(c: Cursor): Expr {
  const left = parseRelational(c);
  const t = c.tok;
  if (t.kind === 'punct' && EQUALITY_OPS[t.text]) {
    c.next();
    return binary(EQUALITY_OPS[t.text] as BinaryOp, left, parseRelational(c), spanOf(t));
  }
  if (t.kind !== 'ident') return left;
  if (Object.hasOwn(LIST_OPS, t.text)) return parseListTest(c, left);
  if (t.text === 'between' || t.text === '!between') return parseBetween(c, left);
  return left;
}

/** Relational level (`<`, `<=`, `>`, `>=`): binds tighter than `==`, looser than `has`. */
function parseRelational(c: Cursor): Expr {
  const left = parseStringOp(c);
  const t = c.tok;
  if (t.kind !== 'punct' || !RELATIONAL[t.text]) return left;
  c.next();
  return binary(RELATIONAL[t.text] as BinaryOp, left, parseStringOp(c), spanOf(t));
}

/**
 * String operators (`has`, `contains`, `=~`, `like`, `matches regex` …) bind tighter than the
 * relational ones in Kusto: `1 < 2 has "c"` is `1 < (2 has "c")`.
 */
function parseStringOp(c: Cursor): Expr {
  const left = parseAdditive(c);
  const t = c.tok;
  if (t.kind === 'punct' && CI_OPS[t.text]) {
    c.next();
    return binary(CI_OPS[t.text] as BinaryOp, left, parseAdditive(c), spanOf(t));
  }
  if (t.kind !== 'ident') return left;
  if (Object.hasOwn(WORD_OPS, t.text)) {
    c.next();
    return binary(WORD_OPS[t.text] as BinaryOp, left, parseAdditive(c), spanOf(t));
  }
  if (t.text === 'matches' && c.isWord('regex', 1)) {
    c.next();
    const end = c.next().end;
    return binary('matches regex', left, parseAdditive(c), { start: t.start, end });
  }
  return left;
}

/** `x in (a, b)`, `x has_any (T | project y)`; items may be pipelines or dynamic arrays. */
function parseListTest(c: Cursor, left: Expr): Expr {
  const opTok = c.next();
  const items: Expr[] = [];
  if (c.expectPunct('(')) {
    if (!c.isPunct(')')) parseCommaList(c, items, parsePipeExpr);
    c.expectPunct(')');
  }
  const op = LIST_OPS[opTok.text] as ListTest['op'];
  return { kind: 'ListTest', op, left, items, opSpan: spanOf(opTok), span: c.spanFrom(left.span.start) };
}

/** `x between (low .. high)` / `x !between (...)`. */
function parseBetween(c: Cursor, left: Expr): Expr {
  const opTok = c.next();
  let low: Expr;
  let high: Expr;
  if (c.expectPunct('(')) {
    low = parseExpr(c);
    high = c.expectPunct('..') ? parseExpr(c) : c.missing("after '..' in between");
    c.expectPunct(')');
  } else {
    low = c.missing('for the lower bound of between');
    high = low;
  }
  const negated = opTok.text !== 'between';
  return { kind: 'Between', negated, left, low, high, span: c.spanFrom(left.span.start) };
}

function parseAdditive(c: Cursor): Expr {
  let left = parseMultiplicative(c);
  for (let t = c.tok; t.kind === 'punct' && ADDITIVE[t.text]; t = c.tok) {
    c.next();
    left = binary(ADDITIVE[t.text] as BinaryOp, left, parseMultiplicative(c), spanOf(t));
  }
  return left;
}

function parseMultiplicative(c: Cursor): Expr {
  let left = parseUnary(c);
  for (let t = c.tok; t.kind === 'punct' && MULTIPLICATIVE[t.text]; t = c.tok) {
    c.next();
    left = binary(MULTIPLICATIVE[t.text] as BinaryOp, left, parseUnary(c), spanOf(t));
  }
  return left;
}

/** Every nested expression passes through here, so this is where the depth limit is enforced. */
export function parseUnary(c: Cursor): Expr {
  if (!c.enter()) {
    const start = c.tok.start;
    c.skipToBoundary();
    return { kind: 'Missing', span: { start, end: Math.max(start, c.lastEnd) } };
  }
  try {
    return parseUnaryCore(c);
  } finally {
    c.leave();
  }
}

function parseUnaryCore(c: Cursor): Expr {
  const t = c.tok;
  if (t.kind !== 'punct' || (t.text !== '-' && t.text !== '+')) return parsePostfix(c);
  c.next();
  const next = c.tok;
  // `-5`, `-1d`: fold the sign into the literal so datatable cells and defaults stay literals.
  if (t.text === '-' && (next.kind === 'number' || next.kind === 'timespan')) {
    const lit = next.kind === 'number' ? numberLiteral(c, c.next()) : timespanLiteral(c, c.next());
    const v = lit.value;
    const value = typeof v === 'number' ? -v : typeof v === 'bigint' ? -v : v;
    const span = { start: t.start, end: lit.span.end };
    return { ...lit, value, text: c.text.slice(span.start, span.end), span };
  }
  const operand = parseUnary(c);
  return { kind: 'Unary', op: t.text, operand, span: { start: t.start, end: operand.span.end } };
}

export function parsePostfix(c: Cursor): Expr {
  let expr = parsePrimary(c);
  for (;;) {
    if (c.isPunct('.') && c.isPunct('[', 1) && !c.isQuotedName(1)) {
      // `x.[0]`, `x.[i + 1]`: an index path step, the same as `x[0]`
      c.next();
      c.next();
      const index = parseExpr(c);
      c.expectPunct(']');
      expr = { kind: 'IndexAccess', target: expr, index, span: c.spanFrom(expr.span.start) };
    } else if (c.isPunct('.') && (c.isIdent(1) || c.isQuotedName(1))) {
      c.next();
      const name = c.identifier('a member name');
      if (!c.isPunct('(')) checkDeclaredName(c, name);
      if (c.isPunct('(') && !name.quoted) expr = parseCallRest(c, name, expr);
      else expr = { kind: 'MemberAccess', target: expr, name, span: c.spanFrom(expr.span.start) };
    } else if (c.searchTerms && expr.kind === 'NameRef' && c.isPunct(':')) {
      const colon = c.next();
      const right = parsePrimary(c);
      expr = binary('has', expr, right, spanOf(colon));
    } else if (c.isPunct('[') && !c.isPunct(']', 1)) {
      c.next();
      const index = parseExpr(c);
      c.expectPunct(']');
      expr = { kind: 'IndexAccess', target: expr, index, span: c.spanFrom(expr.span.start) };
    } else {
      return expr;
    }
  }
}

export function parsePrimary(c: Cursor): Expr {
  const t = c.tok;
  switch (t.kind) {
    case 'string':
      return stringLiteral(c);
    case 'number':
      return numberLiteral(c, c.next());
    case 'timespan':
      return timespanLiteral(c, c.next());
    case 'typed':
      return typedLiteral(c, c.next());
    case 'ident':
      return parseWordPrimary(c, t);
    case 'punct':
      return parsePunctPrimary(c, t);
    case 'bad':
    case 'eof':
      return c.missing('here');
    default: {
      const never: never = t.kind;
      return never;
    }
  }
}

function parseWordPrimary(c: Cursor, t: Token): Expr {
  const callable = c.isPunct('(', 1);
  if (!callable && CLAUSE_WORDS.has(t.text)) return c.missing(`before '${t.text}'`);
  if (!callable && (t.text === 'true' || t.text === 'false')) {
    c.next();
    return { kind: 'Literal', type: 'bool', value: t.text === 'true', text: t.text, span: spanOf(t) };
  }
  if (t.text === 'dynamic' && callable) return dynamicLiteral(c);
  if (RESERVED_WORDS.has(t.text))
    return c.missing(`before the keyword '${t.text}' (write ['${t.text}'] for a column of that name)`);
  const name = c.identifier('a name');
  if (callable) return parseCallRest(c, name, undefined);
  return { kind: 'NameRef', name: name.name, quoted: false, span: name.span };
}

function parsePunctPrimary(c: Cursor, t: Token): Expr {
  if (t.text === '(') {
    c.next();
    const expr = parsePipeExpr(c);
    c.expectPunct(')');
    return { kind: 'Paren', expr, span: c.spanFrom(t.start) };
  }
  if (c.isQuotedName()) {
    const id = c.identifier('a name');
    return { kind: 'NameRef', name: id.name, quoted: true, span: id.span };
  }
  if (t.text === '*') {
    c.next();
    return { kind: 'Star', span: spanOf(t) };
  }
  return c.missing('here');
}

/** `name(args)` with `name` consumed and `(` at the cursor. */
function parseCallRest(c: Cursor, name: Identifier, target: Expr | undefined): Call {
  const start = target ? target.span.start : name.span.start;
  c.next();
  const args: Expr[] = [];
  const namedArgs: NamedExpr[] = [];
  const typeofArgs = name.name === 'typeof';
  if (!c.isPunct(')')) {
    do {
      if (typeofArgs && c.isIdent() && c.isPunct(':', 1)) namedArgs.push(parseTypedColumnArg(c));
      else if (typeofArgs && c.isIdent() && !c.isPunct('(', 1)) args.push(typeNameArg(c));
      else if ((c.isIdent() || c.isQuotedName()) && isSingleEquals(c, c.isIdent() ? 1 : 3)) {
        namedArgs.push(parseNamedExpr(c));
      } else args.push(parsePipeExpr(c));
    } while (c.eatPunct(','));
  }
  c.expectPunct(')');
  return { kind: 'Call', name, args, namedArgs, target, span: c.spanFrom(start) };
}

/** `typeof(name:type)` (plugin output schemas): kept as a named argument whose value names the type. */
function parseTypedColumnArg(c: Cursor): NamedExpr {
  const name = c.identifier('a column name');
  c.next();
  const type = c.identifier('a type name');
  const expr: Expr = { kind: 'NameRef', name: type.name, quoted: false, span: type.span };
  return { kind: 'NamedExpr', names: [name], expr, span: c.spanFrom(name.span.start) };
}

/** `typeof(long)`: the type name as a NameRef (type names are otherwise reserved). */
function typeNameArg(c: Cursor): Expr {
  const t = c.next();
  return { kind: 'NameRef', name: t.text, quoted: false, span: spanOf(t) };
}

function isSingleEquals(c: Cursor, k: number): boolean {
  return c.isPunct('=', k);
}

/**
 * `name = expr`, `(a, b) = expr` or a bare `expr` (names empty): the items of project, extend,
 * summarize, print, serialize and `by` clauses.
 */
export function parseNamedExpr(c: Cursor): NamedExpr {
  const start = c.tok.start;
  const names: Identifier[] = [];
  if ((c.isIdent() && c.isPunct('=', 1)) || (c.isQuotedName() && c.isPunct('=', 3))) {
    names.push(c.identifier('a name'));
    c.next();
  } else if (c.isPunct('(') && isNameTuple(c)) {
    c.next();
    do names.push(c.identifier('a name'));
    while (c.eatPunct(','));
    c.expectPunct(')');
    c.expectPunct('=');
  }
  for (const n of names) checkDeclaredName(c, n);
  const expr = parseExpr(c);
  return { kind: 'NamedExpr', names, expr, span: c.spanFrom(start) };
}

/** Lookahead for `(a, b, ...) =` (bounded by the tuple length, so linear overall). */
function isNameTuple(c: Cursor): boolean {
  let k = 1;
  for (;;) {
    if (c.isIdent(k)) k += 1;
    else if (c.isQuotedName(k)) k += 3;
    else return false;
    if (c.isPunct(')', k)) return c.isPunct('=', k + 1);
    if (!c.isPunct(',', k)) return false;
    k += 1;
  }
}

/** Parses `item (, item)*` into `out`; stops at the first item not followed by a comma. */
export function parseCommaList<T>(c: Cursor, out: T[], item: (c: Cursor) => T): void {
  // Each round consumes a comma, so a missing item cannot stall the loop.
  for (;;) {
    out.push(item(c));
    if (!c.eatPunct(',')) return;
  }
}

export function parseNamedExprList(c: Cursor): NamedExpr[] {
  const out: NamedExpr[] = [];
  parseCommaList(c, out, parseNamedExpr);
  return out;
}

export function parseExprList(c: Cursor): Expr[] {
  const out: Expr[] = [];
  parseCommaList(c, out, parseExpr);
  return out;
}
