import { describe, expect, it } from 'vitest';
import type { JoinKind, PlanNode } from '../../../src/kql/plan/nodes.js';
import { col, rowsOf, scan, schema, table } from './helpers.js';

const L = schema(['k', 'long'], ['l', 'string']);
const R = schema(['k', 'long'], ['r', 'string']);
// Duplicate keys on both sides (1), a key on one side only (2 left, 3 right), null keys on both.
const tables = {
  L: table(L, [
    [1, 'a'],
    [1, 'b'],
    [2, 'c'],
    [null, 'n'],
  ]),
  R: table(R, [
    [1, 'x'],
    [1, 'y'],
    [3, 'z'],
    [null, 'm'],
  ]),
};

function join(joinKind: JoinKind): PlanNode {
  const semiLeft = joinKind === 'leftsemi' || joinKind === 'leftanti';
  const semiRight = joinKind === 'rightsemi' || joinKind === 'rightanti';
  return {
    kind: 'Join',
    joinKind,
    schema: semiLeft ? L : semiRight ? R : schema(['k', 'long'], ['l', 'string'], ['k1', 'long'], ['r', 'string']),
    left: scan('L', L),
    right: scan('R', R),
    leftKeys: [col(0, 'k', 'long')],
    rightKeys: [col(0, 'k', 'long')],
    rightOutput: [0, 1],
  };
}

const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

describe('join kinds', () => {
  it('innerunique keeps the first left row per key, then joins all right matches', () => {
    expect(rowsOf(join('innerunique'), tables)).toEqual([
      [1, 'a', 1, 'x'],
      [1, 'a', 1, 'y'],
    ]);
  });

  it('inner pairs every duplicate; null keys never match', () => {
    expect(sorted(rowsOf(join('inner'), tables))).toEqual(
      sorted([
        [1, 'a', 1, 'x'],
        [1, 'a', 1, 'y'],
        [1, 'b', 1, 'x'],
        [1, 'b', 1, 'y'],
      ]),
    );
  });

  it('leftouter keeps unmatched left rows (incl. null keys) with nulls', () => {
    const rows = rowsOf(join('leftouter'), tables);
    expect(rows).toHaveLength(6);
    expect(rows).toContainEqual([2, 'c', null, '']);
    expect(rows).toContainEqual([null, 'n', null, '']);
  });

  it('rightouter keeps unmatched right rows', () => {
    const rows = rowsOf(join('rightouter'), tables);
    expect(rows).toHaveLength(6);
    expect(rows).toContainEqual([null, '', 3, 'z']);
    expect(rows).toContainEqual([null, '', null, 'm']);
  });

  it('fullouter keeps both sides', () => {
    const rows = rowsOf(join('fullouter'), tables);
    expect(rows).toHaveLength(8);
    expect(rows).toContainEqual([2, 'c', null, '']);
    expect(rows).toContainEqual([null, '', 3, 'z']);
  });

  it('semi and anti joins return the kept side only', () => {
    expect(rowsOf(join('leftsemi'), tables)).toEqual([
      [1, 'a'],
      [1, 'b'],
    ]);
    expect(rowsOf(join('leftanti'), tables)).toEqual([
      [2, 'c'],
      [null, 'n'],
    ]);
    expect(rowsOf(join('rightsemi'), tables)).toEqual([
      [1, 'x'],
      [1, 'y'],
    ]);
    expect(rowsOf(join('rightanti'), tables)).toEqual([
      [3, 'z'],
      [null, 'm'],
    ]);
  });

  it('matches keys by value across int/long/real columns', () => {
    const Li = schema(['k', 'int']);
    const Rr = schema(['k', 'real']);
    const plan: PlanNode = {
      kind: 'Join',
      joinKind: 'inner',
      schema: schema(['k', 'int'], ['k1', 'real']),
      left: scan('A', Li),
      right: scan('B', Rr),
      leftKeys: [col(0, 'k', 'int')],
      rightKeys: [col(0, 'k', 'real')],
      rightOutput: [0],
    };
    expect(rowsOf(plan, { A: table(Li, [[1], [2]]), B: table(Rr, [[2], [2.5]]) })).toEqual([[2, 2]]);
  });
});
