import { describe, expect, it } from 'vitest';
import { binaryResultType, unaryResultType } from '../../../src/kql/library/index.js';
import { b, call, d, dt, dtv, g, i, l, r, row, s, ts, tsv } from './helpers.js';

describe('binaryResultType', () => {
  it('follows numeric promotion', () => {
    expect(binaryResultType('+', 'int', 'int')).toBe('int');
    expect(binaryResultType('+', 'int', 'long')).toBe('long');
    expect(binaryResultType('*', 'long', 'real')).toBe('real');
    expect(binaryResultType('/', 'long', 'long')).toBe('long');
  });

  it('types datetime and timespan arithmetic', () => {
    expect(binaryResultType('-', 'datetime', 'datetime')).toBe('timespan');
    expect(binaryResultType('+', 'datetime', 'timespan')).toBe('datetime');
    expect(binaryResultType('+', 'timespan', 'datetime')).toBe('datetime');
    expect(binaryResultType('-', 'datetime', 'timespan')).toBe('datetime');
    expect(binaryResultType('*', 'timespan', 'long')).toBe('timespan');
    expect(binaryResultType('*', 'real', 'timespan')).toBe('timespan');
    expect(binaryResultType('/', 'timespan', 'timespan')).toBe('real');
    // Kusto.Language types these (checked by the analyzer differential test)
    expect(binaryResultType('+', 'datetime', 'datetime')).toBe('datetime');
    expect(binaryResultType('-', 'timespan', 'datetime')).toBe('datetime');
    expect(binaryResultType('/', 'timespan', 'datetime')).toBeUndefined();
    expect(binaryResultType('+', 'string', 'string')).toBeUndefined();
    expect(binaryResultType('+', 'string', 'dynamic')).toBeUndefined();
  });

  it('types comparisons and logical operators', () => {
    expect(binaryResultType('==', 'string', 'string')).toBe('bool');
    expect(binaryResultType('<', 'datetime', 'datetime')).toBe('bool');
    expect(binaryResultType('<', 'datetime', 'long')).toBeUndefined();
    // equality takes any two types in Kusto; ordering does not
    expect(binaryResultType('==', 'bool', 'long')).toBe('bool');
    expect(binaryResultType('==', 'string', 'long')).toBe('bool');
    expect(binaryResultType('<', 'string', 'string')).toBeUndefined();
    expect(binaryResultType('<', 'datetime', 'string')).toBeUndefined();
    expect(binaryResultType('has', 'long', 'string')).toBeUndefined();
    expect(binaryResultType('has', 'string', 'dynamic')).toBeUndefined();
    expect(binaryResultType('contains', 'string', 'dynamic')).toBe('bool');
    expect(binaryResultType('in~', 'long', 'dynamic')).toBeUndefined();
    expect(binaryResultType('==', 'dynamic', 'long')).toBe('bool');
    expect(binaryResultType('and', 'bool', 'bool')).toBe('bool');
    expect(binaryResultType('and', 'bool', 'long')).toBeUndefined();
    expect(binaryResultType('has', 'string', 'string')).toBe('bool');
    expect(binaryResultType('in', 'string', 'dynamic')).toBe('bool');
    expect(binaryResultType('between', 'datetime', 'timespan')).toBe('bool');
    expect(binaryResultType('between', 'long', 'string')).toBeUndefined();
    expect(unaryResultType('-', 'timespan')).toBe('timespan');
    expect(unaryResultType('-', 'string')).toBeUndefined();
  });
});

describe('comparison', () => {
  it('applies Kusto null rules', () => {
    expect(call('==', row(l(null)), row(l(null)))).toBeNull();
    expect(call('==', row(l(5)), row(l(null)))).toBe(false);
    expect(call('!=', row(l(null)), row(l(null)))).toBeNull();
    expect(call('!=', row(l(5)), row(l(null)))).toBe(true);
    expect(call('>', row(l(null)), l(3))).toBeNull();
  });

  it('compares each type in its own representation', () => {
    expect(call('<', row(dt('2024-01-01')), dt('2024-01-02'))).toBe(true);
    expect(call('>=', row(ts('1d')), ts('24h'))).toBe(true);
    expect(call('==', row(i(3)), r(3))).toBe(true);
    expect(call('==', row(s('aBc')), s('abc'))).toBe(false);
    expect(call('<', row(s('a')), s('b'))).toBe(true);
    expect(call('==', row(b(true)), b(true))).toBe(true);
  });

  it('converts dynamic and string operands', () => {
    expect(call('==', row(d(5)), l(5))).toBe(true);
    expect(call('>', row(d('7')), l(5))).toBe(true);
    expect(call('==', row(d('x')), s('x'))).toBe(true);
    expect(call('==', row(d({ a: 1 })), row(d({ a: 1 })))).toBe(true);
    expect(call('>', row(dt('2024-01-02')), s('2024-01-01'))).toBe(true);
    expect(call('==', row(g('0b3a7ac6-8c1c-4a54-8b2a-4cd1f2d7f1a9')), s('0B3A7AC6-8C1C-4A54-8B2A-4CD1F2D7F1A9'))).toBe(
      true,
    );
  });
});

