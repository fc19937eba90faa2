import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../../src/kql/types.js';
import { csvLineEncoder, ndjsonLineEncoder, streamingLineEncoder } from '../../../src/telemetry/writers/row-encoder.js';
import { createTableWriter, type WriterFormat } from '../../../src/telemetry/writers/table-writer.js';
import { tmpDir } from '../helpers.js';

const COLUMNS: ColumnSchema[] = [
  { name: 'Timestamp', type: 'datetime' },
  { name: 'DeviceName', type: 'string' },
  { name: 'ReportId', type: 'long' },
  { name: 'AdditionalFields', type: 'dynamic' },
  { name: 'Note', type: 'string' },
];

const ROWS: Record<string, unknown>[] = [
  { Timestamp: 17092881021234567n, DeviceName: 'pc"1', ReportId: 7, AdditionalFields: { a: [1] }, Note: 'é,ü' },
  { Timestamp: 17092881021234568n, DeviceName: 'pc"1', ReportId: 8, Note: 'é,ü' },
  { Timestamp: 17092881021234568n, DeviceName: 'pc2', ReportId: 9, AdditionalFields: null },
];

const ENCODERS = {
  ndjson: () => ndjsonLineEncoder(COLUMNS),
  csv: () => csvLineEncoder(COLUMNS),
  streaming: () => streamingLineEncoder('DeviceProcessEvents', COLUMNS, 't1'),
};

describe('split lines (a value filled in later)', () => {
  it.each(Object.keys(ENCODERS) as WriterFormat[])('%s: head + value + tail is the whole line', (format) => {
    const whole = ENCODERS[format]();
    const split = ENCODERS[format]();
    for (const row of ROWS) {
      const { head, tail } = split.split({ ...row, ReportId: 0 }, undefined, 2);
      expect(head + split.cellText(row.ReportId, 2) + tail).toBe(whole.line(row));
    }
  });

  it.each(['ndjson', 'csv', 'streaming'] as WriterFormat[])(
    '%s: a SplitWriter writes the bytes a plain write gives',
    async (format) => {
      const dir = tmpDir();
      const plain = createTableWriter(format, dir, 'T', { columns: COLUMNS, baseName: 'plain', tenantId: 't1' });
      const later = createTableWriter(format, dir, 'T', { columns: COLUMNS, baseName: 'later', tenantId: 't1' });
      const sw = later.splitWriter('ReportId')!;
      // Encode every row first (as the generator does), then write them in reverse order.
      const parts = ROWS.map((r) => sw.encode(r));
      for (const r of [...ROWS].reverse()) await plain.write(r);
      for (let i = parts.length - 1; i >= 0; i--) {
        const head = Buffer.from(parts[i]!.head);
        const bytes = Buffer.concat([head, Buffer.from(parts[i]!.tail)]);
        await sw.write(bytes, 0, head.length, bytes.length, ROWS[i]!.ReportId);
      }
      await plain.close();
      await later.close();
      expect(later.rowsWritten).toBe(3);
      expect(readFileSync(later.path).equals(readFileSync(plain.path))).toBe(true);
    },
  );

  it('has no SplitWriter for a column outside the schema or a table without known columns', () => {
    const dir = tmpDir();
    expect(createTableWriter('ndjson', dir, 'T', { columns: COLUMNS }).splitWriter('Nope')).toBeUndefined();
    expect(createTableWriter('ndjson', dir, 'Custom_CL').splitWriter('ReportId')).toBeUndefined();
  });
});

describe('per-column cache of the last value', () => {
  it('repeated values encode as a fresh encoder would; objects are re-read every row', () => {
    const enc = ndjsonLineEncoder(COLUMNS);
    const dyn: Record<string, unknown> = { k: 1 };
    const first = enc.line({ DeviceName: 'a', AdditionalFields: dyn });
    dyn.k = 2;
    const second = enc.line({ DeviceName: 'a', AdditionalFields: dyn });
    expect(first).toBe(ndjsonLineEncoder(COLUMNS).line({ DeviceName: 'a', AdditionalFields: { k: 1 } }));
    expect(second).toBe(ndjsonLineEncoder(COLUMNS).line({ DeviceName: 'a', AdditionalFields: { k: 2 } }));
    // A cached string column still gives way to the next row's different value and to absence.
    expect(JSON.parse(enc.line({ DeviceName: 'b' })).DeviceName).toBe('b');
    expect(JSON.parse(enc.line({})).DeviceName).toBe('');
  });
});
