/**
 * Exact 64-bit `long` (issue 10, "Exact values"), from the KQL reference pages: the long data type
 * ("a signed, 64-bit wide, integer"; integer and 0x literals are long; long(-n), long(null)),
 * numerical operators (int/long arithmetic gives long, integer division truncates, the modulo is a
 * small non-negative number: 14 % 12 = 2, -14 % 12 = 10, 14 % -12 = 2, -14 % -12 = 10), tolong(),
 * tohex(), and the datetime type's range (0001-01-01 .. 9999-12-31). Overflow wraps around as C#
 * `long` arithmetic does (the engine behind Kusto).
 */
import { describe, expect, it } from 'vitest';
import { formatResult } from '../../../src/cli/result-output.js';
import { jsonText, runQuery, tableRows } from '../../../src/kql/engine.js';
import { NumberColumn } from '../../../src/kql/exec/table.js';

function run(q: string) {
  const r = runQuery(q);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !r.result) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('; '));
  return r.result;
}

function rows(q: string): unknown[][] {
  return tableRows(run(q).table);
}

describe('long literals', () => {
  it('keeps every digit past 2^53', () => {
    expect(rows('print 9007199254740993')).toEqual([[9007199254740993n]]);
    expect(rows('print 9223372036854775807, long(-9223372036854775808), 0x7fffffffffffffff')).toEqual([
      [9223372036854775807n, -9223372036854775808n, 9223372036854775807n],
    ]);
  });

  it('holds safe integers as plain numbers (the fast path)', () => {
    expect(rows('print 12, 0xf, long(-1), long(null)')).toEqual([[12, 15, -1, null]]);
    expect(rows('print 9007199254740991')).toEqual([[9007199254740991]]);
  });

  it('prints exact digits as text, JSON and CSV', () => {
    const result = { table: run('print x = 9007199254740993, y = 1').table, diagnostics: [] };
    expect(formatResult(result as never, 'json')).toBe(
      '{"columns":[{"name":"x","type":"long"},{"name":"y","type":"long"}],"rows":[[9007199254740993,1]]}\n',
    );
    expect(formatResult(result as never, 'csv')).toBe('x,y\r\n9007199254740993,1\r\n');
    expect(formatResult(result as never, 'table')).toContain('9007199254740993');
    expect(rows('print tostring(9007199254740993), strcat("id-", 9223372036854775807)')).toEqual([
      ['9007199254740993', 'id-9223372036854775807'],
    ]);
  });

  it('jsonText writes bigints as JSON numbers and everything else as JSON.stringify does', () => {
    expect(jsonText({ a: [1n << 62n, 'x', null, 1.5], b: { c: -(2n ** 63n) } })).toBe(
      '{"a":[4611686018427387904,"x",null,1.5],"b":{"c":-9223372036854775808}}',
    );
    expect(jsonText({ a: [1, 'two', { three: true }] })).toBe(JSON.stringify({ a: [1, 'two', { three: true }] }));
  });
});

describe('long arithmetic', () => {
  it('wraps around on overflow like 64-bit integers', () => {
    expect(rows('print 9223372036854775807 + 1')).toEqual([[-9223372036854775808n]]);
    expect(rows('print long(-9223372036854775808) - 1')).toEqual([[9223372036854775807n]]);
    expect(rows('print 4611686018427387904 * 2, 9223372036854775807 * 3')).toEqual([
      [-9223372036854775808n, 9223372036854775805n],
    ]);
  });

  it('is exact between 2^53 and 2^63', () => {
    expect(rows('print 9007199254740993 + 2, 9007199254740993 - 9007199254740992, 3037000499 * 3037000499')).toEqual([
      [9007199254740995n, 1, 9223372030926249001n],
    ]);
    expect(rows('print 9223372036854775807 / 2, 9223372036854775807 % 10')).toEqual([[4611686018427387903n, 7]]);
  });

  it('truncates integer division; division and modulo by zero are null', () => {
    expect(rows('print 7 / 2, -7 / 2, 1 / 2, 1 / 0, 5 % 0')).toEqual([[3, -3, 0, null, null]]);
    expect(rows('print 9007199254740990 / 9007199254740991')).toEqual([[0]]);
  });

  it('gives the modulo a non-negative result (the numerical operators page)', () => {
    expect(
      rows('print plusPlus = 14 % 12, minusPlus = -14 % 12, plusMinus = 14 % -12, minusMinus = -14 % -12'),
    ).toEqual([[2, 10, 2, 10]]);
  });

  it('mixes with reals through the nearest double', () => {
    expect(rows('print 9007199254740993 + 0.5, todouble(9223372036854775807)')).toEqual([
      [9007199254740992, 2 ** 63], // the nearest doubles
    ]);
  });

  it('compares exactly', () => {
    expect(
      rows(
        'print 9007199254740993 > 9007199254740992, 9007199254740993 == 9007199254740992, 9007199254740993 == 9007199254740993, 9223372036854775807 > 1',
      ),
    ).toEqual([[true, false, true, true]]);
  });

  it('negates exactly', () => {
    expect(rows('print -9007199254740993, -(9223372036854775807)')).toEqual([
      [-9007199254740993n, -9223372036854775807n],
    ]);
  });
});

