/**
 * Plan printer: an indented text tree of a relational plan, for `kqlhunt explain --stage plan`
 * and for snapshot-style tests. Each node prints as `Kind detail  :: (col:type, …)` followed by
 * its inputs one level deeper. Sub-plans inside expressions (toscalar, `in (T | …)`) and operator
 * bodies (mv-apply, partition, fork) print as labelled children so nothing is hidden.
 */
import type { KqlValue, ScalarType, TableSchema } from '../types.js';
import { formatDatetime, formatTimespan } from '../values.js';
import type { GraphPathPattern, GraphPathStep, PAggregate, PExpr, PlanNode, SortKey } from './nodes.js';

/** Renders `node` and everything below it; two spaces per level, no trailing newline. */
export function printPlan(node: PlanNode): string {
  const lines: string[] = [];
  writeNode(node, 0, '', lines);
  return lines.join('\n');
}

/** One node's header and its labelled children, as `describe` returns them. */
interface NodeView {
  readonly detail: string;
  readonly children: readonly (readonly [label: string, node: PlanNode])[];
}

function writeNode(node: PlanNode, depth: number, label: string, lines: string[]): void {
  const subplans: [string, PlanNode][] = [];
  const view = describe(node, (p) => {
    subplans.push([`subquery #${subplans.length + 1}`, p]);
    return `#${subplans.length}`;
  });
  const pad = '  '.repeat(depth);
  const head = `${pad}${label ? `${label}: ` : ''}${node.kind}${view.detail ? ` ${view.detail}` : ''}`;
  lines.push(`${head}  :: ${printSchema(node.schema)}`);
  for (const [childLabel, child] of view.children) writeNode(child, depth + 1, childLabel, lines);
  for (const [childLabel, child] of subplans) writeNode(child, depth + 1, childLabel, lines);
}

export function printSchema(schema: TableSchema): string {
  return `(${schema.columns.map((c) => `${c.name}:${c.type}`).join(', ')})`;
}

type SubplanRef = (p: PlanNode) => string;

