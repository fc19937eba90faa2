import { describe, expect, it } from 'vitest';
import { anyTermMatcher, stringMatcher } from '../../../src/kql/library/terms.js';
import { call, row, s } from './helpers.js';

const has = (hay: string, needle: string) => call('has', row(s(hay)), s(needle));

describe('has: Kusto term semantics', () => {
  it('matches whole terms case-insensitively', () => {
    expect(has('North America', 'america')).toBe(true);
    expect(has('Kusto: ad67d136-c1db-4f9f;KustoExplorerQueryRun', 'c1db')).toBe(true);
    expect(has('KustoExplorerQueryRun', 'kusto')).toBe(false);
    expect(has('abc', 'ab')).toBe(false);
    expect(has('xabc', 'abc')).toBe(false);
  });

  it('matches a punctuated needle as consecutive terms aligned to term boundaries', () => {
    expect(has('Servably, Inc.', 'Servably, Inc.')).toBe(true);
    expect(has('X Servably, Inc. Y', 'Servably, Inc.')).toBe(true);
    expect(has('x servably, inc. y', 'Servably, Inc.')).toBe(true);
    expect(has('NotServably, Incorporated', 'Servably, Inc.')).toBe(false);
    expect(has('Servably, Incorporated', 'Servably, Inc')).toBe(false);
  });

  it('treats leading/trailing punctuation of the needle as not needing a boundary', () => {
    expect(has('C:\\Windows\\evil.exe', '.exe')).toBe(true);
    expect(has('C:\\Windows\\evil.exec', '.exe')).toBe(false);
    expect(has('C:\\Windows\\evil.exe', '\\windows\\')).toBe(true);
  });

  it('counts non-ASCII letters as term characters', () => {
    expect(has('café noir', 'café')).toBe(true);
    expect(has('cafés', 'café')).toBe(false);
  });

  it('negated and case-sensitive forms', () => {
    expect(call('!has', row(s('North America')), s('america'))).toBe(false);
    expect(call('has_cs', row(s('North America')), s('america'))).toBe(false);
    expect(call('has_cs', row(s('North America')), s('America'))).toBe(true);
    expect(call('!has_cs', row(s('North America')), s('america'))).toBe(true);
  });

  it('works with a needle that varies per row', () => {
    expect(call('has', row(s('a b c')), row(s('B')))).toBe(true);
    expect(call('has', row(s('a b c')), row(s('bc')))).toBe(false);
  });
});

describe('hasprefix / hassuffix', () => {
  it('match at term starts and ends', () => {
    expect(call('hasprefix', row(s('North America')), s('ame'))).toBe(true);
    expect(call('hasprefix', row(s('North America')), s('eri'))).toBe(false);
    expect(call('hassuffix', row(s('North America')), s('ica'))).toBe(true);
    expect(call('hassuffix', row(s('North America')), s('ame'))).toBe(false);
    expect(call('hasprefix_cs', row(s('North America')), s('ame'))).toBe(false);
    expect(call('!hassuffix', row(s('North America')), s('ica'))).toBe(false);
  });
});

describe('contains / startswith / endswith / =~', () => {
  it('are substring tests with ordinal case folding', () => {
    expect(call('contains', row(s('FabriKam')), s('BRik'))).toBe(true);
    expect(call('contains_cs', row(s('FabriKam')), s('brik'))).toBe(false);
    expect(call('!contains', row(s('Fabrikam')), s('xyz'))).toBe(true);
    expect(call('startswith', row(s('Fabrikam')), s('fab'))).toBe(true);
    expect(call('endswith', row(s('Fabrikam')), s('KAM'))).toBe(true);
    expect(call('endswith_cs', row(s('Fabrikam')), s('KAM'))).toBe(false);
    expect(call('!startswith_cs', row(s('Fabrikam')), s('fab'))).toBe(true);
    expect(call('=~', row(s('abc')), s('ABC'))).toBe(true);
    expect(call('!~', row(s('aBc')), s('xyz'))).toBe(true);
    expect(call('=~', row(s('abc')), row(s('ABD')))).toBe(false);
  });

  it('handles characters whose case folding changes length', () => {
    expect(stringMatcher('contains', 'İstanbul', false)('xx i̇stanbul')).toBe(true);
  });

  it('converts non-string left operands to text', () => {
    expect(call('contains', { t: 'long', v: 12345 }, s('234'))).toBe(true);
  });
});

describe('has_any / has_all', () => {
  it('term-match any / all list elements', () => {
    const list = { t: 'dynamic' as const, v: ['anydesk', 'Servably, Inc.', 'teamviewer'], c: true };
    expect(call('has_any', row(s('C:\\AnyDesk\\AnyDesk.exe')), list)).toBe(true);
    expect(call('has_any', row(s('Company: Servably, Inc.')), list)).toBe(true);
    expect(call('has_any', row(s('anydesks.exe')), list)).toBe(false);
    expect(call('has_all', row(s('a b c')), { t: 'dynamic', v: ['a', 'c'], c: true })).toBe(true);
    expect(call('has_all', row(s('a b c')), { t: 'dynamic', v: ['a', 'd'], c: true })).toBe(false);
  });

  it('anyTermMatcher scans terms once for single-term needles', () => {
    const m = anyTermMatcher(['powershell', 'cmd'], false);
    expect(m('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\PowerShell.exe -enc')).toBe(true);
    expect(m('cmdline.exe')).toBe(false);
  });

  it('accepts a list computed at run time', () => {
    expect(call('has_any', row(s('x y')), { t: 'dynamic', v: ['Y'], c: false })).toBe(true);
  });
});

describe('has performance', () => {
  it('scans a 1 MB haystack quickly', () => {
    const hay = `${'abcdefgh-'.repeat(120_000)}needle`;
    const m = stringMatcher('has', 'needle', false);
    const t0 = performance.now();
    for (let k = 0; k < 20; k++) expect(m(hay)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
