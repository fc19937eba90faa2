import { describe, expect, it } from 'vitest';
import { DictStringColumn, makeTable, StringColumn, type Table, tableRows } from '../../../src/kql/exec/table.js';
import type { PExpr, PlanNode } from '../../../src/kql/plan/nodes.js';
import { call, col, lit, rowsOf, scan, schema } from './helpers.js';

const S = schema(['FileName', 'string'], ['N', 'long']);
const names = ['cmd.exe', 'PowerShell.exe', 'Syncro.Service.Runner.exe', 'syncro app', 'notepad.exe'];

/** The same strings as a dictionary column and as a plain column. */
function tables(n: number): { dict: Table; plain: Table } {
  const values = Array.from({ length: n }, (_, i) => names[(i * 7) % names.length] as string);
  const codes = Int32Array.from(values, (v) => names.indexOf(v));
  const nums = { type: 'long' as const, length: n, get: (i: number) => i };
  return {
    dict: makeTable(S, [new DictStringColumn(codes, names), nums]),
    plain: makeTable(S, [new StringColumn(values), nums]),
  };
}

const filter = (predicate: PExpr): PlanNode => ({ kind: 'Filter', schema: S, input: scan('T', S), predicate });
const fname = col(0, 'FileName', 'string');

describe('filters over dictionary strings equal the generic path', () => {
  const { dict, plain } = tables(1000);
  const cases: [string, PExpr][] = [
    ['has', call('has', 'bool', fname, lit('syncro', 'string'))],
    ['!has', call('!has', 'bool', fname, lit('exe', 'string'))],
    ['contains', call('contains', 'bool', fname, lit('SHELL', 'string'))],
    ['==', call('==', 'bool', fname, lit('cmd.exe', 'string'))],
    ['=~', call('=~', 'bool', fname, lit('CMD.EXE', 'string'))],
    ['not has', { kind: 'Not', type: 'bool', arg: call('has', 'bool', fname, lit('syncro', 'string')) }],
  ];
  for (const [name, pred] of cases) {
    it(name, () => {
      const a = rowsOf(filter(pred), { T: dict });
      const b = rowsOf(filter(pred), { T: plain });
      expect(a).toEqual(b);
      expect(a.length).toBeGreaterThan(0);
      expect(a.length).toBeLessThan(1000);
    });
  }

  it('selection-vector chains: filter over filter over or', () => {
    const or: PExpr = {
      kind: 'Or',
      type: 'bool',
      args: [call('has', 'bool', fname, lit('cmd', 'string')), call('has', 'bool', fname, lit('notepad', 'string'))],
    };
    const plan: PlanNode = {
      kind: 'Filter',
      schema: S,
      input: filter(or),
      predicate: call('<', 'bool', col(1, 'N', 'long'), lit(100, 'long')),
    };
    const rows = rowsOf(plan, { T: dict });
    const expected = tableRows(plain).filter(
      (r) => ['cmd.exe', 'notepad.exe'].includes(r[0] as string) && (r[1] as number) < 100,
    );
    expect(rows).toEqual(expected);
  });
});
