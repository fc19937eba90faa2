/** readColumns: which columns of which tables a query reads, from its plan (never fewer than it reads). */
import { describe, expect, it } from 'vitest';
import { readColumns } from '../../../src/kql/engine.js';
import { schemaCatalog } from '../../../src/telemetry/schemas.js';

const read = (q: string) => {
  const r = readColumns(q, schemaCatalog());
  if (!r) return undefined;
  return Object.fromEntries([...r].map(([t, c]) => [t, c === 'all' ? 'all' : [...c].sort()]));
};

describe('readColumns', () => {
  it('follows where, extend and summarize down to the scan', () => {
    expect(
      read(
        "DeviceProcessEvents | where Timestamp > ago(1d) | where FileName =~ 'x.exe' | extend L = tolower(ProcessCommandLine) | summarize count() by DeviceName, L",
      ),
    ).toEqual({ DeviceProcessEvents: ['DeviceName', 'FileName', 'ProcessCommandLine', 'Timestamp'] });
  });

  it('a pipeline that returns the rows needs every column', () => {
    expect(read("DeviceProcessEvents | where FileName =~ 'x.exe' | take 10")).toEqual({ DeviceProcessEvents: 'all' });
    // arg_max(*) names every column itself
    const argMax = read('DeviceProcessEvents | summarize arg_max(Timestamp, *) by DeviceId')?.DeviceProcessEvents;
    expect(argMax).toHaveLength(schemaCatalog().getTable('DeviceProcessEvents')?.columns.length ?? -1);
  });

  it('project keeps only what its items use; count needs no column', () => {
    expect(read('DeviceNetworkEvents | project RemoteUrl, N = strlen(RemoteIP)')).toEqual({
      DeviceNetworkEvents: ['RemoteIP', 'RemoteUrl'],
    });
    expect(read('DeviceNetworkEvents | count')).toEqual({ DeviceNetworkEvents: [] });
  });

  it('maps union outputs back to each input; joins take every column of both sides', () => {
    expect(read('union DeviceProcessEvents, DeviceFileEvents | summarize count() by FileName')).toEqual({
      DeviceFileEvents: ['FileName'],
      DeviceProcessEvents: ['FileName'],
    });
    expect(
      read('DeviceProcessEvents | join kind=inner (DeviceNetworkEvents) on DeviceId | summarize count() by DeviceId'),
    ).toEqual({ DeviceNetworkEvents: 'all', DeviceProcessEvents: 'all' });
  });

  it('reads sub-queries of expressions and let-bound tables', () => {
    expect(
      read(
        'let urls = DeviceNetworkEvents | where RemoteUrl has "x" | project DeviceId; DeviceProcessEvents | where DeviceId in (urls) | summarize count() by DeviceName',
      ),
    ).toEqual({ DeviceNetworkEvents: ['DeviceId', 'RemoteUrl'], DeviceProcessEvents: ['DeviceId', 'DeviceName'] });
  });

  it('is undefined for a query that does not bind', () => {
    expect(read('DeviceProcessEvents | where NoSuchColumn == 1')).toBeUndefined();
  });
});
