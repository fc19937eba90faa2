/**
 * The Windows fixtures (test/fixtures/windows/<category>/): every Sigma category's match and near
 * miss, as .evtx, evtx_dump-style JSON and flat JSON, loads into its Defender table and ActionType
 * with the right columns; and the committed files are what the generator writes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isoTicks } from '../../../src/telemetry/io/iso-ticks.js';
import { loadTelemetry } from '../../../src/telemetry/load.js';
import { fixtureFiles } from '../../helpers/windows-fixture-files.js';
import {
  CATEGORY_FIXTURES,
  CHANNEL_FIXTURES,
  type FixtureEvent,
  WMI_SUBSCRIPTION,
} from '../../helpers/windows-fixtures.js';
import { rowObject } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../fixtures/windows/', import.meta.url));
const FORMATS = ['evtx', 'dump.json', 'flat.json'] as const;

async function expectLoads(path: string, events: readonly FixtureEvent[]) {
  const { store, report } = await loadTelemetry([path]);
  expect(report.totalRejects, path).toBe(0);
  expect(report.files[0]!.unmappedEvents, path).toEqual({});
  expect(report.files[0]!.kind, path).toBe('windows-events');
  expect(report.files[0]!.unknownColumns, path).toEqual({});
  // Sysmon 14, 19–21 and 26 load into WindowsEvent too (their Sigma categories read it there).
  const twins = events.filter((e) => [14, 19, 20, 21, 26].includes(e.eventId));
  expect(report.totalRows, path).toBe(events.length + twins.length);
  const we = store.getTable('WindowsEvent');
  expect(we?.rowCount ?? 0, path).toBe(twins.length);
  twins.forEach((e, i) => {
    const row = rowObject(we!, i);
    expect(row, path).toMatchObject({
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      EventID: e.eventId,
      Computer: 'ws01.corp.local',
      TimeGenerated: isoTicks(e.time),
    });
    expect(JSON.parse(JSON.stringify(row.EventData)).User ?? '', path).toBe(String(e.data.User ?? ''));
  });
  events.forEach((e, i) => {
    const table = store.getTable(e.expect.table);
    expect(table, `${path}: ${e.expect.table}`).toBeDefined();
    const rows = Array.from({ length: table!.rowCount }, (_, r) => rowObject(table!, r));
    const row = rows.find((r) => r.ActionType === e.expect.actionType && r.ReportId === i + 1);
    expect(row, `${path}: ${e.expect.actionType}`).toBeDefined();
    expect(row, path).toMatchObject({
      ...e.expect.columns,
      DeviceName: 'ws01.corp.local',
      Timestamp: isoTicks(e.time),
    });
  });
}

describe('Windows fixtures per Sigma category', () => {
  it('are what test/helpers/gen-windows-fixtures.ts writes', () => {
    const files = fixtureFiles();
    expect(files.size).toBe((CATEGORY_FIXTURES.length + CHANNEL_FIXTURES.length) * 6 + 3 + 1);
    for (const [name, content] of files) expect(readFileSync(`${ROOT}${name}`).equals(content), name).toBe(true);
  });

  it('cover every category the Sigma mapping uses', () => {
    expect(CATEGORY_FIXTURES.map((f) => f.category).sort()).toEqual(
      [
        'create_remote_thread',
        'dns_query',
        'driver_load',
        'file_delete',
        'file_delete_detected',
        'file_event',
        'image_load',
        'network_connection',
        'pipe_created',
        'process_access',
        'process_creation',
        'registry_add',
        'registry_delete',
        'registry_rename',
        'registry_set',
        'wmi_event',
      ].sort(),
    );
    const ids = new Set([
      ...CATEGORY_FIXTURES.flatMap((f) => [f.match.eventId, f.nearMiss.eventId]),
      ...WMI_SUBSCRIPTION.map((e) => e.eventId),
    ]);
    expect([...ids].sort((a, b) => a - b)).toEqual([1, 3, 6, 7, 8, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 26]);
  });

  for (const f of CATEGORY_FIXTURES) {
    it(`${f.category}: match and near miss load as ${f.match.expect.table} / ${f.match.expect.actionType} from .evtx, dump JSON and flat JSON`, async () => {
      for (const format of FORMATS) {
        await expectLoads(`${ROOT}${f.category}/match.${format}`, [f.match]);
        await expectLoads(`${ROOT}${f.category}/near-miss.${format}`, [f.nearMiss]);
      }
    });
  }

  it('wmi_event: filter, consumer and binding of a subscription', async () => {
    for (const format of FORMATS) await expectLoads(`${ROOT}wmi_event/subscription.${format}`, WMI_SUBSCRIPTION);
  });

  for (const f of CHANNEL_FIXTURES) {
    it(`${f.category}: events of ${f.match.log?.channel} load into WindowsEvent from .evtx, dump JSON and flat JSON`, async () => {
      for (const format of FORMATS)
        for (const [stem, e] of [
          ['match', f.match],
          ['near-miss', f.nearMiss],
        ] as const) {
          const path = `${ROOT}${f.category}/${stem}.${format}`;
          const { store, report } = await loadTelemetry([path]);
          expect(report.totalRejects, path).toBe(0);
          expect(report.files[0]!.unmappedEvents, path).toEqual({});
          expect(report.files[0]!.unknownColumns, path).toEqual({});
          expect(report.files[0]!.rowsByTable, path).toEqual({ WindowsEvent: 1 });
          const row = rowObject(store.getTable('WindowsEvent')!, 0);
          expect(row, path).toMatchObject({
            Channel: e.log!.channel,
            Provider: e.log!.provider.name,
            EventID: e.eventId,
            Computer: 'ws01.corp.local',
            TimeGenerated: isoTicks(e.time),
            EventRecordId: '1',
          });
          // Named Data elements are EventData properties; flat JSON carries them as text.
          const data = row.EventData as Record<string, unknown>;
          for (const [k, v] of Object.entries(e.data))
            if (v !== '') expect(String(data[k]), `${path} ${k}`).toBe(String(v));
          if (format !== 'flat.json')
            expect(row, path).toMatchObject({
              EventLevel: e.log!.level,
              SystemProcessId: 3212,
              SystemThreadId: 4040,
              SystemUserId: 'S-1-5-21-1004336348-1177238915-682003330-1104',
            });
        }
    });
  }
});