describe('arithmetic', () => {
  it('keeps datetime arithmetic exact at 100 ns', () => {
    const t1 = dtv('2024-01-01T00:00:00.0000001Z');
    const t0 = dtv('2024-01-01T00:00:00Z');
    expect(call('-', row(dt('2024-01-01T00:00:00.0000001Z')), dt('2024-01-01T00:00:00Z'))).toBe(1n);
    expect(call('+', row(dt('2024-01-01T00:00:00Z')), ts('1tick'))).toBe(t1);
    expect(call('+', row(ts('1d')), dt('2024-01-01'))).toBe(dtv('2024-01-02'));
    expect(call('-', row(dt('2024-01-01')), ts('1.5h'))).toBe(t0 - tsv('90m'));
    expect(call('/', row(ts('1d')), ts('5h'))).toBeCloseTo(4.8);
    expect(call('*', row(r(1.5)), ts('1h'))).toBe(tsv('90m'));
    expect(call('*', row(ts('1h')), l(3))).toBe(tsv('3h'));
    expect(call('/', row(ts('1d')), l(3))).toBe(tsv('8h'));
    expect(call('%', row(ts('25h')), ts('1d'))).toBe(tsv('1h'));
  });

  it('truncates integer division and nulls division by zero', () => {
    expect(call('/', row(l(7)), l(2))).toBe(3);
    expect(call('/', row(l(-7)), l(2))).toBe(-3);
    expect(call('%', row(l(-7)), l(2))).toBe(1); // numerical operators page: N % D is never negative
    expect(call('/', row(l(7)), l(0))).toBeNull();
    expect(call('%', row(i(7)), i(0))).toBeNull();
    expect(call('/', row(r(7)), l(2))).toBe(3.5);
    expect(call('/', row(r(1)), r(0))).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(call('/', row(r(0)), r(0)))).toBe(true);
  });

  it('propagates nulls and handles dynamic numbers', () => {
    expect(call('+', row(l(null)), l(1))).toBeNull();
    expect(call('+', row(dt(null)), ts('1d'))).toBeNull();
    expect(call('+', row(d(2)), l(3))).toBe(5);
    expect(call('/', row(d(7)), l(2))).toBe(3);
    expect(call('-unary', row(ts('1h')))).toBe(-tsv('1h'));
    expect(call('-unary', row(l(4)))).toBe(-4);
  });
});

describe('list operators', () => {
  const list = (v: unknown[]) => d(v);
  it('in / !in are case-sensitive, in~ / !in~ are not', () => {
    expect(call('in', row(s('a')), list(['a', 'b']))).toBe(true);
    expect(call('in', row(s('A')), list(['a', 'b']))).toBe(false);
    expect(call('in~', row(s('A')), list(['a', 'b']))).toBe(true);
    expect(call('!in', row(s('c')), list(['a', 'b']))).toBe(true);
    expect(call('!in~', row(s('B')), list(['a', 'b']))).toBe(false);
    expect(call('in', row(l(2)), list([1, 2]))).toBe(true);
    expect(call('in', row(l(null)), list([1, 2]))).toBe(false);
    expect(call('in', row(dt('2024-01-01')), list([dtv('2024-01-01')]))).toBe(true);
  });

  it('between handles numbers, datetimes and a timespan upper bound', () => {
    expect(call('between', row(l(5)), l(1), l(5))).toBe(true);
    expect(call('!between', row(l(6)), l(1), l(5))).toBe(true);
    expect(call('between', row(dt('2024-01-01T12:00')), dt('2024-01-01'), ts('1d'))).toBe(true);
    expect(call('between', row(dt('2024-01-03')), dt('2024-01-01'), ts('1d'))).toBe(false);
    expect(call('between', row(l(null)), l(1), l(5))).toBeNull();
  });

  it('indexes and accesses dynamic values', () => {
    expect(call('[]', row(d([1, 2, 3])), l(-1))).toBe(3);
    expect(call('[]', row(d({ a: { b: 1 } })), s('a'))).toEqual({ b: 1 });
    expect(call('[]', row(d([1])), l(5))).toBeNull();
    expect(call('.', row(d({ Name: 'x' })), s('Name'))).toBe('x');
    expect(call('.', row(s('{"Name":"y"}')), s('Name'))).toBe('y');
    expect(call('.', row(d(null)), s('Name'))).toBeNull();
  });
});

describe('string operators', () => {
  it('matches regex uses RE2 and the like family uses % wildcards', () => {
    expect(call('matches regex', row(s('abc123')), s('[a-z]+\\d+'))).toBe(true);
    expect(call('matches regex', row(s('abc')), s('^\\d+$'))).toBe(false);
    expect(call('like', row(s('Report.PDF')), s('%.pdf'))).toBe(true);
    expect(call('likecs', row(s('Report.PDF')), s('%.pdf'))).toBe(false);
    expect(call('notlike', row(s('a.txt')), s('%.pdf'))).toBe(true);
  });
});
