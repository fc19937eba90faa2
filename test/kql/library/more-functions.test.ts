/**
 * Functions added for the documented surface; expectations come from the functions' documentation
 * pages (examples and the semantics they describe).
 */
import { describe, expect, it } from 'vitest';
import { runQuery } from '../../../src/kql/engine.js';
import { call, d, l, r, s } from './helpers.js';

function rows(text: string): unknown[][] {
  const res = runQuery(text);
  expect(res.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  const t = res.result!.table;
  return Array.from({ length: t.rowCount }, (_, i) => t.columns.map((c) => c.get(i)));
}

describe('statistics', () => {
  it('beta_cdf follows the documented example and NaN domain', () => {
    expect(call('beta_cdf', r(0.9), r(10), r(20))).toBeCloseTo(0.999999999999959, 12);
    expect(call('beta_cdf', r(1.5), r(10), r(20))).toBeNaN();
    expect(call('beta_cdf', r(-10), r(10), r(20))).toBeNaN();
    expect(call('beta_cdf', r(0.1), r(-1), r(20))).toBeNaN();
    expect(call('beta_cdf', r(null), r(10), r(20))).toBeNull();
  });

  it('beta_inv inverts beta_cdf; beta_pdf is the density', () => {
    const p = call('beta_cdf', r(0.2), r(10), r(20)) as number;
    expect(call('beta_inv', r(p), r(10), r(20))).toBeCloseTo(0.2, 9);
    // Beta(2, 2) density is 6x(1-x): 1.5 at 0.5.
    expect(call('beta_pdf', r(0.5), r(2), r(2))).toBeCloseTo(1.5, 12);
    expect(call('beta_pdf', r(0.5), r(2), r(20000))).toBeNaN();
  });

  it('erf and erfc', () => {
    expect(call('erf', r(1))).toBeCloseTo(0.8427007929497149, 14);
    expect(call('erfc', r(1))).toBeCloseTo(0.15729920705028513, 14);
    expect(call('erf', r(0))).toBe(0);
  });

  it('welch_test gives the two-sided p-value from means, variances and counts', () => {
    // Samples [20.3, 22.1, 21.9] and [18.9, 20.3, 19.0]: t = 2.7989, p = 0.0518 (Welch).
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = (xs: number[]) => xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1);
    const a = [20.3, 22.1, 21.9];
    const b = [18.9, 20.3, 19.0];
    const p = call('welch_test', r(mean(a)), r(v(a)), l(3), r(mean(b)), r(v(b)), l(3));
    expect(p).toBeCloseTo(0.051807360348581945, 8);
  });

  it('variancepif is the population variance of the rows where the predicate holds', () => {
    expect(rows('range x from 1 to 6 step 1 | summarize variancepif(x, x % 2 == 0)')).toEqual([[8 / 3]]);
  });
});

describe('strings and dynamic values', () => {
  it('strcmp', () => {
    expect(call('strcmp', s('ABC'), s('ABC'))).toBe(0);
    expect(call('strcmp', s('abc'), s('ABC'))).toBe(1);
    expect(call('strcmp', s('ABC'), s('abc'))).toBe(-1);
    expect(call('strcmp', s('abcde'), s('abc'))).toBe(1);
  });

  it('translate: mapping, last replacement repeats, empty replacement deletes', () => {
    expect(call('translate', s('abc'), s('x'), s('abc'))).toBe('xxx');
    expect(call('translate', s('abc'), s(''), s('ab'))).toBe('');
    expect(call('translate', s('krasp'), s('otsku'), s('spark'))).toBe('kusto');
  });

  it('format_bytes, as in the documentation example', () => {
    expect(
      rows(
        'print v1 = format_bytes(564), v2 = format_bytes(10332, 1), v3 = format_bytes(20010332), v4 = format_bytes(20010332, 2), v5 = format_bytes(20010332, 0, "KB")',
      ),
    ).toEqual([['564 Bytes', '10.1 KB', '19 MB', '19.08 MB', '19541 KB']]);
  });

  it('isascii and isutf8', () => {
    expect(call('isascii', s('some text'))).toBe(true);
    expect(call('isascii', s('€'))).toBe(false);
    expect(call('isutf8', s('€ and text'))).toBe(true);
    expect(call('isutf8', s('\ud800x'))).toBe(false);
  });

  it('parse_csv: quoted fields, escaped quotes, only the first record', () => {
    expect(call('parse_csv', s('aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\nline2"'))).toEqual([
      'aa',
      'b,b,b',
      'cc',
      'Escaping quotes: "Title"',
      'line1\nline2',
    ]);
    expect(call('parse_csv', s('record1,a,b,c\nrecord2,x,y,z'))).toEqual(['record1', 'a', 'b', 'c']);
  });

  it('dynamic_to_json sorts property bags by key', () => {
    expect(call('dynamic_to_json', d({ b: 1, a: [2, { d: 1, c: 'x' }] }))).toBe('{"a":[2,{"c":"x","d":1}],"b":1}');
    expect(call('dynamic_to_json', d([1, 2, 3]))).toBe('[1,2,3]');
  });

  it('jaccard_index: intersection over union of distinct values', () => {
    expect(call('jaccard_index', d([1, 2, 3]), d([]))).toBe(0);
    expect(call('jaccard_index', d([0, 1]), d([0, 1]))).toBe(1);
    expect(call('jaccard_index', d([1, 2, 3]), d([2, 3, 4]))).toBe(0.5);
    expect(call('jaccard_index', d(['a', 's', 'd']), d(['f', 'd', 's', 'a']))).toBe(0.75);
  });

  it('around: numbers and datetimes', () => {
    expect(rows('print around(1.5, 1.0, 0.5), around(2.0, 1.0, 0.5)')).toEqual([[true, false]]);
    expect(rows('print around(datetime(2021-01-01 10:00), datetime(2021-01-01 10:05), 10m)')).toEqual([[true]]);
  });

  it('datetime_list_timezones lists IANA names', () => {
    const zones = call('datetime_list_timezones') as string[];
    expect(zones).toContain('Europe/Paris');
    expect(zones).toContain('UTC');
  });

  it('hash_many and hash_combine are deterministic 64-bit combinations of hash()', () => {
    const [[a, b, c, e, f]] = rows(
      'print a = hash_many("Hello", "World"), b = hash_many("Hello", "World"), c = hash_many("World", "Hello"), e = hash_combine(hash("Hello"), hash("World")), f = hash_combine(hash("World"), hash("Hello"))',
    ) as number[][];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(e).not.toBe(f);
    expect(Number.isInteger(a) && Number.isInteger(e)).toBe(true);
  });

  it('parse_ipv6_mask masks the address', () => {
    expect(call('parse_ipv6_mask', s('127.0.0.1'), l(24))).toBe('0000:0000:0000:0000:0000:ffff:7f00:0000');
    expect(call('parse_ipv6_mask', s('fe80::85d:e82c:9446:7994'), l(120))).toBe(
      'fe80:0000:0000:0000:085d:e82c:9446:7900',
    );
    expect(call('parse_ipv6_mask', s('not an ip'), l(24))).toBeNull();
  });
});

