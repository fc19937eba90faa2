/** Binding of the scan operator (semantics/ops/scan.ts). */
import { describe, expect, it } from 'vitest';
import { bind, parse } from '../../../src/kql/engine.js';
import type { PlanNode, ScanOperatorNode } from '../../../src/kql/plan/nodes.js';
import { rewriteStateRefs } from '../../../src/kql/semantics/ops/scan.js';

function bindText(text: string) {
  return bind(parse(text));
}

function scanNode(text: string): ScanOperatorNode {
  const b = bindText(text);
  const errors = b.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, JSON.stringify(errors)).toEqual([]);
  const root = b.root as PlanNode;
  if (root.kind !== 'ScanOperator') throw new Error(`expected ScanOperator, got ${root.kind}`);
  return root;
}

const codes = (text: string) => bindText(text).diagnostics.map((d) => d.code);

describe('scan binding', () => {
  it('appends declared columns and the match id column', () => {
    const b = bindText(`range x from 1 to 3 step 1
      | scan with_match_id=m declare (a:long = 0, b:string) with (step s1: x > 1 => a = x;)`);
    expect(b.schema?.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['x:long', 'a:long', 'b:string', 'm:long']);
  });

  it('binds Step.Column to that step state column of the expression row', () => {
    const node = scanNode(`range x from 1 to 3 step 1
      | scan declare (c:long = 0) with (step s1: true => c = s1.c + x; step s2: x > s1.x;)`);
    expect(node.exprSchema.columns.map((c) => c.name)).toEqual(['x', 'c', 's1.x', 's1.c', 's2.x', 's2.c']);
    const assign = node.steps[0]!.assignments[0]!;
    expect(assign.column).toBe(1);
    expect(JSON.stringify(assign.expr)).toContain('"name":"s1.c"');
    expect(JSON.stringify(node.steps[1]!.condition)).toContain('"index":2');
  });

  it('defaults output to all and keeps the written modes', () => {
    const node = scanNode(`range x from 1 to 3 step 1
      | scan with (step a: x == 1; step b output=last: x == 2; step c output=none: x == 3;)`);
    expect(node.steps.map((s) => s.output)).toEqual(['all', 'last', 'none']);
  });

  it('puts order by before the scan and binds partition keys over the input', () => {
    const node = scanNode(`datatable(k:string, t:long)["a", 1]
      | scan order by t asc partition by k with (step s: true;)`);
    expect(node.input.kind).toBe('Sort');
    expect(node.partitionBy).toHaveLength(1);
  });

  it('reports assignments to columns that were not declared', () => {
    expect(codes('range x from 1 to 3 step 1 | scan with (step s: true => y = x;)')).toContain('KQL302');
  });

  it('reports a declared column that clashes with an input column', () => {
    expect(codes('range x from 1 to 3 step 1 | scan declare (x:long) with (step s: true;)')).toContain('KQL304');
  });

  it('reports duplicate step names and non-boolean conditions', () => {
    expect(codes('range x from 1 to 3 step 1 | scan with (step s: true; step s: true;)')).toContain('KQL201');
    expect(codes('range x from 1 to 3 step 1 | scan with (step s: x + 1;)')).toContain('KQL407');
  });

  it('rewrites only member accesses whose target is a step name', () => {
    const statement = parse('print s1.a + d.b').query.statements[0];
    const print = statement?.kind === 'ExprStatement' ? statement.expr : undefined;
    const expr = print?.kind === 'Print' ? print.items[0]?.expr : undefined;
    if (expr === undefined) throw new Error('no print item');
    const out = JSON.stringify(rewriteStateRefs(expr, new Set(['s1'])));
    expect(out).toContain('"name":"s1.a"');
    expect(out).toContain('"kind":"MemberAccess"');
  });
});
