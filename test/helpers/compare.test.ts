import { describe, expect, it } from 'vitest';
import type { KqlValue, ScalarType } from '../../src/kql/types.js';
import { parseDatetime, parseTimespan } from '../../src/kql/values.js';
import {
  type ActualTable,
  compareDocExample,
  compareEngineCase,
  docCellMatches,
  dynamicEquals,
  engineCellMatches,
  matchMultiset,
  numberTextMatches,
  parseLenientJson,
} from './compare.js';

const table = (cols: [string, ScalarType][], rows: KqlValue[][]): ActualTable => ({
  columns: cols.map(([name, type]) => ({ name, type })),
  rows,
});

describe('doc cells', () => {
  it('empty cell matches null and empty string only', () => {
    expect(docCellMatches('', null, 'long')).toBe(true);
    expect(docCellMatches('', '', 'string')).toBe(true);
    expect(docCellMatches('  ', null, 'dynamic')).toBe(true);
    expect(docCellMatches('', 0, 'long')).toBe(false);
    expect(docCellMatches('0', null, 'long')).toBe(false);
  });

  it('bool spellings', () => {
    for (const t of ['true', 'True', '1']) expect(docCellMatches(t, true, 'bool')).toBe(true);
    for (const f of ['false', 'False', '0']) expect(docCellMatches(f, false, 'bool')).toBe(true);
    expect(docCellMatches('true', false, 'bool')).toBe(false);
    expect(docCellMatches('yes', true, 'bool')).toBe(false);
  });

  it('numbers round to the decimals shown', () => {
    expect(numberTextMatches('3.14', Math.PI)).toBe(true);
    expect(numberTextMatches('3.15', Math.PI)).toBe(false);
    expect(numberTextMatches('10', 10)).toBe(true);
    expect(numberTextMatches('10', 10.4)).toBe(true); // doc shows no decimals: rounding rule
    expect(numberTextMatches('10', 10.6)).toBe(false);
    expect(numberTextMatches('2.68', 2.675)).toBe(true); // half away from zero on the decimal text
    expect(numberTextMatches('-1.5', -1.5)).toBe(true);
    expect(numberTextMatches('1.5E+20', 1.5e20)).toBe(true);
    expect(numberTextMatches('1.5E+20', 1.6e20)).toBe(false);
    expect(numberTextMatches('0.333333', 1 / 3)).toBe(true);
    expect(numberTextMatches('1000000', 1000000.5)).toBe(true); // relative 1e-6
    expect(numberTextMatches('abc', 1)).toBe(false);
  });

  it('NaN and infinities are literal', () => {
    expect(numberTextMatches('NaN', Number.NaN)).toBe(true);
    expect(numberTextMatches('NaN', 0)).toBe(false);
    expect(numberTextMatches('Infinity', Number.POSITIVE_INFINITY)).toBe(true);
    expect(numberTextMatches('-Infinity', Number.POSITIVE_INFINITY)).toBe(false);
    expect(numberTextMatches('1', Number.POSITIVE_INFINITY)).toBe(false);
  });

  it('datetimes compare as instants in any doc spelling', () => {
    const t = parseDatetime('2017-01-01T00:00:00Z')!;
    for (const s of [
      '2017-01-01 00:00:00.0000000',
      '2017-01-01T00:00:00Z',
      '2017-01-01T00:00:00.0000000Z',
      '2017-01-01T00:00:00.0Z',
    ]) {
      expect(docCellMatches(s, t, 'datetime')).toBe(true);
    }
    expect(docCellMatches('2017-01-01 00:00:00.0000001', t, 'datetime')).toBe(false);
    expect(docCellMatches('not a date', t, 'datetime')).toBe(false);
  });

  it('timespans compare as ticks', () => {
    expect(docCellMatches('1.02:03:04.5000000', parseTimespan('1.02:03:04.5')!, 'timespan')).toBe(true);
    expect(docCellMatches('-00:00:01', -10_000_000n, 'timespan')).toBe(true);
    expect(docCellMatches('00:00:02', 10_000_000n, 'timespan')).toBe(false);
  });

  it('guids ignore case; strings trim', () => {
    expect(docCellMatches('ABCDEF00-0000-0000-0000-000000000000', 'abcdef00-0000-0000-0000-000000000000', 'guid')).toBe(
      true,
    );
    expect(docCellMatches(' hello ', 'hello', 'string')).toBe(true);
    expect(docCellMatches('Hello', 'hello', 'string')).toBe(false);
  });

  it('dynamic: structural, key order ignored, array order kept, lenient quotes', () => {
    expect(docCellMatches('{"b": 2, "a": [1, 2]}', { a: [1, 2], b: 2 }, 'dynamic')).toBe(true);
    expect(docCellMatches('[2, 1]', [1, 2], 'dynamic')).toBe(false);
    expect(docCellMatches("['a','b']", ['a', 'b'], 'dynamic')).toBe(true);
    expect(docCellMatches("{'a': 1,'b': '2','c': 3.4}", { a: 1, b: '2', c: 3.4 }, 'dynamic')).toBe(true);
    expect(docCellMatches('[1.0000001]', [1], 'dynamic')).toBe(true);
    expect(docCellMatches('{"a": 1}', { a: 1, b: 2 }, 'dynamic')).toBe(false);
    expect(docCellMatches('hello', 'hello', 'dynamic')).toBe(true);
    expect(
      docCellMatches('["2015-01-01T00:00:00Z"]', [parseDatetime('2015-01-01')!] as unknown as KqlValue, 'dynamic'),
    ).toBe(true);
  });

  it('lenient JSON keeps double-quoted strings that contain single quotes', () => {
    expect(parseLenientJson(`["it's", 'x']`)).toEqual({ ok: true, value: ["it's", 'x'] });
    expect(parseLenientJson('{oops')).toEqual({ ok: false });
  });
});

