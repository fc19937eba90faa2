/**
 * End to end: generate a fleet, load it through the telemetry loaders, run the two seed rules with
 * `now` at the fleet's end, and compare with ground truth. The rules cannot tell benign from
 * malicious SyncroMSP (that is the exclusions' job), so they must find exactly the devices where
 * either was planted — no more, no fewer.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../src/kql/engine.js';
import { tableRows } from '../../src/kql/exec/table.js';
import { parseDatetime } from '../../src/kql/values.js';
import { GROUND_TRUTH_FILE, type GroundTruthEntry, generateFleet } from '../../src/telemetry/generate/index.js';
import { loadTelemetry } from '../../src/telemetry/load.js';
import type { TelemetryStore } from '../../src/telemetry/store.js';

const END = '2024-06-15T12:00:00Z';

function seed(file: string): string {
  const text = readFileSync(new URL(`../fixtures/shared/seeds/${file}`, import.meta.url), 'utf8');
  const start = text.indexOf('let Time_start');
  const lines = text.slice(start).split('\n');
  const end = lines.findIndex((l) => /Count=count\(\) by/.test(l));
  const extra = /^\s+RemoteUrl\s*$/.test(lines[end + 1] ?? '') ? 1 : 0;
  return lines.slice(0, end + 1 + extra).join('\n');
}

describe('seed rules on a generated fleet', () => {
  let dir = '';
  let store: TelemetryStore;
  let truth: GroundTruthEntry[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kqlhunt-e2e-'));
    await generateFleet({ outDir: dir, devices: 60, events: 40_000, days: 5, end: END, seed: 'e2e' });
    const loaded = await loadTelemetry([dir]);
    // The generator's own output loads without a single reject or unknown column.
    expect(loaded.report.ok).toBe(true);
    expect(loaded.report.totalRejects).toBe(0);
    expect(loaded.report.totalRows).toBeGreaterThan(30_000);
    expect(loaded.report.files.flatMap((f) => Object.values(f.unknownColumns).flat())).toEqual([]);
    store = loaded.store;
    truth = JSON.parse(readFileSync(join(dir, GROUND_TRUTH_FILE), 'utf8')) as GroundTruthEntry[];
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (query: string) => {
    const { result, diagnostics } = runQuery(query, { provider: store, now: parseDatetime(END)! });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const t = result!.table;
    const idx = result!.schema.columns.findIndex((c) => c.name === 'DeviceId');
    return new Set(tableRows(t).map((r) => r[idx] as string));
  };

  const plantedSyncro = (table: string) =>
    new Set(truth.filter((g) => g.tool === 'SyncroMSP' && g.table === table).map((g) => g.DeviceId));

  it('plants SyncroMSP on some devices, benign and malicious', () => {
    const verdicts = new Set(truth.filter((g) => g.tool === 'SyncroMSP').map((g) => g.verdict));
    expect(verdicts).toEqual(new Set(['benign', 'malicious']));
  });

  it('Create Process finds exactly the SyncroMSP devices', () => {
    const found = run(seed('000_6cde151ef4c3c638.txt'));
    expect(found.size).toBeGreaterThan(0);
    expect([...found].sort()).toEqual([...plantedSyncro('DeviceProcessEvents')].sort());
  });

  it('Network Connection finds exactly the SyncroMSP devices that talked to the vendor', () => {
    const found = run(seed('001_0cbf38db32753cc7.txt'));
    expect(found.size).toBeGreaterThan(0);
    expect([...found].sort()).toEqual([...plantedSyncro('DeviceNetworkEvents')].sort());
  });
});
