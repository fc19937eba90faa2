/**
 * The executor against DuckDB, in one process, over the same in-memory data: the two seed rules and
 * a join + summarize query at 1M and 5M rows of DeviceProcessEvents / DeviceNetworkEvents.
 *
 * Reports rows/s for each engine, the ratio kqlhunt/DuckDB (time), and memory: the columnar tables'
 * bytes against the raw column data (typed values + distinct string bytes), and peak RSS.
 * The SQL mirrors the KQL; `has` becomes a case-insensitive substring test in SQL (close enough for
 * timing: the data is built so both select the same rows, which the bench checks).
 * Sizes: BENCH_ROWS="1000000,5000000" (default) — set a smaller list for a quick run.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = 'engine vs DuckDB';

const DAY_MS = 86_400_000;
const END_MS = Date.UTC(2026, 5, 1);

/** Small deterministic PRNG (mulberry32) so both engines see identical data. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPANIES = [
  'Microsoft Corporation',
  'Google LLC',
  'Mozilla Corporation',
  'Adobe Inc.',
  'Zoom Video Communications, Inc.',
  'NotServably, Incorporated',
  'Servably, Inc.',
];
const PRODUCTS = [
  'Microsoft® Windows® Operating System',
  'Google Chrome',
  'Firefox',
  'Adobe Acrobat',
  'Zoom',
  'Syncro Tools',
  'Syncro',
];
const URLS = [
  'www.bing.com',
  'login.microsoftonline.com',
  'clients4.google.com',
  'zoom.us',
  'admin.syncromsp.com',
  'rmm.syncroapi.com',
  'cdn.servably.com',
  'example.org',
];

function makeData(n, engine, onSourceReady = () => {}) {
  const { columnBuilder, makeTable } = engine.table;
  const r = rng(n);
  const devices = 2000;
  const proc = {
    DeviceId: [],
    DeviceName: [],
    Timestamp: new Float64Array(n),
    Company: [],
    Product: [],
    ReportId: new Float64Array(n),
    FileName: [],
  };
  const net = {
    DeviceId: [],
    DeviceName: [],
    Timestamp: new Float64Array(n),
    RemoteUrl: [],
    Company: [],
    ReportId: new Float64Array(n),
    RemotePort: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const d = Math.floor(r() * devices);
    // ~0.1% of processes are SyncroMSP, a few more are look-alikes.
    const pick = r();
    const ci = pick < 0.001 ? 6 : pick < 0.003 ? 5 : Math.floor(r() * 5);
    proc.DeviceId.push(`dev${d.toString(16).padStart(6, '0')}`);
    proc.DeviceName.push(`host-${d}.contoso.local`);
    proc.Timestamp[i] = END_MS - Math.floor(r() * 10 * DAY_MS);
    proc.Company.push(COMPANIES[ci]);
    proc.Product.push(PRODUCTS[ci]);
    proc.ReportId[i] = i;
    proc.FileName.push(`proc${Math.floor(r() * 300)}.exe`);
    const d2 = Math.floor(r() * devices);
    const ui = Math.floor(r() * URLS.length);
    net.DeviceId.push(`dev${d2.toString(16).padStart(6, '0')}`);
    net.DeviceName.push(`host-${d2}.contoso.local`);
    net.Timestamp[i] = END_MS - Math.floor(r() * 10 * DAY_MS);
    net.RemoteUrl.push(URLS[ui]);
    net.Company.push(ui >= 4 && ui <= 6 && r() < 0.5 ? 'Servably, Inc.' : COMPANIES[Math.floor(r() * 5)]);
    net.ReportId[i] = i;
    net.RemotePort[i] = r() < 0.7 ? 443 : 80;
  }
  onSourceReady();
  const build = (cols) => {
    const schema = { columns: cols.map(([name, type]) => ({ name, type })) };
    const columns = cols.map(([, type, values]) => {
      const b = columnBuilder(type);
      if (type === 'datetime') for (const v of values) b.append(BigInt(v) * 10_000n);
      else for (const v of values) b.append(v);
      return b.build();
    });
    return makeTable(schema, columns);
  };
  const procTable = build([
    ['DeviceId', 'string', proc.DeviceId],
    ['DeviceName', 'string', proc.DeviceName],
    ['Timestamp', 'datetime', proc.Timestamp],
    ['ProcessVersionInfoCompanyName', 'string', proc.Company],
    ['ProcessVersionInfoProductName', 'string', proc.Product],
    ['ReportId', 'long', proc.ReportId],
    ['FileName', 'string', proc.FileName],
  ]);
  const netTable = build([
    ['DeviceId', 'string', net.DeviceId],
    ['DeviceName', 'string', net.DeviceName],
    ['Timestamp', 'datetime', net.Timestamp],
    ['RemoteUrl', 'string', net.RemoteUrl],
    ['InitiatingProcessVersionInfoCompanyName', 'string', net.Company],
    ['ReportId', 'long', net.ReportId],
    ['RemotePort', 'long', net.RemotePort],
  ]);
  return { proc, net, procTable, netTable };
}

/**
 * Bytes of the raw column data, value by value: 8 per number or datetime, and each string cell's
 * UTF-8 bytes — what the rows weigh before any encoding.
 */
