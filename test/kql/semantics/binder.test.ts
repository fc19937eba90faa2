import { describe, expect, it } from 'vitest';
import { bind, parse } from '../../../src/kql/engine.js';
import type { Catalog } from '../../../src/kql/semantics/binder.js';
import type { TableSchema } from '../../../src/kql/types.js';
import { schemaCatalog } from '../../../src/telemetry/schemas.js';

const catalog = schemaCatalog();

function bindText(text: string, cat: Catalog = catalog) {
  return bind(parse(text), { catalog: cat });
}

function columns(text: string, cat: Catalog = catalog): string[] {
  const b = bindText(text, cat);
  const errors = b.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, JSON.stringify(errors)).toEqual([]);
  return (b.schema?.columns ?? []).map((c) => `${c.name}:${c.type}`);
}

function codes(text: string, cat: Catalog = catalog): string[] {
  return bindText(text, cat).diagnostics.map((d) => d.code);
}

const SEED_PROC = `let Time_start = now(-5d);
let Time_end = now();
//
DeviceProcessEvents
| where Timestamp between (Time_start..Time_end)
| where ProcessVersionInfoCompanyName has 'Servably, Inc.'
and ProcessVersionInfoProductName has 'Syncro'
| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),
Report=make_set(ReportId), Count=count() by DeviceId, DeviceName`;

const SEED_NET = `let Time_start = now(-5d);
let Time_end = now();
DeviceNetworkEvents
| where Timestamp between (Time_start..Time_end)
| where RemoteUrl has_any ('syncromsp.com', 'servably.com', 'syncroapi.com')
    and InitiatingProcessVersionInfoCompanyName has 'Servably, Inc.'
| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),
    Report=make_set(ReportId), Count=count() by DeviceId, DeviceName, RemoteUrl`;

const small: Catalog = {
  getTable(name: string): TableSchema | undefined {
    const tables: Record<string, TableSchema> = {
      A: {
        columns: [
          { name: 'k', type: 'string' },
          { name: 'x', type: 'long' },
        ],
      },
      B: {
        columns: [
          { name: 'k', type: 'string' },
          { name: 'x', type: 'string' },
          { name: 'y', type: 'real' },
        ],
      },
    };
    return tables[name];
  },
  tableNames: () => ['A', 'B'],
};

describe('binder: the seed rules', () => {
  it('binds the SyncroMSP process rule to the per-device summary', () => {
    expect(columns(SEED_PROC)).toEqual([
      'DeviceId:string',
      'DeviceName:string',
      'FirstSeen:datetime',
      'LastSeen:datetime',
      'Report:dynamic',
      'Count:long',
    ]);
  });
  it('binds the SyncroMSP network rule with RemoteUrl as a key', () => {
    expect(columns(SEED_NET)).toEqual([
      'DeviceId:string',
      'DeviceName:string',
      'RemoteUrl:string',
      'FirstSeen:datetime',
      'LastSeen:datetime',
      'Report:dynamic',
      'Count:long',
    ]);
  });
});

describe('binder: names and diagnostics', () => {
  it('suggests the column a hunter most likely meant', () => {
    const b = bindText('DeviceNetworkEvents | where AccountUpn == "x"');
    const d = b.diagnostics.find((x) => x.code === 'KQL302');
    expect(d?.message).toContain("'AccountUpn'");
    expect(d?.message).toContain('DeviceNetworkEvents');
    expect(d?.message).toContain("did you mean 'InitiatingProcessAccountUpn'");
    expect(d?.line).toBe(1);
    expect(d?.column).toBe(29);
    expect(d?.length).toBe('AccountUpn'.length);
  });
  it('reports unknown tables with a suggestion', () => {
    const b = bindText('DeviceProcessEvent | take 1');
    expect(b.diagnostics[0]?.code).toBe('KQL301');
    expect(b.diagnostics[0]?.message).toContain("'DeviceProcessEvents'");
  });
  it('gives cloud-only functions and tables their own diagnostic', () => {
    expect(codes('DeviceProcessEvents | invoke FileProfile(SHA1)')).toContain('KQL501');
    // A Log Analytics table the reference names but whose columns are not bundled, and a custom log.
    expect(codes('CrowdStrikeDetections | take 1')).toEqual(['KQL502']);
    expect(bindText('CrowdStrikeDetections | take 1').diagnostics[0]?.message).toContain('Log Analytics');
    expect(codes('MyApp_CL | take 1')).toEqual(['KQL502']);
    // Tables that were cloud-only before the catalog had every table now bind.
    expect(codes('DeviceTvmSoftwareInventory | take 1')).toEqual([]);
    expect(codes('ExposureGraphNodes | take 1')).toEqual([]);
    expect(codes('ThreatIntelligenceIndicator | take 1')).toEqual([]);
  });
  it('reports unknown functions and wrong argument counts', () => {
    expect(codes('print tolowr("A")')).toEqual(['KQL401']);
    expect(codes('print strlen("a", "b")')).toEqual(['KQL402']);
  });
  it('rejects aggregates outside summarize', () => {
    expect(codes('A | extend c = count()', small)).toEqual(['KQL405']);
  });
  it('type-checks operators', () => {
    // the operand types Kusto.Language rejects (see optypes.ts)
    expect(codes('print "a" + 1')).toEqual(['KQL404']);
    expect(codes('print now() > "2024-01-01"')).toEqual(['KQL404']);
    expect(codes('print 1 has "1"')).toEqual(['KQL404']);
    expect(codes('print 1d - now()')).toEqual([]);
    expect(codes('print 1 == "1", true == "true", now() == 5')).toEqual([]);
  });
});

