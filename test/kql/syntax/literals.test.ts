import { describe, expect, it } from 'vitest';
import type { Literal } from '../../../src/kql/syntax/ast.js';
import { parseQuery } from '../../../src/kql/syntax/parser.js';
import {
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_MS,
  TICKS_PER_SECOND,
} from '../../../src/kql/values.js';
import { scalar } from './helpers.js';

function lit(text: string): Literal {
  const e = scalar(text);
  if (e.kind !== 'Literal') throw new Error(`expected Literal, got ${e.kind}`);
  return e;
}
const typeValue = (text: string) => {
  const l = lit(text);
  return [l.type, l.value];
};
const dt = (iso: string) => BigInt(Date.parse(iso)) * TICKS_PER_MS;

describe('literals', () => {
  it('numbers: integers are long, reals real, hex long; a minus folds into the literal', () => {
    expect(typeValue('42')).toEqual(['long', 42]);
    expect(typeValue('1.5')).toEqual(['real', 1.5]);
    expect(typeValue('1e3')).toEqual(['real', 1000]);
    expect(typeValue('.5')).toEqual(['real', 0.5]);
    expect(typeValue('0x1F')).toEqual(['long', 31]);
    expect(typeValue('-7')).toEqual(['long', -7]);
    expect(lit('-7').text).toBe('-7');
  });

  it('typed numeric literals and nulls', () => {
    expect(typeValue('int(5)')).toEqual(['int', 5]);
    expect(typeValue('int(-1)')).toEqual(['int', -1]);
    expect(typeValue('long(5)')).toEqual(['long', 5]);
    expect(typeValue('int(null)')).toEqual(['int', null]);
    expect(typeValue('real(null)')).toEqual(['real', null]);
    expect(typeValue('real(2.5)')).toEqual(['real', 2.5]);
    expect(typeValue('real(+inf)')).toEqual(['real', Number.POSITIVE_INFINITY]);
    expect(typeValue('real(-inf)')).toEqual(['real', Number.NEGATIVE_INFINITY]);
    expect(Number.isNaN(lit('real(nan)').value)).toBe(true);
    expect(typeValue('double(1)')).toEqual(['real', 1]);
    expect(typeValue('decimal(1.5)')).toEqual(['decimal', 1.5]);
  });

  it('booleans', () => {
    expect(typeValue('true')).toEqual(['bool', true]);
    expect(typeValue('false')).toEqual(['bool', false]);
    expect(typeValue('bool(true)')).toEqual(['bool', true]);
    expect(typeValue('bool(null)')).toEqual(['bool', null]);
  });

  it('strings of every form, adjacent ones concatenated', () => {
    expect(typeValue(String.raw`'a\tb'`)).toEqual(['string', 'a\tb']);
    expect(typeValue(String.raw`"q\"x"`)).toEqual(['string', 'q"x']);
    expect(typeValue(String.raw`@'c:\dir'`)).toEqual(['string', 'c:\\dir']);
    expect(typeValue(`h'hidden'`)).toEqual(['string', 'hidden']);
    expect(typeValue(`h@'c:\\d'`)).toEqual(['string', 'c:\\d']);
    expect(typeValue('```multi\nline```')).toEqual(['string', 'multi\nline']);
    const adj = lit(`'a' "b" // c\n @'c'`);
    expect(adj.value).toBe('abc');
    expect(adj.text).toBe(`'a' "b" // c\n @'c'`);
  });

  it('datetime in the documented formats', () => {
    expect(typeValue('datetime(2015-12-31)')).toEqual(['datetime', dt('2015-12-31T00:00:00Z')]);
    expect(typeValue('datetime(2015-12-31 23:59:59.9)')).toEqual(['datetime', dt('2015-12-31T23:59:59.900Z')]);
    expect(typeValue('datetime(2015-12-31T23:59:59Z)')).toEqual(['datetime', dt('2015-12-31T23:59:59Z')]);
    expect(lit('datetime(2014-05-25T08:20:03.1234567)').value).toBe(dt('2014-05-25T08:20:03.123Z') + 4567n);
    expect(typeValue('date(2020-01-02)')).toEqual(['datetime', dt('2020-01-02T00:00:00Z')]);
    expect(typeValue('datetime(null)')).toEqual(['datetime', null]);
    expect(typeValue('datetime(2025, 6, 14)')).toEqual(['datetime', dt('2025-06-14T00:00:00Z')]);
    expect(typeValue('datetime(2017 - 08 - 01)')).toEqual(['datetime', dt('2017-08-01T00:00:00Z')]);
  });

  it('timespans: unit suffixes, time(...) and timespan(...)', () => {
    expect(typeValue('5d')).toEqual(['timespan', 5n * TICKS_PER_DAY]);
    expect(typeValue('1h')).toEqual(['timespan', TICKS_PER_HOUR]);
    expect(typeValue('30m')).toEqual(['timespan', 30n * TICKS_PER_MINUTE]);
    expect(typeValue('10s')).toEqual(['timespan', 10n * TICKS_PER_SECOND]);
    expect(typeValue('100ms')).toEqual(['timespan', 100n * TICKS_PER_MS]);
    expect(typeValue('1.5d')).toEqual(['timespan', (3n * TICKS_PER_DAY) / 2n]);
    expect(typeValue('2microseconds')).toEqual(['timespan', 20n]);
    expect(typeValue('1tick')).toEqual(['timespan', 1n]);
    expect(typeValue('10ticks')).toEqual(['timespan', 10n]);
    expect(typeValue('-1d')).toEqual(['timespan', -TICKS_PER_DAY]);
    expect(typeValue('time(1.02:03:04)')).toEqual([
      'timespan',
      TICKS_PER_DAY + 2n * TICKS_PER_HOUR + 3n * TICKS_PER_MINUTE + 4n * TICKS_PER_SECOND,
    ]);
    expect(typeValue('timespan(2d)')).toEqual(['timespan', 2n * TICKS_PER_DAY]);
    expect(typeValue('time(null)')).toEqual(['timespan', null]);
  });

  it('guids are canonical lower case', () => {
    expect(typeValue('guid(74BE27DE-1E4E-49D9-B579-FE0B331D3642)')).toEqual([
      'guid',
      '74be27de-1e4e-49d9-b579-fe0b331d3642',
    ]);
    expect(typeValue('guid(null)')).toEqual(['guid', null]);
  });

  it('dynamic JSON, nested, with typed literals inside', () => {
    expect(typeValue('dynamic(null)')).toEqual(['dynamic', null]);
    expect(typeValue('dynamic([])')).toEqual(['dynamic', []]);
    expect(typeValue('dynamic([1, -2.5, "a", true, null])')).toEqual(['dynamic', [1, -2.5, 'a', true, null]]);
    expect(typeValue('dynamic({"a": {"b": [1, {"c": "d"}]}, "e": false})')).toEqual([
      'dynamic',
      { a: { b: [1, { c: 'd' }] }, e: false },
    ]);
    expect(typeValue('dynamic([datetime(2020-01-01), 1h, guid(74be27de-1e4e-49d9-b579-fe0b331d3642)])')).toEqual([
      'dynamic',
      ['2020-01-01T00:00:00.0000000Z', '01:00:00', '74be27de-1e4e-49d9-b579-fe0b331d3642'],
    ]);
    expect(typeValue('dynamic("text")')).toEqual(['dynamic', 'text']);
    const proto = lit('dynamic({"__proto__": 1})').value as Record<string, unknown>;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  it('dynamic follows JSON: a trailing comma is an error', () => {
    expect(parseQuery('print dynamic([1, 2,])').diagnostics.map((d) => [d.code, d.offset])).toEqual([['KQL105', 20]]);
    expect(parseQuery('print dynamic({"a": 1,})').diagnostics.map((d) => d.code)).toEqual(['KQL201']);
    expect(parseQuery(`print datetime("01/16/2022 00:00:00")`).diagnostics).toEqual([]);
  });

  it('bad literal bodies give KQL105 and a typed null, without breaking the statement', () => {
    const r = parseQuery('print a = datetime(2020-13-45), b = guid(nope), c = int(1.5), d = 1');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KQL105', 'KQL105', 'KQL105']);
    expect(r.diagnostics[0]?.offset).toBe(10);
    const st = r.query.statements[0];
    expect(st?.kind === 'ExprStatement' && st.expr.kind === 'Print' && st.expr.items.length).toBe(4);
  });
});
