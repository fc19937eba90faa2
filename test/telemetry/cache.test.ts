/**
 * The columnar table cache and `.kqc` files: a cached load gives the same tables, cell for cell and
 * type for type, as parsing the files; a changed file is found stale and rebuilt; a damaged or
 * unwritable cache never fails a load.
 */
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableRows, ValueColumn } from '../../src/kql/exec/table.js';
import { dynamicJsonText } from '../../src/kql/values.js';
import { encodeCache } from '../../src/telemetry/cache/format.js';
import { cacheLikelyServes, importTelemetry, loadTelemetry } from '../../src/telemetry/load.js';
import type { TelemetryStore } from '../../src/telemetry/store.js';
import { tmpDir, writeFile } from './helpers.js';

/** Rows that exercise every column encoding: numbers, bools, ticks, dictionary and plain strings, guid, dynamic, nulls. */
function processRows(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      JSON.stringify({
        Timestamp: new Date(Date.UTC(2024, 4, 1, 0, 0, i)).toISOString(),
        DeviceName: `pc-${i % 7}`,
        FileName: i % 3 === 0 ? 'cmd.exe' : `tool-${i}.exe`,
        ProcessCommandLine: i === 5 ? 'naïve “quotes” \ud83d\ude00' : `run ${i}`,
        ProcessId: i % 11 === 0 ? null : i * 3,
        InitiatingProcessId: 2 ** 40 + i,
        ProcessIntegrityLevel: i % 2 ? 'High' : 'Medium',
        IsProcessRemoteSession: i % 4 === 0,
        AdditionalFields: i % 5 === 0 ? { k: [1, 'two', { three: 3 }] } : null,
        ReportId: i,
        ExtraThing: i % 2 ? `x${i}` : 7,
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

function snapshot(store: TelemetryStore) {
  return store.tableNames().map((name) => {
    const t = store.getTable(name)!;
    return { name, schema: t.schema, rows: tableRows(t), summary: store.summaries().find((s) => s.table === name) };
  });
}

describe('table cache', () => {
  it('reads back exactly what the files load, and says it did', async () => {
    const dir = tmpDir();
    const cache = { dir: join(tmpDir(), 'cache'), minBytes: 0 };
    writeFile(dir, 'DeviceProcessEvents.ndjson', processRows(300));
    writeFile(dir, 'MyCustomTable.ndjson', '{"a":1,"b":"x"}\n{"a":2.5,"b":"\\ud800 lone"}\nnot json\n');

    const first = await loadTelemetry([dir], { cache });
    expect(first.report.cache).toMatchObject({ status: 'written', stale: false });
    expect(first.report.totalRejects).toBe(1);
    const second = await loadTelemetry([dir], { cache });
    expect(second.report.cache?.status).toBe('hit');
    expect(snapshot(second.store)).toEqual(snapshot(first.store));
    // The report of the first load (rejects with file:line) comes back with the cached tables.
    expect(second.report.totalRejects).toBe(1);
    expect(second.report.rejectSamples[0]?.line).toBe(3);
    expect(second.store.getSchema('DeviceProcessEvents')?.columns.find((c) => c.name === 'ExtraThing')?.type).toBe(
      first.store.getSchema('DeviceProcessEvents')?.columns.find((c) => c.name === 'ExtraThing')?.type,
    );
    expect(second.report.tables.find((t) => t.table === 'DeviceProcessEvents')?.extraColumns).toEqual(['ExtraThing']);
  });

  it('keeps an integral real inside a dynamic column a real (50.0) across the cache', async () => {
    const dir = tmpDir();
    const cache = { dir: join(tmpDir(), 'cache'), minBytes: 0 };
    writeFile(dir, 'DeviceProcessEvents.ndjson', '{"DeviceName":"pc1","AdditionalFields":{"s":50.0,"n":50}}\n');
    const first = await loadTelemetry([dir], { cache });
    const second = await loadTelemetry([dir], { cache });
    expect(second.report.cache?.status).toBe('hit');
    const cell = (s: typeof first.store) => {
      const t = s.getTable('DeviceProcessEvents')!;
      return dynamicJsonText(t.columns[t.schema.columns.findIndex((c) => c.name === 'AdditionalFields')]!.get(0));
    };
    expect(cell(first.store)).toBe('{"s":50.0,"n":50}');
    expect(cell(second.store)).toBe('{"s":50.0,"n":50}');
  });

  it('finds a changed file stale and rebuilds the entry', async () => {
    const dir = tmpDir();
    const cache = { dir: join(tmpDir(), 'cache'), minBytes: 0 };
    const file = writeFile(dir, 'DeviceProcessEvents.ndjson', processRows(50));
    await loadTelemetry([file], { cache });
    writeFileSync(file, processRows(60));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const again = await loadTelemetry([file], { cache });
    expect(again.report.cache).toMatchObject({ status: 'written', stale: true });
    expect(again.store.rowCount('DeviceProcessEvents')).toBe(60);
    expect((await loadTelemetry([file], { cache })).report.cache?.status).toBe('hit');
    expect(readdirSync(cache.dir).filter((n) => n.endsWith('.kqc'))).toHaveLength(1);
  });

  it('tells beforehand when a load will probably be served (no loader threads started then)', async () => {
    const dir = tmpDir();
    const cache = { dir: join(tmpDir(), 'cache'), minBytes: 0 };
    const file = writeFile(dir, 'DeviceProcessEvents.ndjson', processRows(40));
    expect(await cacheLikelyServes([dir], cache)).toBe(false); // nothing cached yet
    await loadTelemetry([dir], { cache, projection: new Map([['DeviceProcessEvents', new Set(['FileName'])]]) });
    expect(await cacheLikelyServes([dir], cache)).toBe(true); // any options: the same files
    expect(await cacheLikelyServes([dir], false)).toBe(false);
    writeFileSync(file, processRows(41));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(await cacheLikelyServes([dir], cache)).toBe(false); // changed: stale
  });

  it('treats a damaged entry as stale, and an unwritable directory as a note, never a failure', async () => {
    const dir = tmpDir();
    const cache = { dir: join(tmpDir(), 'cache'), minBytes: 0 };
    const file = writeFile(dir, 'DeviceProcessEvents.ndjson', processRows(40));
    await loadTelemetry([file], { cache });
    const entry = join(cache.dir, readdirSync(cache.dir)[0] as string);
    const bytes = readFileSync(entry);
    writeFileSync(entry, bytes.subarray(0, bytes.length - 100));
    const rebuilt = await loadTelemetry([file], { cache });
    expect(rebuilt.report.cache).toMatchObject({ status: 'written', stale: true });
    expect(rebuilt.store.rowCount('DeviceProcessEvents')).toBe(40);

    const blocked = join(dir, 'blocked');
    writeFileSync(blocked, 'a file where the cache directory should be');
    const res = await loadTelemetry([file], { cache: { dir: join(blocked, 'sub'), minBytes: 0 } });
    expect(res.report.ok).toBe(true);
    expect(res.report.cache).toMatchObject({ status: 'skipped' });
    expect(res.store.rowCount('DeviceProcessEvents')).toBe(40);
  });

  it('leaves small inputs alone and is off unless asked', async () => {
    const dir = tmpDir();
    const file = writeFile(dir, 'DeviceProcessEvents.ndjson', processRows(5));
    expect((await loadTelemetry([file], { cache: { dir: join(dir, 'c') } })).report.cache).toBeUndefined();
    expect((await loadTelemetry([file])).report.cache).toBeUndefined();
  });

  it('a bigint inside a dynamic value is not cacheable (the load still works)', () => {
    expect(() =>
      encodeCache({}, [
        {
          name: 'T',
          known: false,
          extraColumns: [],
          table: {
            schema: { columns: [{ name: 'd', type: 'dynamic' }] },
            rowCount: 1,
            columns: [new ValueColumn('dynamic', [{ ticks: 1n } as never])],
          },
        },
      ]),
    ).toThrow(/bigint inside a dynamic value/);
  });
});

describe('data import (.kqc files)', () => {
  it('writes tables.kqc that --data reads directly, alone or beside other files', async () => {
    const dir = tmpDir();
    writeFile(dir, 'DeviceProcessEvents.ndjson', processRows(120));
    const out = join(dir, 'imported');
    const res = await importTelemetry([join(dir, 'DeviceProcessEvents.ndjson')], out);
    expect(res.report.ok).toBe(true);
    expect(res.bytes).toBeGreaterThan(0);
    const direct = await loadTelemetry([join(dir, 'DeviceProcessEvents.ndjson')]);
    const viaKqc = await loadTelemetry([out]);
    expect(viaKqc.report.ok).toBe(true);
    expect(snapshot(viaKqc.store)).toEqual(snapshot(direct.store));

    // Beside raw files of the same table, the rows are appended.
    const more = tmpDir();
    writeFile(more, 'DeviceProcessEvents.ndjson', processRows(10));
    const both = await loadTelemetry([out, more]);
    expect(both.store.rowCount('DeviceProcessEvents')).toBe(130);
  });

  it('reports a damaged .kqc file with its path and loads the rest', async () => {
    const dir = tmpDir();
    writeFile(dir, 'broken.kqc', 'not a table file');
    writeFile(dir, 'DeviceProcessEvents.ndjson', processRows(3));
    const res = await loadTelemetry([dir]);
    expect(res.report.ok).toBe(false);
    expect(res.report.failure).toMatch(/broken\.kqc: not a readable kqlhunt table file/);
    expect(res.store.rowCount('DeviceProcessEvents')).toBe(3);
  });

  it('cannot write under a regular file: a clear failure, not an exception', async () => {
    const dir = tmpDir();
    const f = writeFile(dir, 'DeviceProcessEvents.ndjson', processRows(3));
    const res = await importTelemetry([f], join(f, 'sub'));
    expect(res.report.ok).toBe(false);
    expect(res.report.failure).toMatch(/cannot write .*tables\.kqc/);
  });
});
