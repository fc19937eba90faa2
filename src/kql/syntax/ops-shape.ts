/**
 * Operators with their own clause grammar: parse / parse-where / parse-kv, make-series,
 * top-nested, top-hitters, scan and reduce.
 */
import { DIAG } from '../diagnostics.js';
import type {
  Expr,
  MakeSeriesOp,
  NamedExpr,
  OperatorParam,
  ParsePart,
  ScalarTypeRef,
  ScanStep,
  SortItem,
  TabularOperator,
  TopNestedClause,
} from './ast.js';
import {
  parseColumnDeclList,
  parseParamDeclList,
  parseParams,
  parseParamValue,
  parseScalarTypeRef,
  parseSortItem,
} from './clauses.js';
import type { Cursor } from './cursor.js';
import {
  parseCommaList,
  parseExpr,
  parseExprList,
  parseNamedExpr,
  parseNamedExprList,
  parsePostfix,
} from './expressions.js';
import { stringLiteral } from './literals.js';
import { atOperatorEnd } from './ops-basic.js';
import type { OperatorParser } from './pipeline.js';
import { parsePropertyList } from './sources.js';
import { describeToken, type Token } from './tokens.js';

/** Pattern parts up to the end of the operator: strings, `*`, and `name[:type]` captures. */
function parsePattern(c: Cursor): ParsePart[] {
  const parts: ParsePart[] = [];
  while (!atOperatorEnd(c)) {
    const t = c.tok;
    if (t.kind === 'string') {
      const lit = stringLiteral(c);
      parts.push({ kind: 'Text', text: lit.value as string, span: lit.span });
    } else if (c.isPunct('*')) {
      c.next();
      parts.push({ kind: 'Wildcard', span: { start: t.start, end: t.end } });
    } else if (t.kind === 'ident' || c.isQuotedName()) {
      const name = c.identifier('a column name');
      let type: ScalarTypeRef | undefined;
      if (c.eatPunct(':')) type = parseScalarTypeRef(c);
      parts.push({ kind: 'Capture', name, type, span: c.spanFrom(t.start) });
    } else {
      c.report(DIAG.expected('a string, * or column name in the parse pattern', describeToken(t)), t);
      break;
    }
  }
  if (parts.length === 0) c.report(DIAG.expected('a parse pattern', describeToken(c.tok)), c.tok);
  return parts;
}

function parse(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, ['kind', 'flags']);
  const source = parseExpr(c);
  const parts = c.expectWord('with') ? parsePattern(c) : [];
  const where = name.text === 'parse-where';
  return { kind: 'Parse', params, source, parts, where, span: c.spanFrom(name.start) };
}

function parseKv(c: Cursor, name: Token): TabularOperator {
  const source = parseExpr(c);
  const columns = c.expectWord('as') ? parseColumnDeclList(c) : [];
  const properties = c.eatWord('with') ? parsePropertyList(c) : [];
  return { kind: 'ParseKv', source, columns, properties, span: c.spanFrom(name.start) };
}

/** `make-series [params] aggs [default=v] on axis (from a to b step s | in range(a, b, s)) [by keys]` */
function makeSeries(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, ['kind']);
  const aggregates: MakeSeriesOp['aggregates'][number][] = [];
  parseCommaList(c, aggregates, (cur) => {
    const agg = parseNamedExpr(cur);
    let defaultValue: Expr | undefined;
    if (cur.isWord('default') && cur.isPunct('=', 1)) {
      cur.next();
      cur.next();
      defaultValue = parseExpr(cur);
    }
    return { agg, defaultValue };
  });
  const on = c.expectWord('on') ? parsePostfix(c) : c.missing("for 'on'");
  let from: Expr | undefined;
  let to: Expr | undefined;
  let step: Expr;
  if (c.eatWord('in')) {
    const range = parsePostfix(c);
    const args = range.kind === 'Call' ? range.args : [];
    from = args[0];
    to = args[1];
    step = args[2] ?? c.missing('for the range step');
  } else {
    if (c.eatWord('from')) from = parseExpr(c);
    if (c.eatWord('to')) to = parseExpr(c);
    step = c.expectWord('step') ? parseExpr(c) : c.missing("for 'step'");
  }
  const by = c.eatWord('by') ? parseNamedExprList(c) : [];
  return { kind: 'MakeSeries', params, aggregates, on, from, to, step, by, span: c.spanFrom(name.start) };
}

