import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadTelemetry } from '../../../src/telemetry/load.js';
import { column, tmpDir, writeFile } from '../helpers.js';

describe('malformed input never crashes and is reported', () => {
  it('truncated and non-object NDJSON lines are rejected, the rest loads', async () => {
    const dir = tmpDir();
    const f = writeFile(dir, 'DeviceInfo.ndjson', '{"DeviceName":"a"}\n{"DeviceName":"b\n42\n{"DeviceName":"c"}');
    const { store, report } = await loadTelemetry([f]);
    expect(column(store.getTable('DeviceInfo')!, 'DeviceName')).toEqual(['a', 'c']);
    expect(report.files[0]).toMatchObject({ rows: 2, rejects: 2, rejectsByKind: { unparsable: 1, 'not-a-record': 1 } });
    expect(report.rejectSamples.map((r) => [r.line, r.kind])).toEqual([
      [2, 'unparsable'],
      [3, 'not-a-record'],
    ]);
    expect(report.ok).toBe(true);
  });

  it('wrong types keep the row with a null cell and count a reject', async () => {
    const dir = tmpDir();
    const f = writeFile(
      dir,
      'DeviceProcessEvents.ndjson',
      '{"ProcessId":"abc","Timestamp":"not a date","FileName":"x"}\n',
    );
    const { store, report } = await loadTelemetry([f]);
    const t = store.getTable('DeviceProcessEvents')!;
    expect(column(t, 'FileName')).toEqual(['x']);
    expect(column(t, 'ProcessId')).toEqual([null]);
    expect(column(t, 'Timestamp')).toEqual([null]);
    expect(report.totalRejects).toBe(2);
    expect(report.rejectSamples[0]).toMatchObject({ kind: 'type-mismatch', table: 'DeviceProcessEvents', line: 1 });
    expect(report.rejectSamples.map((r) => r.column).sort()).toEqual(['ProcessId', 'Timestamp']);
  });

  it('strict mode turns the first reject into a failure naming it', async () => {
    const dir = tmpDir();
    const f = writeFile(dir, 'DeviceInfo.ndjson', '{"DeviceName":"a"}\n{oops\n{"DeviceName":"c"}\n');
    const { report } = await loadTelemetry([f], { strict: true });
    expect(report.ok).toBe(false);
    expect(report.failure).toMatch(/^strict: .*DeviceInfo\.ndjson:2: unparsable/);
    const lax = await loadTelemetry([f]);
    expect(lax.report.ok).toBe(true);
    expect(lax.report.totalRows).toBe(2);
  });

  it('bad gzip, empty files and binary junk are file-level reports', async () => {
    const dir = tmpDir();
    const lines = Array.from({ length: 50_000 }, (_, i) => `{"DeviceName":"host-${(i * 2654435761) % 1000003}"}\n`);
    const good = gzipSync(lines.join(''));
    writeFile(dir, 'DeviceInfo.ndjson.gz', good.subarray(0, Math.floor(good.length / 2)));
    writeFile(dir, 'Bad.json.gz', Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    writeFile(dir, 'Empty.json', '');
    writeFile(dir, 'Junk.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const { store, report } = await loadTelemetry([dir]);
    const byName = Object.fromEntries(report.files.map((f) => [f.file.slice(dir.length + 1), f]));
    expect(byName['DeviceInfo.ndjson.gz']?.error).toMatch(/gzip|end of file/);
    expect(byName['Bad.json.gz']?.error).toMatch(/gzip|header|end of file/);
    expect(byName['Empty.json']).toMatchObject({ kind: 'empty', rows: 0 });
    expect(byName['Empty.json']?.error).toBeUndefined();
    expect(byName['Junk.csv']?.error).toMatch(/binary/);
    expect(report.ok).toBe(false);
    expect(report.failure).toBeDefined();
    // rows before the damage in a truncated archive are kept
    expect(store.rowCount('DeviceInfo')).toBeGreaterThan(0);
  });

  it('a 10 MB single line loads when valid and is rejected (not buffered) above the cap', async () => {
    const dir = tmpDir();
    const big = 'x'.repeat(10 * 1024 * 1024);
    const f = join(dir, 'DeviceEvents.ndjson');
    writeFileSync(f, `${JSON.stringify({ ProcessCommandLine: big })}\n{"ActionType":"after"}\n`);
    const ok = await loadTelemetry([f]);
    expect(column(ok.store.getTable('DeviceEvents')!, 'ProcessCommandLine')[0]).toHaveLength(big.length);
    const capped = await loadTelemetry([f], { maxRecordBytes: 1024 * 1024 });
    expect(capped.report.files[0]).toMatchObject({ rows: 1, rejectsByKind: { 'too-long': 1 } });
    expect(column(capped.store.getTable('DeviceEvents')!, 'ActionType')).toEqual(['after']);
    const junk = writeFile(dir, 'DeviceInfo.json', `[${'9'.repeat(10 * 1024 * 1024)}`);
    const j = await loadTelemetry([junk]);
    expect(j.report.files[0]?.rejects).toBeGreaterThan(0);
  });

  it('CSV rows with the wrong field count or an open quote are rejected', async () => {
    const dir = tmpDir();
    const f = writeFile(dir, 'DeviceInfo.csv', 'DeviceName,OSPlatform\na,Windows10\nb\nc,Linux\nd,"open\n');
    const { store, report } = await loadTelemetry([f]);
    expect(column(store.getTable('DeviceInfo')!, 'DeviceName')).toEqual(['a', 'c']);
    expect(report.rejectSamples.map((r) => [r.line, r.reason])).toEqual([
      [3, '1 fields where the header has 2'],
      [5, 'unterminated quoted field'],
    ]);
  });

  it('reports progress through the callback', async () => {
    const dir = tmpDir();
    const f = writeFile(dir, 'DeviceInfo.ndjson', '{"DeviceName":"a"}\n'.repeat(25_000));
    const seen: number[] = [];
    await loadTelemetry([f], { onProgress: (p) => seen.push(p.rows) });
    expect(seen.at(-1)).toBe(25_000);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });
});
