/**
 * Telemetry loading keeps `50.0` a real inside dynamic columns (NDJSON objects and JSON text in a
 * CSV cell), while typed columns take the number; the table cache keeps the tag across a reload.
 */
import { describe, expect, it } from 'vitest';
import { dynamicJsonText } from '../../../src/kql/values.js';
import { loadTelemetry } from '../../../src/telemetry/load.js';
import { rowObject, tmpDir, writeFile } from '../helpers.js';

describe('reals in dynamic telemetry columns', () => {
  it('NDJSON: a dynamic column keeps 50.0, a long column takes 50', async () => {
    const dir = tmpDir();
    const f = writeFile(
      dir,
      'DeviceProcessEvents.ndjson',
      '{"Timestamp":"2024-03-01T10:00:00Z","DeviceName":"pc1","ProcessId":50.0,"AdditionalFields":{"score":50.0,"n":50,"v":"10.0.0.1"}}\n',
    );
    const { store, report } = await loadTelemetry([f]);
    expect(report.ok).toBe(true);
    const row = rowObject(store.getTable('DeviceProcessEvents')!, 0);
    expect(row.ProcessId).toBe(50);
    expect(dynamicJsonText(row.AdditionalFields)).toBe('{"score":50.0,"n":50,"v":"10.0.0.1"}');
  });

  it('CSV: JSON text in a dynamic cell keeps 2.0', async () => {
    const dir = tmpDir();
    const f = writeFile(
      dir,
      'DeviceProcessEvents.csv',
      'Timestamp,DeviceName,AdditionalFields\n2024-03-01T10:00:00Z,pc1,"[1, 2.0]"\n',
    );
    const { store } = await loadTelemetry([f]);
    expect(dynamicJsonText(rowObject(store.getTable('DeviceProcessEvents')!, 0).AdditionalFields)).toBe('[1,2.0]');
  });
});