/** One `[N] of expr [with others = v] by agg [asc|desc]` clause (the `top-nested` word consumed). */
function topNestedClause(c: Cursor, start: number): TopNestedClause {
  const count = c.isWord('of') ? undefined : parseExpr(c);
  c.expectWord('of');
  const of = parseNamedExpr(c);
  let others: Expr | undefined;
  if (c.isWord('with') && c.isWord('others', 1)) {
    c.next();
    c.next();
    c.expectPunct('=');
    others = parseExpr(c);
  }
  const by: NamedExpr = c.expectWord('by')
    ? parseNamedExpr(c)
    : { kind: 'NamedExpr', names: [], expr: c.missing("after 'by'"), span: { start: c.tok.start, end: c.tok.start } };
  let direction: TopNestedClause['direction'];
  if (c.isWord('asc') || c.isWord('desc')) direction = c.next().text as 'asc' | 'desc';
  return { kind: 'TopNestedClause', count, of, others, by, direction, span: c.spanFrom(start) };
}

function topNested(c: Cursor, name: Token): TabularOperator {
  const clauses: TopNestedClause[] = [topNestedClause(c, name.start)];
  while (c.isPunct(',') && c.isWord('top-nested', 1)) {
    c.next();
    const start = c.next().start;
    clauses.push(topNestedClause(c, start));
  }
  return { kind: 'TopNested', clauses, span: c.spanFrom(name.start) };
}

function topHitters(c: Cursor, name: Token): TabularOperator {
  const count = parseExpr(c);
  const of = c.expectWord('of') ? parseExpr(c) : c.missing("after 'of'");
  const by = c.eatWord('by') ? parseExpr(c) : undefined;
  return { kind: 'TopHitters', count, of, by, span: c.spanFrom(name.start) };
}

/** `step name [output=all|last|none]: condition [=> col = expr, ...]` */
function scanStep(c: Cursor): ScanStep {
  const start = c.tok.start;
  c.expectWord('step');
  const name = c.identifier('a step name');
  let output: ScanStep['output'];
  if (c.isWord('output') && c.isPunct('=', 1)) {
    c.next();
    c.next();
    const v = c.identifier('all, last or none');
    if (v.name === 'all' || v.name === 'last' || v.name === 'none') output = v.name;
    else c.report(DIAG.expected('all, last or none', `'${v.name}'`), v.span);
  }
  c.expectPunct(':');
  const condition = parseExpr(c);
  const assignments = c.eatPunct('=>') ? parseNamedExprList(c) : [];
  return { kind: 'ScanStep', name, output, condition, assignments, span: c.spanFrom(start) };
}

function scan(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, ['with_match_id']);
  let orderBy: SortItem[] = [];
  let partitionBy: Expr[] = [];
  if (c.isWord('order') && c.isWord('by', 1)) {
    c.next();
    c.next();
    orderBy = [];
    parseCommaList(c, orderBy, parseSortItem);
  }
  if (c.isWord('partition') && c.isWord('by', 1)) {
    c.next();
    c.next();
    partitionBy = parseExprList(c);
  }
  const declare = c.eatWord('declare') ? parseParamDeclList(c) : [];
  const steps: ScanStep[] = [];
  if (c.expectWord('with') && c.expectPunct('(')) {
    while (c.isWord('step')) {
      steps.push(scanStep(c));
      if (!c.eatPunct(';')) break;
    }
    c.expectPunct(')');
  }
  return { kind: 'Scan', params, orderBy, partitionBy, declare, steps, span: c.spanFrom(name.start) };
}

/** `reduce [kind=source] by expr [with threshold=0.1, characters="..."]` */
function reduce(c: Cursor, name: Token): TabularOperator {
  // ReduceOp has no params slot: `kind=source` is accepted and not kept (local engine ignores it).
  parseParams(c, ['kind']);
  const by = c.expectWord('by') ? parseExpr(c) : c.missing("after 'by'");
  const properties: OperatorParam[] = [];
  if (c.eatWord('with')) {
    parseCommaList(c, properties, (cur) => {
      const start = cur.tok.start;
      const key = cur.identifier('a property name').name.toLowerCase();
      cur.expectPunct('=');
      return { kind: 'OperatorParam', name: key, value: parseParamValue(cur), span: cur.spanFrom(start) };
    });
  }
  return { kind: 'Reduce', by, properties, span: c.spanFrom(name.start) };
}

export const SHAPE_OPERATORS: Readonly<Record<string, OperatorParser>> = {
  parse,
  'parse-where': parse,
  'parse-kv': parseKv,
  'make-series': makeSeries,
  'top-nested': topNested,
  'top-hitters': topHitters,
  scan,
  reduce,
};
