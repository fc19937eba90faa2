#!/usr/bin/env node
/**
 * Benchmark runner (`npm run bench`, after `npm run build`): runs every bench/*.bench.mjs, each in
 * its own child process (so one benchmark's heap and JIT state cannot slow the next), prints a
 * table and writes bench/results/latest.json.
 *
 * A benchmark module exports `name` and `run(ctx)`, which returns measurements
 * `{ metric, value, unit, note? }`. ctx gives the repository root, the built engine folder (dist/)
 * and `timeIt`, which repeats a function until a minimum time has passed.
 * Usage: node bench/run.mjs [filter]   (only benchmarks whose file name contains filter)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const DIST = join(ROOT, 'dist');

/**
 * Runs `fn` once to warm up, then repeatedly until `minMs` have passed (at least `minRuns` times);
 * returns the mean milliseconds per run and the run count.
 */
async function timeIt(fn, { minMs = 1000, minRuns = 3 } = {}) {
  await fn();
  globalThis.gc?.();
  let runs = 0;
  const start = performance.now();
  while (runs < minRuns || performance.now() - start < minMs) {
    await fn();
    runs++;
  }
  return { msPerRun: (performance.now() - start) / runs, runs };
}

const CHILD_FLAG = '--child';

/** In a child process: runs one benchmark file and prints its measurements as one JSON line. */
async function runChild(file) {
  const ctx = {
    root: ROOT,
    dist: DIST,
    shared: process.env.KQLHUNT_SHARED ?? resolve(ROOT, 'test/fixtures/shared'),
    timeIt,
  };
  const mod = await import(pathToFileURL(join(BENCH_DIR, file)).href);
  const rows = (await mod.run(ctx)).map((m) => ({ bench: mod.name ?? file, ...m }));
  process.stdout.write(`\n${JSON.stringify(rows)}\n`);
}

/** Spawns the child for `file`; a crash or bad output becomes an error row, not a lost run. */
function runIsolated(file) {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), CHILD_FLAG, file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = r.stdout.trimEnd().split('\n').pop() ?? '';
  try {
    return { ok: r.status === 0, rows: JSON.parse(last) };
  } catch {
    const note = `exit ${r.status ?? r.signal}: ${last.slice(0, 200)}`;
    return { ok: false, rows: [{ bench: file, metric: 'error', value: Number.NaN, unit: '', note }] };
  }
}

async function main() {
  if (!existsSync(join(DIST, 'kql', 'engine.js'))) {
    console.error('bench: dist/ is missing; run `npm run build` first (npm run bench does).');
    process.exit(2);
  }
  const filter = process.argv[2] ?? '';
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.mjs') && f.includes(filter))
    .sort();
  const rows = [];
  let failed = false;
  for (const file of files) {
    const { ok, rows: got } = runIsolated(file);
    if (!ok) failed = true;
    rows.push(...got);
  }
  printTable(rows);
  const out = join(BENCH_DIR, 'results', 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  writeFileSync(out, `${JSON.stringify({ ...meta, results: rows }, null, 2)}\n`);
  console.log(`\nwrote ${out}`);
  if (failed) process.exitCode = 1;
}

function printTable(rows) {
  const cells = rows.map((r) => [r.bench, r.metric, formatValue(r.value), r.unit, r.note ?? '']);
  const header = ['benchmark', 'metric', 'value', 'unit', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) =>
    c
      .map((s, i) => (i === 2 ? s.padStart(widths[i]) : s.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

function formatValue(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2);
}

if (process.argv[2] === CHILD_FLAG) await runChild(process.argv[3]);
else await main();
