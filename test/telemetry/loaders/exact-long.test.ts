/**
 * Telemetry loading of `long` columns is exact 64-bit (issue 10): a value past 2^53 keeps its
 * digits, and a value that does not fit int64 (a 23-digit number) is a counted type-mismatch
 * reject naming file and line — the row stays, the cell is null — instead of a rounded 1e+23.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTelemetry, loadTelemetry } from '../../../src/telemetry/load.js';
import { parseJsonExact } from '../../../src/telemetry/loaders/exact-json.js';
import { column, tmpDir, writeFile } from '../helpers.js';

const TOO_BIG = '12345678901234567890123'; // 23 digits, past int64

describe('exact long columns in telemetry', () => {
  it('NDJSON: exact digits past 2^53, a 23-digit value is a reject with file:line', async () => {
    const dir = tmpDir();
    const f = writeFile(
      dir,
      'DeviceProcessEvents.ndjson',
      [
        '{"FileName":"a.exe","ProcessId":9007199254740993}',
        `{"FileName":"b.exe","ProcessId":${TOO_BIG}}`,
        '{"FileName":"c.exe","ProcessId":9223372036854775807,"AdditionalFields":{"Id":9007199254740995}}',
        '{"FileName":"d.exe","ProcessId":42}',
      ].join('\n'),
    );
    const { store, report } = await loadTelemetry([f]);
    const t = store.getTable('DeviceProcessEvents')!;
    expect(column(t, 'FileName')).toEqual(['a.exe', 'b.exe', 'c.exe', 'd.exe']);
    expect(column(t, 'ProcessId')).toEqual([9007199254740993n, null, 9223372036854775807n, 42]);
    expect(report.totalRejects).toBe(1);
    expect(report.rejectSamples[0]).toMatchObject({
      file: f,
      line: 2,
      kind: 'type-mismatch',
      column: 'ProcessId',
      table: 'DeviceProcessEvents',
    });
    expect(report.rejectSamples[0]?.reason).toContain(TOO_BIG);
  });

  it('CSV: the same value is a reject at its line, the other lines load', async () => {
    const dir = tmpDir();
    const f = writeFile(
      dir,
      'DeviceProcessEvents.csv',
      ['FileName,ProcessId', 'a.exe,9007199254740993', `b.exe,${TOO_BIG}`, 'c.exe,-9223372036854775808', ''].join('\n'),
    );
    const { store, report } = await loadTelemetry([f]);
    const t = store.getTable('DeviceProcessEvents')!;
    expect(column(t, 'FileName')).toEqual(['a.exe', 'b.exe', 'c.exe']);
    expect(column(t, 'ProcessId')).toEqual([9007199254740993n, null, -9223372036854775808n]);
    expect(report.totalRejects).toBe(1);
    expect(report.rejectSamples[0]).toMatchObject({ file: f, line: 3, kind: 'type-mismatch', column: 'ProcessId' });
  });

  it('a .kqc import keeps the exact values (the side store is written and read back)', async () => {
    const dir = tmpDir();
    const f = writeFile(
      dir,
      'DeviceProcessEvents.ndjson',
      '{"FileName":"a.exe","ProcessId":9007199254740993}\n{"FileName":"b.exe","ProcessId":7}\n',
    );
    const out = join(dir, 'imported');
    expect((await importTelemetry([f], out)).report.ok).toBe(true);
    const { store } = await loadTelemetry([out]);
    expect(column(store.getTable('DeviceProcessEvents')!, 'ProcessId')).toEqual([9007199254740993n, 7]);
  });

  it('a parallel load (byte ranges in worker threads) keeps the exact values of every part', {
    timeout: 60_000,
  }, async () => {
    const dir = tmpDir();
    const lines = Array.from({ length: 4000 }, (_, i) =>
      JSON.stringify({ FileName: `f${i}.exe`, ProcessId: i }).replace(
        `"ProcessId":${i}`,
        `"ProcessId":${i % 1000 === 7 ? `${9007199254740993n + BigInt(i)}` : i}`,
      ),
    );
    const f = writeFile(dir, 'DeviceProcessEvents.ndjson', `${lines.join('\n')}\n`);
    const { store } = await loadTelemetry([f], { threads: 2, parallelMinBytes: 0, parallelPartBytes: 16 * 1024 });
    const ids = column(store.getTable('DeviceProcessEvents')!, 'ProcessId');
    expect(ids).toHaveLength(4000);
    expect([ids[7], ids[1007], ids[3007], ids[8]]).toEqual([
      9007199254741000n,
      9007199254742000n,
      9007199254744000n,
      8,
    ]);
  });

  it('parseJsonExact keeps unsafe integers as bigint and leaves the rest to JSON.parse', () => {
    expect(
      parseJsonExact('{"a":9007199254740993,"b":"12345678901234567890","c":[1.5e300,-99999999999999999999]}'),
    ).toEqual({
      a: 9007199254740993n,
      b: '12345678901234567890',
      c: [1.5e300, -99999999999999999999n],
    });
    expect(parseJsonExact('{"a":1234567890123456.5,"b":9007199254740991}')).toEqual({
      a: 1234567890123456.5,
      b: 9007199254740991,
    });
    expect(() => parseJsonExact('{"a":9007199254740993')).toThrow(SyntaxError);
  });
});
