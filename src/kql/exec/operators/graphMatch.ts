/**
 * graph-match / graph-shortest-paths: enumerates the matches of the patterns by backtracking
 * (patterns in order, each a chain walked edge by edge; variable-length edges walk min..max
 * steps), writes one match-table row per match (layout: GraphMatchNode), evaluates the lambdas
 * of all/any/map over path elements in one batch, filters by the predicate, and for shortest
 * paths keeps the shortest matches per (first node, last node) pair.
 */

import { DIAG } from '../../diagnostics.js';
import type { GraphLambda, GraphMatchNode, GraphPathPattern, GraphPathStep, PlanNode } from '../../plan/nodes.js';
import type { KqlDynamic, KqlValue, ScalarType, TableSchema } from '../../types.js';
import { formatDatetime, formatTimespan } from '../../values.js';
import { evalColumn } from '../build.js';
import { type ExecContext, ExecError } from '../context.js';
import { type Relation, relationOf } from '../relation.js';
import { type Table, tableFromRows } from '../table.js';
import { evalGraph, type Graph, type GraphEdge } from './graph.js';

/** Matches enumerated before the where clause; beyond this the query is refused. */
const MAX_MATCHES = 1_000_000;

interface PathBinding {
  readonly edges: readonly number[];
  readonly nodes: readonly number[];
}

type Binding = Map<string, number | PathBinding>;

interface Match {
  readonly binding: Binding;
  readonly length: number;
}

export function runGraphMatch(node: GraphMatchNode, ctx: ExecContext): Relation {
  const g = evalGraph(node.input as PlanNode, ctx);
  const matches = enumerate(node, g, ctx);
  const rows = matches.map((m) => matchRow(node, g, m));
  appendLambdas(node, g, matches, rows, ctx);
  let table = tableFromRows(node.schema.columns, rows);
  let kept = matches.map((_, i) => i);
  if (node.predicate) {
    const col = evalColumn(node.predicate, 'bool', relationOf(table), ctx);
    kept = kept.filter((i) => col.get(i) === true);
  }
  if (node.shortest) kept = shortestOnly(node, matches, kept, node.shortest.all);
  if (kept.length !== matches.length)
    table = tableFromRows(
      node.schema.columns,
      kept.map((i) => rows[i] as KqlValue[]),
    );
  return relationOf(table);
}

/* ------------------------------------------------------------------------------------------------
 * Enumeration
 * ---------------------------------------------------------------------------------------------- */

function enumerate(node: GraphMatchNode, g: Graph, ctx: ExecContext): Match[] {
  const out: Match[] = [];
  const binding: Binding = new Map();
  const usedEdges = new Set<number>();
  const patterns = node.patterns;
  let steps = 0;

  const bindNode = (name: string, v: number, then: () => void) => {
    const prev = binding.get(name);
    if (prev !== undefined) {
      if (prev === v) then();
      return;
    }
    binding.set(name, v);
    then();
    binding.delete(name);
  };

  const pattern = (pi: number, length: number) => {
    const p = patterns[pi];
    if (!p) {
      if (out.length >= MAX_MATCHES) throw new ExecError(DIAG.rowBudget(MAX_MATCHES));
      out.push({ binding: new Map(binding), length });
      return;
    }
    const startName = p.nodes[0] as string;
    const bound = binding.get(startName);
    const starts = typeof bound === 'number' ? [bound] : g.nodes.map((_, i) => i);
    for (const s of starts) bindNode(startName, s, () => step(p, pi, 0, s, [s], length));
  };

  const step = (p: GraphPathPattern, pi: number, k: number, at: number, visited: number[], length: number) => {
    const st = p.steps[k];
    if (!st) return pattern(pi + 1, length);
    const target = p.nodes[k + 1] as string;
    const edges: number[] = [];
    const nodes: number[] = [];
    const walk = (v: number) => {
      if ((++steps & 4095) === 0) ctx.check();
      if (edges.length >= st.min) {
        bindNode(target, v, () => {
          const value: number | PathBinding = !st.variable
            ? (edges[0] as number)
            : { edges: [...edges], nodes: nodes.slice(0, -1) };
          binding.set(st.edge, value);
          step(p, pi, k + 1, v, visited, length + edges.length);
          binding.delete(st.edge);
        });
      }
      if (edges.length >= st.max) return;
      for (const [ei, w] of neighbours(g, v, st)) {
        if (node.cycles !== 'all' && usedEdges.has(ei)) continue;
        if (node.cycles === 'none' && visited.includes(w)) continue;
        usedEdges.add(ei);
        edges.push(ei);
        nodes.push(w);
        visited.push(w);
        walk(w);
        visited.pop();
        nodes.pop();
        edges.pop();
        usedEdges.delete(ei);
      }
    };
    walk(at);
  };

  pattern(0, 0);
  return out;
}

function* neighbours(g: Graph, v: number, step: GraphPathStep): Generator<[number, number]> {
  const st = g.undirected ? { ...step, direction: 'any' as const } : step;
  if (st.direction !== 'in') for (const ei of g.out[v] ?? []) yield [ei, (g.edges[ei] as GraphEdge).dst];
  if (st.direction !== 'out') {
    for (const ei of g.in[v] ?? []) {
      const e = g.edges[ei] as GraphEdge;
      // A self-loop met through `--` is one edge, not two.
      if (st.direction === 'any' && e.src === e.dst) continue;
      yield [ei, e.src];
    }
  }
}