function rawBytes(data) {
  let bytes = 0;
  for (const part of [data.proc, data.net]) {
    for (const values of Object.values(part)) {
      if (values instanceof Float64Array) bytes += values.length * 8;
      else for (const s of values) bytes += Buffer.byteLength(s, 'utf8');
    }
  }
  return bytes;
}

function tableBytes(t) {
  let bytes = 0;
  for (const c of t.columns) {
    if (c.values?.byteLength !== undefined) bytes += c.values.byteLength + (c.nulls?.byteLength ?? 0);
    else if (c.codes) bytes += c.codes.byteLength + c.dict.reduce((n, s) => n + s.length * 2, 0);
    else if (Array.isArray(c.values))
      bytes += c.values.length * 8 + c.values.reduce((n, s) => n + String(s).length * 2, 0);
  }
  return bytes;
}

const KQL = {
  'seed: create process': `let Time_start = now(-5d);
let Time_end = now();
DeviceProcessEvents
| where Timestamp between (Time_start..Time_end)
| where ProcessVersionInfoCompanyName has 'Servably, Inc.'
and ProcessVersionInfoProductName has 'Syncro'
| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),
Report=make_set(ReportId), Count=count() by DeviceId, DeviceName`,
  'seed: network connection': `let Time_start = now(-5d);
let Time_end = now();
DeviceNetworkEvents
| where Timestamp between (Time_start..Time_end)
| where RemoteUrl has_any ('syncromsp.com', 'servably.com', 'syncroapi.com')
    and InitiatingProcessVersionInfoCompanyName has 'Servably, Inc.'
| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),
    Report=make_set(ReportId), Count=count() by DeviceId, DeviceName, RemoteUrl`,
  'join + summarize': `DeviceNetworkEvents
| where RemotePort == 443
| summarize Connections=count() by DeviceId
| join kind=inner (DeviceProcessEvents | summarize Processes=count(), Files=dcount(FileName) by DeviceId) on DeviceId
| project DeviceId, Connections, Processes, Files`,
};

const START = END_MS - 5 * DAY_MS;
const SQL = {
  'seed: create process': `SELECT DeviceId, DeviceName, min(ts) AS FirstSeen, max(ts) AS LastSeen, list(DISTINCT ReportId) AS Report, count(*) AS Count
FROM proc WHERE ts BETWEEN ${START} AND ${END_MS}
AND lower(Company) LIKE '%servably, inc.%' AND regexp_matches(Product, '(?i)\\bsyncro\\b')
GROUP BY DeviceId, DeviceName`,
  'seed: network connection': `SELECT DeviceId, DeviceName, RemoteUrl, min(ts) AS FirstSeen, max(ts) AS LastSeen, list(DISTINCT ReportId) AS Report, count(*) AS Count
FROM net WHERE ts BETWEEN ${START} AND ${END_MS}
AND (lower(RemoteUrl) LIKE '%syncromsp.com%' OR lower(RemoteUrl) LIKE '%servably.com%' OR lower(RemoteUrl) LIKE '%syncroapi.com%')
AND lower(Company) LIKE '%servably, inc.%'
GROUP BY DeviceId, DeviceName, RemoteUrl`,
  'join + summarize': `SELECT n.DeviceId, n.Connections, p.Processes, p.Files FROM
(SELECT DeviceId, count(*) AS Connections FROM net WHERE RemotePort = 443 GROUP BY DeviceId) n
JOIN (SELECT DeviceId, count(*) AS Processes, count(DISTINCT FileName) AS Files FROM proc GROUP BY DeviceId) p
ON n.DeviceId = p.DeviceId`,
};

