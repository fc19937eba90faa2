import { describe, expect, it } from 'vitest';
import type { MvApplyNode, MvExpandNode, PlanNode } from '../../../src/kql/plan/nodes.js';
import { agg, col, rowsOf, scan, schema, table } from './helpers.js';

const S = schema(['id', 'long'], ['d', 'dynamic']);
const T = table(S, [
  [1, [10, 20]],
  [2, []],
  [3, null],
  [4, { a: 1, b: 'x' }],
  [5, 'scalar'],
]);

function expand(extra: Partial<MvExpandNode> = {}): MvExpandNode {
  return {
    kind: 'MvExpand',
    schema: schema(['id', 'long'], ['d', 'dynamic']),
    input: scan('T', S),
    items: [{ expr: col(1, 'd', 'dynamic'), outputIndex: 1, toType: 'dynamic' }],
    passThrough: [0, -1],
    itemIndexColumn: undefined,
    bagExpansion: 'bag',
    limit: undefined,
    ...extra,
  };
}

describe('mv-expand', () => {
  it('expands arrays and bags; drops empty arrays; keeps one row for null and scalars', () => {
    expect(rowsOf(expand(), { T })).toEqual([
      [1, 10],
      [1, 20],
      [3, null],
      [4, { a: 1 }],
      [4, { b: 'x' }],
      [5, 'scalar'],
    ]);
  });

  it('kind=array turns bag properties into [key, value] pairs', () => {
    const rows = rowsOf(expand({ bagExpansion: 'array' }), { T });
    expect(rows.filter((r) => r[0] === 4)).toEqual([
      [4, ['a', 1]],
      [4, ['b', 'x']],
    ]);
  });

  it('to typeof(long) casts elements (mismatches → null), with_itemindex, limit', () => {
    const node = expand({
      schema: schema(['id', 'long'], ['d', 'long'], ['i', 'long']),
      items: [{ expr: col(1, 'd', 'dynamic'), outputIndex: 1, toType: 'long' }],
      passThrough: [0, -1, -1],
      itemIndexColumn: 2,
      limit: 1,
    });
    expect(rowsOf(node, { T })).toEqual([
      [1, 10, 0],
      [3, null, 0],
      [4, null, 0],
      [5, null, 0],
    ]);
  });

  it('expands several items in parallel, padding with null', () => {
    const S2 = schema(['a', 'dynamic'], ['b', 'dynamic']);
    const node: PlanNode = {
      kind: 'MvExpand',
      schema: S2,
      input: scan('U', S2),
      items: [
        { expr: col(0, 'a', 'dynamic'), outputIndex: 0, toType: 'dynamic' },
        { expr: col(1, 'b', 'dynamic'), outputIndex: 1, toType: 'dynamic' },
      ],
      passThrough: [-1, -1],
      itemIndexColumn: undefined,
      bagExpansion: 'bag',
      limit: undefined,
    };
    expect(rowsOf(node, { U: table(S2, [[[1, 2, 3], ['x']]]) })).toEqual([
      [1, 'x'],
      [2, null],
      [3, null],
    ]);
  });
});

describe('mv-apply', () => {
  it('runs the sub-plan per row over its items and crosses with the outer columns', () => {
    const itemSchema = schema(['d', 'long']);
    const node: MvApplyNode = {
      kind: 'MvApply',
      schema: schema(['id', 'long'], ['sum_d', 'long']),
      input: scan('T', S),
      items: [{ expr: col(1, 'd', 'dynamic'), outputIndex: 0, toType: 'long' }],
      itemSchema,
      itemIndexColumn: undefined,
      limit: undefined,
      subplan: {
        kind: 'Aggregate',
        schema: schema(['sum_d', 'long']),
        input: { kind: 'ImplicitInput', schema: itemSchema },
        keys: [],
        aggregates: [agg('sum', [{ name: 'sum_d', type: 'long' }], col(0, 'd', 'long'))],
      },
      passThrough: [0, -1],
    };
    const rows = rowsOf(node, { T });
    expect(rows[0]).toEqual([1, 30]);
    expect(rows).toHaveLength(5); // summarize without keys yields one row per input row
  });

  it('OuterColumn refs read the current outer row', () => {
    const itemSchema = schema(['d', 'long']);
    const node: MvApplyNode = {
      kind: 'MvApply',
      schema: schema(['id', 'long'], ['d', 'long'], ['outer', 'long']),
      input: scan('T', S),
      items: [{ expr: col(1, 'd', 'dynamic'), outputIndex: 0, toType: 'long' }],
      itemSchema,
      itemIndexColumn: undefined,
      limit: undefined,
      subplan: {
        kind: 'Project',
        schema: schema(['d', 'long'], ['outer', 'long']),
        input: { kind: 'ImplicitInput', schema: itemSchema },
        exprs: [col(0, 'd', 'long'), { kind: 'OuterColumn', type: 'long', depth: 1, index: 0, name: 'id' }],
      },
      passThrough: [0, -1, -1],
    };
    expect(rowsOf(node, { T }).slice(0, 2)).toEqual([
      [1, 10, 1],
      [1, 20, 1],
    ]);
  });
});
