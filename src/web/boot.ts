/**
 * Start-up for `kqlhunt serve`: load rule packs (bundled ones by default), load telemetry (the demo
 * fleet, generated on first use, by default) and its ground truth when there is one, lint the rules
 * against the schema catalog, open the store and run a first hunt so every page has something to
 * show.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import envPaths from 'env-paths';
import { importDirectory, lintRule, type Rule } from '../rules/index.js';
import { openStore, resolveDbPath } from '../store/index.js';
import { schemaCatalog } from '../telemetry/schemas.js';
import { loadGroundTruth } from './ground-truth.js';
import { huntNow } from './hunt.js';
import { WebState } from './state.js';

/** packs/ beside dist/ (installed package) or beside src/ (running from a checkout). */
export const BUNDLED_PACKS = fileURLToPath(new URL('../../packs/', import.meta.url));

export const DEMO_FLEET = { devices: 25, events: 30_000, days: 7, seed: 'kqlhunt-demo' } as const;

export interface BootOptions {
  /** Telemetry files or directories; none means the demo fleet. */
  readonly data?: readonly string[];
  /** Pack names (bundled) or rule directories; none means every bundled pack. */
  readonly rules?: readonly string[];
  /** Where the demo fleet lives; default: the user data directory. */
  readonly demoDir?: string;
  /** The store file (`--db`); default $KQLHUNT_DB, else the user data directory (as the CLI). */
  readonly db?: string;
  /** Skip the first hunt (tests that want an empty run list). */
  readonly noHunt?: boolean;
  readonly log?: (line: string) => void;
}

async function bundledPackDirs(): Promise<string[]> {
  const entries = await readdir(BUNDLED_PACKS, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(join(BUNDLED_PACKS, e.name, 'pack.yaml')))
    .map((e) => join(BUNDLED_PACKS, e.name));
}

function ruleDir(arg: string): string {
  const bundled = join(BUNDLED_PACKS, arg);
  return /^[\w-]+$/.test(arg) && existsSync(join(bundled, 'pack.yaml')) ? bundled : resolve(arg);
}

export async function loadRules(args: readonly string[] | undefined, log: (line: string) => void): Promise<Rule[]> {
  const dirs = args && args.length > 0 ? args.map(ruleDir) : await bundledPackDirs();
  const catalog = schemaCatalog();
  const rules: Rule[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    const isPack = dir.startsWith(BUNDLED_PACKS);
    // `kqlhunt:packs/<name>`, not `packs/<name>`: the latter would read as a GitHub owner/name.
    const repository = isPack ? `kqlhunt:packs/${dir.slice(BUNDLED_PACKS.length).replace(/[\\/]+$/, '')}` : dir;
    const result = await importDirectory(dir, { repository });
    for (const { rule } of result.rules) {
      if (seen.has(rule.id)) continue;
      seen.add(rule.id);
      rules.push(lintRule(rule, catalog));
    }
    log(
      `rules: ${result.rules.length} from ${repository}${result.diagnostics.length ? ` (${result.diagnostics.length} diagnostics)` : ''}`,
    );
  }
  return rules;
}

export function defaultDemoDir(): string {
  return join(envPaths('kqlhunt', { suffix: '' }).data, 'demo-fleet');
}

/** Generates the demo fleet unless a previous run left one. */
export async function ensureDemoFleet(dir: string, log: (line: string) => void): Promise<void> {
  const { generateFleet, MANIFEST_FILE } = await import('../telemetry/generate/index.js');
  if (existsSync(join(dir, MANIFEST_FILE))) return;
  log(`generating a small demo fleet in ${dir} …`);
  const s = await generateFleet({ outDir: dir, ...DEMO_FLEET });
  log(`demo fleet: ${s.devices} devices, ${s.totalEvents} events`);
}

/** The fleet's table files: its manifest and ground truth describe the data, they are not tables. */
async function demoTableFiles(dir: string): Promise<string[]> {
  const { MANIFEST_FILE, GROUND_TRUTH_FILE } = await import('../telemetry/generate/index.js');
  const names = await readdir(dir);
  return names.filter((n) => n !== MANIFEST_FILE && n !== GROUND_TRUTH_FILE).map((n) => join(dir, n));
}

export async function boot(o: BootOptions = {}): Promise<WebState> {
  const log = o.log ?? (() => {});
  const rules = await loadRules(o.rules, log);
  let paths = o.data ?? [];
  let label = paths.join(', ');
  let truthDirs = paths;
  if (paths.length === 0) {
    const dir = o.demoDir ?? defaultDemoDir();
    await ensureDemoFleet(dir, log);
    paths = await demoTableFiles(dir);
    truthDirs = [dir];
    label = `demo fleet (${dir})`;
  }
  const { loadTelemetry } = await import('../telemetry/load.js');
  const { store: data, report } = await loadTelemetry(paths, { cache: {} });
  log(`data: ${report.totalRows} rows in ${data.tableNames().length} tables`);
  const truth = loadGroundTruth(truthDirs);
  if (truth) log(`ground truth: ${truth.rows.length} labelled rows (${truth.files.join(', ')})`);
  const dbPath = resolveDbPath(o.db);
  const store = openStore(dbPath);
  log(`store: ${dbPath}`);
  const state = new WebState({
    rules,
    provider: data,
    now: data.overallTimeRange()?.max,
    dataLabel: label,
    store,
    rulesSpec: o.rules ?? ['(bundled packs)'],
    dataPaths: o.data ?? truthDirs,
    ...(truth ? { groundTruth: truth.rows } : {}),
  });
  if (!o.noHunt) {
    const run = await huntNow(state);
    log(`hunt ${run.id}: ${run.rulesRun} rules, ${run.findingCount} findings, ${run.errors.length} errors`);
  }
  return state;
}
