/**
 * `printSyntaxTree`: an indented, readable dump of the syntax tree for `kqlhunt explain --stage
 * syntax`. One line per node: its kind and what was written (names, operators, literal text and
 * value); children are indented under a role label. The walk uses an explicit stack, and pipe
 * chains and same-operator binary chains are printed flat, so very long queries neither overflow
 * the stack nor indent without bound.
 */
import { formatDatetime, formatTimespan } from '../values.js';
import type { AnyNode, Binary, Expr, Literal, ParsePart, PipeExpr, Query } from './ast.js';

type PrintNode = AnyNode | ParsePart;
type Child = readonly [label: string, node: PrintNode];

export function printSyntaxTree(query: Query): string {
  const lines: string[] = [];
  const stack: { node: PrintNode; depth: number; label: string }[] = [{ node: query, depth: 0, label: '' }];
  while (stack.length > 0) {
    const { node, depth, label } = stack.pop() as { node: PrintNode; depth: number; label: string };
    const prefix = '  '.repeat(depth) + (label ? `${label}: ` : '');
    lines.push(prefix + headline(node));
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) {
      const [l, n] = kids[i] as Child;
      stack.push({ node: n, depth: depth + 1, label: l });
    }
  }
  return lines.join('\n');
}

const MAX_TEXT = 80;
const clip = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s);

function literalValue(lit: Literal): string {
  const v = lit.value;
  if (v === null) return 'null';
  if (typeof v === 'bigint') return lit.type === 'datetime' ? formatDatetime(v) : formatTimespan(v);
  if (typeof v === 'number') return String(v);
  return clip(JSON.stringify(v));
}

