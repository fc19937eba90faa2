/**
 * The whole RMM pack, end to end, against DuckDB on the same files: kqlhunt loads the generated
 * fleet's NDJSON and runs the 489 rules; DuckDB loads the same NDJSON with read_json and runs the
 * same rules translated to SQL. Each contender runs in its own process (peak RSS is its own), the
 * runs are interleaved (kqlhunt, DuckDB, kqlhunt, …) and the median of KQLHUNT_BENCH_REPEAT runs
 * (default 2) is reported:
 *   - first hunt: load + rules, no cache (kqlhunt) / in-memory database (DuckDB);
 *   - second hunt: kqlhunt with its table cache and rule cache warm, as a second `kqlhunt hunt
 *     --no-store` over the same files / DuckDB reopening its persisted database file.
 * Load and execution are reported separately and together, with the ratio kqlhunt / DuckDB, and
 * the NDJSON load throughput per thread of each (MB/s divided by the threads that loaded).
 *
 * SQL translation: `has`/`has_any` become case-insensitive substring tests (`lower(c) LIKE '%t%'`),
 * which is cheaper than Kusto's term match and so favours DuckDB; the `between (now(-5d)..now())`
 * window and the per-device summarize are kept. Group counts of both engines are reported.
 * Sizes: KQLHUNT_BENCH_PACK_SIZES (default 1000000,5000000); fleets are cached in bench/.cache/.
 * Before a size's runs every fleet file is read once, so both first runs read from the page cache.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = 'rmm pack vs DuckDB';

const SIZES = (process.env.KQLHUNT_BENCH_PACK_SIZES ?? '1000000,5000000').split(',').map((s) => Number(s.trim()));
const REPEAT = Number(process.env.KQLHUNT_BENCH_REPEAT ?? 2);

/** `a has_any ('x', 'y')` / `a has 'x'` / `a has_any (rmm_terms)` → SQL, case-insensitive substring. */
function condition(text, lets) {
  const terms = /(\w+)\s+(has_any|has)\s+(\((?:'(?:[^'\\]|\\.)*'|[^)'])*\)|'(?:[^'\\]|\\.)*')/g;
  const parts = [...text.matchAll(terms)];
  const rest = text
    .replace(terms, '')
    .replace(/\band\b/g, '')
    .trim();
  if (parts.length === 0 || rest !== '') throw new Error(`untranslated condition: ${text}`);
  return parts
    .map(([, col, , arg]) => {
      const inner = arg.replace(/^\(|\)$/g, '').trim();
      const list = lets.get(inner) ?? [...inner.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((x) => x[1]);
      const ors = list.map((t) => `lower(${col}) LIKE '%${t.toLowerCase().replaceAll("'", "''")}%'`);
      return `(${ors.join(' OR ')})`;
    })
    .join(' AND ');
}

/** The pack's rules are generated from three templates (see scripts/gen-rmm-pack.mjs): translate those. */
export function ruleToSql(query) {
  const lets = new Map();
  for (const m of query.matchAll(/let\s+(\w+)\s*=\s*dynamic\(\[(.*?)\]\);/gs))
    lets.set(
      m[1],
      [...m[2].matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((x) => x[1]),
    );
  const table = /\n\s*(Device\w+)\s*\n/.exec(query)?.[1];
  const where = /\|\s*where\s+Timestamp between[^\n]*\n\s*\|\s*where\s+(.*?)\n\s*\|\s*summarize/s.exec(query)?.[1];
  const by = /\bby\s+([\w,\s]+)$/s.exec(query.trim())?.[1];
  if (!table || !where || !by) throw new Error(`untranslated rule:\n${query}`);
  const keys = by.split(',').map((s) => s.trim());
  return `SELECT ${keys.join(', ')}, min(Timestamp) AS FirstSeen, max(Timestamp) AS LastSeen,
    list(DISTINCT ReportId) AS Report, count(*) AS Count FROM ${table}
    WHERE Timestamp BETWEEN $NOW - INTERVAL 5 DAY AND $NOW AND ${condition(where, lets)}
    GROUP BY ${keys.join(', ')}`;
}

async function fleet(ctx, events) {
  const cache = join(ctx.root, 'bench', '.cache');
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(cache, '.gitignore'), '*\n');
  const dir = join(cache, `fleet-${events}`);
  if (!existsSync(join(dir, 'manifest.json'))) {
    const gen = await import(pathToFileURL(join(ctx.dist, 'telemetry/generate/index.js')).href);
    const devices = Math.max(50, Math.round(events / 2000));
    await gen.generateFleet({ outDir: dir, devices, events, days: 7, end: '2024-05-01T00:00:00Z', seed: 'bench' });
  }
  return dir;
}

