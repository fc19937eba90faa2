import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadTelemetry } from '../../../src/telemetry/load.js';
import { createTableWriter, type WriterFormat } from '../../../src/telemetry/writers/table-writer.js';
import { rowObject, tmpDir } from '../helpers.js';

const ROWS = [
  {
    Timestamp: 17092881021234567n,
    DeviceName: 'pc1',
    ProcessId: 4,
    ProcessCommandLine: 'cmd /c "a,b"\nnext',
    AdditionalFields: { k: [1, 'x'] },
    IsProcessRemoteSession: true,
  },
  { Timestamp: new Date('2024-03-02T00:00:00Z'), DeviceName: 'pc2', ProcessId: null },
];

describe('createTableWriter', () => {
  it.each(['ndjson', 'csv', 'streaming'] as WriterFormat[])('round-trips rows through %s', async (format) => {
    const dir = tmpDir();
    const w = createTableWriter(format, dir, 'DeviceProcessEvents', { tenantId: 't1' });
    for (const r of ROWS) await w.write(r);
    await w.close();
    expect(w.rowsWritten).toBe(2);
    const { store, report } = await loadTelemetry([dir]);
    expect(report.totalRejects).toBe(0);
    const t = store.getTable('DeviceProcessEvents')!;
    expect(t.rowCount).toBe(2);
    expect(rowObject(t, 0)).toMatchObject({
      Timestamp: 17092881021234567n,
      DeviceName: 'pc1',
      ProcessId: 4,
      ProcessCommandLine: 'cmd /c "a,b"\nnext',
      AdditionalFields: { k: [1, 'x'] },
      IsProcessRemoteSession: true,
    });
    expect(rowObject(t, 1)).toMatchObject({ Timestamp: 17093376000000000n, DeviceName: 'pc2' });
    expect(rowObject(t, 1).ProcessId).toBeUndefined();
    if (format === 'streaming') expect(rowObject(t, 0).TenantId).toBe('t1');
  });

  it('writes ISO 7-digit datetimes and a CSV header, optionally gzipped', async () => {
    const dir = tmpDir();
    const w = createTableWriter('csv', dir, 'DeviceInfo', { gzip: true });
    await w.write({ Timestamp: 17092881021234567n, DeviceName: 'x' });
    await w.close();
    expect(w.path.endsWith('DeviceInfo.csv.gz')).toBe(true);
    const text = gunzipSync(readFileSync(w.path)).toString('utf8');
    const [header, row] = text.split('\r\n');
    expect(header?.startsWith('Timestamp,DeviceId,DeviceName')).toBe(true);
    expect(row?.startsWith('2024-03-01T10:15:02.1234567Z,,x')).toBe(true);
  });

  it('uses the first row keys for tables outside the schema', async () => {
    const dir = tmpDir();
    const w = createTableWriter('ndjson', dir, 'Custom_CL');
    await w.write({ a: 1, when: 17092881021234567n });
    await w.close();
    expect(JSON.parse(readFileSync(w.path, 'utf8'))).toEqual({ a: 1, when: '2024-03-01T10:15:02.1234567Z' });
  });
});
