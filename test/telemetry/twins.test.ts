import { describe, expect, it } from 'vitest';
import { tableFromRows, tableRows } from '../../src/kql/exec/table.js';
import { fillTwins } from '../../src/telemetry/twins.js';

const cols = [
  { name: 'Timestamp', type: 'datetime' as const },
  { name: 'TimeGenerated', type: 'datetime' as const },
  { name: 'A', type: 'string' as const },
  { name: 'B', type: 'string' as const },
];
const pairs = [
  ['Timestamp', 'TimeGenerated'],
  ['A', 'B'],
] as const;

describe('column twins', () => {
  it('shares the partner column when a twin is empty throughout', () => {
    const t = tableFromRows(cols, [
      [1n, null, 'x', ''],
      [2n, null, 'y', ''],
    ]);
    const f = fillTwins(t, pairs);
    expect(f.columns[1]).toBe(t.columns[0]);
    expect(f.columns[3]).toBe(t.columns[2]);
    expect(tableRows(f)).toEqual([
      [1n, 1n, 'x', 'x'],
      [2n, 2n, 'y', 'y'],
    ]);
  });

  it('fills only the empty cells of a mixed export and keeps values that differ', () => {
    const t = tableFromRows(cols, [
      [1n, null, 'x', 'X'],
      [null, 5n, '', 'z'],
      [3n, 4n, 'w', ''],
    ]);
    expect(tableRows(fillTwins(t, pairs))).toEqual([
      [1n, 1n, 'x', 'X'],
      [5n, 5n, 'z', 'z'],
      [3n, 4n, 'w', 'w'],
    ]);
  });

  it('leaves a table alone when both twins are empty or both full', () => {
    const t = tableFromRows(cols, [[null, null, 'a', 'b']]);
    expect(fillTwins(t, pairs)).toBe(t);
  });
});
