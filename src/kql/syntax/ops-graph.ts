/**
 * Graph operators: make-graph, graph-to-table, graph-mark-components, graph-match and
 * graph-shortest-paths, with the node/edge pattern grammar `(a)-[e*1..3]->(b)<--(c)--(d)`.
 */
import { DIAG } from '../diagnostics.js';
import type {
  Expr,
  GraphEdgePattern,
  GraphNodePattern,
  GraphPattern,
  GraphTablePart,
  Identifier,
  MakeGraphOp,
  NamedExpr,
  OperatorParam,
  TabularOperator,
} from './ast.js';
import { parseParams } from './clauses.js';
import type { Cursor } from './cursor.js';
import { parseExpr, parseNamedExprList } from './expressions.js';
import { atOperatorEnd } from './ops-basic.js';
import type { OperatorParser } from './pipeline.js';
import { parseSubquery } from './pipeline.js';
import { SOURCE_OPERATORS } from './sources.js';
import { describeToken, type Token } from './tokens.js';

function makeGraph(c: Cursor, name: Token): TabularOperator {
  const source = c.identifier('the source column of make-graph');
  let undirected = false;
  if (c.isPunct('-') && c.isPunct('-', 1) && c.isPunct('>', 2)) {
    c.next();
    c.next();
    c.next();
  } else if (c.isPunct('-') && c.isPunct('-', 1)) {
    c.next();
    c.next();
    undirected = true;
  } else c.report(DIAG.expected("'-->' or '--'", describeToken(c.tok)), c.tok);
  const target = c.identifier('the target column of make-graph');
  const nodeTables: { table: Expr; key: Identifier }[] = [];
  let nodeIdName: Identifier | undefined;
  let partitionBy: Identifier | undefined;
  let partitionQuery: Expr | undefined;
  for (;;) {
    if (c.isWord('with_node_id') && c.isPunct('=', 1)) {
      c.next();
      c.next();
      nodeIdName = c.identifier('a node id column name');
    } else if (c.eatWord('with')) {
      do {
        const table = parseNodeTable(c);
        c.expectWord('on');
        nodeTables.push({ table, key: c.identifier('a node key column') });
      } while (c.eatPunct(','));
    } else if (c.isWord('partitioned') && c.isPunct('-', 1) && c.isWord('by', 2)) {
      c.next();
      c.next();
      c.next();
      partitionBy = c.identifier('a partition column');
      if (c.expectPunct('(')) {
        partitionQuery = parseSubquery(c);
        c.expectPunct(')');
      }
    } else break;
  }
  const op: MakeGraphOp = {
    kind: 'MakeGraph',
    source,
    target,
    undirected,
    nodeTables,
    nodeIdName,
    partitionBy,
    partitionQuery,
    span: c.spanFrom(name.start),
  };
  return op;
}

/** A node table: a name, a parenthesised query, or a source operator such as `datatable`. */
function parseNodeTable(c: Cursor): Expr {
  const t = c.tok;
  const source =
    t.kind === 'ident' && Object.hasOwn(SOURCE_OPERATORS, t.text) ? SOURCE_OPERATORS[t.text]?.(c) : undefined;
  return source ?? parseExpr(c);
}

function graphToTable(c: Cursor, name: Token): TabularOperator {
  const parts: GraphTablePart[] = [];
  do {
    const start = c.tok.start;
    const word = c.isWord('edges') ? 'edges' : 'nodes';
    c.expectWord(word);
    const params = parseParams(c, ['with_node_id', 'with_source_id', 'with_target_id']);
    const asName = c.eatWord('as') ? c.identifier('a result name') : undefined;
    parts.push({ kind: 'GraphTablePart', what: word, params, asName, span: c.spanFrom(start) });
  } while (c.eatPunct(','));
  return { kind: 'GraphToTable', parts, span: c.spanFrom(name.start) };
}

function markComponents(c: Cursor, name: Token): TabularOperator {
  const params = parseParams(c, ['kind', 'with_component_id']);
  return { kind: 'GraphMarkComponents', params, span: c.spanFrom(name.start) };
}

function graphMatchOf(shortest: boolean): OperatorParser {
  return (c, name) => {
    const params: OperatorParam[] = parseParams(c, shortest ? ['output'] : ['cycles']);
    const patterns: GraphPattern[] = [];
    do patterns.push(parsePattern(c));
    while (c.eatPunct(','));
    const where = c.eatWord('where') ? parseExpr(c) : undefined;
    const project: NamedExpr[] = c.eatWord('project') ? parseNamedExprList(c) : [];
    if (!atOperatorEnd(c)) c.report(DIAG.unexpectedToken(describeToken(c.tok)), c.tok);
    return { kind: 'GraphMatch', shortest, params, patterns, where, project, span: c.spanFrom(name.start) };
  };
}

function parsePattern(c: Cursor): GraphPattern {
  const start = c.tok.start;
  const nodes: GraphNodePattern[] = [parseNodePattern(c)];
  const edges: GraphEdgePattern[] = [];
  while (c.isPunct('-') || (c.isPunct('<') && c.isPunct('-', 1))) {
    edges.push(parseEdgePattern(c));
    nodes.push(parseNodePattern(c));
  }
  return { kind: 'GraphPattern', nodes, edges, span: c.spanFrom(start) };
}

function parseNodePattern(c: Cursor): GraphNodePattern {
  const start = c.tok.start;
  c.expectPunct('(');
  const name = c.isPunct(')') ? undefined : c.identifier('a node variable');
  c.expectPunct(')');
  return { kind: 'GraphNodePattern', name, span: c.spanFrom(start) };
}

/** `-->`, `<--`, `--`, `-[e]->`, `<-[e]-`, `-[e*1..3]-`. */
function parseEdgePattern(c: Cursor): GraphEdgePattern {
  const start = c.tok.start;
  const incoming = !!c.eatPunct('<');
  c.expectPunct('-');
  let name: Identifier | undefined;
  let range: { min: number; max: number } | undefined;
  if (c.eatPunct('[')) {
    if (!c.isPunct('*') && !c.isPunct(']')) name = c.identifier('an edge variable');
    if (c.eatPunct('*')) range = parseRange(c);
    c.expectPunct(']');
  }
  c.expectPunct('-');
  const outgoing = !incoming && !!c.eatPunct('>');
  const direction = incoming ? 'in' : outgoing ? 'out' : 'any';
  return { kind: 'GraphEdgePattern', name, direction, range, span: c.spanFrom(start) };
}

function parseRange(c: Cursor): { min: number; max: number } {
  const min = parseCount(c);
  const max = c.eatPunct('..') ? parseCount(c) : min;
  return { min, max };
}

function parseCount(c: Cursor): number {
  const t = c.tok;
  if (t.kind === 'number') {
    c.next();
    return Number(t.text);
  }
  c.report(DIAG.expected('a path length', describeToken(t)), t);
  return 1;
}

export const GRAPH_OPERATORS: Readonly<Record<string, OperatorParser>> = {
  'make-graph': makeGraph,
  'graph-to-table': graphToTable,
  'graph-mark-components': markComponents,
  'graph-match': graphMatchOf(false),
  'graph-shortest-paths': graphMatchOf(true),
};
