/**
 * The whole RMM pack (489 rules) over generated fleets of 1M and 5M events: how long a hunt
 * takes, as rules per second and telemetry rows per second (rows in the loaded tables / hunt time).
 * Fleets are generated once into bench/.cache/ (ignored by git) and reused; generation is slow,
 * so the first run takes a while. KQLHUNT_BENCH_PACK_SIZES=100000,1000000 picks other sizes.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = 'rmm pack hunt';

const SIZES = (process.env.KQLHUNT_BENCH_PACK_SIZES ?? '1000000,5000000').split(',').map((s) => Number(s.trim()));

async function fleet(ctx, gen, events) {
  const cache = join(ctx.root, 'bench', '.cache');
  mkdirSync(cache, { recursive: true });
  // Keep the cache out of git without touching the repository's .gitignore.
  writeFileSync(join(cache, '.gitignore'), '*\n');
  const dir = join(cache, `fleet-${events}`);
  if (!existsSync(join(dir, 'manifest.json'))) {
    const devices = Math.max(50, Math.round(events / 2000));
    await gen.generateFleet({ outDir: dir, devices, events, days: 7, end: '2024-05-01T00:00:00Z', seed: 'bench' });
  }
  return dir;
}

export async function run(ctx) {
  const imp = (p) => import(pathToFileURL(join(ctx.dist, p)).href);
  const gen = await imp('telemetry/generate/index.js');
  const { loadTelemetry } = await imp('telemetry/load.js');
  const hunts = await imp('hunts/index.js');
  const { rules } = await hunts.resolveRuleSpecs(['rmm']);
  const out = [];
  for (const events of SIZES) {
    const dir = await fleet(ctx, gen, events);
    const t0 = performance.now();
    const { store } = await loadTelemetry([dir]);
    const loadMs = performance.now() - t0;
    const rows = store.tableNames().reduce((n, t) => n + store.rowCount(t), 0);
    let last;
    const timing = await ctx.timeIt(
      async () => {
        last = await hunts.runHunt({ rules, provider: store, now: 'auto' });
      },
      { minMs: 0, minRuns: 2 },
    );
    const sec = timing.msPerRun / 1000;
    const label = `${events / 1e6}M events`;
    out.push(
      { metric: `${label}: load`, value: Math.round(loadMs), unit: 'ms', note: `${rows} rows` },
      {
        metric: `${label}: hunt`,
        value: Math.round(timing.msPerRun),
        unit: 'ms',
        note: `${rules.length} rules, ${last.counts.rulesFailed} failed, ${last.counts.rulesWithFindings} with findings`,
      },
      { metric: `${label}: rules/s`, value: Math.round(rules.length / sec), unit: 'rules/s' },
      { metric: `${label}: rows/s`, value: Math.round(rows / sec), unit: 'rows/s', note: 'loaded rows / hunt time' },
    );
  }
  return out;
}
