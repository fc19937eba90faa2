/**
 * One contender of pack-vs-duckdb.bench.mjs, in its own process so peak RSS is its own:
 *   node pack-vs-duckdb.child.mjs kqlhunt <dist> <fleetDir> <cacheDir|none>
 *   node pack-vs-duckdb.child.mjs duckdb <fleetDir> <dbFile|:memory:> <load|reuse>
 * Prints one JSON line: { loadMs, execMs, totalMs, maxRssMb, rules, groups, bytes, threads } (bytes:
 * NDJSON parsed; threads: the threads that parsed it).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [who, ...args] = process.argv.slice(2);

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

if (who === 'kqlhunt') {
  const [dist, fleet, cacheDir] = args;
  const imp = (p) => import(pathToFileURL(join(dist, p)).href);
  const { loadTelemetry } = await imp('telemetry/load.js');
  const hunts = await imp('hunts/index.js');
  const t0 = performance.now();
  // As a hunt session does: loader workers start while the rules are read (data ≥ 32 MiB), unless
  // the table cache will probably serve the files.
  const lp = await imp('telemetry/load-parallel.js');
  const threads = lp.defaultLoadThreads();
  const { cacheLikelyServes } = await imp('telemetry/load.js');
  const cached = cacheDir !== 'none' && (await cacheLikelyServes([fleet], { dir: cacheDir }));
  if (threads > 1 && !cached && (await lp.inputBytes([fleet])) >= lp.PARALLEL_MIN_BYTES)
    lp.prewarmLoadWorkers(threads - 1);
  // As `kqlhunt hunt --no-store` does: the rule cache (beside the table cache) unless there is none.
  const ruleCache = cacheDir === 'none' ? false : { dir: join(cacheDir, 'rules') };
  const { rules } = await hunts.resolveRuleSpecs(['rmm'], { cache: ruleCache });
  const { projectionForRules } = await imp('hunts/projection.js');
  const cache = cacheDir === 'none' ? false : { dir: cacheDir };
  const projection = projectionForRules(rules, { exclusions: false });
  const { store, report } = await loadTelemetry([fleet], { cache, ...(projection ? { projection } : {}) });
  const t1 = performance.now();
  const result = await hunts.runHunt({ rules, provider: store, now: 'auto' });
  const t2 = performance.now();
  const groups = result.outcomes.reduce((n, o) => n + o.rows, 0);
  console.log(
    JSON.stringify({
      loadMs: t1 - t0,
      execMs: t2 - t1,
      totalMs: t2 - t0,
      maxRssMb: rssMb(),
      rules: rules.length,
      groups,
      failed: result.counts.rulesFailed,
      cache: report.cache?.status ?? 'off',
      // NDJSON bytes parsed and the threads that parsed them (the cache reads no NDJSON).
      bytes: report.cache?.status === 'hit' ? 0 : report.files.reduce((n, f) => n + f.bytes, 0),
      parseMs: report.elapsedMs,
      threads: report.threads ?? 1,
    }),
  );
} else if (who === 'duckdb') {
  const [fleet, dbFile, mode] = args;
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(dbFile);
  const con = await instance.connect();
  const tables = ['DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceFileCertificateInfo'];
  let bytes = 0;
  if (mode === 'load') {
    for (const t of tables) {
      const files = readdirSync(fleet).filter((f) => f.startsWith(`${t}.`) || f.startsWith(`${t}_`));
      for (const f of files) bytes += statSync(join(fleet, f)).size;
      const list = files.map((f) => `'${join(fleet, f)}'`).join(', ');
      await con.run(
        `CREATE OR REPLACE TABLE ${t} AS SELECT * REPLACE (CAST(Timestamp AS TIMESTAMP) AS Timestamp) FROM read_json([${list}], format = 'newline_delimited')`,
      );
    }
  }
  const t1 = performance.now();
  const nowRow = await con.runAndReadAll(
    `SELECT max(m) AS m FROM (${tables.map((t) => `SELECT max(Timestamp) AS m FROM ${t}`).join(' UNION ALL ')})`,
  );
  const now = nowRow.getRowObjects()[0].m.toString();
  const queries = JSON.parse(readFileSync(process.env.KQLHUNT_BENCH_SQL, 'utf8'));
  let groups = 0;
  for (const q of queries) {
    const r = await con.runAndReadAll(q.sql.replaceAll('$NOW', `TIMESTAMP '${now}'`));
    groups += r.currentRowCount;
  }
  const t2 = performance.now();
  const threads = Number(
    (await con.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjects()[0].t.toString(),
  );
  console.log(
    JSON.stringify({
      loadMs: t1 - t0,
      execMs: t2 - t1,
      totalMs: t2 - t0,
      maxRssMb: rssMb(),
      rules: queries.length,
      groups,
      bytes,
      threads,
    }),
  );
  con.closeSync?.();
}
