/**
 * Telemetry load throughput per input format, over one generated fleet (~300k events, generated
 * once into bench/.cache/ and reused) written as NDJSON, CSV, streaming-API records and gzipped
 * NDJSON, plus the OTRF Sysmon/Security sample repeated to a few hundred thousand events. Reports
 * MB/s (of the files as stored) and rows/s, tables built. Then CSV on one thread as a hunt of the RMM
 * pack loads it (projected to the columns its rules read) against a load of every column, in this
 * process, each twice in turn (the faster of each counts).
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';

export const name = 'load';

const EVENTS = Number(process.env.KQLHUNT_BENCH_LOAD_EVENTS ?? 300_000);
const SYSMON_COPIES = 100;

export async function run(ctx) {
  const imp = (p) => import(pathToFileURL(join(ctx.dist, ...p.split('/'))).href);
  const { generateFleet } = await imp('telemetry/generate/index.js');
  const { loadTelemetry } = await imp('telemetry/load.js');
  const cache = join(ctx.root, 'bench', '.cache');
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(cache, '.gitignore'), '*\n');

  const fleet = async (format) => {
    const dir = join(cache, `load-${EVENTS}-${format}`);
    if (!existsSync(join(dir, 'manifest.json'))) {
      rmSync(dir, { recursive: true, force: true });
      await generateFleet({
        outDir: dir,
        events: EVENTS,
        devices: 100,
        days: 7,
        seed: 'bench',
        end: '2024-06-10T00:00:00Z',
        format,
      });
    }
    return tableFiles(dir);
  };
  const inputs = [
    ['ndjson', await fleet('ndjson')],
    ['csv', await fleet('csv')],
    ['streaming-API', await fleet('streaming')],
    ['gzip ndjson', await gzipped(await fleet('ndjson'), join(cache, `load-${EVENTS}-ndjson-gz`))],
    ['Sysmon JSON (OTRF ×100)', [sysmonRepeated(ctx.shared, join(cache, 'otrf-repeated.json'))]],
  ];

  const rows = [];
  for (const [label, files] of inputs) {
    const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
    globalThis.gc?.();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { store, report } = await loadTelemetry(files);
    for (const t of store.tableNames()) store.getTable(t); // build the columns, as a query would
    const sec = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSec = (cpu.user + cpu.system) / 1e6;
    const n = store.tableNames().reduce((s, t) => s + store.rowCount(t), 0);
    const note = `${n.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(0)} MB, ${report.totalRejects} rejects, ${(n / cpuSec).toFixed(0)} rows/CPU-s`;
    rows.push({ metric: `${label} MB/s`, value: bytes / 1e6 / sec, unit: 'MB/s', note });
    rows.push({ metric: `${label} rows/s`, value: n / sec, unit: 'rows/s' });
  }
  rows.push(...(await csvProjected(imp, await fleet('csv'), loadTelemetry)));
  return rows;
}

/** CSV loaded for the RMM pack (projected) and whole, threads=1, interleaved. */
async function csvProjected(imp, files, loadTelemetry) {
  const { projectionForRules } = await imp('hunts/projection.js');
  const { resolveRuleSpecs } = await imp('hunts/sources.js');
  const { rules } = await resolveRuleSpecs(['rmm']);
  const projection = projectionForRules(rules, { exclusions: true });
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const once = async (options) => {
    globalThis.gc?.();
    const t0 = performance.now();
    const { store } = await loadTelemetry(files, { ...options, threads: 1, cache: false });
    for (const t of store.tableNames()) store.getTable(t);
    return (performance.now() - t0) / 1000;
  };
  let full = Number.POSITIVE_INFINITY;
  let part = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 2; i++) {
    full = Math.min(full, await once({}));
    part = Math.min(part, await once({ projection }));
  }
  const columns = [...projection.values()].reduce((n, c) => n + (c === 'all' ? 0 : c.size), 0);
  const note = `RMM pack projection (${projection.size} tables, ${columns} columns), 1 thread; whole load ${(bytes / 1e6 / full).toFixed(0)} MB/s`;
  return [
    { metric: 'csv projected MB/s (1 thread)', value: bytes / 1e6 / part, unit: 'MB/s', note },
    { metric: 'csv projected / whole load speed (1 thread)', value: full / part, unit: '×' },
  ];
}

function tableFiles(dir) {
  return readdirSync(dir)
    .filter((f) => f.startsWith('Device'))
    .sort()
    .map((f) => join(dir, f));
}

async function gzipped(files, dir) {
  mkdirSync(dir, { recursive: true });
  const out = [];
  for (const f of files) {
    const target = join(dir, `${f.split(/[\\/]/).pop()}.gz`);
    if (!existsSync(target)) {
      // Written under a temporary name so an interrupted run is not reused as complete.
      await pipeline(createReadStream(f), createGzip({ level: 6 }), createWriteStream(`${target}.tmp`));
      renameSync(`${target}.tmp`, target);
    }
    out.push(target);
  }
  return out;
}

/** The OTRF sample's event lines (NDJSON), repeated: a Sysmon/Security export of realistic shape. */
function sysmonRepeated(shared, target) {
  if (existsSync(target)) return target;
  const dir = join(shared, 'telemetry', 'otrf_sample');
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8').trimEnd())
    .join('\n');
  writeFileSync(target, `${Array.from({ length: SYSMON_COPIES }, () => text).join('\n')}\n`);
  return target;
}
