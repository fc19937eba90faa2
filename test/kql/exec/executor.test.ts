import { describe, expect, it } from 'vitest';
import type { PlanNode } from '../../../src/kql/plan/nodes.js';
import { call, col, lit, refs, rowsOf, run, scan, schema, table } from './helpers.js';

const S = schema(['Name', 'string'], ['N', 'long'], ['T', 'datetime']);
const T = table(S, [
  ['a', 3, 10n],
  ['b', null, 20n],
  ['c', 1, null],
  ['a', 2, 40n],
]);
const base = scan('T', S);

describe('basic operators', () => {
  it('filters on a number column with a selection vector, then projects', () => {
    const plan: PlanNode = {
      kind: 'Project',
      schema: schema(['Name', 'string'], ['N2', 'long']),
      input: {
        kind: 'Filter',
        schema: S,
        input: base,
        predicate: call('>', 'bool', col(1, 'N', 'long'), lit(1, 'long')),
      },
      exprs: [col(0, 'Name', 'string'), call('+', 'long', col(1, 'N', 'long'), lit(10, 'long'))],
    };
    expect(rowsOf(plan, { T })).toEqual([
      ['a', 13],
      ['a', 12],
    ]);
  });

  it('chains filters (and) over selection vectors, null comparisons are false', () => {
    const pred = {
      kind: 'And' as const,
      type: 'bool' as const,
      args: [
        call('>', 'bool', col(2, 'T', 'datetime'), lit(5n, 'datetime')),
        call('<', 'bool', col(1, 'N', 'long'), lit(3, 'long')),
      ],
    };
    const plan: PlanNode = { kind: 'Filter', schema: S, input: base, predicate: pred };
    expect(rowsOf(plan, { T })).toEqual([['a', 2, 40n]]);
  });

  it('limit, count and zero-column outputs', () => {
    expect(rowsOf({ kind: 'Limit', schema: S, input: base, count: lit(2, 'long') }, { T })).toHaveLength(2);
    expect(rowsOf({ kind: 'Count', schema: schema(['Count', 'long']), input: base }, { T })).toEqual([[4]]);
  });

  it('sorts with Kusto null ordering (asc: nulls first, desc: nulls last) and stably', () => {
    const sort = (descending: boolean, nullsFirst: boolean): PlanNode => ({
      kind: 'Sort',
      schema: S,
      input: base,
      keys: [{ expr: col(1, 'N', 'long'), descending, nullsFirst }],
    });
    expect(rowsOf(sort(false, true), { T }).map((r) => r[1])).toEqual([null, 1, 2, 3]);
    expect(rowsOf(sort(true, false), { T }).map((r) => r[1])).toEqual([3, 2, 1, null]);
    const byName: PlanNode = {
      kind: 'Sort',
      schema: S,
      input: base,
      keys: [{ expr: col(0, 'Name', 'string'), descending: false, nullsFirst: true }],
    };
    expect(rowsOf(byName, { T }).map((r) => r[1])).toEqual([3, 2, null, 1]);
  });

  it('top takes the first N by the keys', () => {
    const plan: PlanNode = {
      kind: 'Top',
      schema: S,
      input: base,
      count: lit(2, 'long'),
      keys: [{ expr: col(2, 'T', 'datetime'), descending: true, nullsFirst: false }],
    };
    expect(rowsOf(plan, { T }).map((r) => r[2])).toEqual([40n, 20n]);
  });

  it('distinct keeps the first row of each combination', () => {
    const plan: PlanNode = {
      kind: 'Distinct',
      schema: schema(['Name', 'string']),
      input: base,
      exprs: [col(0, 'Name', 'string')],
    };
    expect(rowsOf(plan, { T })).toEqual([['a'], ['b'], ['c']]);
  });

  it('values (datatable/print) and range over numbers and datetimes', () => {
    const values: PlanNode = {
      kind: 'Values',
      schema: schema(['x', 'long'], ['s', 'string']),
      rows: [
        [lit(1, 'long'), lit('one', 'string')],
        [lit(null, 'long'), lit('', 'string')],
      ],
    };
    expect(rowsOf(values)).toEqual([
      [1, 'one'],
      [null, ''],
    ]);
    const range = (from: unknown, to: unknown, step: unknown, type: 'long' | 'datetime'): PlanNode => ({
      kind: 'Range',
      schema: schema(['x', type]),
      from: lit(from as never, type),
      to: lit(to as never, type),
      step: lit(step as never, type === 'long' ? 'long' : 'timespan'),
    });
    expect(rowsOf(range(1, 7, 3, 'long'))).toEqual([[1], [4], [7]]);
    expect(rowsOf(range(10n, 30n, 10n, 'datetime'))).toEqual([[10n], [20n], [30n]]);
  });

  it('converts output columns to the plan schema types', () => {
    const plan: PlanNode = {
      kind: 'Project',
      schema: schema(['x', 'real']),
      input: base,
      exprs: [col(1, 'N', 'long')],
    };
    const r = run(plan, { T });
    expect(r.table.columns[0]?.type).toBe('real');
    expect(r.rows.map((x) => x[0])).toEqual([3, null, 1, 2]);
  });

  it('project keeps pass-through columns and extends', () => {
    const plan: PlanNode = {
      kind: 'Project',
      schema: schema(['Name', 'string'], ['N', 'long'], ['T', 'datetime'], ['isA', 'bool']),
      input: base,
      exprs: [...refs(S), call('==', 'bool', col(0, 'Name', 'string'), lit('a', 'string'))],
    };
    expect(rowsOf(plan, { T }).map((r) => r[3])).toEqual([true, false, false, true]);
  });
});

