import { describe, expect, it } from 'vitest';
import { runQuery } from '../../../src/kql/engine.js';
import { tableRows } from '../../../src/kql/exec/table.js';
import type { KqlValue } from '../../../src/kql/types.js';

function rows(query: string): KqlValue[][] {
  const r = runQuery(query);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return tableRows(r.result?.table ?? { schema: { columns: [] }, columns: [], rowCount: 0 });
}

function codes(query: string): string[] {
  return runQuery(query).diagnostics.map((d) => d.code);
}

const sorted = (r: KqlValue[][]) => r.map((x) => JSON.stringify(x)).sort();

// a → b → c → a is a cycle; d → a hangs off it; e → f is a second component.
const EDGES = `datatable(s:string, t:string, w:long)["a","b",1, "b","c",2, "c","a",3, "d","a",4, "e","f",5]`;

describe('graph operators: execution', () => {
  it('weak and strong components, numbered in node order', () => {
    const weak = rows(`${EDGES} | make-graph s --> t with_node_id=id | graph-mark-components | graph-to-table nodes`);
    expect(weak).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 0],
      ['d', 0],
      ['e', 1],
      ['f', 1],
    ]);
    const strong = rows(
      `${EDGES} | make-graph s --> t with_node_id=id | graph-mark-components kind=strong with_component_id=k | graph-to-table nodes`,
    );
    const comp = Object.fromEntries(strong.map(([id, k]) => [id as string, k]));
    expect(comp.a).toBe(comp.b);
    expect(comp.b).toBe(comp.c);
    expect(new Set([comp.a, comp.d, comp.e, comp.f]).size).toBe(4);
  });

  it('graph-to-table edges with generated endpoint ids; node tables add properties', () => {
    const e = rows(
      `${EDGES} | make-graph s --> t with_node_id=id | graph-to-table edges with_source_id=src with_target_id=dst`,
    );
    expect(e[0]).toEqual([0, 1, 'a', 'b', 1]);
    const n = rows(
      `${EDGES} | make-graph s --> t with datatable(id:string, v:long)["a",10, "z",26] on id | graph-to-table nodes`,
    );
    expect(n.slice(0, 3)).toEqual([
      ['a', 10],
      ['z', 26],
      ['b', null],
    ]);
  });

  it('directions, anonymous elements and repeated variables', () => {
    const g = `${EDGES} | make-graph s --> t with_node_id=id`;
    expect(sorted(rows(`${g} | graph-match (x)-[e]->(y) where x.id == "a" project y.id, e.w`))).toEqual(
      sorted([['b', 1]]),
    );
    expect(sorted(rows(`${g} | graph-match (x)<--(y) where x.id == "a" project y.id`))).toEqual(sorted([['c'], ['d']]));
    expect(sorted(rows(`${g} | graph-match (x)--(y) where x.id == "a" project y.id`))).toEqual(
      sorted([['b'], ['c'], ['d']]),
    );
    const undirected = `${EDGES} | make-graph s -- t with_node_id=id`;
    expect(sorted(rows(`${undirected} | graph-match (x)-->(y) where x.id == "a" project y.id`))).toEqual(
      sorted([['b'], ['c'], ['d']]),
    );
    // The triangle closes on itself: three starting points.
    expect(rows(`${g} | graph-match (x)-->(y)-->(z)-->(x) project x.id`).length).toBe(3);
  });

  it('variable-length paths: lambdas, inner nodes, cycles modes', () => {
    const g = `${EDGES} | make-graph s --> t with_node_id=id`;
    const r = rows(
      `${g} | graph-match (x)-[p*2..2]->(y) where x.id == "d" project y.id, ws = map(p, w), inner = map(inner_nodes(p), id), ok = all(p, w > 1), some = any(p, w == 1), n = array_length(p)`,
    );
    expect(r).toEqual([['b', [4, 1], ['a'], false, true, 2]]);
    const loops = (cycles: string) =>
      rows(`${g} | graph-match cycles=${cycles} (x)-[p*1..4]->(y) where x.id == "a" project y.id`).length;
    // From a: b, c, a (3 steps); and a → b at 4 steps repeats the edge a→b.
    expect([loops('none'), loops('unique_edges'), loops('all')]).toEqual([2, 3, 4]);
  });

  it('node degrees and shortest paths (any / all)', () => {
    const g = `${EDGES} | make-graph s --> t with_node_id=id`;
    expect(
      rows(`${g} | graph-match (x) where x.id == "a" project i = node_degree_in(x), o = node_degree_out(x)`),
    ).toEqual([[2, 1]]);
    const diamond = `datatable(s:string, t:string)["a","b", "b","d", "a","c", "c","d", "a","d2", "d2","x", "x","d"] | make-graph s --> t with_node_id=id`;
    const one = rows(
      `${diamond} | graph-shortest-paths (x)-[p*1..5]->(y) where x.id == "a" and y.id == "d" project n = array_length(p)`,
    );
    expect(one).toEqual([[2]]);
    const all = rows(
      `${diamond} | graph-shortest-paths output=all (x)-[p*1..5]->(y) where x.id == "a" and y.id == "d" project m = map(inner_nodes(p), id)`,
    );
    expect(sorted(all)).toEqual(sorted([[['b']], [['c']]]));
  });

  it('partitioned-by builds one graph per partition', () => {
    const r = rows(`datatable(s:string, t:string, k:string)["a","b","1", "b","c","1", "b","c","2", "c","d","2"]
      | make-graph s --> t with datatable(id:string, k:string)["a","1", "b","1", "c","1", "b","2", "c","2", "d","2"] on id partitioned-by k (
        graph-match (x)-[p*2..2]->(y) project x.id, y.id, x.k)`);
    expect(sorted(r)).toEqual(
      sorted([
        ['a', 'c', '1'],
        ['b', 'd', '2'],
      ]),
    );
  });

  it('unsupported forms fail cleanly with KQL503; misuse is reported', () => {
    expect(codes(`${EDGES} | make-graph s --> t with_node_id=id | graph-to-table nodes as N, edges as E`)).toContain(
      'KQL503',
    );
    expect(codes(`${EDGES} | graph-to-table nodes`)).toContain('KQL201');
    expect(codes(`${EDGES} | make-graph nope --> t`)).toContain('KQL302');
    expect(codes(`${EDGES} | make-graph s --> t with_node_id=id | take 1`)).toEqual(['KQL201']);
    expect(codes(`${EDGES} | make-graph s --> t with_node_id=id | graph-match (x)-->(y)`)).toContain('KQL201');
  });
});

describe('declare pattern', () => {
  const decl = `declare pattern country = (name:string)[state:string]
    { ("USA").["New York"] = { print Capital = "Albany" };
      ("Canada").Alberta = { print Capital = "Edmonton", n = name, s = state }; };`;

  it('invokes the rule whose arguments match, with parameters bound', () => {
    expect(rows(`${decl} country("Canada").Alberta`)).toEqual([['Edmonton', 'Canada', 'Alberta']]);
    expect(rows(`${decl} country("USA").["New York"]`)).toEqual([['Albany']]);
    expect(rows(`declare pattern p = (x:long) { (1) = { range i from 1 to 3 step 1 }; }; p(1) | count`)).toEqual([[3]]);
  });

  it('no matching rule is KQL309; a bare declaration parses', () => {
    expect(codes(`${decl} country("France").Paris`)).toEqual(['KQL309']);
    expect(codes('declare pattern q; print 1')).toEqual([]);
  });
});