describe('conversions', () => {
  it('tolong reads 64-bit text exactly and gives null past the range', () => {
    expect(
      rows(
        'print tolong("9223372036854775807"), tolong("-9223372036854775808"), tolong("9223372036854775808"), tolong("123"), tolong("abc")',
      ),
    ).toEqual([[9223372036854775807n, -9223372036854775808n, null, 123, null]]);
    expect(rows('print tolong(1e30), tolong(12.7), tolong(-12.7)')).toEqual([[null, 12, -12]]);
  });

  it('toint stays 32-bit: null out of range', () => {
    expect(rows('print toint("123") == 123, toint(9007199254740993), toint(2147483648)')).toEqual([[true, null, null]]);
  });

  it('tohex writes all 64 bits', () => {
    expect(rows('print tohex(9223372036854775807), tohex(-1), tohex(256)')).toEqual([
      ['7fffffffffffffff', 'ffffffffffffffff', '100'],
    ]);
  });

  it('tolong(datetime) is the exact tick count since 0001-01-01', () => {
    expect(rows('print tolong(datetime(9999-12-31))')).toEqual([[3155378112000000000n]]);
    expect(rows('print todatetime(tolong(datetime(2024-05-01T12:00:00.1234567Z)))')).toEqual(
      rows('print datetime(2024-05-01T12:00:00.1234567Z)'),
    );
  });
});

describe('long columns', () => {
  it('datatable keeps exact values and sorts, filters and groups them', () => {
    const q =
      'datatable(a:long)[9223372036854775807, 1, 9007199254740993, 9007199254740992, 9007199254740993, long(null)]';
    expect(rows(`${q} | where a > 9007199254740992 | summarize c = count() by a | order by a asc`)).toEqual([
      [9007199254740993n, 2],
      [9223372036854775807n, 1],
    ]);
    expect(rows(`${q} | where a == 9007199254740993 | count`)).toEqual([[2]]);
    expect(rows(`${q} | extend b = a + 1 | where isnotnull(a) | project b | take 2`)).toEqual([
      [-9223372036854775808n],
      [2],
    ]);
  });

  it('stores a value beyond 2^53 in the exact side store only when there is one', () => {
    const big = run('datatable(a:long)[1, 9007199254740993]').table.columns[0];
    const small = run('datatable(a:long)[1, 2]').table.columns[0];
    expect(big).toBeInstanceOf(NumberColumn);
    expect((big as NumberColumn).exact).toBeInstanceOf(BigInt64Array);
    expect((small as NumberColumn).exact).toBeUndefined();
  });

  it('range counts exactly past 2^53', () => {
    expect(rows('range x from 9007199254740991 to 9007199254740994 step 1')).toEqual([
      [9007199254740991],
      [9007199254740992n],
      [9007199254740993n],
      [9007199254740994n],
    ]);
  });

  it('sum, min and max of longs are exact; sum wraps around', () => {
    expect(
      rows('range x from 9007199254740990 to 9007199254740995 step 1 | summarize sum(x), min(x), max(x), count()'),
    ).toEqual([[54043195528445955n, 9007199254740990, 9007199254740995n, 6]]);
    expect(rows('datatable(a:long)[9223372036854775807, 1] | summarize sum(a)')).toEqual([[-9223372036854775808n]]);
    expect(rows('datatable(a:long)[1, 2, 3] | summarize sum(a)')).toEqual([[6]]);
  });
});

describe('datetime range', () => {
  it('arithmetic past 0001-01-01 .. 9999-12-31 gives null', () => {
    expect(rows('print datetime(9999-12-31) + 1d, datetime(0001-01-01) - 1h, datetime(9999-12-31) - 1d')).toEqual(
      rows('print datetime(null), datetime(null), datetime(9999-12-30)'),
    );
    expect(rows('print isnull(datetime(2024-01-01) + 3650000d), isnull(1d + datetime(2024-01-01))')).toEqual([
      [true, false],
    ]);
    expect(
      rows(
        "print isnull(datetime_add('day', 1, datetime(9999-12-31))), isnull(datetime_add('year', -2100, datetime(2024-01-01))), isnull(now(3650000d)), isnull(ago(3650000d)), isnull(ago(1d))",
      ),
    ).toEqual([[true, true, true, true, false]]);
  });
});

describe('longs put into dynamic', () => {
  // Inside dynamic a bigint stands for datetime ticks (types.ts): a long past 2^53 packed into a
  // dynamic value is the nearest double there — a number, never a date.
  it('stay numbers (the nearest double) in pack_array, bag_pack, make_list and todynamic', () => {
    expect(
      rows('print pack_array(9007199254740993), bag_pack("a", 9223372036854775807), todynamic(9007199254740993)'),
    ).toEqual([[[9007199254740992], { a: 2 ** 63 }, 9007199254740992]]);
    expect(rows('range i from 1 to 2 step 1 | extend l = 9007199254740993 + i | summarize make_list(l)')).toEqual([
      [[9007199254740994, 9007199254740996]],
    ]);
    expect(rows('print gettype(pack_array(9007199254740993)[0])')).toEqual([['long']]);
  });
});
