/** Behaviours aligned with the real engine's outputs (ids of the engine cases in comments). */
import { describe, expect, it } from 'vitest';
import { aggregate, call, d, dt, l, row, s } from './helpers.js';

describe('engine-aligned string and ip functions', () => {
  it('has_ipv4_prefix needs whole octets ending in a dot (has-ipv4-prefix-function-01)', () => {
    const text = s('05:04:54 127.0.0.1 GET /favicon.ico 404');
    expect(call('has_ipv4_prefix', text, s('127.0'))).toBe(false);
    expect(call('has_ipv4_prefix', text, s('127.0.'))).toBe(true);
    expect(call('has_any_ipv4_prefix', text, s('127.0'), s('127.'))).toBe(true);
  });

  it('indexof_regex counts non-overlapping matches and rejects negative starts', () => {
    expect(call('indexof_regex', row(s('ababaa')), s('a.a'), l(0), l(-1), l(2))).toBe(-1);
    expect(call('indexof_regex', row(s('abcabcdefg')), s('a.c'), l(0), l(9), l(2))).toBe(3);
    expect(call('indexof_regex', row(s('abcabc')), s('a|ab'), l(-1))).toBeNull();
  });

  it('replace_strings gives earlier lookups priority (replace-strings-function-02)', () => {
    const msg = row(s('This is an example'));
    expect(call('replace_strings', msg, d(['is', 'This']), d(['was', 'This']))).toBe('Thwas was an example');
    expect(call('replace_strings', msg, d(['This', 'is']), d(['This', 'was']))).toBe('This was an example');
  });

  it('reverse of a datetime reverses its 7-digit text; codepoints take mixed arguments', () => {
    expect(call('reverse', row(dt('2017-10-15 12:00')))).toBe('Z0000000.00:00:21T51-01-7102');
    expect(call('unicode_codepoints_to_string', d([75, 117, 115]), l(116), l(111))).toBe('Kusto');
  });
});

describe('engine-aligned hashing of datetimes', () => {
  it('hashes .NET ticks for hash() and the 7-digit text for digests (hash-function-02, hash-sha1-function-00)', () => {
    expect(call('hash', row(dt('2015-01-01')))).toBe(Number(1380966698541616202n));
    expect(call('hash_sha1', row(dt('2020-01-01')))).toBe('e903e533f4d636b4fc0dcf3cf81e7b7f330de776');
  });
});

describe('engine-aligned aggregates', () => {
  it('arg_min returns the first row when no value is present (arg-min-aggregation-function-02)', () => {
    const out = aggregate(
      'arg_min',
      ['int', 'string'],
      [
        [null, 'Yellow'],
        [null, 'Green'],
      ],
    );
    expect(out).toEqual([null, 'Yellow']);
  });
});
