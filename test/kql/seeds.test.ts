/**
 * The two seed rules on a hand-written fixture: exactly the rows a reader of the query expects.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runQuery } from '../../src/kql/engine.js';
import { MapTableProvider, tableFromRows, tableRows } from '../../src/kql/exec/table.js';
import type { KqlValue } from '../../src/kql/types.js';
import { formatDatetime, parseDatetime } from '../../src/kql/values.js';
import { TABLE_SCHEMAS } from '../../src/telemetry/schemas.js';

const NOW = parseDatetime('2026-06-01T12:00:00Z')!;
const dt = (s: string) => parseDatetime(s)!;

/** Extracts the KQL query of a seed file (the block after the "KQL Query" line). */
function seedQuery(file: string): string {
  const text = readFileSync(new URL(`../fixtures/shared/seeds/${file}`, import.meta.url), 'utf8');
  const start = text.indexOf('let Time_start');
  const end = text.indexOf('\nid:', start);
  const block = text.slice(start, end === -1 ? undefined : end);
  // seed 001 repeats the query in the YAML; take the first copy, up to the summarize's last line.
  const lines = block.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    out.push(line);
    if (/Count=count\(\) by/.test(line)) {
      const next = lines[lines.indexOf(line) + 1] ?? '';
      if (/^\s+RemoteUrl\s*$/.test(next)) out.push(next);
      break;
    }
  }
  return out.join('\n');
}

function table(name: string, rows: Record<string, KqlValue>[]) {
  const schema = TABLE_SCHEMAS[name]!;
  return tableFromRows(
    schema.columns,
    rows.map((r) => schema.columns.map((c) => (c.name in r ? r[c.name]! : c.type === 'string' ? '' : null))),
  );
}

function proc(device: string, ts: string, company: string, product: string, report: number): Record<string, KqlValue> {
  return {
    Timestamp: dt(ts),
    DeviceId: `id-${device}`,
    DeviceName: `${device}.contoso.local`,
    ProcessVersionInfoCompanyName: company,
    ProcessVersionInfoProductName: product,
    ReportId: report,
    FileName: 'Syncro.Service.Runner.exe',
  };
}

function net(device: string, ts: string, url: string, company: string, report: number): Record<string, KqlValue> {
  return {
    Timestamp: dt(ts),
    DeviceId: `id-${device}`,
    DeviceName: `${device}.contoso.local`,
    RemoteUrl: url,
    InitiatingProcessVersionInfoCompanyName: company,
    ReportId: report,
  };
}

const provider = new MapTableProvider([
  [
    'DeviceProcessEvents',
    table('DeviceProcessEvents', [
      proc('alpha', '2026-05-31T10:00:00Z', 'Servably, Inc.', 'Syncro', 11),
      proc('alpha', '2026-06-01T09:30:00.1234567Z', 'Servably, Inc.', 'Syncro Agent', 12),
      proc('bravo', '2026-05-31T11:00:00Z', 'NotServably, Incorporated', 'Syncro', 21),
      proc('charlie', '2026-05-20T11:00:00Z', 'Servably, Inc.', 'Syncro', 31),
      proc('delta', '2026-05-30T11:00:00Z', 'Servably, Inc.', 'SyncroMSP', 41),
      proc('echo', '2026-05-29T08:00:00Z', 'X Servably, Inc. Y', 'Syncro', 51),
      proc('foxtrot', '2026-05-29T08:00:00Z', 'Microsoft Corporation', 'Windows', 61),
    ]),
  ],
  [
    'DeviceNetworkEvents',
    table('DeviceNetworkEvents', [
      net('alpha', '2026-05-31T10:00:05Z', 'https://admin.syncromsp.com/api', 'Servably, Inc.', 101),
      net('alpha', '2026-05-31T10:05:05Z', 'https://admin.syncromsp.com/api', 'Servably, Inc.', 102),
      net('alpha', '2026-05-31T10:06:00Z', 'rmm.syncroapi.com', 'Servably, Inc.', 103),
      net('bravo', '2026-05-31T10:00:00Z', 'syncromsp.com.evil.example', 'Google LLC', 201),
      net('charlie', '2026-05-31T10:00:00Z', 'notsyncromsp.com', 'Servably, Inc.', 301),
      net('delta', '2026-05-10T10:00:00Z', 'servably.com', 'Servably, Inc.', 401),
    ]),
  ],
]);

function run(query: string) {
  const { result, diagnostics } = runQuery(query, { provider, now: NOW });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result).toBeDefined();
  return {
    columns: result!.schema.columns.map((c) => c.name),
    rows: tableRows(result!.table).map((r) => r.map((v) => (typeof v === 'bigint' ? formatDatetime(v) : v))),
  };
}

describe('seed rules on a hand-written fixture', () => {
  it('SyncroMSP Create Process finds exactly the devices with Servably/Syncro processes in the last 5 days', () => {
    const out = run(seedQuery('000_6cde151ef4c3c638.txt'));
    expect(out.columns).toEqual(['DeviceId', 'DeviceName', 'FirstSeen', 'LastSeen', 'Report', 'Count']);
    const rows = out.rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(rows).toEqual([
      ['id-alpha', 'alpha.contoso.local', '2026-05-31T10:00:00.0000000Z', '2026-06-01T09:30:00.1234567Z', [11, 12], 2],
      ['id-echo', 'echo.contoso.local', '2026-05-29T08:00:00.0000000Z', '2026-05-29T08:00:00.0000000Z', [51], 1],
    ]);
  });

  it('SyncroMSP Network Connection summarises per device and URL', () => {
    const out = run(seedQuery('001_0cbf38db32753cc7.txt'));
    expect(out.columns).toEqual(['DeviceId', 'DeviceName', 'RemoteUrl', 'FirstSeen', 'LastSeen', 'Report', 'Count']);
    const rows = out.rows.sort((a, b) => String(a[2]).localeCompare(String(b[2])));
    expect(rows).toEqual([
      [
        'id-alpha',
        'alpha.contoso.local',
        'https://admin.syncromsp.com/api',
        '2026-05-31T10:00:05.0000000Z',
        '2026-05-31T10:05:05.0000000Z',
        [101, 102],
        2,
      ],
      [
        'id-alpha',
        'alpha.contoso.local',
        'rmm.syncroapi.com',
        '2026-05-31T10:06:00.0000000Z',
        '2026-05-31T10:06:00.0000000Z',
        [103],
        1,
      ],
    ]);
  });

  it("matches 'Servably, Inc.' on term boundaries only", () => {
    const q = `datatable(s:string) ['Servably, Inc.', 'NotServably, Incorporated', 'servably, inc.', 'Servably,Inc.', 'Servably, Inc', 'a Servably, Inc. b']
      | where s has 'Servably, Inc.'`;
    // A needle with punctuation matches as a case-insensitive substring that starts and ends on
    // term boundaries; its punctuation must be there literally.
    expect(run(q).rows.map((r) => r[0])).toEqual(['Servably, Inc.', 'servably, inc.', 'a Servably, Inc. b']);
  });
});
