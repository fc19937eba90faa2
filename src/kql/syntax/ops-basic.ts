/**
 * Row and column operators: where/filter, project family, extend, summarize, sort/order, top,
 * take/limit, count, distinct, serialize, sample, sample-distinct, getschema, as, consume,
 * invoke, render, evaluate.
 */
import { DIAG } from '../diagnostics.js';
import type {
  Call,
  Expr,
  Identifier,
  NamedExpr,
  NamePattern,
  OperatorParam,
  ProjectRenameOp,
  SortItem,
  TabularOperator,
} from './ast.js';
import { parseNamePattern, parseParams, parseSortItem, parseTypeRef } from './clauses.js';
import type { Cursor } from './cursor.js';
import { parseCommaList, parseExpr, parseExprList, parseNamedExprList, parsePostfix } from './expressions.js';
import type { OperatorParser } from './pipeline.js';
import { describeToken, type Token } from './tokens.js';

function where(c: Cursor, name: Token): TabularOperator {
  // `where IsBillable = true`: Kusto parses a named predicate (the name is dropped and the filter
  // is `true`), it does not compare. Accept it as Kusto does, and warn that `=` is not `==`.
  if ((c.isIdent() && c.isPunct('=', 1)) || (c.isQuotedName() && c.isPunct('=', 3))) {
    const label = c.identifier('a name');
    const eq = c.next();
    c.report(DIAG.namedPredicate(label.name), { start: label.span.start, end: eq.end });
  }
  const predicate = parseExpr(c);
  const spelling = name.text === 'filter' ? 'filter' : 'where';
  return { kind: 'Where', predicate, spelling, span: c.spanFrom(name.start) };
}

function project(c: Cursor, name: Token): TabularOperator {
  return { kind: 'Project', items: parseNamedExprList(c), span: c.spanFrom(name.start) };
}

function extend(c: Cursor, name: Token): TabularOperator {
  return { kind: 'Extend', items: parseNamedExprList(c), span: c.spanFrom(name.start) };
}

function patterns(c: Cursor, withDirection: boolean): NamePattern[] {
  const out: NamePattern[] = [];
  parseCommaList(c, out, (cur) => parseNamePattern(cur, withDirection));
  return out;
}

function projectAway(c: Cursor, name: Token): TabularOperator {
  return { kind: 'ProjectAway', patterns: patterns(c, false), span: c.spanFrom(name.start) };
}

function projectByNames(c: Cursor, name: Token): TabularOperator {
  return { kind: 'ProjectByNames', items: parseExprList(c), span: c.spanFrom(name.start) };
}

function projectKeep(c: Cursor, name: Token): TabularOperator {
  return { kind: 'ProjectKeep', patterns: patterns(c, false), span: c.spanFrom(name.start) };
}

function projectReorder(c: Cursor, name: Token): TabularOperator {
  return { kind: 'ProjectReorder', patterns: patterns(c, true), span: c.spanFrom(name.start) };
}

function projectRename(c: Cursor, name: Token): TabularOperator {
  const items: { newName: Identifier; oldName: Identifier }[] = [];
  parseCommaList(c, items, (cur) => {
    const newName = cur.identifier('the new column name');
    cur.expectPunct('=');
    return { newName, oldName: cur.identifier('the column to rename') };
  });
  const op: ProjectRenameOp = { kind: 'ProjectRename', items, span: c.spanFrom(name.start) };
  return op;
}

/** `summarize [hints] [aggs] [by keys]` */
function summarize(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, []);
  const aggregates: NamedExpr[] = c.isWord('by') ? [] : parseNamedExprList(c);
  const by: NamedExpr[] = c.eatWord('by') ? parseNamedExprList(c) : [];
  return { kind: 'Summarize', params, aggregates, by, span: c.spanFrom(name.start) };
}

function sortItems(c: Cursor): SortItem[] {
  const out: SortItem[] = [];
  parseCommaList(c, out, parseSortItem);
  return out;
}

function sort(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, []);
  c.expectWord('by');
  const spelling = name.text === 'order' ? 'order' : 'sort';
  return { kind: 'Sort', params, items: sortItems(c), spelling, span: c.spanFrom(name.start) };
}

function top(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, []);
  const count = parseExpr(c);
  const by = c.expectWord('by') ? sortItems(c) : [];
  return { kind: 'Top', params, count, by, span: c.spanFrom(name.start) };
}

function take(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, []);
  const count = parseExpr(c);
  const spelling = name.text === 'limit' ? 'limit' : 'take';
  return { kind: 'Take', params, count, spelling, span: c.spanFrom(name.start) };
}

function count(c: Cursor, name: Token): TabularOperator {
  return { kind: 'Count', span: c.spanFrom(name.start) };
}