describe('binder: schema inference through operators', () => {
  it('names summarize outputs as Kusto does', () => {
    expect(columns('A | summarize count(), sum(x), dcount(k), make_set(k) by k', small)).toEqual([
      'k:string',
      'count_:long',
      'sum_x:long',
      'dcount_k:long',
      'set_k:dynamic',
    ]);
  });
  it('names bin() keys after their column', () => {
    expect(columns('DeviceProcessEvents | summarize c = count() by bin(Timestamp, 1h)')).toEqual([
      'Timestamp:datetime',
      'c:long',
    ]);
  });
  it('computes expressions over aggregates', () => {
    expect(columns('A | summarize ratio = countif(x > 1) * 100.0 / count() by k', small)).toEqual([
      'k:string',
      'ratio:real',
    ]);
  });
  it('expands arg_max(*) without repeating keys', () => {
    expect(columns('B | summarize arg_max(y, *) by k', small)).toEqual(['k:string', 'y:real', 'x:string']);
  });
  it('renames duplicate right-side join columns', () => {
    expect(columns('A | join kind=inner (B) on k', small)).toEqual([
      'k:string',
      'x:long',
      'k1:string',
      'x1:string',
      'y:real',
    ]);
    expect(columns('A | join kind=leftanti (B) on $left.k == $right.x', small)).toEqual(['k:string', 'x:long']);
    expect(columns('A | lookup (B | project k, y) on k', small)).toEqual(['k:string', 'x:long', 'y:real']);
  });
  it('merges union columns, splitting conflicting types', () => {
    expect(columns('union withsource=T A, B', small)).toEqual([
      'T:string',
      'k:string',
      'x_long:long',
      'x_string:string',
      'y:real',
    ]);
    expect(columns('union kind=inner A, B', small)).toEqual(['k:string']);
  });
  it('extends in place and lets later items use earlier ones', () => {
    expect(columns('A | extend x = tostring(x), z = strlen(x)', small)).toEqual(['k:string', 'x:string', 'z:long']);
  });
  it('handles project variants', () => {
    expect(columns('B | project-away x', small)).toEqual(['k:string', 'y:real']);
    expect(columns('B | project-rename K2 = k', small)).toEqual(['K2:string', 'x:string', 'y:real']);
    expect(columns('B | project-reorder y', small)).toEqual(['y:real', 'k:string', 'x:string']);
    expect(columns('B | project-keep *x*', small)).toEqual(['x:string']);
  });
  it('names unnamed print and extend columns', () => {
    expect(columns('print 1, strlen("ab")')).toEqual(['print_0:long', 'print_1:long']);
    // As Kusto.Language names them: strlen(k) → strlen_k, tostring(x) replaces x, tolower(k) → Column1.
    expect(columns('A | extend strlen(k)', small)).toEqual(['k:string', 'x:long', 'strlen_k:long']);
    expect(columns('A | extend tostring(x), tolower(k)', small)).toEqual(['k:string', 'x:string', 'Column1:string']);
    expect(columns('A | project bin(x, 2), tolong(x), gettype(k)', small)).toEqual([
      'x:long',
      'x1:long',
      'type_k:string',
    ]);
    // Functions over aggregate states, as the analyzer names them.
    expect(
      columns(
        'A | summarize t = tdigest(x) | project percentile_tdigest(t, 5), percentiles_array_tdigest(t, 50), percentile_array_tdigest(t, 50)',
        small,
      ),
    ).toEqual(['percentile_tdigest_t:real', 'percentile_tdigest_t1:dynamic', 'Column1:dynamic']);
    expect(columns('A | summarize count() by tolower(k), bin(x, 2)', small)).toEqual([
      'Column1:string',
      'x:long',
      'count_:long',
    ]);
  });
  it('inlines user functions with scalar and tabular parameters', () => {
    const q = `let f = (s:string, n:long = 2) { strlen(s) + n };
let g = (T:(k:string)) { T | where k != "" | count };
g(A | extend v = f(k))`;
    expect(columns(q, small)).toEqual(['Count:long']);
  });
  it('binds materialize, toscalar and tabular in-lists', () => {
    const q = `let M = materialize(A | where x > 1);
let n = toscalar(M | count);
B | where k in (M | distinct k) | extend n = n`;
    expect(columns(q, small)).toEqual(['k:string', 'x:string', 'y:real', 'n:long']);
  });
  it('expands mv-expand items in place or appended', () => {
    expect(columns('print d = dynamic([1,2]) | mv-expand with_itemindex=i d to typeof(long)')).toEqual([
      'd:long',
      'i:long',
    ]);
  });
  it('appends parse captures with their types', () => {
    expect(columns('print s = "a=1" | parse s with "a=" v:long')).toEqual(['s:string', 'v:long']);
  });
  it('keeps data-dependent plugin output open', () => {
    const b = bindText('print d = dynamic({"a":1}) | evaluate bag_unpack(d) | project a');
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
