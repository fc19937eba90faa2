import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectTelemetry } from '../../src/telemetry/inspect.js';
import { tmpDir, writeFile } from './helpers.js';

describe('inspectTelemetry', () => {
  it('describes tables, time ranges, extra columns, rejects and skipped files', async () => {
    const dir = tmpDir();
    writeFile(
      dir,
      'DeviceInfo.ndjson',
      '{"Timestamp":"2024-01-01T00:00:00Z","DeviceName":"a","Odd":1}\n{"Timestamp":"2024-01-03T00:00:00Z","DeviceName":"b"}\nbroken\n',
    );
    writeFile(dir, 'notes.txt', 'hello');
    const { text, report } = await inspectTelemetry([dir]);
    expect(report.totalRows).toBe(2);
    expect(text).toContain('Loaded 2 rows from 1 file(s)');
    expect(text).toMatch(
      /DeviceInfo\s+2 rows\s+2024-01-01T00:00:00.0000000Z \.\. 2024-01-03T00:00:00.0000000Z \(Timestamp\)/,
    );
    expect(text).toContain('extra columns: Odd');
    expect(text).toContain('columns not in DeviceInfo: Odd');
    expect(text).toContain('Rejects: 1 (first 1 shown)');
    expect(text).toMatch(/DeviceInfo\.ndjson:3 unparsable/);
    expect(text).toMatch(/notes\.txt: not a telemetry file extension/);
  });

  it('lists the SecurityEvent rows of Security events Defender has no table for', async () => {
    const { text } = await inspectTelemetry([
      fileURLToPath(
        new URL(
          '../fixtures/shared/telemetry/otrf_sample/psh_lsass_memory_dump_comsvcs_2020-10-18T19500924.json',
          import.meta.url,
        ),
      ),
    ]);
    expect(text).not.toContain('unmapped events');
    expect(text).toContain('SecurityEvent');
    expect(text).toContain('DeviceProcessEvents');
  });

  it('lists Windows events that have no table (no usable EventID)', async () => {
    const dir = tmpDir();
    const rec = (id: unknown) => JSON.stringify({ winlog: { event_id: id, channel: 'System', computer_name: 'pc1' } });
    const file = writeFile(dir, 'winlogbeat.json', `${rec('n/a')}\n${rec('n/a')}\n${rec(7045)}\n`);
    const { text } = await inspectTelemetry([file]);
    expect(text).toMatch(/unmapped events \(2\): System\/n\/a ×2/);
    expect(text).toContain('WindowsEvent');
  });
});
