import { describe, expect, it } from 'vitest';
import { bind, parse, plan } from '../../../src/kql/engine.js';
import { printPlan } from '../../../src/kql/plan/print.js';

describe('plan printing: graph nodes', () => {
  it('shows make-graph, components and the match pattern with its lambdas', () => {
    const q =
      'datatable(s:string, t:string)["a","b"] | make-graph s --> t with_node_id=i | graph-mark-components kind=strong | graph-match (a)<-[e*1..2]-(b) where all(e, s != "") project a.i';
    const p = plan(bind(parse(q), {})).plan;
    if (!p) throw new Error('no plan');
    const text = printPlan(p);
    expect(text).toContain('MakeGraph #0 --> #1 with_node_id=i');
    expect(text).toContain('GraphMarkComponents kind=strong as ComponentId');
    expect(text).toContain('GraphMatch (a)<-[e*1..2]-(b) where $lambda0');
    expect(text).toContain('$lambda0=all(e, (s#0 != ""))');
  });
});