describe('tables', () => {
  const actual = table(
    [
      ['x', 'long'],
      ['s', 'string'],
    ],
    [
      [1, 'a'],
      [2, 'b'],
    ],
  );

  it('columns must match by name, count and order', () => {
    expect(
      compareDocExample(
        {
          columns: ['x', 's'],
          rows: [
            ['1', 'a'],
            ['2', 'b'],
          ],
        },
        true,
        actual,
      ),
    ).toBeUndefined();
    expect(compareDocExample({ columns: ['s', 'x'], rows: [] }, true, actual)).toMatch(/columns differ/);
    expect(compareDocExample({ columns: ['X', 's'], rows: [] }, true, actual)).toMatch(/columns differ/);
    expect(compareDocExample({ columns: ['x'], rows: [] }, true, actual)).toMatch(/columns differ/);
  });

  it('ordered compares in order; unordered as a multiset', () => {
    const swapped = {
      columns: ['x', 's'],
      rows: [
        ['2', 'b'],
        ['1', 'a'],
      ],
    };
    expect(compareDocExample(swapped, true, actual)).toMatch(/row 1 differs/);
    expect(compareDocExample(swapped, false, actual)).toBeUndefined();
    expect(compareDocExample({ columns: ['x', 's'], rows: [['1', 'a']] }, false, actual)).toMatch(/row count/);
    expect(
      compareDocExample(
        {
          columns: ['x', 's'],
          rows: [
            ['1', 'a'],
            ['1', 'a'],
          ],
        },
        false,
        actual,
      ),
    ).toMatch(/no actual row/);
  });

  it('multiset matching finds a pairing a greedy pass would miss', () => {
    // expected 0 matches both actual rows; expected 1 matches only actual 0.
    const m = (e: string, a: string) => (e === 'any' ? true : e === a);
    expect(matchMultiset(['any', 'x'], ['x', 'y'], m)).toBeUndefined();
    expect(matchMultiset(['x', 'x'], ['x', 'y'], m)).toBe(1);
  });

  it('engine cases: types must match and shape modes skip values', () => {
    const exp = {
      columns: ['x', 's'],
      types: ['long', 'string'],
      rows: [
        [1, 'a'],
        [2, 'b'],
      ],
    };
    expect(compareEngineCase(exp, true, 'values', 1e-9, actual)).toBeUndefined();
    expect(compareEngineCase({ ...exp, types: ['int', 'string'] }, true, 'values', 1e-9, actual)).toMatch(
      /types differ/,
    );
    expect(
      compareEngineCase(
        {
          ...exp,
          rows: [
            [9, 'z'],
            [8, 'y'],
          ],
        },
        true,
        'shape',
        1e-9,
        actual,
      ),
    ).toBeUndefined();
    expect(compareEngineCase({ ...exp, rows: [[9, 'z']] }, true, 'shape_and_rowcount', 1e-9, actual)).toMatch(
      /row count/,
    );
    expect(
      compareEngineCase(
        {
          ...exp,
          rows: [
            [1, 'a'],
            [3, 'b'],
          ],
        },
        false,
        'values',
        1e-9,
        actual,
      ),
    ).toMatch(/no actual row/);
  });
});

describe('engine cells', () => {
  it('numbers with relative tolerance; decimal as text', () => {
    expect(engineCellMatches(0.1 + 0.2, 0.3, 'real', 1e-9)).toBe(true);
    expect(engineCellMatches(1.0, 1.01, 'real', 1e-9)).toBe(false);
    expect(engineCellMatches(1.0, 1.01, 'real', 0.05)).toBe(true);
    expect(engineCellMatches('700000000', 7e8, 'decimal', 1e-9)).toBe(true);
  });

  it('null, datetimes, timespans, guids, dynamic', () => {
    expect(engineCellMatches(null, null, 'long', 1e-9)).toBe(true);
    expect(engineCellMatches(null, 0, 'long', 1e-9)).toBe(false);
    expect(engineCellMatches(null, '', 'string', 1e-9)).toBe(true);
    expect(
      engineCellMatches(
        '2025-06-15T23:59:59.9999999Z',
        parseDatetime('2025-06-15T23:59:59.9999999Z')!,
        'datetime',
        1e-9,
      ),
    ).toBe(true);
    expect(engineCellMatches('2018-07-01T00:00:00Z', parseDatetime('2018-07-02')!, 'datetime', 1e-9)).toBe(false);
    expect(engineCellMatches('14.00:00:00', 14n * 864_000_000_000n, 'timespan', 1e-9)).toBe(true);
    expect(
      engineCellMatches('01234567-89AB-cdef-0123-456789abcdef', '01234567-89ab-cdef-0123-456789abcdef', 'guid', 1e-9),
    ).toBe(true);
    expect(engineCellMatches({ a: [1, { b: null }] }, { a: [1, { b: null }] }, 'dynamic', 1e-9)).toBe(true);
    expect(engineCellMatches([1, 2], [1, 3], 'dynamic', 1e-9)).toBe(false);
    expect(engineCellMatches(true, false, 'bool', 1e-9)).toBe(false);
    expect(dynamicEquals({ a: 1 }, { a: 1, b: undefined }, 1e-9)).toBe(false);
  });
});
