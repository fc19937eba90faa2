/**
 * Projected loading: only the named columns (plus time columns) are built, other tables keep only
 * their time columns, and the projected values are those of a full load.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableRows } from '../../src/kql/exec/table.js';
import { generateFleet } from '../../src/telemetry/generate/index.js';
import { loadTelemetry } from '../../src/telemetry/load.js';
import type { TelemetryStore } from '../../src/telemetry/store.js';
import { tmpDir } from './helpers.js';

/** The named columns of a table, row by row. */
function columns(store: TelemetryStore, table: string, names: readonly string[]): unknown[][] {
  const t = store.getTable(table)!;
  const idx = names.map((n) => t.schema.columns.findIndex((c) => c.name === n));
  return tableRows(t).map((r) => idx.map((i) => r[i]));
}

describe('projected loading', () => {
  it('builds only the projected columns, with the values of a full load', async () => {
    const dir = join(tmpDir(), 'fleet');
    await generateFleet({ outDir: dir, devices: 8, events: 6000, days: 2, end: '2024-05-01T00:00:00Z', seed: 'proj' });
    const picked = ['FileName', 'DeviceName', 'ProcessVersionInfoCompanyName', 'AdditionalFields'];
    const projection = new Map<string, ReadonlySet<string> | 'all'>([
      ['DeviceProcessEvents', new Set(picked)],
      ['DeviceNetworkEvents', 'all'],
    ]);
    const part = await loadTelemetry([dir], { projection });
    const full = await loadTelemetry([dir]);
    expect(part.report.projected).toBe(true);

    expect(part.store.getSchema('DeviceProcessEvents')?.columns.map((c) => c.name)).toEqual([
      'Timestamp',
      'DeviceName',
      'FileName',
      'ProcessVersionInfoCompanyName',
      'AdditionalFields',
      'TimeGenerated',
    ]);
    expect(columns(part.store, 'DeviceProcessEvents', picked)).toEqual(
      columns(full.store, 'DeviceProcessEvents', picked),
    );
    expect(part.store.getSchema('DeviceNetworkEvents')).toEqual(full.store.getSchema('DeviceNetworkEvents'));
    expect(part.store.getSchema('DeviceFileEvents')?.columns.map((c) => c.name)).toEqual([
      'Timestamp',
      'TimeGenerated',
    ]);
    // Row counts, time ranges and so now=auto do not depend on the projection.
    expect(part.store.summaries().map((s) => [s.table, s.rows, s.minTime, s.maxTime])).toEqual(
      full.store.summaries().map((s) => [s.table, s.rows, s.minTime, s.maxTime]),
    );
  });

  it('a table left with no column still has its rows (query, and through the table cache)', async () => {
    const dir = tmpDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'Custom_CL.ndjson'), '{"A":1}\n{"A":2}\n{"A":3}\n');
    const projection = new Map([['DeviceProcessEvents', new Set(['DeviceName'])]]);
    const cache = { dir: join(dir, 'cache'), minBytes: 0 };
    for (const pass of ['written', 'hit']) {
      const { store, report } = await loadTelemetry([join(dir, 'Custom_CL.ndjson')], { projection, cache });
      expect(report.cache?.status).toBe(pass);
      expect(store.getSchema('Custom_CL')?.columns).toEqual([]);
      expect(store.getTable('Custom_CL')?.rowCount).toBe(3);
      expect(store.rowCount('Custom_CL')).toBe(3);
    }
  });
});
