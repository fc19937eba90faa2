/**
 * Graph operators. `make-graph` binds to a graph-valued plan node (empty table schema, node and
 * edge property schemas beside it); `graph-mark-components` refines it; `graph-to-table` and
 * `graph-match` / `graph-shortest-paths` turn it back into a table.
 *
 * graph-match binds its `where` and `project` against a synthetic "match row": `v.prop` columns
 * per node/edge variable (see GraphMatchNode). Before binding, the syntax is rewritten so
 * `v.prop` reads that column and the graph functions (all/any/map over a path, inner_nodes,
 * node_degree_in/out, node_id, labels) read columns the executor computes.
 */
import { DIAG, suggest } from '../../diagnostics.js';
import type {
  GraphLambda,
  GraphMatchNode,
  GraphPathPattern,
  GraphVariable,
  MakeGraphNode,
  PExpr,
  PlanNode,
} from '../../plan/nodes.js';
import type {
  Expr,
  GraphMarkComponentsOp,
  GraphMatchOp,
  GraphToTableOp,
  MakeGraphOp,
  OperatorParam,
  TabularOperator,
} from '../../syntax/ast.js';
import type { ColumnSchema, TableSchema } from '../../types.js';
import { report } from '../report.js';
import { bindScalar } from '../scalar.js';
import { type ExprEnv, findColumn, type RowType, rowType } from '../scope.js';
import { type Bound, bindTabular, errorBound, schemaOf, type TabEnv } from '../tabular.js';

type GraphPlan = Extract<PlanNode, { kind: 'MakeGraph' | 'GraphMarkComponents' }>;

const EMPTY: TableSchema = { columns: [] };

function graphBound(plan: GraphPlan): Bound {
  return { plan, row: rowType([]) };
}

function asGraph(input: Bound, op: string, env: TabEnv, span: Expr['span']): GraphPlan | undefined {
  const p = input.plan;
  if (p.kind === 'MakeGraph' || p.kind === 'GraphMarkComponents') return p;
  report(env.ctx, DIAG.expected(`a graph (from make-graph) before ${op}`, 'a table'), span);
  return undefined;
}

function column(row: RowType, name: string, what: string, env: TabEnv, span: Expr['span']): number {
  const i = findColumn(row, name);
  if (i < 0) {
    const names = row.columns.map((c) => c.name);
    report(env.ctx, DIAG.unknownColumn(name, what, suggest(name, names)), span);
  }
  return i;
}

function paramValue(params: readonly OperatorParam[], name: string): string | undefined {
  const p = params.find((x) => x.name === name);
  if (!p) return undefined;
  const v = p.value;
  return v.kind === 'NameRef' ? v.name : v.kind === 'Literal' ? String(v.value) : undefined;
}

const GRAPH_CONSUMERS: ReadonlySet<string> = new Set([
  'GraphMarkComponents',
  'GraphToTable',
  'GraphMatch',
  'ErrorOperator',
]);

/** A graph flows only into graph operators; anything else after make-graph is reported here. */
export function acceptsInput(op: TabularOperator, input: Bound, env: TabEnv): boolean {
  const p = input.plan;
  if ((p.kind !== 'MakeGraph' && p.kind !== 'GraphMarkComponents') || GRAPH_CONSUMERS.has(op.kind)) return true;
  report(
    env.ctx,
    DIAG.expected('graph-match, graph-to-table or graph-mark-components after a graph', 'a table operator'),
    op.span,
  );
  return false;
}

export function bindMakeGraph(op: MakeGraphOp, input: Bound, env: TabEnv): Bound {
  const sourceIndex = column(input.row, op.source.name, 'the edge table', env, op.source.span);
  const targetIndex = column(input.row, op.target.name, 'the edge table', env, op.target.span);
  if (sourceIndex < 0 || targetIndex < 0) return errorBound();
  const nodeTables: { plan: PlanNode; keyIndex: number }[] = [];
  const nodeRows: RowType[] = [];
  const nodeColumns: ColumnSchema[] = [];
  for (const t of op.nodeTables) {
    const b = bindTabular(t.table, { ...env, implicit: undefined });
    const keyIndex = column(b.row, t.key.name, 'the node table', env, t.key.span);
    if (keyIndex < 0) return errorBound();
    nodeTables.push({ plan: b.plan, keyIndex });
    nodeRows.push(b.row);
    for (const c of b.row.columns) if (!nodeColumns.some((x) => x.name === c.name)) nodeColumns.push(c);
  }
  if (nodeTables.length === 0) {
    const type = input.row.columns[sourceIndex]?.type ?? 'string';
    if (op.nodeIdName) nodeColumns.push({ name: op.nodeIdName.name, type });
  }
  const graph: MakeGraphNode = {
    kind: 'MakeGraph',
    schema: EMPTY,
    input: input.plan,
    sourceIndex,
    targetIndex,
    nodeTables,
    nodeIdName: op.nodeIdName?.name,
    undirected: op.undirected,
    nodeSchema: { columns: nodeColumns },
    edgeSchema: schemaOf(input.row),
  };
  if (!op.partitionBy) return graphBound(graph);
  return bindPartitioned(op, graph, input, nodeRows, env);
}