describe('metadata and tdigest ranks', () => {
  it('current_* give the documented local answers', () => {
    expect(rows('print current_database(), current_principal(), current_cluster_endpoint()')).toEqual([
      ['kqlhunt', 'localuser=kqlhunt', 'kqlhunt://localhost'],
    ]);
    expect(rows('print current_principal_is_member_of("aadgroup=group1@fabrikam.com")')).toEqual([[false]]);
    expect(rows('print current_principal_details().FQN')).toEqual([['localuser=kqlhunt']]);
  });

  it('estimate_data_size: the documented example (a long and a 10-character string)', () => {
    expect(
      rows(
        "range x from 1 to 2 step 1 | extend Text = '1234567890' | extend Size = estimate_data_size(*) | project Size",
      ),
    ).toEqual([[18], [18]]);
    expect(rows("print s = estimate_data_size('1234567890', int(1))")).toEqual([[14]]);
  });

  it('assert passes through true and fails the query with the message otherwise', () => {
    expect(rows('print assert(1 < 2, "ok")')).toEqual([[true]]);
    const res = runQuery('range x from 1 to 2 step 1 | extend a = assert(x < 2, "x too large")');
    expect(res.diagnostics.map((x) => x.code)).toContain('KQL604');
    expect(res.diagnostics.map((x) => x.message).join()).toContain('x too large');
  });

  it('rank_tdigest and percentrank_tdigest', () => {
    expect(
      rows(
        'range x from 1 to 10 step 1 | summarize t = tdigest(x) | project rank_tdigest(t, 4), percentrank_tdigest(t, 4)',
      ),
    ).toEqual([[4, 40]]);
  });
});

describe('parse_user_agent (ua-parser patterns)', () => {
  it('reads the documented browser example', () => {
    expect(
      rows(
        'print parse_user_agent("Mozilla/5.0 (Windows; U; en-US) AppleWebKit/531.9 (KHTML, like Gecko) AdobeAIR/2.5.1", "browser")',
      ),
    ).toEqual([[{ Browser: { Family: 'AdobeAIR', MajorVersion: '2', MinorVersion: '5', Patch: '1' } }]]);
  });

  it('reads the documented browser, os and device example', () => {
    const [[x]] = rows(
      'print parse_user_agent("Mozilla/5.0 (SymbianOS/9.2; U; Series60/3.1 NokiaN81-3/10.0.032 Profile/MIDP-2.0 Configuration/CLDC-1.1 ) AppleWebKit/413 (KHTML, like Gecko) Safari/4", dynamic(["browser","os","device"]))',
    ) as { Browser: unknown; OperatingSystem: unknown; Device: { Brand: string } }[][];
    expect(x!.Browser).toEqual({ Family: 'Nokia OSS Browser', MajorVersion: '3', MinorVersion: '1', Patch: '' });
    expect(x!.OperatingSystem).toEqual({
      Family: 'Symbian OS',
      MajorVersion: '9',
      MinorVersion: '2',
      Patch: '',
      PatchMinor: '',
    });
    expect(x!.Device.Brand).toBe('Nokia');
  });

  it('unknown agents are Other; an unknown target gives null', () => {
    expect(rows('print parse_user_agent("zzz", "os").OperatingSystem.Family')).toEqual([['Other']]);
    expect(rows('print isnull(parse_user_agent("zzz", "toaster"))')).toEqual([[true]]);
  });
});