describe('diagnostics and resource guards', () => {
  it('unknown table → KQL301, empty result, no throw', () => {
    const r = run(scan('Nope', S));
    expect(r.diagnostics[0]?.code).toBe('KQL301');
    expect(r.table.rowCount).toBe(0);
    expect(r.schema).toEqual(S);
  });

  it('a tiny timeout on a big cross product → KQL601', () => {
    const big: PlanNode = {
      kind: 'Project',
      schema: schema(['x', 'long'], ['k', 'long']),
      input: {
        kind: 'Range',
        schema: schema(['x', 'long']),
        from: lit(1, 'long'),
        to: lit(20000, 'long'),
        step: lit(1, 'long'),
      },
      exprs: [col(0, 'x', 'long'), lit(1, 'long')],
    };
    const plan: PlanNode = {
      kind: 'Count',
      schema: schema(['Count', 'long']),
      input: {
        kind: 'Join',
        joinKind: 'inner',
        schema: schema(['x', 'long'], ['k', 'long'], ['x1', 'long'], ['k1', 'long']),
        left: big,
        right: big,
        leftKeys: [col(1, 'k', 'long')],
        rightKeys: [col(1, 'k', 'long')],
        rightOutput: [0, 1],
      },
    };
    const started = Date.now();
    const r = run(plan, {}, { timeoutMs: 30 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KQL601']);
    expect(r.table.rowCount).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('maxRows → KQL602', () => {
    const plan: PlanNode = {
      kind: 'Range',
      schema: schema(['x', 'long']),
      from: lit(1, 'long'),
      to: lit(1000, 'long'),
      step: lit(1, 'long'),
    };
    expect(run(plan, {}, { maxRows: 100 }).diagnostics[0]?.code).toBe('KQL602');
    expect(run(plan, {}, { maxRows: 1000 }).diagnostics).toEqual([]);
  });

  it('cancellation → KQL603', () => {
    expect(run(base, { T }, { cancel: { cancelled: true } }).diagnostics[0]?.code).toBe('KQL603');
  });

  it('unsupported operators → KQL503; internal faults → KQL901', () => {
    const reduce: PlanNode = {
      kind: 'Reduce',
      schema: S,
      input: base,
      expr: col(0, 'Name', 'string'),
      threshold: 0.1,
      characters: undefined,
    };
    expect(run(reduce, { T }).diagnostics[0]?.code).toBe('KQL503');
    const bad = { kind: 'Project', schema: S, input: base, exprs: [{ kind: 'Bogus' }] } as unknown as PlanNode;
    expect(run(bad, { T }).diagnostics[0]?.code).toBe('KQL901');
  });

  it('render passes rows through and sets the chart', () => {
    const r = run({ kind: 'Render', schema: S, input: base, chart: 'timechart', properties: { title: 'x' } }, { T });
    expect(r.chart).toEqual({ kind: 'timechart', properties: { title: 'x' } });
    expect(r.rows).toHaveLength(4);
  });
});
