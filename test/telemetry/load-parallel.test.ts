/**
 * Parallel loading (load-parallel.ts): files and byte ranges of large NDJSON files loaded by worker
 * threads give the same tables — cell for cell, type for type, dictionary for dictionary — and the
 * same report (rejects with file and line counted from the file's start) as the one-thread load.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnBuilder, concatColumns, DictStringColumn, StringColumn, tableRows } from '../../src/kql/exec/table.js';
import { type LoadOptions, loadTelemetry } from '../../src/telemetry/load.js';
import { inputBytes, planParts, prewarmLoadWorkers } from '../../src/telemetry/load-parallel.js';
import type { LoadReport } from '../../src/telemetry/report.js';
import type { TelemetryStore } from '../../src/telemetry/store.js';
import { tmpDir, writeFile } from './helpers.js';

/** Rows with every column encoding, plus bad lines at known places (unparsable, not a record, type mismatch). */
function processLines(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 397 === 5) lines.push('{"Timestamp": broken');
    else if (i % 811 === 7) lines.push('[1, 2]');
    else if (i % 613 === 11) lines.push('');
    else
      lines.push(
        JSON.stringify({
          Timestamp: new Date(Date.UTC(2024, 4, 1, 0, 0, i)).toISOString(),
          DeviceName: `pc-${i % 7}`,
          FileName: i % 3 === 0 ? 'cmd.exe' : `tool-${i % 500}.exe`,
          // Early rows repeat, later rows are all distinct: one range's dictionary turns plain.
          ProcessCommandLine: i < 2000 ? `run ${i % 3}` : `run ${i} ${'x'.repeat(i % 13)}`,
          ProcessId: i % 11 === 0 ? null : i % 509 === 3 ? 'not a number' : i * 3,
          IsProcessRemoteSession: i % 4 === 0,
          AdditionalFields: i % 5 === 0 ? { k: [1, 'two', { three: i }] } : null,
          ReportId: i,
          // An extra column whose type is inferred over every row of every range.
          ...(i > 1500 ? { ExtraThing: i % 2 ? `x${i}` : 7 } : {}),
        }) + (i % 9 === 0 ? '\r' : ''),
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

/**
 * Dictionary columns of both loads have the same dictionary, in the same order. (Whether a column
 * of many distinct values is kept as a dictionary may differ — the choice is the builder's, made as
 * rows arrive — but the values may not.)
 */
function sameDictionaries(a: TelemetryStore, b: TelemetryStore): number {
  let compared = 0;
  for (const name of a.tableNames()) {
    const ta = a.getTable(name)!;
    const tb = b.getTable(name)!;
    ta.columns.forEach((c, i) => {
      const d = tb.columns[i];
      if (c instanceof DictStringColumn && d instanceof DictStringColumn) {
        expect(d.dict).toEqual(c.dict);
        compared++;
      }
    });
  }
  return compared;
}

/** The report without timings (and with dictionary columns' representation left out). */
function reportView(r: LoadReport) {
  return {
    ...r,
    elapsedMs: 0,
    threads: undefined,
    files: r.files.map((f) => ({ ...f, elapsedMs: 0 })),
  };
}

function fixture(): string {
  const dir = tmpDir();
  writeFile(dir, 'DeviceProcessEvents.ndjson', processLines(6000));
  writeFile(dir, 'DeviceNetworkEvents.ndjson.gz', processLines(700).replaceAll('tool-', 'net-'), true);
  writeFile(
    dir,
    'DeviceFileEvents.csv',
    'Timestamp,DeviceName,FileName\n2024-05-01T00:00:00Z,pc-1,a.txt\n2024-05-01T00:00:01Z,pc-2,b.txt\n',
  );
  writeFile(dir, 'MyCustomTable.ndjson', '{"a":1,"b":"x"}\n{"a":2.5,"b":"\\ud800 lone"}\nnot json\n');
  writeFile(dir, 'DeviceInfo.json', JSON.stringify([{ Timestamp: '2024-05-01T00:00:00Z', DeviceName: 'pc-1' }]));
  return dir;
}

const parallel: LoadOptions = { threads: 2, parallelMinBytes: 0, parallelPartBytes: 64 * 1024 };

describe('parallel loading', () => {
  it('cuts a large NDJSON file into ranges at line breaks and keeps other files whole', async () => {
    const dir = fixture();
    const { parts } = await planParts(
      [join(dir, 'DeviceProcessEvents.ndjson'), join(dir, 'DeviceInfo.json')],
      {},
      64 * 1024,
    );
    const ranges = parts.filter((p) => p.range);
    expect(ranges.length).toBeGreaterThan(3);
    expect(ranges[0]!.range!.start).toBe(0);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.range!.start).toBe(ranges[i - 1]!.range!.end);
    expect(parts.at(-1)).toEqual({ file: join(dir, 'DeviceInfo.json') });
  });

  it('loads exactly what one thread loads: tables, dictionaries, inferred types and the report', {
    timeout: 60_000,
  }, async () => {
    const dir = fixture();
    const one = await loadTelemetry([dir], { threads: 1, maxErrorsShown: 1000 });
    const two = await loadTelemetry([dir], { ...parallel, maxErrorsShown: 1000 });
    expect(snapshot(two.store)).toEqual(snapshot(one.store));
    expect(sameDictionaries(one.store, two.store)).toBeGreaterThan(5);
    expect(reportView(two.report)).toEqual(reportView(one.report));
    // The fixture does reach every path: rejects late in the file (later ranges), a mismatch, an extra column.
    const lines = one.report.rejectSamples
      .filter((s) => s.file.endsWith('DeviceProcessEvents.ndjson'))
      .map((s) => s.line);
    expect(Math.max(...lines)).toBeGreaterThan(5000);
    expect(one.report.rejectSamples.some((s) => s.kind === 'type-mismatch')).toBe(true);
    expect(one.report.files.find((f) => f.file.endsWith('DeviceProcessEvents.ndjson'))?.unknownColumns).toEqual({
      DeviceProcessEvents: ['ExtraThing'],
    });
  });

  it('keeps the first N reject samples in file order and counts the rest', { timeout: 60_000 }, async () => {
    const dir = fixture();
    const one = await loadTelemetry([dir], { threads: 1, maxErrorsShown: 3 });
    const two = await loadTelemetry([dir], { ...parallel, maxErrorsShown: 3 });
    expect(two.report.rejectSamples).toEqual(one.report.rejectSamples);
    expect(two.report.totalRejects).toBe(one.report.totalRejects);
  });

  it('projects as the one-thread load does', { timeout: 60_000 }, async () => {
    const dir = fixture();
    const projection = new Map<string, ReadonlySet<string> | 'all'>([
      ['DeviceProcessEvents', new Set(['FileName', 'ExtraThing'])],
    ]);
    const one = await loadTelemetry([dir], { threads: 1, projection });
    const two = await loadTelemetry([dir], { ...parallel, projection });
    expect(snapshot(two.store)).toEqual(snapshot(one.store));
  });

  it('takes workers started ahead of the load, and ends the ones it does not take', { timeout: 60_000 }, async () => {
    const dir = fixture();
    const one = await loadTelemetry([dir], { threads: 1 });
    prewarmLoadWorkers(1);
    const two = await loadTelemetry([dir], parallel);
    expect(two.report.threads).toBe(2);
    expect(snapshot(two.store)).toEqual(snapshot(one.store));
    prewarmLoadWorkers(2);
    const small = await loadTelemetry([dir], { threads: 2, parallelMinBytes: 1e12 });
    expect(small.report.threads).toBeUndefined();
    expect(await inputBytes([dir])).toBeGreaterThan(64 * 1024);
  });

  it('stays on one thread below the size threshold', async () => {
    const dir = fixture();
    const r = await loadTelemetry([dir], { threads: 2, parallelMinBytes: 1e12 });
    expect(r.report.files.map((f) => f.file)).toHaveLength(5);
  });
});

