import { describe, expect, it } from 'vitest';
import type { TabularOperator } from '../../../src/kql/syntax/ast.js';
import { parseQuery } from '../../../src/kql/syntax/parser.js';
import { exprOf, lastOp, operatorsOf } from './helpers.js';

function ops(text: string): TabularOperator[] {
  return operatorsOf(exprOf(text));
}

describe('graph operators: syntax', () => {
  it('make-graph with node tables, with_node_id and partitioned-by', () => {
    const [mg] = ops('E | make-graph a --> b with N on id, (M | take 1) on k with_node_id=n');
    expect(mg?.kind === 'MakeGraph' && [mg.source.name, mg.target.name, mg.undirected]).toEqual(['a', 'b', false]);
    expect(mg?.kind === 'MakeGraph' && mg.nodeTables.map((t) => t.key.name)).toEqual(['id', 'k']);
    expect(mg?.kind === 'MakeGraph' && mg.nodeIdName?.name).toBe('n');
    const [pg] = ops('E | make-graph a -- b partitioned-by t (graph-match (x)-->(y) project x.id)');
    expect(pg?.kind === 'MakeGraph' && [pg.undirected, pg.partitionBy?.name, pg.partitionQuery?.kind]).toEqual([
      true,
      't',
      'Pipe',
    ]);
  });

  it('graph-match patterns: directions, names, variable lengths, several chains', () => {
    const m = lastOp(
      'G | graph-match cycles=none (a)-[e*1..3]->(b)<-[f]-(c)--(), (x)<--(a) where a.v > 1 project a.v, n = b.w',
    );
    if (m.kind !== 'GraphMatch') throw new Error(m.kind);
    expect(m.params.map((p) => p.name)).toEqual(['cycles']);
    expect(m.patterns.map((p) => p.nodes.map((n) => n.name?.name ?? '()'))).toEqual([
      ['a', 'b', 'c', '()'],
      ['x', 'a'],
    ]);
    const edges = m.patterns[0]?.edges.map((e) => [e.name?.name, e.direction, e.range?.min, e.range?.max]);
    expect(edges).toEqual([
      ['e', 'out', 1, 3],
      ['f', 'in', undefined, undefined],
      [undefined, 'any', undefined, undefined],
    ]);
    expect(m.patterns[1]?.edges[0]?.direction).toBe('in');
    expect([m.where?.kind, m.project.length, m.shortest]).toEqual(['Binary', 2, false]);
  });

  it('graph-shortest-paths, graph-to-table and graph-mark-components', () => {
    const s = lastOp('G | graph-shortest-paths output=all (a)-[e*1..5]->(b) project a.x');
    expect(s.kind === 'GraphMatch' && [s.shortest, s.params[0]?.name]).toEqual([true, 'output']);
    const t = lastOp('G | graph-to-table nodes with_node_id=id as N, edges with_source_id=s');
    expect(t.kind === 'GraphToTable' && t.parts.map((p) => [p.what, p.params.length, p.asName?.name])).toEqual([
      ['nodes', 1, 'N'],
      ['edges', 1, undefined],
    ]);
    const c = lastOp('G | graph-mark-components kind=strong with_component_id=c');
    expect(c.kind === 'GraphMarkComponents' && c.params.map((p) => p.name)).toEqual(['kind', 'with_component_id']);
  });

  it('a malformed pattern is a syntax error, not a crash', () => {
    const r = parseQuery('G | graph-match (a)-[e*]->(b) project a.x');
    expect(r.diagnostics.some((d) => d.code === 'KQL201')).toBe(true);
  });
});
