/** Target pieces without a server: addresses, cell conversion, ISO durations, capability checks, failure classes. */
import { describe, expect, it } from 'vitest';
import { tableRows } from '../../src/kql/exec/table.js';
import { parseDatetime } from '../../src/kql/values.js';
import { parseTargetAddress } from '../../src/targets/address.js';
import { targetDiagnostics } from '../../src/targets/capabilities.js';
import { remoteTable, remoteType } from '../../src/targets/cells.js';
import { isoDuration } from '../../src/targets/defender.js';
import { classify } from '../../src/targets/failures.js';
import { createMergeCommand } from '../../src/targets/push.js';

describe('target addresses', () => {
  it('parses each scheme and refuses what is not one', () => {
    expect(parseTargetAddress('adx://https://c.westeurope.kusto.windows.net/Security')).toMatchObject({
      ok: true,
      value: { kind: 'adx', cluster: 'https://c.westeurope.kusto.windows.net', database: 'Security', loopback: false },
    });
    expect(parseTargetAddress('adx://c.kusto.windows.net/db')).toMatchObject({
      value: { cluster: 'https://c.kusto.windows.net' },
    });
    expect(parseTargetAddress('adx://http://127.0.0.1:8080/NetDefaultDB')).toMatchObject({ value: { loopback: true } });
    expect(parseTargetAddress('la://11111111-2222-3333-4444-555555555555')).toMatchObject({
      value: { kind: 'log-analytics', endpoint: 'https://api.loganalytics.io' },
    });
    expect(parseTargetAddress('defender://?endpoint=https://graph.microsoft.us')).toMatchObject({
      value: { kind: 'defender', endpoint: 'https://graph.microsoft.us' },
    });
    expect(parseTargetAddress('sentinel://sub/rg/ws')).toMatchObject({
      value: { kind: 'sentinel', subscription: 'sub', resourceGroup: 'rg', workspace: 'ws' },
    });
    for (const bad of [
      'adx://cluster-only',
      'la://not-a-guid!',
      'sentinel://a/b',
      'ftp://x',
      'nonsense',
      'defender://x',
    ])
      expect(parseTargetAddress(bad).ok, bad).toBe(false);
  });
});

describe('remote cells', () => {
  it('maps every spelling of a type and converts cells, never throwing on bad ones', () => {
    expect(['datetime', 'DateTime', 'System.DateTime'].map(remoteType)).toEqual(['datetime', 'datetime', 'datetime']);
    expect(['Int64', 'int', 'Double', 'Boolean', 'Object', 'Guid', 'TimeSpan', undefined].map(remoteType)).toEqual([
      'long',
      'int',
      'real',
      'bool',
      'dynamic',
      'guid',
      'timespan',
      'dynamic',
    ]);
    const t = remoteTable(
      [
        { name: 'T', type: 'DateTime' },
        { name: 'N', type: 'Int64' },
        { name: 'D', type: 'dynamic' },
        { name: 'S', type: 'string' },
      ],
      [
        ['2024-05-01T10:00:00Z', 3, '{"a":1}', 'x'],
        [new Date('2024-05-01T11:00:00Z'), 'not a number', null, null],
        { T: 'garbage', N: 7, D: [1, 2], S: 'obj' },
      ],
    );
    expect(tableRows(t)).toEqual([
      [parseDatetime('2024-05-01T10:00:00Z'), 3, { a: 1 }, 'x'],
      [parseDatetime('2024-05-01T11:00:00Z'), null, null, ''],
      [null, 7, [1, 2], 'obj'],
    ]);
  });

  it('writes ISO 8601 durations for Defender Timespan', () => {
    const day = 864_000_000_000n;
    expect(isoDuration(5n * day)).toBe('P5D');
    expect(isoDuration(day + 36_000_000_000n)).toBe('P1DT1H');
    expect(isoDuration(300n * day)).toBe('P30D');
  });

  it('builds .create-merge table commands with quoted names', () => {
    expect(createMergeCommand("Odd'Name", [{ name: 'Timestamp', type: 'datetime' }])).toBe(
      ".create-merge table ['Odd\\'Name'] (['Timestamp']:datetime)",
    );
  });
});

describe('what a target lacks', () => {
  it('refuses a Defender-only function on ADX, accepts it on Defender, warns on foreign tables', () => {
    const q = 'DeviceFileEvents | invoke FileProfile(SHA1, 1000)';
    const adx = targetDiagnostics('adx', 'adx://c/db', q);
    expect(adx.map((d) => [d.code, d.severity])).toEqual([['KQL501', 'error']]);
    expect(adx[0]!.message).toContain('exists only in Microsoft Defender XDR');
    expect(targetDiagnostics('defender', 'defender://', q).filter((d) => d.severity === 'error')).toEqual([]);
    const watch = targetDiagnostics('defender', 'defender://', "_GetWatchlist('vip') | take 1");
    expect(watch.some((d) => d.severity === 'error' && d.message.includes('_GetWatchlist'))).toBe(true);
    expect(targetDiagnostics('log-analytics', 'la://x', 'print 1')).toEqual([]);
    expect(
      targetDiagnostics('adx', 'adx://c/db', 'DeviceProcessEvents | where').some((d) => d.severity === 'error'),
    ).toBe(true);
  });
});

describe('SDK errors → one failure class', () => {
  it('reads statuses and network codes from nested SDK errors', () => {
    expect(classify(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'a').kind).toBe('connection');
    expect(classify({ message: 'x', response: { status: 401 } }, 'a').kind).toBe('auth');
    expect(classify({ name: 'ThrottlingError', message: 'x' }, 'a').kind).toBe('throttled');
    expect(
      classify({ message: 'x', statusCode: 400, body: '{"error":{"message":"Syntax error"}}' }, 'a'),
    ).toMatchObject({
      kind: 'query',
      message: 'Syntax error',
    });
    expect(classify({ message: 'x', cause: { code: 'ENOTFOUND' } }, 'a').kind).toBe('connection');
    expect(classify({ message: 'x', statusCode: 503 }, 'a').kind).toBe('protocol');
  });
});