/**
 * `partitioned-by Col (query)`: a Partition over the edges whose sub-plan builds the graph of one
 * partition (node tables filtered to the partition's value) and runs the query on it.
 */
function bindPartitioned(
  op: MakeGraphOp,
  graph: MakeGraphNode,
  input: Bound,
  nodeRows: readonly RowType[],
  env: TabEnv,
): Bound {
  const by = op.partitionBy as NonNullable<MakeGraphOp['partitionBy']>;
  const edgeIndex = column(input.row, by.name, 'the edge table', env, by.span);
  const nodeIndexes = nodeRows.map((r) => column(r, by.name, 'the node table', env, by.span));
  if (edgeIndex < 0 || nodeIndexes.some((i) => i < 0) || !op.partitionQuery) return errorBound();
  const perPartition: MakeGraphNode = {
    ...graph,
    input: { kind: 'ImplicitInput', schema: schemaOf(input.row) },
    nodeFilter: { edgeIndex, nodeIndexes },
  };
  const sub = bindTabular(op.partitionQuery, { ...env, implicit: graphBound(perPartition) });
  const keyType = input.row.columns[edgeIndex]?.type ?? 'string';
  return {
    plan: {
      kind: 'Partition',
      schema: sub.plan.schema,
      input: input.plan,
      key: { kind: 'Column', type: keyType, index: edgeIndex, name: by.name },
      subplan: sub.plan,
    },
    row: sub.row,
  };
}

export function bindMarkComponents(op: GraphMarkComponentsOp, input: Bound, env: TabEnv): Bound {
  const g = asGraph(input, 'graph-mark-components', env, op.span);
  if (!g) return errorBound();
  const kind = (paramValue(op.params, 'kind') ?? 'weak').toLowerCase();
  if (kind !== 'weak' && kind !== 'strong') {
    report(env.ctx, DIAG.expectedType('graph-mark-components kind', 'weak or strong', kind), op.span);
  }
  const columnName = paramValue(op.params, 'with_component_id') ?? 'ComponentId';
  const columns = [
    ...g.nodeSchema.columns.filter((c) => c.name !== columnName),
    { name: columnName, type: 'long' as const },
  ];
  return graphBound({
    kind: 'GraphMarkComponents',
    schema: EMPTY,
    input: g,
    strong: kind === 'strong',
    columnName,
    nodeSchema: { columns },
    edgeSchema: g.edgeSchema,
  });
}

export function bindGraphToTable(op: GraphToTableOp, input: Bound, env: TabEnv): Bound {
  const g = asGraph(input, 'graph-to-table', env, op.span);
  if (!g) return errorBound();
  const part = op.parts[0];
  if (!part || op.parts.length > 1 || part.asName) {
    report(env.ctx, DIAG.unsupportedLocally('graph-to-table with several (or named) outputs'), op.span);
    return errorBound();
  }
  const ids =
    part.what === 'nodes'
      ? [paramValue(part.params, 'with_node_id')]
      : [paramValue(part.params, 'with_source_id'), paramValue(part.params, 'with_target_id')];
  const props = part.what === 'nodes' ? g.nodeSchema.columns : g.edgeSchema.columns;
  const idCols: ColumnSchema[] = ids
    .filter((x): x is string => x !== undefined)
    .map((name) => ({ name, type: 'long' }));
  const row = rowType([...idCols, ...props.filter((c) => !idCols.some((x) => x.name === c.name))]);
  return {
    plan: { kind: 'GraphToTable', schema: schemaOf(row), input: g, part: part.what, idColumns: ids },
    row,
  };
}

/* ------------------------------------------------------------------------------------------------
 * graph-match
 * ---------------------------------------------------------------------------------------------- */

interface MatchScope {
  readonly vars: Map<string, GraphVariable['kind']>;
  readonly lambdas: { lambda: Omit<GraphLambda, 'expr'>; body: Expr }[];
  readonly graph: GraphPlan;
  readonly env: TabEnv;
}

