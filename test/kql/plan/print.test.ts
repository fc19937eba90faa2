import { describe, expect, it } from 'vitest';
import type { PExpr, PlanNode } from '../../../src/kql/plan/nodes.js';
import { printExpr, printPlan } from '../../../src/kql/plan/print.js';
import type { TableSchema } from '../../../src/kql/types.js';

const schema = (...cols: [string, string][]): TableSchema =>
  ({ columns: cols.map(([name, type]) => ({ name, type })) }) as TableSchema;
const col = (index: number, name: string, type = 'string'): PExpr => ({ kind: 'Column', index, name, type }) as PExpr;
const lit = (value: string | number, type: 'string' | 'long'): PExpr => ({ kind: 'Const', type, value });

describe('printPlan', () => {
  const scan: PlanNode = {
    kind: 'Scan',
    table: 'DeviceProcessEvents',
    schema: schema(['DeviceId', 'string'], ['FileName', 'string']),
  };
  const filter: PlanNode = {
    kind: 'Filter',
    schema: scan.schema,
    input: scan,
    predicate: { kind: 'Call', type: 'bool', fn: 'has', args: [col(1, 'FileName'), lit('syncro', 'string')] },
  };
  const agg: PlanNode = {
    kind: 'Aggregate',
    schema: schema(['DeviceId', 'string'], ['count_', 'long']),
    input: filter,
    keys: [col(0, 'DeviceId')],
    aggregates: [{ fn: 'count', args: [], outputs: [{ name: 'count_', type: 'long' }], constArgs: [] }],
  };

  it('prints an indented tree with schemas and infix predicates', () => {
    expect(printPlan(agg)).toBe(
      [
        'Aggregate count_=count() by [DeviceId#0]  :: (DeviceId:string, count_:long)',
        '  Filter (FileName#1 has "syncro")  :: (DeviceId:string, FileName:string)',
        '    Scan DeviceProcessEvents  :: (DeviceId:string, FileName:string)',
      ].join('\n'),
    );
  });

  it('labels join sides and prints subqueries as children', () => {
    const join: PlanNode = {
      kind: 'Join',
      joinKind: 'leftouter',
      schema: schema(['DeviceId', 'string'], ['DeviceId1', 'string']),
      left: scan,
      right: { kind: 'Values', schema: schema(['DeviceId', 'string']), rows: [[lit('d1', 'string')]] },
      leftKeys: [col(0, 'DeviceId')],
      rightKeys: [col(0, 'DeviceId')],
      rightOutput: [0],
    };
    const text = printPlan(join);
    expect(text).toContain('Join kind=leftouter on [DeviceId#0] == [DeviceId#0]');
    expect(text).toContain('\n  left: Scan DeviceProcessEvents');
    expect(text).toContain('\n  right: Values rows=[("d1")]');
    const withSub: PlanNode = {
      kind: 'Filter',
      schema: scan.schema,
      input: scan,
      predicate: {
        kind: 'Call',
        type: 'bool',
        fn: 'in',
        args: [col(0, 'DeviceId'), { kind: 'SubqueryList', type: 'dynamic', plan: join.right }],
      },
    };
    const sub = printPlan(withSub);
    expect(sub).toContain('Filter (DeviceId#0 in (#1))');
    expect(sub).toContain('\n  subquery #1: Values');
  });

  it('prints expressions compactly', () => {
    expect(printExpr({ kind: 'Not', type: 'bool', arg: col(2, 'X', 'bool') })).toBe('not(X#2)');
    expect(printExpr({ kind: 'Call', type: 'long', fn: '-unary', args: [lit(3, 'long')] })).toBe('-3');
    expect(printExpr({ kind: 'Call', type: 'string', fn: 'strcat', args: [lit('a', 'string'), col(0, 'B')] })).toBe(
      'strcat("a", B#0)',
    );
    expect(printExpr({ kind: 'Const', type: 'timespan', value: 36_000_000_000n })).toBe('timespan(01:00:00)');
    expect(printExpr({ kind: 'Const', type: 'long', value: null })).toBe('long(null)');
  });
});
