import { describe, expect, it } from 'vitest';
import { b, call, d, dt, dtv, g, l, r, row, s, ts, tsv } from './helpers.js';

describe('conversion functions', () => {
  it('tostring formats every type the Kusto way', () => {
    expect(call('tostring', row(l(123)))).toBe('123');
    expect(call('tostring', row(r(1.5)))).toBe('1.5');
    expect(call('tostring', row(r(1e21)))).toBe('1E+21');
    expect(call('tostring', row(b(true)))).toBe('true');
    expect(call('tostring', row(dt('2020-01-01')))).toBe('2020-01-01T00:00:00Z');
    expect(call('tostring', row(dt('2020-01-01T01:02:03.45')))).toBe('2020-01-01T01:02:03.45Z');
    expect(call('tostring', row(ts('1.02:03:04')))).toBe('1.02:03:04');
    expect(call('tostring', row(d({ a: [1, 'x'] })))).toBe('{"a":[1,"x"]}');
    expect(call('tostring', row(d('plain')))).toBe('plain');
    expect(call('tostring', row(l(null)))).toBe('');
  });

  it('numeric conversions truncate and reject invalid text', () => {
    expect(call('toint', row(s('123')))).toBe(123);
    expect(call('toint', row(r(2.9)))).toBe(2);
    expect(call('toint', row(r(-2.9)))).toBe(-2);
    expect(call('toint', row(s('abc')))).toBeNull();
    expect(call('toint', row(l(3_000_000_000)))).toBeNull();
    expect(call('tolong', row(s('0x10')))).toBe(16);
    expect(call('tolong', row(dt('1970-01-01')))).toBe(621355968000000000n);
    expect(call('todouble', row(s('1.5e3')))).toBe(1500);
    expect(call('toreal', row(b(true)))).toBe(1);
    expect(call('todecimal', row(s('12.5')))).toBe(12.5);
    expect(call('tolong', row(d('42')))).toBe(42);
  });

  it('tobool, todatetime, totimespan, toguid', () => {
    expect(call('tobool', row(s('TRUE')))).toBe(true);
    expect(call('tobool', row(l(0)))).toBe(false);
    expect(call('tobool', row(s('maybe')))).toBeNull();
    expect(call('todatetime', row(s('2015-12-31 23:59:59.9')))).toBe(dtv('2015-12-31T23:59:59.9'));
    expect(call('todatetime', row(s('not a date')))).toBeNull();
    expect(call('totimespan', row(s('0.00:01:00')))).toBe(tsv('1m'));
    expect(call('totimespan', row(l(10_000_000)))).toBe(tsv('1s'));
    expect(call('toguid', row(s('{0697E7E2-0C5D-4A4C-9B0F-4C1D0A8A0E5E}')))).toBe(
      '0697e7e2-0c5d-4a4c-9b0f-4c1d0a8a0e5e',
    );
    expect(call('toguid', row(s('nope')))).toBeNull();
    expect(call('tostring', row(g('0697e7e2-0c5d-4a4c-9b0f-4c1d0a8a0e5e')))).toBe(
      '0697e7e2-0c5d-4a4c-9b0f-4c1d0a8a0e5e',
    );
  });

  it('parse_json / todynamic keep non-JSON text as a string', () => {
    expect(call('parse_json', row(s('{"a":123, "b":"{\\"c\\":456}"}')))).toEqual({ a: 123, b: '{"c":456}' });
    expect(call('todynamic', row(s('[1,2]')))).toEqual([1, 2]);
    expect(call('parsejson', row(s('abc')))).toBe('abc');
    expect(call('parse_json', row(s('')))).toBeNull();
    expect(call('todynamic', row(ts('00:00:02')))).toBe('00:00:02');
  });

  it('tohex and parse_version', () => {
    expect(call('tohex', row(l(256)))).toBe('100');
    expect(call('tohex', row(l(-546)))).toBe('fffffffffffffdde');
    expect(call('tohex', row(l(48)), l(8))).toBe('00000030');
    const v1 = call('parse_version', row(s('1.2.3.40'))) as number;
    const v2 = call('parse_version', row(s('1.2.4'))) as number;
    expect(v1 < v2).toBe(true);
    expect(call('parse_version', row(s('a.b')))).toBeNull();
  });
});

describe('conditional functions', () => {
  it('iff, case, coalesce, not', () => {
    expect(call('iff', row(b(true)), s('a'), s('b'))).toBe('a');
    expect(call('iif', row(b(null)), s('a'), s('b'))).toBe('b');
    expect(call('case', row(b(false)), s('x'), row(b(true)), s('y'), s('z'))).toBe('y');
    expect(call('case', row(b(false)), s('x'), s('z'))).toBe('z');
    expect(call('coalesce', row(l(null)), row(l(null)), l(3))).toBe(3);
    expect(call('coalesce', row(s('')), s('x'))).toBe('x');
    expect(call('not', row(b(true)))).toBe(false);
    expect(call('not', row(b(null)))).toBeNull();
  });

  it('isnull / isnotnull / gettype', () => {
    expect(call('isnull', row(l(null)))).toBe(true);
    expect(call('isnull', row(s('')))).toBe(false);
    expect(call('isnotnull', row(l(1)))).toBe(true);
    expect(call('gettype', row(d([1])))).toBe('array');
    expect(call('gettype', row(d({ a: 1 })))).toBe('dictionary');
    expect(call('gettype', row(d(1.5)))).toBe('real');
    expect(call('gettype', row(dt('2020-01-01')))).toBe('datetime');
  });
});
