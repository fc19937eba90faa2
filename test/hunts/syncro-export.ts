/** A tiny Defender export with SyncroMSP agent starts, for session and target tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Two Syncro agent starts on pc1 and an unrelated process, as an NDJSON export; the last event at
 * `end` (default 2024-05-01T12:00:00Z), the others one and two hours before.
 */
export function syncroExport(dir: string, end = '2024-05-01T12:00:00Z'): string {
  const at = (hoursBefore: number) => new Date(Date.parse(end) - hoursBefore * 3600_000).toISOString();
  const rows = [
    {
      Timestamp: at(2),
      DeviceId: 'd1',
      DeviceName: 'pc1',
      ReportId: 11,
      FileName: 'Syncro.Service.Runner.exe',
      ProcessVersionInfoCompanyName: 'Servably, Inc.',
      ProcessVersionInfoProductName: 'Syncro',
      AccountName: 'system',
    },
    {
      Timestamp: at(1),
      DeviceId: 'd1',
      DeviceName: 'pc1',
      ReportId: 12,
      FileName: 'Syncro.App.Runner.exe',
      ProcessVersionInfoCompanyName: 'Servably, Inc.',
      ProcessVersionInfoProductName: 'Syncro',
      AccountName: 'system',
    },
    {
      Timestamp: at(0),
      DeviceId: 'd2',
      DeviceName: 'pc2',
      ReportId: 13,
      FileName: 'notepad.exe',
      ProcessVersionInfoCompanyName: 'Microsoft Corporation',
      ProcessVersionInfoProductName: 'Windows',
      AccountName: 'alice',
    },
  ];
  const file = join(dir, 'DeviceProcessEvents.ndjson');
  writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return file;
}
