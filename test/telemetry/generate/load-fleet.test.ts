import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerateSummary } from '../../../src/telemetry/generate/index.js';
import { loadTelemetry } from '../../../src/telemetry/load.js';
import { tmpDir, writeFile } from '../helpers.js';
import { generateSmall, removeFleet, TABLES } from './helpers.js';

describe('loading a generated fleet directory', () => {
  let dir: string;
  let summary: GenerateSummary;
  beforeAll(async () => {
    ({ dir, summary } = await generateSmall({ devices: 12, events: 3_000, days: 2 }));
  });
  afterAll(() => removeFleet(dir));

  it('marks the manifest as the generator’s', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.generator).toBe('kqlhunt generate');
    expect(manifest.groundTruthFile).toBe('ground_truth.json');
  });

  it('loads only the telemetry tables and reports the metadata files as skipped', async () => {
    const { store, report } = await loadTelemetry([dir]);
    expect(report.ok).toBe(true);
    expect(report.totalRejects).toBe(0);
    expect(report.tables.map((t) => t.table).sort()).toEqual([...TABLES].sort());
    expect(store.getTable('manifest')).toBeUndefined();
    expect(store.getTable('ground_truth')).toBeUndefined();
    expect(report.skipped).toEqual([
      { file: join(dir, 'ground_truth.json'), reason: 'kqlhunt generator metadata' },
      { file: join(dir, 'manifest.json'), reason: 'kqlhunt generator metadata' },
    ]);
    for (const t of TABLES) expect(store.getTable(t)?.rowCount, t).toBe(summary.tables[t]);
    expect(report.totalRows).toBe(summary.totalEvents);
  });

  it('still loads a metadata file named directly', async () => {
    const { store } = await loadTelemetry([join(dir, 'ground_truth.json')]);
    expect(store.getTable('ground_truth')?.rowCount).toBe(summary.groundTruthEvents);
  });
});

describe('manifest.json without the generator marker', () => {
  it('is loaded like any other JSON file', async () => {
    const dir = tmpDir();
    writeFile(dir, 'manifest.json', JSON.stringify({ generator: 'someone else', groundTruthFile: 'x.json' }));
    writeFile(dir, 'x.json', '[{"a":1}]');
    const { store, report } = await loadTelemetry([dir]);
    expect(report.skipped).toEqual([]);
    expect(store.getTable('manifest')?.rowCount).toBe(1);
    expect(store.getTable('x')?.rowCount).toBe(1);
  });

  it('a marked manifest cannot point the scan at a file outside its folder', async () => {
    const dir = tmpDir();
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ generator: 'kqlhunt generate', groundTruthFile: '../DeviceInfo.ndjson' }),
    );
    writeFile(dir, 'DeviceInfo.ndjson', '{"DeviceName":"a"}\n');
    const { store, report } = await loadTelemetry([dir]);
    expect(report.skipped.map((s) => s.file)).toEqual([join(dir, 'manifest.json')]);
    expect(store.getTable('DeviceInfo')?.rowCount).toBe(1);
  });
});
