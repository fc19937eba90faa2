/**
 * Both dialects on both exports, end to end through the CLI: a rule written with TimeGenerated (the
 * Sentinel dialect) runs on a Defender XDR export that has only Timestamp, and a Timestamp rule on
 * a Sentinel export that has only TimeGenerated.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-dialects-'));
const defenderExport = join(dir, 'DeviceProcessEvents.csv');
writeFileSync(
  defenderExport,
  [
    'Timestamp,DeviceName,FileName,ProcessCommandLine,AccountName',
    '2024-05-01T10:00:00Z,pc1,powershell.exe,powershell.exe -enc SQBFAFgA,alice',
    '2024-05-01T11:00:00Z,pc2,cmd.exe,cmd.exe /c dir,bob',
    '2024-04-20T09:00:00Z,pc3,powershell.exe,powershell.exe -enc AAAA,carol',
  ].join('\r\n'),
);
const sentinelExport = join(dir, 'sentinel.ndjson');
writeFileSync(
  sentinelExport,
  [
    {
      Type: 'DeviceProcessEvents',
      TimeGenerated: '2024-05-01T10:00:00Z',
      DeviceName: 'pc1',
      FileName: 'powershell.exe',
      TenantId: 't1',
    },
    {
      Type: 'DeviceProcessEvents',
      TimeGenerated: '2024-04-01T10:00:00Z',
      DeviceName: 'pc9',
      FileName: 'powershell.exe',
      TenantId: 't1',
    },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n'),
);

describe('dialects on exports', () => {
  it('runs a TimeGenerated rule on a Defender export (Timestamp only)', () => {
    const q =
      'DeviceProcessEvents | where TimeGenerated > ago(1d) and ProcessCommandLine has "-enc" | project TimeGenerated, DeviceName';
    const r = runCli(['query', q, '--data', defenderExport, '--now', '2024-05-01T12:00:00Z', '--format', 'json']);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows).toEqual([['2024-05-01T10:00:00.0000000Z', 'pc1']]);
  });

  it('runs a Timestamp rule on a Sentinel export of a Defender table (TimeGenerated only)', () => {
    const q = 'DeviceProcessEvents | where Timestamp > ago(1d) | project Timestamp, DeviceName, TenantId';
    const r = runCli(['query', q, '--data', sentinelExport, '--now', '2024-05-01T12:00:00Z', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows).toEqual([['2024-05-01T10:00:00.0000000Z', 'pc1', 't1']]);
  });

  it('hunts with a Sentinel-dialect rule file on a Defender export', () => {
    const rule = join(dir, 'rule.yaml');
    writeFileSync(
      rule,
      'id: 0b4f3a51-7c1e-4d2a-9d0b-1a2b3c4d5eff\nname: Encoded PowerShell\ndescription: d\nquery: |\n  DeviceProcessEvents\n  | where TimeGenerated > ago(1d)\n  | where ProcessCommandLine has "-enc"\n  | summarize n = count() by DeviceName\n',
    );
    const r = runCli([
      'hunt',
      '--rules',
      rule,
      '--data',
      defenderExport,
      '--now',
      'auto',
      '--no-store',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1); // findings
    expect(r.stdout).toContain('pc1');
    expect(r.stdout).not.toContain('pc3');
  });

  it('rules lint names the dialect of each rule and counts them', () => {
    const r = runCli(['rules', 'lint', 'test/fixtures/rules/sentinel-la']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('KQL301');
    expect(r.stdout).toMatch(
      /signin-mfa-denied\.yaml: dialect Sentinel \(SigninLogs is a Log Analytics \/ Sentinel table\.\)/,
    );
    expect(r.stdout).toContain('10 rule(s) checked: 0 error(s), 0 warning(s); dialects: ');
    expect(r.stdout).toContain('8 Sentinel');
    expect(r.stdout).toContain('1 Defender XDR');
    expect(r.stdout).toContain('1 either');
    const json = JSON.parse(runCli(['rules', 'lint', 'test/fixtures/rules/sentinel-la', '--format', 'json']).stdout);
    expect(json.dialects).toHaveLength(10);
  });
});
