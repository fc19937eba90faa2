import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../../src/hunts/index.js';
import { ruleDialect } from '../../src/rules/dialect.js';
import { schemaCatalog } from '../../src/telemetry/schemas.js';

const DIR = fileURLToPath(new URL('../fixtures/rules/sentinel-la/', import.meta.url));

describe('rule dialect', () => {
  it('tells Defender XDR, Sentinel, either and mixed apart, with reasons', () => {
    expect(ruleDialect('DeviceProcessEvents | where Timestamp > ago(1d) | take 1')).toEqual({
      dialect: 'either',
      reasons: [],
    });
    const tg = ruleDialect('DeviceProcessEvents | where TimeGenerated > ago(1d) | project TenantId');
    expect(tg.dialect).toBe('Sentinel');
    expect(tg.reasons[0]).toMatch(/TenantId, TimeGenerated: only the Sentinel copy of DeviceProcessEvents/);
    expect(ruleDialect('SigninLogs | take 1').dialect).toBe('Sentinel');
    expect(ruleDialect('MyApp_CL | take 1').dialect).toBe('Sentinel');
    expect(ruleDialect('_GetWatchlist("x") | take 1').dialect).toBe('Sentinel');
    expect(ruleDialect('DeviceTvmSoftwareEvidenceBeta | take 1').dialect).toBe('Defender XDR');
    expect(ruleDialect('DeviceFileEvents | invoke FileProfile(SHA1)').dialect).toBe('Defender XDR');
    expect(
      ruleDialect('AADSignInEventsBeta | join (SigninLogs) on $left.AccountUpn == $right.UserPrincipalName').dialect,
    ).toBe('mixed');
    // A name the query defines itself is not the Sentinel column.
    expect(ruleDialect('DeviceProcessEvents | extend T = Timestamp | project T').dialect).toBe('either');
  });

  it('lints Sentinel rules for Log Analytics tables without "unknown table", and names their dialect', async () => {
    const report = await lintPaths([DIR], schemaCatalog());
    expect(report.rules).toBe(10);
    expect(report.problems.filter((p) => p.level === 'error')).toEqual([]);
    expect(report.problems.map((p) => p.code)).not.toContain('KQL301');
    const byName = Object.fromEntries(report.dialects.map((d) => [d.ruleName, d.dialect]));
    for (const name of [
      'MFA denied by the user, then a sign-in from the same address',
      'Credentials added to an application',
      'Failed logons from one address against many accounts',
      'Inbox rule that deletes or moves mail',
      'Role assignment created in a subscription',
      'Firewall denies many outbound connections from one host',
      'Failed sudo attempts on a Linux host',
      'Encoded PowerShell (Sentinel dialect on a Defender table)',
    ]) {
      expect(byName[name], name).toBe('Sentinel');
    }
    expect(byName['Devices with AnyDesk installed (Defender XDR only)']).toBe('Defender XDR');
    expect(byName['Encoded PowerShell (runs in both products)']).toBe('either');
  });
});