async function loadDuckDB(data) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(
    'CREATE TABLE proc (DeviceId VARCHAR, DeviceName VARCHAR, ts BIGINT, Company VARCHAR, Product VARCHAR, ReportId BIGINT, FileName VARCHAR)',
  );
  await conn.run(
    'CREATE TABLE net (DeviceId VARCHAR, DeviceName VARCHAR, ts BIGINT, RemoteUrl VARCHAR, Company VARCHAR, ReportId BIGINT, RemotePort INTEGER)',
  );
  const p = data.proc;
  let app = await conn.createAppender('proc');
  for (let i = 0; i < p.ReportId.length; i++) {
    app.appendVarchar(p.DeviceId[i]);
    app.appendVarchar(p.DeviceName[i]);
    app.appendBigInt(BigInt(p.Timestamp[i]));
    app.appendVarchar(p.Company[i]);
    app.appendVarchar(p.Product[i]);
    app.appendBigInt(BigInt(p.ReportId[i]));
    app.appendVarchar(p.FileName[i]);
    app.endRow();
  }
  app.closeSync();
  const n = data.net;
  app = await conn.createAppender('net');
  for (let i = 0; i < n.ReportId.length; i++) {
    app.appendVarchar(n.DeviceId[i]);
    app.appendVarchar(n.DeviceName[i]);
    app.appendBigInt(BigInt(n.Timestamp[i]));
    app.appendVarchar(n.RemoteUrl[i]);
    app.appendVarchar(n.Company[i]);
    app.appendBigInt(BigInt(n.ReportId[i]));
    app.appendInteger(n.RemotePort[i]);
    app.endRow();
  }
  app.closeSync();
  return { conn, close: () => instance.closeSync?.() };
}

export async function run(ctx) {
  const engine = await import(pathToFileURL(join(ctx.dist, 'kql', 'engine.js')).href);
  const table = await import(pathToFileURL(join(ctx.dist, 'kql', 'exec', 'table.js')).href);
  const sizes = (process.env.BENCH_ROWS ?? '1000000,5000000').split(',').map(Number);
  const out = [];
  for (const n of sizes) {
    let before;
    const data = makeData(n, { table }, () => {
      globalThis.gc?.();
      before = process.memoryUsage();
    });
    globalThis.gc?.();
    const after = process.memoryUsage();
    const provider = new table.MapTableProvider([
      ['DeviceProcessEvents', data.procTable],
      ['DeviceNetworkEvents', data.netTable],
    ]);
    const colBytes = tableBytes(data.procTable) + tableBytes(data.netTable);
    const built = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
    const raw = rawBytes(data);
    const duck = await loadDuckDB(data);
    const now = BigInt(END_MS) * 10_000n;
    for (const [label, kql] of Object.entries(KQL)) {
      let kRows = -1;
      const k = await ctx.timeIt(
        () => {
          const { result, diagnostics } = engine.runQuery(kql, { provider, now });
          if (!result) throw new Error(`${label}: ${diagnostics.map((d) => d.message).join('; ')}`);
          if (result.diagnostics.some((d) => d.severity === 'error'))
            throw new Error(`${label}: ${result.diagnostics[0].message}`);
          kRows = result.table.rowCount;
        },
        { minMs: 2000, minRuns: 3 },
      );
      let dRows = -1;
      const d = await ctx.timeIt(
        async () => {
          const r = await duck.conn.runAndReadAll(SQL[label]);
          dRows = r.currentRowCount;
        },
        { minMs: 2000, minRuns: 3 },
      );
      const rowsIn = n;
      out.push({
        metric: `${label} @${n / 1e6}M rows`,
        value: rowsIn / (k.msPerRun / 1000),
        unit: 'rows/s',
        note: `kqlhunt ${k.msPerRun.toFixed(1)} ms, DuckDB ${d.msPerRun.toFixed(1)} ms, ratio ${(k.msPerRun / d.msPerRun).toFixed(2)}x; result rows ${kRows} vs ${dRows}`,
      });
    }
    out.push({
      metric: `memory @${n / 1e6}M rows`,
      // Column bytes are exact (typed arrays + dictionaries); the heap delta is noisier (GC timing).
      value: colBytes / raw,
      unit: 'x raw',
      note: `columns ${(colBytes / 2 ** 20).toFixed(0)} MiB for ${(raw / 2 ** 20).toFixed(0)} MiB of raw values (heap+buffers grew ${(built / 2 ** 20).toFixed(0)} MiB while building); peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB incl. the source arrays and DuckDB`,
    });
    duck.close();
  }
  return out;
}