/**
 * Reads every file of the fleet once, so that both contenders' first runs read from the page cache:
 * otherwise the one that runs first pays the disk reads (a 5M fleet is 11 GB) and the other does not.
 */
function warmPageCache(dir) {
  const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
  for (const name of readdirSync(dir)) {
    const fd = openSync(join(dir, name), 'r');
    try {
      while (readSync(fd, buf, 0, buf.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * NDJSON load throughput per thread of the first hunt: MB parsed / load seconds / threads used
 * (kqlhunt parses every table file of the fleet, DuckDB only the three tables the pack reads).
 */
function perThread(label, runs) {
  // kqlhunt's loadMs includes reading the rule pack: its loader's own time is parseMs.
  const rate = (r) => r.bytes / 1e6 / ((r.parseMs ?? r.loadMs) / 1000) / r.threads;
  const k = median(runs.kFirst.map(rate));
  const d = median(runs.dFirst.map(rate));
  const kt = runs.kFirst[0].threads;
  const dt = runs.dFirst[0].threads;
  return {
    metric: `${label}: NDJSON load per thread`,
    value: Math.round(k),
    unit: 'MB/s',
    note: `${kt} thread(s); DuckDB ${Math.round(d)} MB/s per thread (${dt} threads), ratio ${(k / d).toFixed(2)}`,
  };
}

export async function run(ctx) {
  const hunts = await import(pathToFileURL(join(ctx.dist, 'hunts/index.js')).href);
  const { rules } = await hunts.resolveRuleSpecs(['rmm']);
  const sqlFile = join(ctx.root, 'bench', '.cache', 'rmm-pack.sql.json');
  mkdirSync(join(ctx.root, 'bench', '.cache'), { recursive: true });
  writeFileSync(sqlFile, JSON.stringify(rules.map((r) => ({ id: r.id, sql: ruleToSql(r.query) }))));
  const child = join(ctx.root, 'bench', 'pack-vs-duckdb.child.mjs');
  const runChild = (...args) =>
    JSON.parse(
      execFileSync(process.execPath, [child, ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
        env: { ...process.env, KQLHUNT_BENCH_SQL: sqlFile },
      })
        .trim()
        .split('\n')
        .pop(),
    );
  const out = [];
  for (const events of SIZES) {
    const dir = await fleet(ctx, events);
    const cacheDir = join(ctx.root, 'bench', '.cache', `tables-${events}`);
    const dbFile = join(ctx.root, 'bench', '.cache', `duckdb-${events}.db`);
    const runs = { kFirst: [], dFirst: [], kSecond: [], dSecond: [] };
    warmPageCache(dir);
    for (let i = 0; i < REPEAT; i++) {
      rmSync(cacheDir, { recursive: true, force: true });
      runs.kFirst.push(runChild('kqlhunt', ctx.dist, dir, 'none'));
      runs.dFirst.push(runChild('duckdb', dir, ':memory:', 'load'));
      runChild('kqlhunt', ctx.dist, dir, cacheDir); // writes the cache
      rmSync(dbFile, { force: true });
      rmSync(`${dbFile}.wal`, { force: true });
      runChild('duckdb', dir, dbFile, 'load'); // persists the database
      runs.kSecond.push(runChild('kqlhunt', ctx.dist, dir, cacheDir));
      runs.dSecond.push(runChild('duckdb', dir, dbFile, 'reuse'));
    }
    const m = (k, f) => median(runs[k].map((r) => r[f]));
    const label = `${events / 1e6}M events`;
    const row = (metric, k, d, f, unit = 'ms') => ({
      metric: `${label}: ${metric}`,
      value: Math.round(m(k, f)),
      unit,
      note: `DuckDB ${Math.round(m(d, f))} ${unit}, ratio ${(m(k, f) / m(d, f)).toFixed(2)}`,
    });
    out.push(
      row('first hunt total', 'kFirst', 'dFirst', 'totalMs'),
      row('first hunt load', 'kFirst', 'dFirst', 'loadMs'),
      row('first hunt rules', 'kFirst', 'dFirst', 'execMs'),
      row('first hunt peak RSS', 'kFirst', 'dFirst', 'maxRssMb', 'MB'),
      perThread(label, runs),
      row('second hunt total (cache / persisted db)', 'kSecond', 'dSecond', 'totalMs'),
      row('second hunt peak RSS', 'kSecond', 'dSecond', 'maxRssMb', 'MB'),
      {
        metric: `${label}: second / first hunt (kqlhunt)`,
        value: Number((m('kSecond', 'totalMs') / m('kFirst', 'totalMs')).toFixed(2)),
        unit: 'ratio',
        note: `groups: kqlhunt ${runs.kFirst[0].groups}, DuckDB ${runs.dFirst[0].groups}; ${runs.kFirst[0].failed} rules failed`,
      },
    );
  }
  return out;
}
