/**
 * The bundled Sigma pack at start-up: reading the 2,858 rule files, converting them to KQL and
 * linting (binding) the converted queries — what `kqlhunt serve` and `hunt --rules sigma` pay
 * before the first query runs — and one hunt of the converted rules over a 30,000-event demo-size
 * fleet (generated once into bench/.cache/).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = 'sigma pack load + hunt';

export async function run(ctx) {
  const imp = (p) => import(pathToFileURL(join(ctx.dist, p)).href);
  const rulesApi = await imp('rules/index.js');
  const { schemaCatalog } = await imp('telemetry/schemas.js');
  const hunts = await imp('hunts/index.js');
  const gen = await imp('telemetry/generate/index.js');
  const { loadTelemetry } = await imp('telemetry/load.js');
  const pack = join(ctx.root, 'packs', 'sigma');
  let imported;
  const load = await ctx.timeIt(
    async () => {
      imported = await rulesApi.importDirectory(pack, { repository: 'kqlhunt:packs/sigma' });
    },
    { minMs: 0, minRuns: 2 },
  );
  const catalog = schemaCatalog();
  const rules = imported.rules.map((r) => r.rule);
  let linted;
  const lint = await ctx.timeIt(
    async () => {
      linted = rules.map((r) => rulesApi.lintRule(r, catalog));
    },
    { minMs: 0, minRuns: 2 },
  );
  const cache = join(ctx.root, 'bench', '.cache');
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(cache, '.gitignore'), '*\n');
  const dir = join(cache, 'fleet-demo');
  if (!existsSync(join(dir, 'manifest.json')))
    await gen.generateFleet({
      outDir: dir,
      devices: 25,
      events: 30_000,
      days: 7,
      end: '2024-05-01T00:00:00Z',
      seed: 'bench',
    });
  const { store } = await loadTelemetry([dir]);
  let last;
  const hunt = await ctx.timeIt(
    async () => {
      last = await hunts.runHunt({ rules: linted, provider: store, now: 'auto' });
    },
    { minMs: 0, minRuns: 1 },
  );
  const converted = rules.filter((r) => r.sigma?.conversion.status === 'converted').length;
  return [
    {
      metric: 'read + convert',
      value: Math.round(load.msPerRun),
      unit: 'ms',
      note: `${rules.length} rules, ${converted} converted`,
    },
    { metric: 'lint (bind) converted', value: Math.round(lint.msPerRun), unit: 'ms' },
    {
      metric: 'hunt, 30k events',
      value: Math.round(hunt.msPerRun),
      unit: 'ms',
      note: `${last.counts.rulesRun} rules run, ${last.skipped ?? 0} skipped, ${last.counts.rulesFailed} failed`,
    },
  ];
}
