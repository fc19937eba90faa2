/**
 * Operators that combine or fan out tables: join, lookup, union (after a pipe), mv-expand,
 * mv-apply, fork, facet, partition.
 */
import { DIAG } from '../diagnostics.js';
import type { Expr, Identifier, MvExpandItem, NameRef, OperatorParam, ScalarTypeRef, TabularOperator } from './ast.js';
import { parseParams, parseScalarTypeRef } from './clauses.js';
import type { Cursor } from './cursor.js';
import { parseCommaList, parseExpr, parseExprList, parseNamedExpr, parsePostfix } from './expressions.js';
import { type OperatorParser, parseSubquery } from './pipeline.js';
import { parseUnionRest } from './sources.js';
import type { Token } from './tokens.js';

const JOIN_PARAMS = ['kind', 'withsource', 'isfuzzy'];

/** The right side of join/lookup: `(subquery)` or a table reference; never a bare pipeline. */
function parseRightTable(c: Cursor): Expr {
  return parsePostfix(c);
}

/** `on a, $left.b == $right.c and ...` or the legacy `where` form; both are expression lists. */
function parseOnClause(c: Cursor): Expr[] {
  if (c.eatWord('on') || c.eatWord('where')) return parseExprList(c);
  c.expectWord('on');
  return [];
}

const JOIN_KINDS = [
  'inner',
  'innerunique',
  'leftouter',
  'rightouter',
  'fullouter',
  'leftanti',
  'anti',
  'leftantisemi',
  'rightanti',
  'rightantisemi',
  'leftsemi',
  'rightsemi',
];

/** Reports a `kind=` value outside `allowed` (KQL201) at the value. */
function checkKind(c: Cursor, params: readonly OperatorParam[], allowed: readonly string[]): void {
  const kind = params.find((p) => p.name === 'kind');
  if (!kind) return;
  const v = kind.value;
  if (v.kind === 'NameRef' && allowed.includes(v.name)) return;
  c.report(
    DIAG.expected(`a kind (${allowed.join(', ')})`, c.text.slice(v.span.start, v.span.end) || 'nothing'),
    v.span,
  );
}

function join(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, JOIN_PARAMS);
  checkKind(c, params, JOIN_KINDS);
  const right = parseRightTable(c);
  const on = parseOnClause(c);
  return { kind: 'Join', params, right, on, span: c.spanFrom(name.start) };
}

function lookup(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, ['kind']);
  checkKind(c, params, ['leftouter', 'inner']);
  const right = parseRightTable(c);
  const on = parseOnClause(c);
  return { kind: 'Lookup', params, right, on, span: c.spanFrom(name.start) };
}

function union(c: Cursor, name: Token): TabularOperator {
  return parseUnionRest(c, name.start);
}

/** `[name =] expr [to typeof(type)]` */
function parseExpandItem(c: Cursor): MvExpandItem {
  const start = c.tok.start;
  const named = parseNamedExpr(c);
  const name: Identifier | undefined = named.names[0];
  let toType: ScalarTypeRef | undefined;
  if (c.isWord('to') && c.isWord('typeof', 1)) {
    c.next();
    c.next();
    c.expectPunct('(');
    toType = parseScalarTypeRef(c);
    c.expectPunct(')');
  }
  return { kind: 'MvExpandItem', name, expr: named.expr, toType, span: c.spanFrom(start) };
}

function parseExpandItems(c: Cursor): MvExpandItem[] {
  const items: MvExpandItem[] = [];
  parseCommaList(c, items, parseExpandItem);
  return items;
}

const EXPAND_PARAMS = ['bagexpansion', 'with_itemindex', 'kind'];

function mvExpand(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, EXPAND_PARAMS);
  const items = parseExpandItems(c);
  const limit = c.eatWord('limit') ? parseExpr(c) : undefined;
  const spelling = name.text === 'mvexpand' ? 'mvexpand' : 'mv-expand';
  return { kind: 'MvExpand', params, items, limit, spelling, span: c.spanFrom(name.start) };
}

/** `mv-apply [with_itemindex=I] items [limit N] on (subquery)` */
function mvApply(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, EXPAND_PARAMS);
  const items = parseExpandItems(c);
  const limit = c.eatWord('limit') ? parseExpr(c) : undefined;
  let subquery: Expr;
  if (c.expectWord('on') && c.expectPunct('(')) {
    subquery = parseSubquery(c);
    c.expectPunct(')');
  } else subquery = c.missing('for the mv-apply sub-query');
  return { kind: 'MvApply', params, items, limit, subquery, span: c.spanFrom(name.start) };
}

/** `fork [name=](subquery) [name=](subquery) ...` */
function fork(c: Cursor, name: Token): TabularOperator {
  const branches: { name: Identifier | undefined; subquery: Expr }[] = [];
  for (;;) {
    let branchName: Identifier | undefined;
    if (c.isIdent() && c.isPunct('=', 1) && c.isPunct('(', 2)) {
      branchName = c.identifier('a branch name');
      c.next();
    }
    if (!c.isPunct('(')) break;
    c.next();
    branches.push({ name: branchName, subquery: parseSubquery(c) });
    c.expectPunct(')');
  }
  if (branches.length === 0) c.expectPunct('(');
  return { kind: 'Fork', branches, span: c.spanFrom(name.start) };
}

function nameRefs(c: Cursor): NameRef[] {
  const out: NameRef[] = [];
  parseCommaList(c, out, (cur) => {
    const id = cur.identifier('a column name');
    return { kind: 'NameRef', name: id.name, quoted: id.quoted, span: id.span };
  });
  return out;
}

/** `facet by c1, c2 [with (subquery)]` */
function facet(c: Cursor, name: Token): TabularOperator {
  const columns = c.expectWord('by') ? nameRefs(c) : [];
  let withExpr: Expr | undefined;
  if (c.eatWord('with') && c.expectPunct('(')) {
    withExpr = parseSubquery(c);
    c.expectPunct(')');
  }
  return { kind: 'Facet', columns, with: withExpr, span: c.spanFrom(name.start) };
}

/** `partition [hints] by Col (subquery)` or `partition [hints] by Col { subquery }` */
function partition(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, []);
  c.expectWord('by');
  const id = c.identifier('the partition column');
  const by: NameRef = { kind: 'NameRef', name: id.name, quoted: id.quoted, span: id.span };
  const braces = c.isPunct('{');
  let subquery: Expr;
  if (braces || c.isPunct('(')) {
    c.next();
    subquery = parseSubquery(c);
    c.expectPunct(braces ? '}' : ')');
  } else {
    c.expectPunct('(');
    subquery = { kind: 'Missing', span: { start: c.tok.start, end: c.tok.start } };
  }
  return { kind: 'Partition', params, by, subquery, braces, span: c.spanFrom(name.start) };
}

export const JOIN_OPERATORS: Readonly<Record<string, OperatorParser>> = {
  join,
  lookup,
  union,
  'mv-expand': mvExpand,
  mvexpand: mvExpand,
  'mv-apply': mvApply,
  mvapply: mvApply,
  fork,
  facet,
  partition,
};