export function bindGraphMatch(op: GraphMatchOp, input: Bound, env: TabEnv): Bound {
  const name = op.shortest ? 'graph-shortest-paths' : 'graph-match';
  const g = asGraph(input, name, env, op.span);
  if (!g) return errorBound();
  const vars = new Map<string, GraphVariable['kind']>();
  const patterns = op.patterns.map((p, pi) => toPathPattern(p, pi, vars, env));
  if (!patterns) return errorBound();
  const ms: MatchScope = { vars, lambdas: [], graph: g, env };
  const where = op.where ? rewrite(op.where, ms) : undefined;
  const items = op.project.map((it) => ({ item: it, expr: rewrite(it.expr, ms) }));
  if (items.length === 0) {
    report(env.ctx, DIAG.expected(`a project clause in ${name}`, 'none'), op.span);
    return errorBound();
  }
  const variables: GraphVariable[] = [...vars]
    .filter(([n]) => !n.startsWith('$'))
    .map(([n, kind]) => ({ name: n, kind }));
  const lambdas: GraphLambda[] = ms.lambdas.map(({ lambda, body }) => {
    const props = lambda.innerNodes ? [...g.nodeSchema.columns, ELEMENT_ID] : g.edgeSchema.columns;
    const exprEnv: ExprEnv = { ctx: env.ctx, scope: env.scope, row: rowType(props), outer: env.outer };
    return { ...lambda, expr: bindScalar(rewriteElement(body, lambda.innerNodes), exprEnv) };
  });
  const columns = [...variables.flatMap((v) => variableColumns(v, g)), ...lambdas.map(lambdaColumn)];
  const matchRow = rowType(columns);
  const exprEnv: ExprEnv = { ctx: env.ctx, scope: env.scope, row: matchRow, outer: env.outer };
  const predicate = where ? bindScalar(where, exprEnv) : undefined;
  const cycles = (paramValue(op.params, 'cycles') ?? 'unique_edges').toLowerCase();
  const match: GraphMatchNode = {
    kind: 'GraphMatch',
    schema: schemaOf(matchRow),
    input: g,
    patterns,
    variables,
    lambdas,
    predicate,
    cycles: cycles === 'none' || cycles === 'all' ? cycles : 'unique_edges',
    shortest: op.shortest ? { all: paramValue(op.params, 'output')?.toLowerCase() === 'all' } : undefined,
  };
  const outCols: ColumnSchema[] = [];
  const exprs: PExpr[] = [];
  items.forEach(({ item, expr }, i) => {
    const bound = bindScalar(expr, exprEnv);
    let colName = item.names[0]?.name ?? defaultName(item.expr) ?? `Column${i + 1}`;
    while (outCols.some((c) => c.name === colName)) colName = `${colName}1`;
    outCols.push({ name: colName, type: bound.type });
    exprs.push(bound);
  });
  const row = rowType(outCols);
  return { plan: { kind: 'Project', schema: schemaOf(row), input: match, exprs }, row };
}

/** `a.name` → `a_name`, `x` → `x`, `f(a.b)` → the name of its first argument, as project does. */
function defaultName(e: Expr): string | undefined {
  if (e.kind === 'NameRef') return e.name;
  if (e.kind === 'MemberAccess') {
    const base = defaultName(e.target);
    return base === undefined ? e.name.name : `${base}_${e.name.name}`;
  }
  return undefined;
}

function toPathPattern(
  p: GraphMatchOp['patterns'][number],
  pi: number,
  vars: Map<string, GraphVariable['kind']>,
  env: TabEnv,
): GraphPathPattern {
  const declare = (n: string, kind: GraphVariable['kind'], span: Expr['span']) => {
    const prev = vars.get(n);
    if (prev !== undefined && prev !== kind) report(env.ctx, DIAG.duplicateColumn(n), span);
    if (prev === undefined) vars.set(n, kind);
  };
  const nodes = p.nodes.map((n, i) => {
    const name = n.name?.name ?? `$n${pi}_${i}`;
    declare(name, 'node', n.span);
    return name;
  });
  const steps = p.edges.map((e, i) => {
    const name = e.name?.name ?? `$e${pi}_${i}`;
    declare(name, e.range ? 'path' : 'edge', e.span);
    const min = e.range?.min ?? 1;
    const max = e.range?.max ?? 1;
    return { edge: name, direction: e.direction, min, max: Math.max(min, max), variable: e.range !== undefined };
  });
  return { nodes, steps };
}