function describe(node: PlanNode, sub: SubplanRef): NodeView {
  const e = (x: PExpr) => printExpr(x, sub);
  const list = (xs: readonly PExpr[]) => xs.map(e).join(', ');
  const input = (n: PlanNode): NodeView['children'] => [['', n]];
  switch (node.kind) {
    case 'Scan':
      return { detail: node.table, children: [] };
    case 'Values':
      return { detail: `rows=[${node.rows.map((r) => `(${list(r)})`).join(', ')}]`, children: [] };
    case 'Range':
      return { detail: `from ${e(node.from)} to ${e(node.to)} step ${e(node.step)}`, children: [] };
    case 'ImplicitInput':
    case 'MaterializedRef':
      return { detail: node.kind === 'MaterializedRef' ? `id=${node.id}` : '', children: [] };
    case 'Filter':
      return { detail: e(node.predicate), children: input(node.input) };
    case 'Project':
      return { detail: namedList(node.schema, node.exprs, e), children: input(node.input) };
    case 'Aggregate':
      return {
        detail: `${node.aggregates.map((a) => printAggregate(a, e)).join(', ')} by [${list(node.keys)}]`,
        children: input(node.input),
      };
    case 'Sort':
      return { detail: sortKeys(node.keys, e), children: input(node.input) };
    case 'Top':
      return { detail: `${e(node.count)} by ${sortKeys(node.keys, e)}`, children: input(node.input) };
    case 'Limit':
    case 'Sample':
      return { detail: e(node.count), children: input(node.input) };
    case 'Distinct':
      return { detail: list(node.exprs), children: input(node.input) };
    case 'Join':
      return {
        detail: `kind=${node.joinKind} on [${list(node.leftKeys)}] == [${list(node.rightKeys)}] right=[${node.rightOutput.join(', ')}]`,
        children: [
          ['left', node.left],
          ['right', node.right],
        ],
      };
    case 'Union':
      return {
        detail: `mappings=${node.mappings.map((m) => `[${m.join(',')}]`).join(' ')}${node.sourceColumn === undefined ? '' : ` source=#${node.sourceColumn}`}`,
        children: node.inputs.map((n, i) => [`input ${i + 1}`, n] as const),
      };
    case 'MvExpand':
      return {
        detail: `${mvItems(node.items, e)} kind=${node.bagExpansion}${node.limit === undefined ? '' : ` limit=${node.limit}`}`,
        children: input(node.input),
      };
    case 'MvApply':
      return {
        detail: `${mvItems(node.items, e)}${node.limit === undefined ? '' : ` limit=${node.limit}`}`,
        children: [
          ['', node.input],
          ['apply', node.subplan],
        ],
      };
    case 'Parse':
      return {
        detail: `${node.mode} ${e(node.source)} regex=${JSON.stringify(node.regex)}${node.dropUnmatched ? ' where' : ''}`,
        children: input(node.input),
      };
    case 'ParseKv':
      return {
        detail: `${e(node.source)} as (${node.keys.map((k) => `${k.name}:${k.type}`).join(', ')})`,
        children: input(node.input),
      };
    case 'Count':
    case 'GetSchema':
      return { detail: '', children: input(node.input) };
    case 'Serialize':
      return {
        detail: namedList(node.schema, node.exprs, e, node.schema.columns.length - node.exprs.length),
        children: input(node.input),
      };
    case 'SampleDistinct':
      return { detail: `${e(node.count)} of ${e(node.expr)}`, children: input(node.input) };
    case 'TopNested':
      return {
        detail: node.levels
          .map((l) => `${l.count ? e(l.count) : 'all'} of ${l.ofName}=${e(l.of)} by ${printAggregate(l.aggregate, e)}`)
          .join(', '),
        children: input(node.input),
      };
    case 'TopHitters':
      return {
        detail: `${e(node.count)} of ${e(node.of)}${node.by ? ` by ${e(node.by)}` : ''}`,
        children: input(node.input),
      };
    case 'MakeSeries':
      return {
        detail: `${node.aggregates.map((a) => printAggregate(a, e)).join(', ')} on ${e(node.axis)} step ${e(node.step)} by [${list(node.keys)}]`,
        children: input(node.input),
      };
    case 'Partition':
      return {
        detail: `by ${e(node.key)}`,
        children: [
          ['', node.input],
          ['body', node.subplan],
        ],
      };
    case 'ScanOperator':
      return {
        detail: `steps=[${node.steps.map((s) => `${s.name}: ${e(s.condition)}`).join('; ')}]`,
        children: input(node.input),
      };
    case 'Reduce':
      return { detail: `by ${e(node.expr)} threshold=${node.threshold}`, children: input(node.input) };
    case 'Evaluate':
      return {
        detail: `${node.plugin}(${list(node.args)})`,
        children: [
          ...(node.input ? input(node.input) : []),
          ...node.tables.map((t, i) => [`table ${i + 1}`, t] as const),
        ],
      };
    case 'Materialize':
      return { detail: `id=${node.id}`, children: input(node.input) };
    case 'ExternalData':
      return {
        detail: `${node.uris.map((u) => JSON.stringify(u)).join(', ')} format=${node.format ?? 'auto'}`,
        children: [],
      };
    case 'Render':
      return { detail: node.chart, children: input(node.input) };
    case 'Fork':
      return { detail: '', children: [['', node.input], ...node.branches.map((b) => [b.name, b.plan] as const)] };
    case 'MakeGraph':
      return {
        detail: `#${node.sourceIndex} --> #${node.targetIndex}${node.nodeIdName ? ` with_node_id=${node.nodeIdName}` : ''}`,
        children: [
          ['edges', node.input],
          ...node.nodeTables.map((t, i) => [`nodes ${i + 1} on #${t.keyIndex}`, t.plan] as const),
        ],
      };
    case 'GraphMarkComponents':
      return { detail: `kind=${node.strong ? 'strong' : 'weak'} as ${node.columnName}`, children: input(node.input) };
    case 'GraphToTable':
      return { detail: node.part, children: input(node.input) };
    case 'GraphMatch':
      return {
        detail: `${node.shortest ? 'shortest ' : ''}${node.patterns.map(printPath).join(', ')}${
          node.predicate ? ` where ${e(node.predicate)}` : ''
        }${node.lambdas
          .map((l, i) => ` $lambda${i}=${l.op}(${l.innerNodes ? `inner_nodes(${l.path})` : l.path}, ${e(l.expr)})`)
          .join('')}`,
        children: input(node.input),
      };
    default: {
      const never: never = node;
      return { detail: `?${String((never as PlanNode).kind)}`, children: [] };
    }
  }
}

/** `name=expr` for each output column; pass-through columns (`Column` refs with the same name) stay short. */
function namedList(schema: TableSchema, exprs: readonly PExpr[], e: (x: PExpr) => string, offset = 0): string {
  return exprs
    .map((x, i) => {
      const name = schema.columns[i + offset]?.name ?? `#${i + offset}`;
      return x.kind === 'Column' && x.name === name ? name : `${name}=${e(x)}`;
    })
    .join(', ');
}

