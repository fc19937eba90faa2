/**
 * Reading the RMM pack's 489 rules, as the first thing every hunt does, each in a fresh process
 * (what a command pays; the median of KQLHUNT_BENCH_REPEAT runs, default 5):
 *   - parsed: `resolveRuleSpecs(['rmm'])` without a cache (YAML, validation, tables, anchors, hashes);
 *   - rule cache: the same through the rule cache, warm (src/hunts/rule-cache.ts);
 *   - catalog: with a store, as `kqlhunt hunt` reads it (the pack registered; a stat of each file
 *     tells it is unchanged, then the rules come from SQLite).
 * Plus the import of the engine module alone (every command pays it before anything else).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = 'rule loading';

const REPEAT = Number(process.env.KQLHUNT_BENCH_REPEAT ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** Runs `body` (an async module body that sets `ms`) in a fresh node process; returns ms. */
function timed(dist, body) {
  const url = (p) => JSON.stringify(pathToFileURL(join(dist, p)).href);
  const code = `const hunts = await import(${url('hunts/index.js')});
const store = await import(${url('store/index.js')});
let ms; ${body}
console.log(JSON.stringify({ ms }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()).ms;
}

export async function run(ctx) {
  const tmp = mkdtempSync(join(tmpdir(), 'kqlhunt-bench-rules-'));
  try {
    const cache = JSON.stringify(join(tmp, 'rules'));
    const db = JSON.stringify(join(tmp, 'k.db'));
    const parsed = `const t = performance.now(); await hunts.resolveRuleSpecs(['rmm']); ms = performance.now() - t;`;
    const cached = `const t = performance.now(); await hunts.resolveRuleSpecs(['rmm'], { cache: { dir: ${cache} } }); ms = performance.now() - t;`;
    const catalog = `const s = store.openStore(${db}); const t = performance.now();
await hunts.resolveRuleSpecs(['rmm'], { store: s, cache: { dir: ${cache} } }); ms = performance.now() - t; s.close();`;
    const engine = JSON.stringify(pathToFileURL(join(ctx.dist, 'kql', 'engine.js')).href);
    timed(ctx.dist, cached); // writes the rule cache
    timed(ctx.dist, catalog); // registers the pack in the store
    const runs = { parsed: [], cached: [], catalog: [], engine: [] };
    for (let i = 0; i < REPEAT; i++) {
      runs.parsed.push(timed(ctx.dist, parsed));
      runs.cached.push(timed(ctx.dist, cached));
      runs.catalog.push(timed(ctx.dist, catalog));
      runs.engine.push(
        JSON.parse(
          execFileSync(
            process.execPath,
            [
              '--input-type=module',
              '-e',
              `const t = performance.now(); await import(${engine}); console.log(JSON.stringify({ ms: performance.now() - t }));`,
            ],
            { encoding: 'utf8' },
          ).trim(),
        ).ms,
      );
    }
    const p = median(runs.parsed);
    const row = (metric, xs, note) => ({ metric, value: Math.round(median(xs)), unit: 'ms', note });
    return [
      row('rmm pack, parsed', runs.parsed, `${REPEAT} fresh processes, median`),
      row('rmm pack, rule cache', runs.cached, `${(median(runs.cached) / p).toFixed(2)} of parsed`),
      row('rmm pack, catalog (store)', runs.catalog, `${(median(runs.catalog) / p).toFixed(2)} of parsed`),
      row('engine module import', runs.engine, 'kql/engine.js alone, fresh process'),
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
