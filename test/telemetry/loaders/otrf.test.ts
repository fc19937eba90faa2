import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDatetime } from '../../../src/kql/values.js';
import { loadTelemetry } from '../../../src/telemetry/load.js';
import { WINDOWS_EVENT_MAPPINGS } from '../../../src/telemetry/loaders/windows-mapping.js';
import { TABLE_SCHEMAS } from '../../../src/telemetry/schemas.js';
import { column, rowObject } from '../helpers.js';

const DIR = fileURLToPath(new URL('../../fixtures/shared/telemetry/otrf_sample', import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

/** Raw events counted independently of the loader. */
function rawEvents(): Record<string, unknown>[] {
  return FILES.flatMap((f) =>
    readFileSync(join(DIR, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}

describe('OTRF Security-Datasets sample (real Sysmon / Security events)', async () => {
  const { store, report } = await loadTelemetry([DIR]);
  const raw = rawEvents();
  const sysmon = (id: number) => raw.filter((e) => e.Channel === SYSMON && e.EventID === id);

  it('loads all six files with zero rejects and explains every event', () => {
    expect(report.files).toHaveLength(6);
    expect(report.totalRejects).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.skipped.map((s) => s.file.split('/').pop())).toEqual(['LICENSE']);
    const unmapped = report.files.reduce((a, f) => a + Object.values(f.unmappedEvents).reduce((x, y) => x + y, 0), 0);
    // Logons (Security 4624/4625) load into DeviceLogonEvents and SecurityEvent, Sysmon 14/19–21/26 into
    // their Defender table and WindowsEvent: one more row each.
    const twins = raw.filter(
      (e) =>
        (e.Channel === 'Security' && [4624, 4625].includes(Number(e.EventID))) ||
        (e.Channel === SYSMON && [14, 19, 20, 21, 26].includes(Number(e.EventID))),
    ).length;
    expect(report.totalRows + unmapped).toBe(raw.length + twins);
    expect(unmapped).toBe(0);
    for (const f of report.files) expect(f.unknownColumns).toEqual({});
  });

  it('has one DeviceProcessEvents row per Sysmon EventID 1', () => {
    expect(sysmon(1).length).toBe(16);
    expect(store.rowCount('DeviceProcessEvents')).toBe(sysmon(1).length);
    expect(store.rowCount('DeviceNetworkEvents')).toBe(sysmon(3).length);
    expect(store.rowCount('DeviceImageLoadEvents')).toBe(sysmon(7).length);
    expect(store.rowCount('DeviceFileEvents')).toBe(sysmon(11).length + sysmon(23).length);
    expect(store.rowCount('DeviceLogonEvents')).toBe(
      raw.filter((e) => e.Channel === 'Security' && e.EventID === 4624).length,
    );
  });

  it('maps process fields as Defender names them (spot check against the raw event)', () => {
    const ev = sysmon(1).find((e) => String(e.Image).endsWith('bitsadmin.exe'))!;
    const t = store.getTable('DeviceProcessEvents')!;
    const r = column(t, 'ProcessCommandLine').indexOf(ev.CommandLine);
    expect(r).toBeGreaterThanOrEqual(0);
    const row = rowObject(t, r);
    expect(row).toMatchObject({
      ActionType: 'ProcessCreated',
      FileName: 'bitsadmin.exe',
      FolderPath: ev.Image,
      ProcessVersionInfoCompanyName: ev.Company,
      ProcessVersionInfoProductName: ev.Product,
      ProcessVersionInfoOriginalFileName: ev.OriginalFileName,
      ProcessVersionInfoFileDescription: ev.Description,
      InitiatingProcessFileName: 'cmd.exe',
      InitiatingProcessFolderPath: ev.ParentImage,
      InitiatingProcessCommandLine: ev.ParentCommandLine,
      ProcessId: Number(ev.ProcessId),
      InitiatingProcessId: Number(ev.ParentProcessId),
      AccountDomain: 'WORKSTATION5',
      AccountName: 'wardog',
      ProcessIntegrityLevel: 'High',
      DeviceName: 'workstation5',
      Timestamp: parseDatetime(String(ev.UtcTime)),
    });
    const sha1 = /SHA1=([0-9A-F]+)/.exec(String(ev.Hashes))![1]!.toLowerCase();
    expect(row.SHA1).toBe(sha1);
    expect(String(row.SHA256)).toMatch(/^[0-9a-f]{64}$/);
    expect(String(row.DeviceId)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('maps network connections and DNS queries', () => {
    const net = store.getTable('DeviceNetworkEvents')!;
    const ev = sysmon(3).find((e) => e.Initiated === 'true')!;
    const r = column(net, 'RemoteIP').indexOf(ev.DestinationIp);
    expect(rowObject(net, r)).toMatchObject({
      ActionType: 'ConnectionSuccess',
      RemotePort: Number(ev.DestinationPort),
      LocalIP: ev.SourceIp,
      Protocol: String(ev.Protocol).charAt(0).toUpperCase() + String(ev.Protocol).slice(1),
      InitiatingProcessFolderPath: ev.Image,
    });
    const dns = store.getTable('DeviceEvents')!;
    const names = column(dns, 'ActionType');
    expect(names.filter((a) => a === 'DnsQueryResponse').length).toBe(sysmon(22).length);
    const q = names.indexOf('DnsQueryResponse');
    expect(rowObject(dns, q).AdditionalFields).toMatchObject({ DnsQueryString: column(dns, 'RemoteUrl')[q] });
  });

  it('maps registry value sets with the hive expanded', () => {
    const reg = store.getTable('DeviceRegistryEvents')!;
    const keys = column(reg, 'RegistryKey') as string[];
    const actions = column(reg, 'ActionType');
    expect(actions.filter((a) => a === 'RegistryValueSet').length).toBe(sysmon(13).length);
    expect(keys.every((k) => k === '' || k.startsWith('HKEY_'))).toBe(true);
  });

  it('every mapping targets real columns of its table', () => {
    for (const m of WINDOWS_EVENT_MAPPINGS) {
      const cols = new Set(TABLE_SCHEMAS[m.table]!.columns.map((c) => c.name));
      for (const c of Object.keys(m.columns)) expect(cols.has(c), `${m.table}.${c}`).toBe(true);
    }
  });
});