function headline(n: PrintNode): string {
  switch (n.kind) {
    case 'Literal':
      return `Literal ${n.type} ${clip(n.text)} = ${literalValue(n)}`;
    case 'NameRef':
      return `NameRef ${n.quoted ? `['${n.name}']` : n.name}`;
    case 'Identifier':
      return `Identifier ${n.quoted ? `['${n.name}']` : n.name}`;
    case 'Binary':
      return `Binary ${n.op}`;
    case 'Unary':
      return `Unary ${n.op}`;
    case 'ListTest':
      return `ListTest ${n.op}`;
    case 'Between':
      return n.negated ? 'Between !between' : 'Between';
    case 'Call':
      return `Call ${n.name.name}`;
    case 'MemberAccess':
      return `MemberAccess .${n.name.name}`;
    case 'Pipe':
      return 'Pipeline';
    case 'Let':
      return `Let ${n.name.name}`;
    case 'DeclarePattern':
      return `DeclarePattern ${n.name.name}`;
    case 'PatternRule':
      return 'PatternRule';
    case 'Set':
      return `Set ${n.name}`;
    case 'Alias':
      return `Alias ${n.name.name}`;
    case 'Restrict':
      return 'Restrict';
    case 'FunctionDecl':
      return n.isView ? 'FunctionDecl view' : 'FunctionDecl';
    case 'Param':
      return `Param ${n.name.name}`;
    case 'ScalarTypeRef':
      return `ScalarTypeRef ${n.text}${n.type && n.type !== n.text ? ` (${n.type})` : ''}`;
    case 'TabularTypeRef':
      return n.open ? 'TabularTypeRef open' : 'TabularTypeRef';
    case 'ColumnDecl':
      return `ColumnDecl ${n.name.name}:${n.type.text}`;
    case 'NamedExpr':
      return n.names.length ? `NamedExpr ${n.names.map((x) => x.name).join(', ')}` : 'NamedExpr';
    case 'OperatorParam':
      return `OperatorParam ${n.name}`;
    case 'SortItem':
      return `SortItem${n.direction ? ` ${n.direction}` : ''}${n.nulls ? ` nulls ${n.nulls}` : ''}`;
    case 'NamePattern':
      return `NamePattern ${n.pattern}${n.direction ? ` ${n.direction}` : ''}`;
    case 'Where':
    case 'Sort':
    case 'Take':
      return `${n.kind} (${n.spelling})`;
    case 'MvExpand':
      return `MvExpand (${n.spelling})`;
    case 'Parse':
      return n.where ? 'Parse (parse-where)' : 'Parse';
    case 'Render':
      return `Render ${n.chart.name}`;
    case 'As':
      return `As ${n.name.name}`;
    case 'Partition':
      return `Partition by ${n.by.name}${n.braces ? ' {}' : ''}`;
    case 'Extended':
      return `Extended ${n.name}`;
    case 'MvExpandItem':
      return `MvExpandItem${n.name ? ` ${n.name.name}` : ''}${n.toType ? ` to ${n.toType.text}` : ''}`;
    case 'TopNestedClause':
      return `TopNestedClause${n.direction ? ` ${n.direction}` : ''}`;
    case 'ScanStep':
      return `ScanStep ${n.name.name}${n.output ? ` output=${n.output}` : ''}`;
    case 'Text':
      return `Text ${clip(JSON.stringify(n.text))}`;
    case 'Capture':
      return `Capture ${n.name.name}${n.type ? `:${n.type.text}` : ''}`;
    case 'MacroExpand':
      return `MacroExpand as ${n.alias.name}`;
    case 'EntityGroup':
      return 'EntityGroup';
    case 'Facet':
    case 'Fork':
    case 'Scan':
    case 'Reduce':
    case 'MakeSeries':
    case 'Invoke':
    case 'Evaluate':
    case 'Wildcard':
    case 'Query':
    case 'DeclareParameters':
    case 'ExprStatement':
    case 'FunctionBody':
    case 'IndexAccess':
    case 'Paren':
    case 'Star':
    case 'Missing':
    case 'Datatable':
    case 'Print':
    case 'Range':
    case 'Union':
    case 'Find':
    case 'Search':
    case 'ExternalData':
    case 'ImplicitSource':
    case 'Project':
    case 'Extend':
    case 'ProjectAway':
    case 'ProjectByNames':
    case 'ProjectKeep':
    case 'ProjectRename':
    case 'ProjectReorder':
    case 'Summarize':
    case 'Top':
    case 'Count':
    case 'Distinct':
    case 'Join':
    case 'Lookup':
    case 'MvApply':
    case 'ParseKv':
    case 'Consume':
    case 'GetSchema':
    case 'Serialize':
    case 'Sample':
    case 'SampleDistinct':
    case 'TopNested':
    case 'TopHitters':
    case 'ErrorOperator':
      return n.kind;
    case 'MakeGraph':
      return `MakeGraph ${n.source.name} ${n.undirected ? '--' : '-->'} ${n.target.name}${
        n.nodeIdName ? ` with_node_id=${n.nodeIdName.name}` : ''
      }`;
    case 'GraphToTable':
    case 'GraphMarkComponents':
    case 'GraphPattern':
      return n.kind;
    case 'GraphMatch':
      return n.shortest ? 'GraphShortestPaths' : 'GraphMatch';
    case 'GraphTablePart':
      return `GraphTablePart ${n.what}${n.asName ? ` as ${n.asName.name}` : ''}`;
    case 'GraphNodePattern':
      return `GraphNodePattern ${n.name?.name ?? '()'}`;
    case 'GraphEdgePattern':
      return `GraphEdgePattern ${n.name?.name ?? '[]'} ${n.direction}${n.range ? ` *${n.range.min}..${n.range.max}` : ''}`;
    default: {
      const never: never = n;
      return String(never);
    }
  }
}

const list = (label: string, nodes: readonly PrintNode[]): Child[] =>
  nodes.map((n, i) => [nodes.length > 1 ? `${label}[${i}]` : label, n] as const);
const opt = (label: string, node: PrintNode | undefined): Child[] => (node ? [[label, node]] : []);

/** `T | a | b` as source plus operators in order, found without recursion. */
function flattenPipe(p: PipeExpr): Child[] {
  const ops: Child[] = [];
  let cur: Expr = p;
  while (cur.kind === 'Pipe') {
    ops.push(['|', cur.operator]);
    cur = cur.source;
  }
  ops.reverse();
  return [['source', cur], ...ops];
}

