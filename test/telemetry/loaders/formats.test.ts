import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTelemetry } from '../../../src/telemetry/load.js';
import { column, rowObject, tmpDir, writeFile } from '../helpers.js';

const T1 = '2024-03-01T10:15:02.123Z';
const T1_TICKS = 17092881021230000n;

describe('NDJSON and JSON rows', () => {
  it('loads NDJSON with the table from the file name and coerces to schema types', async () => {
    const dir = tmpDir();
    const f = writeFile(
      dir,
      'DeviceProcessEvents.ndjson',
      `${JSON.stringify({ Timestamp: T1, DeviceName: 'pc1', ProcessId: 42, AdditionalFields: '{"a":1}' })}\n\n${JSON.stringify({ Timestamp: '2024-03-02T00:00:00Z', DeviceName: 'pc2', ProcessId: '7' })}\n`,
    );
    const { store, report } = await loadTelemetry([f]);
    const t = store.getTable('DeviceProcessEvents')!;
    expect(t.rowCount).toBe(2);
    expect(rowObject(t, 0)).toMatchObject({
      Timestamp: T1_TICKS,
      DeviceName: 'pc1',
      ProcessId: 42,
      AdditionalFields: { a: 1 },
    });
    expect(column(t, 'ProcessId')).toEqual([42, 7]);
    expect(report.files[0]).toMatchObject({ container: 'ndjson', kind: 'rows', rows: 2, rejects: 0 });
    expect(report.ok).toBe(true);
    expect(store.timeRange('DeviceProcessEvents')).toMatchObject({ column: 'Timestamp', min: T1_TICKS });
    expect(report.tables[0]).toMatchObject({
      table: 'DeviceProcessEvents',
      rows: 2,
      minTime: '2024-03-01T10:15:02.1230000Z',
    });
  });

  it('loads .jsonl and .json arrays, and appends files of the same table', async () => {
    const dir = tmpDir();
    writeFile(dir, 'DeviceNetworkEvents.jsonl', `${JSON.stringify({ RemoteUrl: 'a.example', RemotePort: 443 })}\n`);
    writeFile(
      dir,
      'DeviceNetworkEvents_2.json',
      JSON.stringify([{ RemoteUrl: 'b.example' }, { RemoteUrl: 'c.example' }], null, 2),
    );
    const { store, report } = await loadTelemetry([dir]);
    expect(column(store.getTable('DeviceNetworkEvents')!, 'RemoteUrl')).toEqual([
      'a.example',
      'b.example',
      'c.example',
    ]);
    expect(report.files.map((f) => f.container)).toEqual(['ndjson', 'json']);
  });

  it('takes the table from Type / $table / Table columns (Sentinel exports)', async () => {
    const dir = tmpDir();
    const rows = [
      { TimeGenerated: T1, Type: 'SecurityEvent', EventID: 4624, Computer: 'dc1' },
      { $table: 'DeviceInfo', Timestamp: T1, DeviceName: 'pc1' },
      { Table: 'devicefileevents', FileName: 'a.exe' },
    ];
    const f = writeFile(dir, 'export.ndjson', rows.map((r) => JSON.stringify(r)).join('\n'));
    const { store, report } = await loadTelemetry([f]);
    expect(store.tableNames()).toEqual(['DeviceFileEvents', 'DeviceInfo', 'SecurityEvent']);
    expect(rowObject(store.getTable('SecurityEvent')!, 0)).toMatchObject({
      Type: 'SecurityEvent',
      EventID: 4624,
      TimeGenerated: T1_TICKS,
    });
    expect(store.getSchema('DeviceInfo')!.columns.map((c) => c.name)).not.toContain('$table');
    expect(store.timeRange('SecurityEvent')?.column).toBe('TimeGenerated');
    expect(report.files[0]?.kind).toBe('mixed');
    expect(report.files[0]?.unknownColumns).toEqual({});
  });

  it('forces the table and the container with options', async () => {
    const dir = tmpDir();
    const f = writeFile(dir, 'whatever.txt', '{"FileName":"x.exe"}\n');
    const { store } = await loadTelemetry([f], { table: 'DeviceFileEvents', format: 'ndjson' });
    expect(column(store.getTable('DeviceFileEvents')!, 'FileName')).toEqual(['x.exe']);
  });

  it('keeps unknown tables and unknown columns with inferred types, and reports them', async () => {
    const dir = tmpDir();
    writeFile(dir, 'MyCustom_CL.ndjson', '{"n":1,"s":"a","when":"x"}\n{"n":2.5,"s":"b","o":{"k":1}}\n');
    writeFile(dir, 'DeviceInfo.ndjson', '{"DeviceName":"pc1","ExtraThing":5}\n');
    const { store, report } = await loadTelemetry([dir]);
    const custom = store.getTable('MyCustom_CL')!;
    expect(custom.schema.columns).toEqual([
      { name: 'n', type: 'real' },
      { name: 's', type: 'string' },
      { name: 'when', type: 'string' },
      { name: 'o', type: 'dynamic' },
    ]);
    expect(column(custom, 'o')).toEqual([null, { k: 1 }]);
    expect(report.files.find((f) => f.file.endsWith('MyCustom_CL.ndjson'))?.unknownTables).toEqual(['MyCustom_CL']);
    const info = report.files.find((f) => f.file.endsWith('DeviceInfo.ndjson'))!;
    expect(info.unknownColumns).toEqual({ DeviceInfo: ['ExtraThing'] });
    expect(store.getSchema('DeviceInfo')!.columns.at(-1)).toEqual({ name: 'ExtraThing', type: 'long' });
    expect(report.tables.find((t) => t.table === 'DeviceInfo')?.extraColumns).toEqual(['ExtraThing']);
  });
});