/** The match-table columns of one variable (the executor writes them in this order). */
export function variableColumns(v: GraphVariable, g: GraphPlan): ColumnSchema[] {
  switch (v.kind) {
    case 'node':
      return [
        ...g.nodeSchema.columns.map((c) => ({ name: `${v.name}.${c.name}`, type: c.type })),
        { name: `${v.name}.$in`, type: 'long' },
        { name: `${v.name}.$out`, type: 'long' },
        { name: `${v.name}.$id`, type: 'string' },
      ];
    case 'edge':
      return g.edgeSchema.columns.map((c) => ({ name: `${v.name}.${c.name}`, type: c.type }));
    case 'path':
      return [
        { name: v.name, type: 'dynamic' },
        { name: `${v.name}.$inner`, type: 'dynamic' },
      ];
    default: {
      const never: never = v.kind;
      return never;
    }
  }
}

function lambdaColumn(l: GraphLambda, i: number): ColumnSchema {
  return { name: `$lambda${i}`, type: l.op === 'map' ? 'dynamic' : 'bool' };
}

const LAMBDA_FUNCTIONS: ReadonlySet<string> = new Set(['all', 'any', 'map']);

/**
 * Rewrites graph references into match-row column names. Other nodes are copied field by field:
 * the syntax tree is plain readonly data, and a generic copy keeps this independent of every
 * expression kind.
 */
function rewrite(e: Expr, ms: MatchScope): Expr {
  const ref = (name: string): Expr => ({ kind: 'NameRef', name, quoted: true, span: e.span }) as Expr;
  if (e.kind === 'MemberAccess' && e.target.kind === 'NameRef') {
    const kind = ms.vars.get(e.target.name);
    if (kind === 'node' || kind === 'edge') return ref(`${e.target.name}.${e.name.name}`);
  }
  if (e.kind === 'Call' && e.target === undefined) {
    const fn = e.name.name;
    const a0 = e.args[0];
    if (LAMBDA_FUNCTIONS.has(fn) && e.args.length === 2 && a0) {
      const path = pathOf(a0, ms);
      if (path) {
        const i = ms.lambdas.length;
        ms.lambdas.push({
          lambda: { op: fn as GraphLambda['op'], path: path.name, innerNodes: path.inner },
          body: e.args[1] as Expr,
        });
        return ref(`$lambda${i}`);
      }
    }
    if ((fn === 'node_degree_in' || fn === 'node_degree_out') && a0?.kind === 'NameRef') {
      if (ms.vars.get(a0.name) === 'node') return ref(`${a0.name}.$${fn === 'node_degree_in' ? 'in' : 'out'}`);
    }
    // node_id(n): the id the graph was built with; labels(x): graph models only carry labels, so
    // on a make-graph graph it is always an empty array (as the labels() page says).
    if (fn === 'node_id' && a0?.kind === 'NameRef' && ms.vars.get(a0.name) === 'node') return ref(`${a0.name}.$id`);
    if (fn === 'labels' && a0?.kind === 'NameRef' && ms.vars.has(a0.name))
      return { kind: 'Literal', type: 'dynamic', value: [], text: 'dynamic([])', span: e.span } as Expr;
    if (fn === 'inner_nodes' && a0) {
      const path = pathOf(a0, ms);
      if (path) return ref(`${path.name}.$inner`);
    }
  }
  return copyWith(e, (child) => rewrite(child, ms));
}

/** The element's node id, after the node properties, in a lambda over inner_nodes(). */
const ELEMENT_ID: ColumnSchema = { name: '$id', type: 'string' };

/** In a lambda body, node_id() is the element's id (inner nodes) and labels() an empty array. */
function rewriteElement(e: Expr, innerNodes: boolean): Expr {
  if (e.kind === 'Call' && e.target === undefined && e.args.length === 0) {
    if (e.name.name === 'node_id' && innerNodes)
      return { kind: 'NameRef', name: '$id', quoted: true, span: e.span } as Expr;
    if (e.name.name === 'labels')
      return { kind: 'Literal', type: 'dynamic', value: [], text: 'dynamic([])', span: e.span } as Expr;
  }
  return copyWith(e, (child) => rewriteElement(child, innerNodes));
}

function pathOf(e: Expr, ms: MatchScope): { name: string; inner: boolean } | undefined {
  if (e.kind === 'NameRef' && ms.vars.get(e.name) === 'path') return { name: e.name, inner: false };
  if (e.kind === 'Call' && e.name.name === 'inner_nodes' && e.args[0]?.kind === 'NameRef') {
    const n = e.args[0].name;
    if (ms.vars.get(n) === 'path') return { name: n, inner: true };
  }
  return undefined;
}

function isExprLike(v: unknown): v is Expr {
  return typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';
}

function copyWith(e: Expr, f: (child: Expr) => Expr): Expr {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'span') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map((x) => (isExprLike(x) ? f(x) : x));
    else out[k] = isExprLike(v) ? f(v) : v;
  }
  return out as unknown as Expr;
}