/* ------------------------------------------------------------------------------------------------
 * Rows
 * ---------------------------------------------------------------------------------------------- */

function matchRow(node: GraphMatchNode, g: Graph, m: Match): KqlValue[] {
  const row: KqlValue[] = [];
  for (const v of node.variables) {
    const b = m.binding.get(v.name);
    switch (v.kind) {
      case 'node': {
        const i = typeof b === 'number' ? b : -1;
        row.push(...(g.nodes[i] ?? g.nodeSchema.columns.map(() => null)));
        row.push(g.in[i]?.length ?? null, g.out[i]?.length ?? null, nodeIdText(g.ids[i]));
        break;
      }
      case 'edge': {
        const e = typeof b === 'number' ? g.edges[b] : undefined;
        row.push(...(e?.props ?? g.edgeSchema.columns.map(() => null)));
        break;
      }
      case 'path': {
        const p = typeof b === 'object' ? b : { edges: [], nodes: [] };
        row.push(p.edges.map((ei) => bag(g.edgeSchema, (g.edges[ei] as GraphEdge).props)));
        row.push(p.nodes.map((ni) => bag(g.nodeSchema, g.nodes[ni] as readonly KqlValue[])));
        break;
      }
      default: {
        const never: never = v.kind;
        return never;
      }
    }
  }
  return row;
}

/** node_id(): the node's id as text (Kusto's string representation of the id value). */
function nodeIdText(id: KqlValue | undefined): string | null {
  if (id === undefined || id === null) return null;
  if (typeof id === 'string') return id;
  return typeof id === 'object' ? JSON.stringify(id) : String(id);
}

/** A property row as a dynamic bag (datetime/timespan as their text, as in dynamic values). */
function bag(schema: TableSchema, props: readonly KqlValue[]): KqlDynamic {
  const out: Record<string, KqlDynamic> = {};
  schema.columns.forEach((c, i) => {
    out[c.name] = toDynamic(props[i] ?? null, c.type);
  });
  return out;
}

function toDynamic(v: KqlValue, type: ScalarType): KqlDynamic {
  if (typeof v !== 'bigint') return v;
  if (type === 'timespan') return formatTimespan(v);
  return type === 'datetime' ? formatDatetime(v) : Number(v); // a long past 2^53: see types.ts
}

/** Evaluates each lambda over the elements of every match at once and appends its column. */
function appendLambdas(
  node: GraphMatchNode,
  g: Graph,
  matches: readonly Match[],
  rows: KqlValue[][],
  ctx: ExecContext,
) {
  for (const l of node.lambdas) {
    // Inner nodes carry their id after the properties (node_id() in the lambda reads it).
    const schema = l.innerNodes
      ? { columns: [...g.nodeSchema.columns, { name: '$id', type: 'string' as const }] }
      : g.edgeSchema;
    const elementRows: (readonly KqlValue[])[] = [];
    const counts = matches.map((m) => {
      const p = m.binding.get(l.path);
      const ids = typeof p === 'object' ? (l.innerNodes ? p.nodes : p.edges) : [];
      for (const id of ids)
        elementRows.push(
          l.innerNodes ? [...(g.nodes[id] as KqlValue[]), nodeIdText(g.ids[id])] : (g.edges[id] as GraphEdge).props,
        );
      return ids.length;
    });
    const elements: Table = tableFromRows(schema.columns, elementRows);
    const col = evalColumn(l.expr, lambdaType(l), relationOf(elements), ctx);
    let at = 0;
    counts.forEach((n, mi) => {
      const values: KqlValue[] = [];
      for (let k = 0; k < n; k++) values.push(col.get(at + k));
      at += n;
      (rows[mi] as KqlValue[]).push(combine(l, values));
    });
  }
}

function lambdaType(l: GraphLambda): ScalarType {
  return l.op === 'map' ? l.expr.type : 'bool';
}

function combine(l: GraphLambda, values: readonly KqlValue[]): KqlValue {
  switch (l.op) {
    case 'all':
      return values.every((v) => v === true);
    case 'any':
      return values.some((v) => v === true);
    case 'map':
      return values.map((v) => toDynamic(v, l.expr.type));
    default: {
      const never: never = l.op;
      return never;
    }
  }
}

/** Keeps, per (first node, last node) of the first pattern, the matches of minimal length. */
function shortestOnly(
  node: GraphMatchNode,
  matches: readonly Match[],
  kept: readonly number[],
  all: boolean,
): number[] {
  const p = node.patterns[0];
  if (!p) return [...kept];
  const first = p.nodes[0] as string;
  const last = p.nodes[p.nodes.length - 1] as string;
  const best = new Map<string, number>();
  const keyOf = (m: Match) => `${m.binding.get(first)}:${m.binding.get(last)}`;
  for (const i of kept) {
    const m = matches[i] as Match;
    const k = keyOf(m);
    best.set(k, Math.min(best.get(k) ?? Number.POSITIVE_INFINITY, m.length));
  }
  const taken = new Set<string>();
  return kept.filter((i) => {
    const m = matches[i] as Match;
    const k = keyOf(m);
    if (m.length !== best.get(k)) return false;
    if (all) return true;
    if (taken.has(k)) return false;
    taken.add(k);
    return true;
  });
}
