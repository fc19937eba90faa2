import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  canonicalTableName,
  columnTwins,
  columnType,
  defenderSchema,
  isTableWithoutSchema,
  knownTableNames,
  overlayCatalog,
  schemaCatalog,
  TABLE_INFO,
  TABLE_SCHEMAS,
  tableInfo,
  tableSchema,
} from '../../src/telemetry/schemas.js';
import { tmpDir } from './helpers.js';

const names = (t: string) => TABLE_SCHEMAS[t]!.columns.map((c) => c.name);

describe('generated schemas', () => {
  const CATALOG = fileURLToPath(new URL('../fixtures/shared/data/schemas/catalog/', import.meta.url));
  const catalogFiles = readdirSync(CATALOG).filter((f) => f.endsWith('.json') && f !== 'index.json');

  it('covers every table of the schema catalog: Defender XDR, Log Analytics and both', () => {
    expect(catalogFiles.length).toBe(762);
    expect(knownTableNames()).toHaveLength(catalogFiles.length);
    for (const f of catalogFiles) expect(tableSchema(f.replace(/\.json$/, '')), f).toBeDefined();
    for (const t of [
      'DeviceProcessEvents',
      'DeviceRegistryEvents',
      'DeviceTvmSoftwareVulnerabilities',
      'IdentityDirectoryEvents',
      'EmailPostDeliveryEvents',
      'SecurityEvent',
      'SigninLogs',
      'AuditLogs',
      'OfficeActivity',
      'AzureActivity',
      'CommonSecurityLog',
      'Syslog',
      'ThreatIntelligenceIndicator',
      'AADNonInteractiveUserSignInLogs',
    ]) {
      expect(knownTableNames()).toContain(t);
    }
    const byProduct: Record<string, number> = {};
    for (const info of Object.values(TABLE_INFO)) byProduct[info.product] = (byProduct[info.product] ?? 0) + 1;
    expect(byProduct).toEqual({ 'Defender XDR': 22, both: 43, 'Log Analytics': 697 });
    // Every catalog column, plus the 8 alternative spellings kept as columns of their own.
    const catalogColumns = catalogFiles.reduce(
      (n, f) => n + (JSON.parse(readFileSync(join(CATALOG, f), 'utf8')) as { columns: unknown[] }).columns.length,
      0,
    );
    const columns = Object.values(TABLE_SCHEMAS).reduce((n, t) => n + t.columns.length, 0);
    const aliases = Object.values(TABLE_INFO).reduce((n, i) => n + Object.keys(i.columnAliases).length, 0);
    expect(aliases).toBe(8);
    expect(columns).toBe(catalogColumns + aliases);
    // Names the Azure Monitor reference lists without columns are known to exist, not unknown.
    expect(isTableWithoutSchema('CrowdStrikeDetections')).toBe(true);
    expect(isTableWithoutSchema('DeviceProcessEvents')).toBe(false);
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

  it('records product, time columns, connector and sources per table', () => {
    expect(tableInfo('DeviceProcessEvents')).toMatchObject({
      product: 'both',
      connector: 'MicrosoftThreatProtection',
      timeColumn: 'Timestamp',
      sentinelTimeColumn: 'TimeGenerated',
    });
    expect(tableInfo('AADSignInEventsBeta')).toMatchObject({ product: 'Defender XDR', timeColumn: 'Timestamp' });
    expect(tableInfo('AADSignInEventsBeta')?.sentinelTimeColumn).toBeUndefined();
    expect(tableInfo('EmailEvents')?.connector).toBe('MicrosoftThreatProtection');
    expect(tableInfo('SecurityEvent')).toMatchObject({
      product: 'Log Analytics',
      connector: 'SecurityEvents',
      timeColumn: 'TimeGenerated',
    });
    expect(tableInfo('SigninLogs')?.connector).toBe('AzureActiveDirectory');
    expect(tableInfo('SecurityEvent')?.connectors).toContain('WindowsSecurityEvents');
    // A table no connector list names has none, rather than a guess.
    expect(tableInfo('AACAudit')?.connector).toBeUndefined();
    expect(tableInfo('AzureDiagnostics')?.timeColumn).toBe('endTime_t');
    expect(tableInfo('DeviceTvmSoftwareEvidenceBeta')?.timeColumn).toBeUndefined();
    for (const [t, info] of Object.entries(TABLE_INFO)) {
      expect(info.sources.length, t).toBeGreaterThan(0);
      for (const s of info.sources) expect(['CC-BY-4.0', 'MIT']).toContain(s.license);
    }
    expect(tableInfo('DeviceProcessEvents')?.sources.map((s) => s.id)).toEqual([
      'defender-docs',
      'azure-monitor-ref',
      'azure-sentinel-customtables',
    ]);
    expect(tableInfo('DeviceProcessEvents')?.sentinelOnlyColumns).toEqual(
      expect.arrayContaining(['TimeGenerated', 'TenantId', 'MachineGroup', '_BilledSize']),
    );
    expect(tableInfo('SigninLogs')?.sentinelOnlyColumns).toEqual([]);
    expect(defenderSchema('DeviceProcessEvents')?.columns.map((c) => c.name)).not.toContain('TimeGenerated');
    expect(defenderSchema('IdentityInfo')?.columns.map((c) => c.name)).not.toContain('AccountUPN');
    expect(tableInfo('IdentityInfo')?.columnAliases).toMatchObject({ AccountUPN: 'AccountUpn' });
    expect(columnTwins('DeviceProcessEvents')).toEqual([['Timestamp', 'TimeGenerated']]);
    expect(columnTwins('IdentityInfo')).toContainEqual(['AccountUpn', 'AccountUPN']);
    expect(columnTwins('SigninLogs')).toEqual([]);
  });

  it('exposes a binder catalog, case-sensitive like Kusto', () => {
    const cat = schemaCatalog();
    expect(cat.getTable('DeviceProcessEvents')?.columns.length).toBeGreaterThan(60);
    expect(cat.getTable('deviceprocessevents')).toBeUndefined();
    expect(cat.getTable('toString')).toBeUndefined();
    expect(cat.cloudOnlyTable?.('CrowdStrikeDetections')).toContain('Log Analytics');
    expect(cat.cloudOnlyTable?.('DeviceProcessEvents')).toBeUndefined();
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
