/**
 * Graph values: make-graph builds an in-memory property graph (node property rows, edges with
 * endpoints and property rows, adjacency lists); graph-mark-components numbers components;
 * graph-to-table lists nodes or edges. A graph-valued node run as a table yields no rows.
 */
import type { GraphMarkComponentsNode, GraphToTableNode, MakeGraphNode, PlanNode } from '../../plan/nodes.js';
import type { KqlValue, TableSchema } from '../../types.js';
import type { ExecContext } from '../context.js';
import { unsupported } from '../context.js';
import { materialize, type Relation, relationOf } from '../relation.js';
import { tableFromRows, tableRows } from '../table.js';

export interface GraphEdge {
  readonly src: number;
  readonly dst: number;
  readonly props: readonly KqlValue[];
}

export interface Graph {
  readonly nodeSchema: TableSchema;
  readonly edgeSchema: TableSchema;
  readonly nodes: readonly (readonly KqlValue[])[];
  /** Each node's id (its key in the node table or the edges), as node_id() reports it. */
  readonly ids: readonly KqlValue[];
  readonly edges: readonly GraphEdge[];
  /** Edge indexes leaving / entering each node. */
  readonly out: readonly (readonly number[])[];
  readonly in: readonly (readonly number[])[];
  readonly undirected: boolean;
}

type GraphNode = MakeGraphNode | GraphMarkComponentsNode;

/** Node ids are compared by value; strings and numbers of the same text stay distinct. */
function idKey(v: KqlValue): string {
  return typeof v === 'string' ? `s${v}` : `v${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x))}`;
}

export function evalGraph(node: PlanNode, ctx: ExecContext): Graph {
  switch (node.kind) {
    case 'MakeGraph':
      return makeGraph(node, ctx);
    case 'GraphMarkComponents':
      return markComponents(node, evalGraph(node.input, ctx));
    default:
      return unsupported(`A graph operator applied to a table (${node.kind})`);
  }
}

function makeGraph(node: MakeGraphNode, ctx: ExecContext): Graph {
  const width = node.nodeSchema.columns.length;
  const nodes: KqlValue[][] = [];
  const ids: KqlValue[] = [];
  const index = new Map<string, number>();
  // The id lands in the first node table's key column, or in the with_node_id column.
  const first = node.nodeTables[0];
  const idColumn = first
    ? node.nodeSchema.columns.findIndex((c) => c.name === first.plan.schema.columns[first.keyIndex]?.name)
    : node.nodeIdName !== undefined
      ? 0
      : -1;
  const edgeRows = tableRows(materialize(ctx.run(node.input)));
  const filter = node.nodeFilter;
  const partitionKeys = filter ? new Set(edgeRows.map((r) => idKey(r[filter.edgeIndex] ?? null))) : undefined;
  node.nodeTables.forEach((t, ti) => {
    const keyCol = filter?.nodeIndexes[ti];
    const positions = t.plan.schema.columns.map((c) => node.nodeSchema.columns.findIndex((x) => x.name === c.name));
    for (const r of tableRows(materialize(ctx.run(t.plan)))) {
      const key = r[t.keyIndex] ?? null;
      if (key === null || index.has(idKey(key))) continue;
      if (partitionKeys && keyCol !== undefined && !partitionKeys.has(idKey(r[keyCol] ?? null))) continue;
      const props: KqlValue[] = new Array(width).fill(null);
      r.forEach((v, i) => {
        const p = positions[i] as number;
        if (p >= 0) props[p] = v;
      });
      index.set(idKey(key), nodes.length);
      nodes.push(props);
      ids.push(key);
    }
  });
  const nodeOf = (id: KqlValue): number => {
    const k = idKey(id);
    let i = index.get(k);
    if (i === undefined) {
      const props: KqlValue[] = new Array(width).fill(null);
      if (idColumn >= 0) props[idColumn] = id;
      i = nodes.length;
      index.set(k, i);
      nodes.push(props);
      ids.push(id);
    }
    return i;
  };
  const edges: GraphEdge[] = [];
  for (const r of edgeRows) {
    const s = r[node.sourceIndex] ?? null;
    const d = r[node.targetIndex] ?? null;
    if (s === null || d === null) continue;
    edges.push({ src: nodeOf(s), dst: nodeOf(d), props: r });
  }
  return withAdjacency(node.nodeSchema, node.edgeSchema, nodes, ids, edges, node.undirected);
}

