/** A tiny Defender export with SyncroMSP agent starts, for session and target tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Two Syncro agent starts on pc1 and an unrelated process, as an NDJSON export. */
export function syncroExport(dir: string): string {
  const rows = [
    {
      Timestamp: '2024-05-01T10:00:00Z',
      DeviceId: 'd1',
      DeviceName: 'pc1',
      ReportId: 11,
      FileName: 'Syncro.Service.Runner.exe',
      ProcessVersionInfoCompanyName: 'Servably, Inc.',
      ProcessVersionInfoProductName: 'Syncro',
      AccountName: 'system',
    },
    {
      Timestamp: '2024-05-01T11:00:00Z',
      DeviceId: 'd1',
      DeviceName: 'pc1',
      ReportId: 12,
      FileName: 'Syncro.App.Runner.exe',
      ProcessVersionInfoCompanyName: 'Servably, Inc.',
      ProcessVersionInfoProductName: 'Syncro',
      AccountName: 'system',
    },
    {
      Timestamp: '2024-05-01T12:00:00Z',
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
