import { describe, expect, it } from 'vitest';
import { dictMemo } from '../../../../src/kql/exec/expr/specialize.js';
import { DictStringColumn, makeTable, NumberColumn, type StringColumn } from '../../../../src/kql/exec/table.js';
import type { KqlValue } from '../../../../src/kql/types.js';
import { call, col, lit, schema } from '../helpers.js';

const S = schema(['s', 'string'], ['n', 'long']);
const codes = Int32Array.from({ length: 10_000 }, (_, i) => i % 3);
const dictTable = makeTable(S, [
  new DictStringColumn(codes, ['a b', 'c', 'b']),
  new NumberColumn('long', new Float64Array(10_000), undefined),
]);

describe('dictionary memo', () => {
  it('evaluates an expression once per distinct dictionary entry', () => {
    let calls = 0;
    const ev = dictMemo(
      call('has', 'bool', col(0, 's', 'string'), lit('b', 'string')),
      { table: dictTable },
      (_e, t) => {
        const c = t.columns[0] as StringColumn;
        return (r: number): KqlValue => {
          calls++;
          return c.values[r]?.split(' ').includes('b') ?? false;
        };
      },
    );
    expect(ev).toBeDefined();
    const hits = Array.from({ length: 10_000 }, (_, r) => ev?.(r)).filter((v) => v === true).length;
    expect(calls).toBe(3);
    expect(hits).toBe(Math.ceil(10_000 / 3) + Math.floor(10_000 / 3));
  });

  it('does not apply to expressions reading several columns', () => {
    const e = call('==', 'bool', col(0, 's', 'string'), call('tostring', 'string', col(1, 'n', 'long')));
    expect(dictMemo(e, { table: dictTable }, () => () => null)).toBeUndefined();
  });
});