function withAdjacency(
  nodeSchema: TableSchema,
  edgeSchema: TableSchema,
  nodes: readonly (readonly KqlValue[])[],
  ids: readonly KqlValue[],
  edges: readonly GraphEdge[],
  undirected: boolean,
): Graph {
  const out: number[][] = nodes.map(() => []);
  const inn: number[][] = nodes.map(() => []);
  edges.forEach((e, i) => {
    out[e.src]?.push(i);
    inn[e.dst]?.push(i);
  });
  return { nodeSchema, edgeSchema, nodes, ids, edges, out, in: inn, undirected };
}

/** Component ids follow node order: the component of the first node is 0, and so on. */
function markComponents(node: GraphMarkComponentsNode, g: Graph): Graph {
  const comp = node.strong ? strongComponents(g) : weakComponents(g);
  const replaced = g.nodeSchema.columns.findIndex((c) => c.name === node.columnName);
  const nodes = g.nodes.map((props, i) => {
    const kept = replaced >= 0 ? props.filter((_, j) => j !== replaced) : [...props];
    return [...kept, comp[i] ?? null];
  });
  return withAdjacency(node.nodeSchema, g.edgeSchema, nodes, g.ids, g.edges, g.undirected);
}

function renumber(raw: readonly number[]): number[] {
  const ids = new Map<number, number>();
  return raw.map((r) => {
    let id = ids.get(r);
    if (id === undefined) {
      id = ids.size;
      ids.set(r, id);
    }
    return id;
  });
}

function weakComponents(g: Graph): number[] {
  const parent = g.nodes.map((_, i) => i);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[x] !== r) {
      const next = parent[x] as number;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  for (const e of g.edges) parent[find(e.src)] = find(e.dst);
  return renumber(g.nodes.map((_, i) => find(i)));
}

/** Kosaraju with explicit stacks (no recursion on deep graphs). */
function strongComponents(g: Graph): number[] {
  const n = g.nodes.length;
  const order: number[] = [];
  const seen = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    if (seen[s]) continue;
    const stack: [number, number][] = [[s, 0]];
    seen[s] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number];
      const [v, k] = top;
      const outs = g.out[v] as readonly number[];
      if (k < outs.length) {
        top[1]++;
        const w = (g.edges[outs[k] as number] as GraphEdge).dst;
        if (!seen[w]) {
          seen[w] = 1;
          stack.push([w, 0]);
        }
      } else {
        order.push(v);
        stack.pop();
      }
    }
  }
  const comp: number[] = new Array(n).fill(-1);
  let c = 0;
  for (let i = order.length - 1; i >= 0; i--) {
    const s = order[i] as number;
    if ((comp[s] as number) >= 0) continue;
    const stack = [s];
    comp[s] = c;
    while (stack.length > 0) {
      const v = stack.pop() as number;
      for (const ei of g.in[v] as readonly number[]) {
        const w = (g.edges[ei] as GraphEdge).src;
        if ((comp[w] as number) < 0) {
          comp[w] = c;
          stack.push(w);
        }
      }
    }
    c++;
  }
  return renumber(comp);
}

/** A graph as a table has no rows; the binder rejects most such uses. */
export function runGraphValue(node: GraphNode, _ctx: ExecContext): Relation {
  return relationOf(tableFromRows(node.schema.columns, []));
}

export function runGraphToTable(node: GraphToTableNode, ctx: ExecContext): Relation {
  const g = evalGraph(node.input, ctx);
  const ids = node.idColumns;
  const propSchema = node.part === 'nodes' ? g.nodeSchema : g.edgeSchema;
  // Property columns shadowed by an id column of the same name are dropped, as the binder did.
  const keep = propSchema.columns.map((c) => !ids.includes(c.name));
  const props = (row: readonly KqlValue[]) => row.filter((_, i) => keep[i]);
  const rows =
    node.part === 'nodes'
      ? g.nodes.map((p, i) => [...(ids[0] !== undefined ? [i] : []), ...props(p)])
      : g.edges.map((e) => [
          ...(ids[0] !== undefined ? [e.src] : []),
          ...(ids[1] !== undefined ? [e.dst] : []),
          ...props(e.props),
        ]);
  return relationOf(tableFromRows(node.schema.columns, rows));
}