function sortKeys(keys: readonly SortKey[], e: (x: PExpr) => string): string {
  return keys
    .map((k) => `${e(k.expr)} ${k.descending ? 'desc' : 'asc'} nulls ${k.nullsFirst ? 'first' : 'last'}`)
    .join(', ');
}

function mvItems(items: readonly { expr: PExpr; toType: ScalarType }[], e: (x: PExpr) => string): string {
  return items.map((it) => `${e(it.expr)} to ${it.toType}`).join(', ');
}

function printAggregate(a: PAggregate, e: (x: PExpr) => string): string {
  const args = [...a.args.map(e), ...a.constArgs.map((v) => printValue(v, typeOfConst(v)))];
  return `${a.outputs.map((o) => o.name).join(',')}=${a.fn}(${args.join(', ')})`;
}

function typeOfConst(v: KqlValue): ScalarType {
  if (typeof v === 'number') return 'real';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'timespan';
  return 'dynamic';
}

/** Operator calls print infix so a predicate reads like the query it came from. */
const INFIX =
  /^(?:[=!<>~+\-*/%]+|!?(?:has|contains|startswith|endswith|hasprefix|hassuffix)(?:_cs)?|matches regex|!?in~?|has_any|has_all|like|notlike|likecs|notlikecs)$/;

/** One expression as compact KQL-like text with the type of each column ref (`Name#2`). */
export function printExpr(x: PExpr, sub: SubplanRef = () => '#?'): string {
  const p = (y: PExpr) => printExpr(y, sub);
  switch (x.kind) {
    case 'Const':
      return printValue(x.value, x.type);
    case 'Column':
      return `${x.name}#${x.index}`;
    case 'OuterColumn':
      return `outer${x.depth}.${x.name}#${x.index}`;
    case 'Call':
      return printCall(x.fn, x.args.map(p));
    case 'And':
    case 'Or':
      return `(${x.args.map(p).join(x.kind === 'And' ? ' and ' : ' or ')})`;
    case 'Not':
      return `not(${p(x.arg)})`;
    case 'SubqueryScalar':
      return `toscalar(${sub(x.plan)})`;
    case 'SubqueryList':
      return `(${sub(x.plan)})`;
    default: {
      const never: never = x;
      return `?${String((never as PExpr).kind)}`;
    }
  }
}

function printCall(fn: string, args: readonly string[]): string {
  if (fn === '-unary' && args.length === 1) return `-${args[0]}`;
  if (fn === '[]' && args.length === 2) return `${args[0]}[${args[1]}]`;
  if (fn === '.' && args.length === 2) return `${args[0]}.${args[1]}`;
  if ((fn === 'between' || fn === '!between') && args.length === 3)
    return `(${args[0]} ${fn} (${args[1]} .. ${args[2]}))`;
  if (INFIX.test(fn) && args.length === 2) return `(${args[0]} ${fn} ${args[1]})`;
  if (INFIX.test(fn) && args.length > 2) return `(${args[0]} ${fn} (${args.slice(1).join(', ')}))`;
  return `${fn}(${args.join(', ')})`;
}

function printValue(v: KqlValue, type: ScalarType): string {
  if (v === null) return `${type}(null)`;
  switch (type) {
    case 'datetime':
      return typeof v === 'bigint' ? `datetime(${formatDatetime(v)})` : String(v);
    case 'timespan':
      return typeof v === 'bigint' ? `timespan(${formatTimespan(v)})` : String(v);
    case 'string':
      return JSON.stringify(v);
    case 'guid':
      return `guid(${String(v)})`;
    case 'dynamic':
      return `dynamic(${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))})`;
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return typeof v === 'number' && type === 'real' && Number.isInteger(v) ? `${v}.0` : String(v);
    case 'bool':
      return String(v);
    default: {
      const never: never = type;
      return String(never);
    }
  }
}

function printPath(p: GraphPathPattern): string {
  const arrow = (d: GraphPathStep['direction'], inner: string) =>
    d === 'out' ? `-[${inner}]->` : d === 'in' ? `<-[${inner}]-` : `-[${inner}]-`;
  return p.nodes
    .map((n, i) => {
      const s = p.steps[i];
      return `(${n})${s ? arrow(s.direction, `${s.edge}*${s.min}..${s.max}`) : ''}`;
    })
    .join('');
}