function distinct(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, []);
  return { kind: 'Distinct', params, items: parseExprList(c), span: c.spanFrom(name.start) };
}

function serialize(c: Cursor, name: Token): TabularOperator {
  const items = atOperatorEnd(c) ? [] : parseNamedExprList(c);
  return { kind: 'Serialize', items, span: c.spanFrom(name.start) };
}

function sample(c: Cursor, name: Token): TabularOperator {
  return { kind: 'Sample', count: parseExpr(c), span: c.spanFrom(name.start) };
}

function sampleDistinct(c: Cursor, name: Token): TabularOperator {
  const count = parseExpr(c);
  const of = c.expectWord('of') ? parseExpr(c) : c.missing("after 'of'");
  return { kind: 'SampleDistinct', count, of, span: c.spanFrom(name.start) };
}

function getschema(c: Cursor, name: Token): TabularOperator {
  return { kind: 'GetSchema', span: c.spanFrom(name.start) };
}

function as(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, []);
  return { kind: 'As', params, name: c.identifier('a name after as'), span: c.spanFrom(name.start) };
}

function consume(c: Cursor, name: Token): TabularOperator {
  return { kind: 'Consume', params: parseParams(c, ['decodeblocks']), span: c.spanFrom(name.start) };
}

/** A call such as `FileProfile(SHA1)` or `bag_unpack(x)`; anything else is reported (KQL201). */
function parseCallOperand(c: Cursor, what: string): Call {
  const start = c.tok.start;
  const expr: Expr = parsePostfix(c);
  if (expr.kind === 'Call') return expr;
  const name = expr.kind === 'NameRef' ? expr.name : '';
  c.report(DIAG.expected(expr.kind === 'NameRef' ? `'(' after ${name}` : what, describeToken(c.tok)), c.tok);
  const id: Identifier = { kind: 'Identifier', name, quoted: false, span: expr.span };
  return { kind: 'Call', name: id, args: [], namedArgs: [], target: undefined, span: c.spanFrom(start) };
}

function invoke(c: Cursor, name: Token): TabularOperator {
  return { kind: 'Invoke', call: parseCallOperand(c, 'a function call'), span: c.spanFrom(name.start) };
}

function evaluate(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, []);
  const plugin = parseCallOperand(c, 'a plugin call');
  // `: (col:type, *)` declares the plugin's output schema (the binder applies it).
  const schema = c.eatPunct(':') ? parseTypeRef(c) : undefined;
  const outputSchema = schema?.kind === 'TabularTypeRef' ? schema : undefined;
  return { kind: 'Evaluate', params, plugin, ...(outputSchema ? { outputSchema } : {}), span: c.spanFrom(name.start) };
}

/** `render chart [with (prop = value, ...)]`, plus the legacy `render chart kind=stacked` form. */
function render(c: Cursor, name: Token): TabularOperator {
  const chart = c.identifier('a visualization name');
  const properties: OperatorParam[] = [];
  if (c.eatWord('with')) {
    if (c.expectPunct('(') && !c.isPunct(')')) parseCommaList(c, properties, renderProperty);
    c.expectPunct(')');
  } else {
    properties.push(...parseParams(c, ['kind', 'title', 'xcolumn', 'ycolumns', 'series']));
  }
  return { kind: 'Render', chart, properties, span: c.spanFrom(name.start) };
}

/** `name = value`; list-valued properties (`ycolumns = a, b`) keep their first value. */
function renderProperty(c: Cursor): OperatorParam {
  const start = c.tok.start;
  const key = c.identifier('a property name');
  c.expectPunct('=');
  const value = parseExpr(c);
  while (c.isPunct(',') && c.isIdent(1) && !c.isPunct('=', 2)) {
    c.next();
    c.next();
  }
  return { kind: 'OperatorParam', name: key.name.toLowerCase(), value, span: c.spanFrom(start) };
}

/** True when the operator has no more arguments (next `|`, end of statement or sub-query). */
export function atOperatorEnd(c: Cursor): boolean {
  const t = c.tok;
  return (
    t.kind === 'eof' || (t.kind === 'punct' && (t.text === '|' || t.text === ';' || t.text === ')' || t.text === '}'))
  );
}

export const BASIC_OPERATORS: Readonly<Record<string, OperatorParser>> = {
  where,
  filter: where,
  project,
  extend,
  'project-away': projectAway,
  'project-keep': projectKeep,
  'project-by-names': projectByNames,
  'project-reorder': projectReorder,
  'project-rename': projectRename,
  summarize,
  sort,
  order: sort,
  top,
  take,
  limit: take,
  count,
  distinct,
  serialize,
  sample,
  'sample-distinct': sampleDistinct,
  getschema,
  as,
  consume,
  invoke,
  evaluate,
  render,
};
