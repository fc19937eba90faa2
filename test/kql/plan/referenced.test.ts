import { describe, expect, it } from 'vitest';
import { bind, parse, referencedColumns } from '../../../src/kql/engine.js';
import { schemaCatalog } from '../../../src/telemetry/schemas.js';

const cols = (q: string) => Object.fromEntries(referencedColumns(bind(parse(q), { catalog: schemaCatalog() })));

describe('referencedColumns', () => {
  it('collects the columns a query reads per scanned table, in schema order', () => {
    expect(
      cols(`DeviceProcessEvents
| where Timestamp > ago(1d) and ProcessVersionInfoCompanyName has 'Servably'
| summarize n = count(), r = make_set(ReportId) by DeviceName`),
    ).toEqual({ DeviceProcessEvents: ['Timestamp', 'DeviceName', 'ProcessVersionInfoCompanyName', 'ReportId'] });
  });

  it('follows lets, joins and sub-queries', () => {
    const q = `let net = DeviceNetworkEvents | where RemoteUrl has 'x' | project DeviceId, RemoteUrl;
DeviceProcessEvents
| where FileName in ((DeviceFileEvents | where FolderPath startswith 'C:' | project FileName))
| join kind=inner net on DeviceId
| project DeviceName, RemoteUrl`;
    const r = cols(q);
    // Names are matched per query, not per scan: DeviceName (read after the join) counts for every
    // table that has it — more than needed, never less.
    expect(r.DeviceNetworkEvents).toEqual(['DeviceId', 'DeviceName', 'RemoteUrl']);
    expect(r.DeviceFileEvents).toEqual(['DeviceId', 'DeviceName', 'FileName', 'FolderPath']);
    expect(r.DeviceProcessEvents).toEqual(['DeviceId', 'DeviceName', 'FileName', 'FolderPath']);
  });

  it('is empty for a query that does not bind', () => {
    expect(cols('NoSuchTable | take 1')).toEqual({});
  });
});
