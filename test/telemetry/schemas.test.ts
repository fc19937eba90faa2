import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  canonicalTableName,
  columnType,
  defenderSchema,
  knownTableNames,
  overlayCatalog,
  schemaCatalog,
  TABLE_INFO,
  TABLE_SCHEMAS,
  tableInfo,
} from '../../src/telemetry/schemas.js';
import { tmpDir } from './helpers.js';

const names = (t: string) => TABLE_SCHEMAS[t]!.columns.map((c) => c.name);

describe('generated schemas', () => {
  it('covers the Defender XDR and Sentinel tables of the shared data', () => {
    for (const t of [
      'DeviceProcessEvents',
      'DeviceNetworkEvents',
      'DeviceFileEvents',
      'DeviceRegistryEvents',
      'DeviceImageLoadEvents',
      'DeviceLogonEvents',
      'DeviceEvents',
      'DeviceFileCertificateInfo',
      'DeviceInfo',
      'DeviceNetworkInfo',
      'EmailEvents',
      'IdentityInfo',
      'AlertInfo',
      'CloudAppEvents',
      'SecurityEvent',
      'SigninLogs',
      'Syslog',
    ]) {
      expect(knownTableNames()).toContain(t);
    }
    expect(knownTableNames()).toHaveLength(26);
  });

  it('merges the Defender docs with the Sentinel copy (both time columns, version info)', () => {
    const dpe = names('DeviceProcessEvents');
    expect(dpe[0]).toBe('Timestamp');
    for (const c of [
      'ProcessVersionInfoCompanyName',
      'InitiatingProcessVersionInfoCompanyName',
      'TimeGenerated',
      'TenantId',
      'Type',
      'IsProcessRemoteSession',
    ]) {
      expect(dpe).toContain(c);
    }
    expect(new Set(dpe).size).toBe(dpe.length);
    expect(names('DeviceNetworkEvents')).toContain('InitiatingProcessVersionInfoProductName');
    expect(names('IdentityInfo')).toContain('Timestamp');
    expect(names('IdentityInfo').filter((c) => c === 'UACFlags')).toHaveLength(1);
  });

  it('normalises type names and lets dynamic win over string', () => {
    expect(columnType('DeviceProcessEvents', 'Timestamp')).toBe('datetime');
    expect(columnType('DeviceProcessEvents', 'ProcessId')).toBe('long');
    expect(columnType('DeviceProcessEvents', 'AdditionalFields')).toBe('dynamic');
    expect(columnType('DeviceInfo', 'LoggedOnUsers')).toBe('dynamic');
    expect(columnType('DeviceFileEvents', 'IsAzureInfoProtectionApplied')).toBe('bool');
    expect(columnType('CloudAppEvents', 'ActivityType')).toBe('string');
    expect(columnType('SecurityEvent', 'EventID')).toBe('int');
    expect(columnType('DeviceProcessEvents', 'NoSuchColumn')).toBeUndefined();
  });

  it('records product, connector and sources per table', () => {
    expect(tableInfo('DeviceProcessEvents')).toMatchObject({
      product: 'Defender XDR',
      connector: 'MicrosoftThreatProtection',
      timeColumn: 'Timestamp',
    });
    expect(tableInfo('EmailEvents')?.connector).toBe('MicrosoftThreatProtection');
    expect(tableInfo('CloudAppEvents')?.connector).toBe('MicrosoftThreatProtection');
    expect(tableInfo('SecurityEvent')).toMatchObject({
      product: 'Sentinel',
      connector: 'SecurityEvents',
      timeColumn: 'TimeGenerated',
    });
    expect(tableInfo('SigninLogs')?.connector).toBe('AzureActiveDirectory');
    expect(tableInfo('SecurityEvent')?.connectors).toContain('WindowsSecurityEvents');
    for (const [t, info] of Object.entries(TABLE_INFO)) {
      expect(info.sources.length, t).toBeGreaterThan(0);
      for (const s of info.sources) expect(['CC-BY-4.0', 'MIT']).toContain(s.license);
    }
    expect(tableInfo('DeviceProcessEvents')?.sentinelOnlyColumns).toEqual(
      expect.arrayContaining(['TimeGenerated', 'TenantId']),
    );
    expect(defenderSchema('DeviceProcessEvents')?.columns.map((c) => c.name)).not.toContain('TimeGenerated');
  });

  it('exposes a binder catalog, case-sensitive like Kusto', () => {
    const cat = schemaCatalog();
    expect(cat.getTable('DeviceProcessEvents')?.columns.length).toBeGreaterThan(60);
    expect(cat.getTable('deviceprocessevents')).toBeUndefined();
    expect(cat.getTable('toString')).toBeUndefined();
    expect(canonicalTableName('deviceprocessevents')).toBe('DeviceProcessEvents');
    const overlay = overlayCatalog({
      getTable: (n) => (n === 'X' ? { columns: [] } : undefined),
      tableNames: () => ['X'],
    });
    expect(overlay.getTable('X')).toEqual({ columns: [] });
    expect(overlay.getTable('DeviceInfo')).toBeDefined();
    expect(overlay.tableNames()).toContain('X');
  });

  const ROOT = fileURLToPath(new URL('../..', import.meta.url));

  it('is what scripts/gen-schemas.mjs generates from the shared data (test/fixtures/shared copy) (re-runnable, committed output up to date)', () => {
    const out = join(tmpDir(), 'schemas.generated.ts');
    execFileSync(process.execPath, ['scripts/gen-schemas.mjs', 'test/fixtures/shared/data', out], { cwd: ROOT });
    const committed = readFileSync(join(ROOT, 'src/telemetry/schemas.generated.ts'), 'utf8');
    expect(readFileSync(out, 'utf8')).toBe(committed);
  });
});
