import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defenderSchema } from '../../../src/telemetry/schemas.js';
import { generateSmall, type JsonRow, readNdjson, removeFleet, TABLES } from './helpers.js';

/**
 * Columns that real telemetry leaves empty in most rows: remote-session details (only RDP / remote
 * sessions), previous values (renames, overwrites), SMB request details (file servers), labels,
 * AdditionalFields, merge/exclusion/host ids, App Guard containers, failure reasons. They must still
 * be filled somewhere, except AppGuardContainerId and the merge/exclusion/host ids, which the fleet
 * has no use for (no Application Guard, no merged or excluded devices, no VM hosts onboarded).
 */
const SPARSE = new Set([
  // Logons are initiated by lsass / winlogon under SYSTEM, which has no UPN or Entra object id.
  'DeviceLogonEvents.InitiatingProcessAccountUpn',
  'DeviceLogonEvents.InitiatingProcessAccountObjectId',
  'AppGuardContainerId',
  'AdditionalFields',
  'InitiatingProcessRemoteSessionDeviceName',
  'InitiatingProcessRemoteSessionIP',
  'ProcessRemoteSessionDeviceName',
  'ProcessRemoteSessionIP',
  'PreviousFolderPath',
  'PreviousFileName',
  'PreviousRegistryKey',
  'PreviousRegistryValueName',
  'PreviousRegistryValueData',
  'FileOriginUrl',
  'FileOriginReferrerUrl',
  'FileOriginIP',
  'RequestSourceIP',
  'RequestSourcePort',
  'ShareName',
  'SensitivityLabel',
  'SensitivitySubLabel',
  'FailureReason',
  'RemoteDeviceName',
  'MergedDeviceIds',
  'MergedToDeviceId',
  'ExclusionReason',
  'HostDeviceId',
]);
const ALWAYS_EMPTY = new Set([
  // Defender fills AdditionalFields of process and network rows only for some event kinds; its content is not modelled.
  'DeviceProcessEvents.AdditionalFields',
  'DeviceNetworkEvents.AdditionalFields',
  'AppGuardContainerId',
  'MergedDeviceIds',
  'MergedToDeviceId',
  'ExclusionReason',
  'HostDeviceId',
  'SensitivitySubLabel',
  // The fleet is on-premises: no cloud resource behind a device.
  'AzureResourceId',
  'AwsResourceName',
  'GcpFullResourceName',
]);

function filled(v: unknown): boolean {
  return v !== null && v !== undefined && v !== '';
}

describe('generated tables populate their schema columns', () => {
  const data = new Map<string, JsonRow[]>();
  let dir: string | undefined;
  beforeAll(async () => {
    ({ dir } = await generateSmall({ devices: 30, events: 10_000, days: 3 }));
    for (const t of TABLES) data.set(t, readNdjson(dir, t));
  });
  afterAll(() => removeFleet(dir));

  for (const table of TABLES) {
    it(`${table}: every column present, and filled in most rows unless naturally sparse`, () => {
      const rows = data.get(table)!;
      expect(rows.length).toBeGreaterThan(20);
      const columns = defenderSchema(table)!.columns.map((c) => c.name);
      expect(Object.keys(rows[0]!)).toEqual(columns);
      const problems: string[] = [];
      for (const c of columns) {
        const n = rows.filter((r) => filled(r[c])).length;
        if (ALWAYS_EMPTY.has(c) || ALWAYS_EMPTY.has(`${table}.${c}`)) continue;
        if (n === 0) problems.push(`${c}: never filled`);
        else if (!SPARSE.has(c) && !SPARSE.has(`${table}.${c}`) && n < rows.length * 0.5)
          problems.push(`${c}: filled in ${n}/${rows.length}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('keeps DeviceId / DeviceName consistent per device and ReportId unique per device', () => {
    const nameOf = new Map<string, string>();
    const seen = new Set<string>();
    for (const t of TABLES) {
      for (const r of data.get(t)!) {
        const id = r.DeviceId as string;
        expect(id).toMatch(/^[0-9a-f]{40}$/);
        const name = nameOf.get(id) ?? (r.DeviceName as string);
        expect(r.DeviceName).toBe(name);
        nameOf.set(id, name);
        const key = `${id}|${r.ReportId}`;
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
    }
    expect(nameOf.size).toBe(30);
  });

  it('gives one binary the same hashes everywhere', () => {
    const byPath = new Map<string, string>();
    for (const r of data.get('DeviceProcessEvents')!) {
      const key = `${r.FolderPath}|${r.ProcessVersionInfoProductVersion}`;
      const hashes = `${r.SHA1}|${r.SHA256}|${r.MD5}`;
      expect(byPath.get(key) ?? hashes, key).toBe(hashes);
      byPath.set(key, hashes);
    }
    expect(byPath.size).toBeGreaterThan(10);
  });

  it('follows a diurnal pattern: workstation user activity peaks in working hours', () => {
    const hours = new Array(24).fill(0) as number[];
    for (const r of data.get('DeviceProcessEvents')!) {
      if (r.InitiatingProcessFileName !== 'explorer.exe') continue;
      hours[new Date(r.Timestamp as string).getUTCHours()]!++;
    }
    const sorted = [...hours].sort((x, y) => x - y);
    // The busiest hour sees several times the quietest: activity is not uniform over the day.
    expect(sorted[23]!).toBeGreaterThan(sorted[0]! * 4 + 5);
  });
});