describe('CSV (Defender portal export)', () => {
  it('parses quoted fields, embedded newlines, JSON dynamic text and both datetime styles', async () => {
    const dir = tmpDir();
    const csv = [
      'Timestamp,DeviceName,ProcessCommandLine,ProcessId,AdditionalFields,IsProcessRemoteSession',
      `${T1},pc1,"cmd /c ""echo a,b""",12,"{""x"":[1,2]}",true`,
      `3/1/2024 10:15:02.123 AM,pc2,"line1\nline2",,,FALSE`,
    ].join('\r\n');
    const f = writeFile(dir, 'DeviceProcessEvents.csv', `\uFEFF${csv}\r\n`);
    const { store, report } = await loadTelemetry([f]);
    const t = store.getTable('DeviceProcessEvents')!;
    expect(column(t, 'Timestamp')).toEqual([T1_TICKS, T1_TICKS]);
    expect(column(t, 'ProcessCommandLine')).toEqual(['cmd /c "echo a,b"', 'line1\nline2']);
    expect(column(t, 'ProcessId')).toEqual([12, null]);
    expect(column(t, 'AdditionalFields')).toEqual([{ x: [1, 2] }, null]);
    expect(column(t, 'IsProcessRemoteSession')).toEqual([true, false]);
    expect(report.files[0]).toMatchObject({ container: 'csv', rows: 2, rejects: 0 });
  });

  it('infers CSV types of unknown columns from the text', async () => {
    const dir = tmpDir();
    const f = writeFile(dir, 'Custom.csv', 'a,b,c\n1,2024-01-01T00:00:00Z,x\n2,2024-01-02T00:00:00Z,y\n');
    const { store } = await loadTelemetry([f]);
    expect(store.getSchema('Custom')!.columns.map((c) => c.type)).toEqual(['long', 'datetime', 'string']);
  });
});

describe('Defender streaming API records', () => {
  const rec = (table: string, props: object) => ({
    time: T1,
    tenantId: 'tenant-1',
    operationName: 'Publish',
    category: `AdvancedHunting-${table}`,
    properties: props,
  });

  it('loads one record per line, into the table named by category', async () => {
    const dir = tmpDir();
    const lines = [
      rec('DeviceProcessEvents', { DeviceName: 'pc1', FileName: 'a.exe' }),
      rec('DeviceNetworkEvents', { RemotePort: 443 }),
    ];
    const f = writeFile(dir, 'PT1H.json', lines.map((l) => JSON.stringify(l)).join('\n'));
    const { store, report } = await loadTelemetry([f]);
    expect(rowObject(store.getTable('DeviceProcessEvents')!, 0)).toMatchObject({
      Timestamp: T1_TICKS,
      TenantId: 'tenant-1',
      FileName: 'a.exe',
    });
    expect(column(store.getTable('DeviceNetworkEvents')!, 'RemotePort')).toEqual([443]);
    expect(report.files[0]?.kind).toBe('streaming-api');
  });

  it('loads {"records":[…]} blobs, single-line and pretty-printed', async () => {
    const dir = tmpDir();
    const body = { records: [rec('DeviceFileEvents', { FileName: 'x' }), rec('DeviceFileEvents', { FileName: 'y' })] };
    writeFile(dir, 'a.json', JSON.stringify(body));
    writeFile(dir, 'b.json', JSON.stringify(body, null, 2));
    const { store, report } = await loadTelemetry([dir]);
    expect(column(store.getTable('DeviceFileEvents')!, 'FileName')).toEqual(['x', 'y', 'x', 'y']);
    expect(report.files.map((f) => f.kind)).toEqual(['streaming-api', 'streaming-api']);
  });
});

describe('gzip and directories', () => {
  it('detects gzip by magic bytes, with or without .gz', async () => {
    const dir = tmpDir();
    writeFile(dir, 'DeviceInfo.ndjson.gz', '{"DeviceName":"a"}\n', true);
    writeFile(dir, 'DeviceEvents.ndjson', '{"ActionType":"x"}\n', true);
    const { store, report } = await loadTelemetry([dir]);
    expect(store.rowCount('DeviceInfo')).toBe(1);
    expect(store.rowCount('DeviceEvents')).toBe(1);
    expect(report.files.every((f) => f.compressed)).toBe(true);
  });

  it('walks directories recursively and reports skipped files', async () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true });
    writeFile(join(dir, 'sub', 'deeper'), 'DeviceInfo.csv', 'DeviceName\nx\n');
    writeFile(dir, 'README.md', '# notes');
    const { store, report } = await loadTelemetry([dir, join(dir, 'missing.json')]);
    expect(store.rowCount('DeviceInfo')).toBe(1);
    expect(report.skipped.map((s) => s.file.slice(dir.length))).toEqual(['/README.md', '/missing.json']);
    expect(report.skipped[1]?.reason).toMatch(/cannot open/);
  });
});
