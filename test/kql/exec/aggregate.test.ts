import { describe, expect, it } from 'vitest';
import type { PlanNode } from '../../../src/kql/plan/nodes.js';
import { agg, call, col, lit, rowsOf, scan, schema, table } from './helpers.js';

const S = schema(['Dev', 'string'], ['N', 'long'], ['F', 'string']);
const T = table(S, [
  ['d1', 5, 'a.exe'],
  ['d2', 1, 'b.exe'],
  ['d1', 7, 'c.exe'],
  ['d2', 3, 'd.exe'],
  ['d3', null, 'e.exe'],
]);

describe('aggregate (summarize)', () => {
  it('groups on a dictionary string key, in first-seen order', () => {
    const plan: PlanNode = {
      kind: 'Aggregate',
      schema: schema(['Dev', 'string'], ['count_', 'long'], ['sum_N', 'long']),
      input: scan('T', S),
      keys: [col(0, 'Dev', 'string')],
      aggregates: [
        agg('count', [{ name: 'count_', type: 'long' }]),
        agg('sum', [{ name: 'sum_N', type: 'long' }], col(1, 'N', 'long')),
      ],
    };
    expect(rowsOf(plan, { T })).toEqual([
      ['d1', 2, 12],
      ['d2', 2, 4],
      ['d3', 1, null],
    ]);
  });

  it('multi-output arg_max returns the row of the maximum', () => {
    const plan: PlanNode = {
      kind: 'Aggregate',
      schema: schema(['Dev', 'string'], ['N', 'long'], ['F', 'string']),
      input: scan('T', S),
      keys: [col(0, 'Dev', 'string')],
      aggregates: [
        agg(
          'arg_max',
          [
            { name: 'N', type: 'long' },
            { name: 'F', type: 'string' },
          ],
          col(1, 'N', 'long'),
          col(2, 'F', 'string'),
        ),
      ],
    };
    const rows = rowsOf(plan, { T });
    expect(rows[0]).toEqual(['d1', 7, 'c.exe']);
    expect(rows[1]).toEqual(['d2', 3, 'd.exe']);
  });

  it('groups on computed keys (several columns) and makes lists', () => {
    const plan: PlanNode = {
      kind: 'Aggregate',
      schema: schema(['Dev', 'string'], ['big', 'bool'], ['list_F', 'dynamic']),
      input: scan('T', S),
      keys: [col(0, 'Dev', 'string'), call('>', 'bool', col(1, 'N', 'long'), lit(4, 'long'))],
      aggregates: [agg('make_list', [{ name: 'list_F', type: 'dynamic' }], col(2, 'F', 'string'))],
    };
    expect(rowsOf(plan, { T })).toEqual([
      ['d1', true, ['a.exe', 'c.exe']],
      ['d2', false, ['b.exe', 'd.exe']],
      ['d3', null, ['e.exe']],
    ]);
  });

  it('without keys there is one row even for empty input; with keys, none', () => {
    const empty: PlanNode = { kind: 'Filter', schema: S, input: scan('T', S), predicate: lit(false, 'bool') };
    const noKeys: PlanNode = {
      kind: 'Aggregate',
      schema: schema(['count_', 'long']),
      input: empty,
      keys: [],
      aggregates: [agg('count', [{ name: 'count_', type: 'long' }])],
    };
    expect(rowsOf(noKeys, { T })).toEqual([[0]]);
    const keyed: PlanNode = {
      ...noKeys,
      schema: schema(['Dev', 'string'], ['count_', 'long']),
      keys: [col(0, 'Dev', 'string')],
    };
    expect(rowsOf(keyed, { T })).toEqual([]);
  });
});
