/**
 * A typed walker over the syntax tree: `childNodes(node)` lists the direct children of every node
 * kind (an exhaustive switch, so a new kind fails to compile until it is listed here), and
 * `walkSyntax(root, visit)` visits a tree depth-first in source order without recursion (deep
 * trees cannot overflow the stack). Code outside the engine walks trees through these (via
 * engine.ts) instead of iterating the nodes' properties.
 */
import type { AnyNode, Expr, Identifier, NamedExpr } from './ast.js';

type Maybe<N> = N | undefined;

function list(...parts: readonly (Maybe<AnyNode> | readonly AnyNode[])[]): AnyNode[] {
  const out: AnyNode[] = [];
  for (const p of parts) {
    if (p === undefined) continue;
    if (Array.isArray(p)) out.push(...(p as readonly AnyNode[]));
    else out.push(p as AnyNode);
  }
  return out;
}

/** The direct children of `node`, in source order. */
export function childNodes(node: AnyNode): AnyNode[] {
  switch (node.kind) {
    case 'Query':
      return list(node.statements);
    case 'Let':
      return list(node.name, node.value);
    case 'DeclareParameters':
      return list(node.params);
    case 'DeclarePattern':
      return list(node.name, node.params, node.pathParams, node.rules);
    case 'Set':
      return list(node.value);
    case 'ExprStatement':
      return list(node.expr);
    case 'FunctionDecl':
      return list(node.params, node.body);
    case 'FunctionBody':
      return list(node.statements);
    case 'PatternRule':
      return list(node.args, node.pathArgs, node.body);
    case 'Param':
      return list(node.name, node.type, node.defaultValue);
    case 'ScalarTypeRef':
      return [];
    case 'TabularTypeRef':
      return list(node.columns);
    case 'ColumnDecl':
      return list(node.name, node.type);
    case 'Identifier':
    case 'Literal':
    case 'NameRef':
    case 'Star':
    case 'Missing':
    case 'NamePattern':
    case 'ImplicitSource':
    case 'Count':
    case 'GetSchema':
    case 'Extended':
    case 'ErrorOperator':
      return [];
    case 'GraphNodePattern':
    case 'GraphEdgePattern':
      return list(node.name);
    case 'MemberAccess':
      return list(node.target, node.name);
    case 'IndexAccess':
      return list(node.target, node.index);
    case 'Call':
      return callChildren(node.target, node.name, node.args, node.namedArgs);
    case 'Unary':
      return list(node.operand);
    case 'Binary':
      return list(node.left, node.right);
    case 'ListTest':
      return list(node.left, node.items);
    case 'Between':
      return list(node.left, node.low, node.high);
    case 'Paren':
      return list(node.expr);
    case 'Pipe':
      return list(node.source, node.operator);
    case 'NamedExpr':
      return list(node.names, node.expr);
    case 'OperatorParam':
      return list(node.value);
    case 'SortItem':
      return list(node.expr);
    case 'Datatable':
      return list(node.params, node.columns, node.values);
    case 'Print':
      return list(node.items);
    case 'Range':
      return list(node.name, node.from, node.to, node.step);
    case 'Union':
      return list(node.params, node.tables);
    case 'Find':
      return list(node.params, node.tables, node.predicate, Array.isArray(node.project) ? node.project : undefined);
    case 'Search':
      return list(node.params, node.tables, node.predicate);
    case 'ExternalData':
      return list(node.columns, node.uris, node.properties);
    case 'Where':
      return list(node.predicate);
    case 'Project':
    case 'Extend':
    case 'Serialize':
      return list(node.items);
    case 'ProjectAway':
    case 'ProjectKeep':
    case 'ProjectReorder':
      return list(node.patterns);
    case 'ProjectRename':
      return node.items.flatMap((i) => [i.newName, i.oldName]);
    case 'Summarize':
      return list(node.params, node.aggregates, node.by);
    case 'Sort':
      return list(node.params, node.items);
    case 'Top':
      return list(node.params, node.count, node.by);
    case 'Take':
      return list(node.params, node.count);
    case 'Distinct':
      return list(node.params, node.items);
    case 'Join':
    case 'Lookup':
      return list(node.params, node.right, node.on);
    case 'MvExpand':
      return list(node.params, node.items, node.limit);
    case 'MvApply':
      return list(node.params, node.items, node.limit, node.subquery);
    case 'MvExpandItem':
      return list(node.name, node.expr, node.toType);
    case 'Parse':
      return list(
        node.params,
        node.source,
        node.parts.flatMap((p) => (p.kind === 'Capture' ? list(p.name, p.type) : [])),
      );
    case 'ParseKv':
      return list(node.source, node.columns, node.properties);
    case 'Evaluate':
      return list(node.params, node.plugin, node.outputSchema);
    case 'Render':
      return list(node.chart, node.properties);
    case 'As':
      return list(node.params, node.name);
    case 'Consume':
    case 'GraphMarkComponents':
      return list(node.params);
    case 'Sample':
      return list(node.count);
    case 'SampleDistinct':
      return list(node.count, node.of);
    case 'TopNested':
      return list(node.clauses);
    case 'TopNestedClause':
      return list(node.count, node.of, node.others, node.by);
    case 'TopHitters':
      return list(node.count, node.of, node.by);
    case 'Facet':
      return list(node.columns, node.with);
    case 'Fork':
      return node.branches.flatMap((b) => list(b.name, b.subquery));
    case 'Partition':
      return list(node.params, node.by, node.subquery);
    case 'Scan':
      return list(node.params, node.orderBy, node.partitionBy, node.declare, node.steps);
    case 'ScanStep':
      return list(node.name, node.condition, node.assignments);
    case 'Reduce':
      return list(node.by, node.properties);
    case 'MakeSeries':
      return list(
        node.params,
        node.aggregates.flatMap((a) => list(a.agg, a.defaultValue)),
        node.on,
        node.from,
        node.to,
        node.step,
        node.by,
      );
    case 'Invoke':
      return list(node.call);
    case 'MakeGraph':
      return list(
        node.source,
        node.target,
        node.nodeTables.flatMap((t) => [t.table, t.key]),
        node.nodeIdName,
        node.partitionBy,
        node.partitionQuery,
      );
    case 'GraphToTable':
      return list(node.parts);
    case 'GraphTablePart':
      return list(node.params, node.asName);
    case 'GraphMatch':
      return list(node.params, node.patterns, node.where, node.project);
    case 'GraphPattern':
      return interleave(node.nodes, node.edges);
    case 'Alias':
      return list(node.name, node.value);
    case 'MacroExpand':
      return list(node.params, node.group, node.alias, node.body);
    case 'EntityGroup':
      return list(node.entities);
    case 'Restrict':
      return list(node.entities);
    case 'ProjectByNames':
      return list(node.items);
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** A call's children in source order: target, name, then positional and named arguments as written. */
function callChildren(
  target: Expr | undefined,
  name: Identifier,
  args: readonly Expr[],
  namedArgs: readonly NamedExpr[],
): AnyNode[] {
  const rest: (Expr | NamedExpr)[] = [...args, ...namedArgs].sort((a, b) => a.span.start - b.span.start);
  return list(target, name, rest);
}

/** Pattern nodes and edges alternate in the text: `(a)-[e]->(b)`. */
function interleave(nodes: readonly AnyNode[], edges: readonly AnyNode[]): AnyNode[] {
  const out: AnyNode[] = [];
  for (let i = 0; i < nodes.length; i++) {
    out.push(nodes[i] as AnyNode);
    if (i < edges.length) out.push(edges[i] as AnyNode);
  }
  for (let i = nodes.length; i < edges.length; i++) out.push(edges[i] as AnyNode);
  return out;
}

/** What `visit` may return to steer the walk: `'skip'` leaves the node's children out. */
export type WalkControl = 'skip';

/**
 * Visits `root` and every node below it, parents before children, in source order. `visit` gets
 * the node and its parent; returning `'skip'` does not descend into that node.
 */
export function walkSyntax(root: AnyNode, visit: (node: AnyNode, parent: AnyNode | undefined) => unknown): void {
  const stack: { node: AnyNode; parent: AnyNode | undefined }[] = [{ node: root, parent: undefined }];
  while (stack.length > 0) {
    const { node, parent } = stack.pop() as { node: AnyNode; parent: AnyNode | undefined };
    if (visit(node, parent) === 'skip') continue;
    const children = childNodes(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] as AnyNode, parent: node });
  }
}

/** Every node of `kind` under `root` (root included), in source order. */
export function nodesOfKind<K extends AnyNode['kind']>(root: AnyNode, kind: K): Extract<AnyNode, { kind: K }>[] {
  const out: Extract<AnyNode, { kind: K }>[] = [];
  walkSyntax(root, (n) => {
    if (n.kind === kind) out.push(n as Extract<AnyNode, { kind: K }>);
  });
  return out;
}