describe('concatColumns', () => {
  it('merges dictionaries in first-appearance order, as one builder fed every row would', () => {
    const rows = ['b', 'a', 'b', 'c', 'a', 'd', 'e', 'b'];
    const one = columnBuilder('string');
    for (const s of rows) one.append(s);
    const parts = [rows.slice(0, 3), rows.slice(3, 5), rows.slice(5)].map((p) => {
      const b = columnBuilder('string');
      for (const s of p) b.append(s);
      return b.build();
    });
    const merged = concatColumns('string', parts) as DictStringColumn;
    const whole = one.build() as DictStringColumn;
    expect(merged.dict).toEqual(whole.dict);
    expect([...merged.codes]).toEqual([...whole.codes]);
    const mixed = concatColumns('string', [parts[0]!, new StringColumn(['z', 'b'])]);
    expect(Array.from({ length: mixed.length }, (_, i) => mixed.get(i))).toEqual(['b', 'a', 'b', 'z', 'b']);
  });

  it('keeps nulls of numeric and time parts at their rows', () => {
    const a = columnBuilder('long');
    a.append(1);
    a.append(2);
    const b = columnBuilder('long');
    b.append(null);
    b.append(4);
    const t1 = columnBuilder('datetime');
    t1.append(null);
    const t2 = columnBuilder('datetime');
    t2.append(5n);
    const n = concatColumns('long', [a.build(), b.build()]);
    expect([0, 1, 2, 3].map((i) => n.get(i))).toEqual([1, 2, null, 4]);
    const t = concatColumns('datetime', [t1.build(), t2.build()]);
    expect([t.get(0), t.get(1)]).toEqual([null, 5n]);
  });
});