/** `a and b and c` as one node with three operands. */
function flattenBinary(b: Binary): Child[] {
  const operands: PrintNode[] = [b.right];
  let cur: Expr = b.left;
  while (cur.kind === 'Binary' && cur.op === b.op) {
    operands.push(cur.right);
    cur = cur.left;
  }
  operands.push(cur);
  operands.reverse();
  return operands.length === 2
    ? [
        ['left', operands[0] as PrintNode],
        ['right', operands[1] as PrintNode],
      ]
    : list('operand', operands);
}

function children(n: PrintNode): Child[] {
  switch (n.kind) {
    case 'Query':
      return list('statement', n.statements);
    case 'Let':
      return [['value', n.value]];
    case 'DeclareParameters':
      return list('param', n.params);
    case 'DeclarePattern':
      return [...list('param', n.params), ...list('path', n.pathParams), ...list('rule', n.rules)];
    case 'PatternRule':
      return [...list('arg', n.args), ...list('path', n.pathArgs), ['body', n.body]];
    case 'Set':
      return opt('value', n.value);
    case 'Alias':
      return [['value', n.value]];
    case 'Restrict':
      return list('entity', n.entities);
    case 'ExprStatement':
      return [['expr', n.expr]];
    case 'FunctionDecl':
      return [...list('param', n.params), ['body', n.body]];
    case 'FunctionBody':
      return list('statement', n.statements);
    case 'Param':
      return [['type', n.type], ...opt('default', n.defaultValue)];
    case 'TabularTypeRef':
      return list('column', n.columns);
    case 'ColumnDecl':
    case 'ScalarTypeRef':
    case 'Literal':
    case 'NameRef':
    case 'Identifier':
    case 'Star':
    case 'Missing':
    case 'ImplicitSource':
    case 'Count':
    case 'GetSchema':
    case 'Extended':
    case 'ErrorOperator':
    case 'NamePattern':
    case 'Text':
    case 'Wildcard':
    case 'Capture':
      return [];
    case 'MemberAccess':
      return [['target', n.target]];
    case 'IndexAccess':
      return [
        ['target', n.target],
        ['index', n.index],
      ];
    case 'Call':
      return [...opt('target', n.target), ...list('arg', n.args), ...list('named', n.namedArgs)];
    case 'Unary':
      return [['operand', n.operand]];
    case 'Binary':
      return flattenBinary(n);
    case 'ListTest':
      return [['left', n.left], ...list('item', n.items)];
    case 'Between':
      return [
        ['left', n.left],
        ['low', n.low],
        ['high', n.high],
      ];
    case 'Paren':
      return [['expr', n.expr]];
    case 'Pipe':
      return flattenPipe(n);
    case 'NamedExpr':
      return [['expr', n.expr]];
    case 'OperatorParam':
      return [['value', n.value]];
    case 'SortItem':
      return [['expr', n.expr]];
    case 'Datatable':
      return [...list('param', n.params), ...list('column', n.columns), ...list('value', n.values)];
    case 'Print':
      return list('item', n.items);
    case 'Range':
      return [
        ['from', n.from],
        ['to', n.to],
        ['step', n.step],
      ];
    case 'Union':
      return [...list('param', n.params), ...list('table', n.tables)];
    case 'MacroExpand':
      return [...list('param', n.params), ['group', n.group], ...list('statement', n.body)];
    case 'EntityGroup':
      return list('entity', n.entities);
    case 'Find':
      return [
        ...list('param', n.params),
        ...list('table', n.tables),
        ['predicate', n.predicate],
        ...(Array.isArray(n.project) ? list('project', n.project) : []),
      ];
    case 'Search':
      return [...list('param', n.params), ...list('table', n.tables), ['predicate', n.predicate]];
    case 'ExternalData':
      return [...list('column', n.columns), ...list('uri', n.uris), ...list('property', n.properties)];
    case 'Where':
      return [['predicate', n.predicate]];
    case 'Project':
    case 'Extend':
    case 'Serialize':
      return list('item', n.items);
    case 'ProjectByNames':
      return list('column', n.items);
    case 'ProjectAway':
    case 'ProjectKeep':
    case 'ProjectReorder':
      return list('column', n.patterns);
    case 'ProjectRename':
      return n.items.flatMap((it): Child[] => [
        ['new', it.newName],
        ['old', it.oldName],
      ]);
    case 'Summarize':
      return [...list('param', n.params), ...list('aggregate', n.aggregates), ...list('by', n.by)];
    case 'Sort':
      return [...list('param', n.params), ...list('by', n.items)];
    case 'Top':
      return [...list('param', n.params), ['count', n.count], ...list('by', n.by)];
    case 'Take':
      return [...list('param', n.params), ['count', n.count]];
    case 'Distinct':
      return [...list('param', n.params), ...list('item', n.items)];
    case 'Join':
    case 'Lookup':
      return [...list('param', n.params), ['right', n.right], ...list('on', n.on)];
    case 'MvExpand':
      return [...list('param', n.params), ...list('item', n.items), ...opt('limit', n.limit)];
    case 'MvApply':
      return [...list('param', n.params), ...list('item', n.items), ...opt('limit', n.limit), ['on', n.subquery]];
    case 'MvExpandItem':
      return [['expr', n.expr]];
    case 'Parse':
      return [...list('param', n.params), ['source', n.source], ...list('part', n.parts)];
    case 'ParseKv':
      return [['source', n.source], ...list('column', n.columns), ...list('property', n.properties)];
    case 'Evaluate':
      return [...list('param', n.params), ['plugin', n.plugin]];
    case 'Render':
      return list('property', n.properties);
    case 'As':
    case 'Consume':
      return list('param', n.params);
    case 'Sample':
      return [['count', n.count]];
    case 'SampleDistinct':
      return [
        ['count', n.count],
        ['of', n.of],
      ];
    case 'TopNested':
      return list('clause', n.clauses);
    case 'TopNestedClause':
      return [...opt('count', n.count), ['of', n.of], ...opt('others', n.others), ['by', n.by]];
    case 'TopHitters':
      return [['count', n.count], ['of', n.of], ...opt('by', n.by)];
    case 'Facet':
      return [...list('by', n.columns), ...opt('with', n.with)];
    case 'Fork':
      return n.branches.flatMap((b, i): Child[] => [...opt(`name[${i}]`, b.name), [`branch[${i}]`, b.subquery]]);
    case 'Partition':
      return [...list('param', n.params), ['subquery', n.subquery]];
    case 'Scan':
      return [
        ...list('param', n.params),
        ...list('order', n.orderBy),
        ...list('partition', n.partitionBy),
        ...list('declare', n.declare),
        ...list('step', n.steps),
      ];
    case 'ScanStep':
      return [['condition', n.condition], ...list('assign', n.assignments)];
    case 'Reduce':
      return [['by', n.by], ...list('property', n.properties)];
    case 'MakeSeries':
      return [
        ...list('param', n.params),
        ...n.aggregates.flatMap((a, i): Child[] => [
          [`aggregate[${i}]`, a.agg],
          ...opt(`default[${i}]`, a.defaultValue),
        ]),
        ['on', n.on],
        ...opt('from', n.from),
        ...opt('to', n.to),
        ['step', n.step],
        ...list('by', n.by),
      ];
    case 'Invoke':
      return [['call', n.call]];
    case 'MakeGraph':
      return [
        ...n.nodeTables.map((t, i): Child => [`nodes[${i}] on ${t.key.name}`, t.table]),
        ...opt('partition', n.partitionQuery),
      ];
    case 'GraphToTable':
      return list('part', n.parts);
    case 'GraphTablePart':
    case 'GraphMarkComponents':
      return list('param', n.params);
    case 'GraphMatch':
      return [
        ...list('param', n.params),
        ...list('pattern', n.patterns),
        ...opt('where', n.where),
        ...list('project', n.project),
      ];
    case 'GraphPattern':
      return n.nodes.flatMap((node, i): Child[] => [['node', node], ...opt('edge', n.edges[i])]);
    case 'GraphNodePattern':
    case 'GraphEdgePattern':
      return [];
    default: {
      const never: never = n;
      return never;
    }
  }
}
