/**
 * HuntSession: everything one command (or the web app) hunts with, assembled in one place — the
 * rules (from the store's catalog, where the bundled packs are registered on first use), the data
 * (telemetry files, or the demo fleet), the query target (the local engine, or a remote engine),
 * `now()` with the reason it was chosen, the store and the ground truth. `hunt`, `query`,
 * `rules show --enriched`, `serve` and the web app open one and use its fields; none of them
 * loads data, resolves packs or decides `now` on its own.
 */

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TableProvider } from '../kql/engine.js';
import { formatDatetime } from '../kql/engine.js';
import type { RuleDiagnostic } from '../rules/diagnostics.js';
import { type GroundTruthRow, plainExclusion } from '../rules/exclusions/index.js';
import { lintRule } from '../rules/index.js';
import type { Rule } from '../rules/model.js';
import { openStore, resolveDbPath } from '../store/index.js';
import type { Store } from '../store/store.js';
import type { DataKind, RunRecord } from '../store/types.js';
import type { QueryTarget } from '../targets/types.js';
import type { LoadProgress } from '../telemetry/load.js';
import type { LoadReport } from '../telemetry/report.js';
import { schemaCatalog } from '../telemetry/schemas.js';
import type { TelemetryStore } from '../telemetry/store.js';
import { parseGroundTruth } from './ground-truth.js';
import { projectionForRules } from './projection.js';
import { huntProvider } from './provider.js';
import { type HuntOptions, type HuntResult, type NowSource, runHunt } from './run.js';
import { resolveRuleSpecs } from './sources.js';

/** A problem with what the session was asked to open: the CLI reports it as bad usage (exit 2). */
export class SessionError extends Error {
  override readonly name = 'SessionError';
}

export const DEMO_FLEET = { devices: 25, events: 30_000, days: 7, seed: 'kqlhunt-demo' } as const;
export const GROUND_TRUTH_NAME = 'ground_truth.json';
/** A demo fleet's file is a few hundred KB; refuse anything absurd rather than load it. */
const MAX_GROUND_TRUTH_BYTES = 64 * 1024 * 1024;

export interface SessionOptions {
  /**
   * Rule specs (pack names, directories, files, catalog sources). Undefined: the session needs no
   * rules (query); an empty list: the whole catalog.
   */
  readonly rules?: readonly string[];
  /** Lint rules that do not come from the catalog (catalog rules are linted at import). */
  readonly lint?: boolean;
  /** Telemetry files or directories. */
  readonly data?: readonly string[];
  /** With no `data`: the demo fleet in this directory (generated on first use). */
  readonly demoDir?: string;
  /**
   * now(): an instant (--now), 'auto' (the latest event in the data, else the clock) or 'clock'
   * (the wall clock at each query; `now.value` stays undefined). Default 'auto'.
   */
  readonly now?: bigint | 'auto' | 'clock';
  /** The store file (--db); default $KQLHUNT_DB, else the user data directory. */
  readonly db?: string;
  /**
   * 'write' (default): open (create) the store; the catalog and runs live there. 'read': open it
   * only if the file exists, to read triage and exclusions (--no-store). 'none': no store.
   */
  readonly store?: 'write' | 'read' | 'none';
  /** A ground_truth.json file, or 'auto': a ground_truth.json beside the data (the demo fleet's). */
  readonly groundTruth?: string | 'auto';
  /** The query target: 'local' (default) or a remote address (adx://…, la://…, defender://). */
  readonly target?: QueryTarget;
  readonly log?: (line: string) => void;
  readonly onLoadProgress?: (p: LoadProgress) => void;
  /** Called with the load report once the data is loaded (before a failed load is refused). */
  readonly onLoadReport?: (report: LoadReport) => void;
  /** Reuse the table cache and the rule cache for unchanged files (default true; --no-cache turns both off). */
  readonly cache?: boolean;
  /** Loader threads (--load-threads; default $KQLHUNT_LOAD_THREADS, else min(2, cores); 1 = off). */
  readonly loadThreads?: number;
  /** Load plain rows into this table whatever the file names or columns say (--table). */
  readonly table?: string;
  /**
   * Build only the tables and columns the session's rules read (hunts; see hunts/projection.ts).
   * `exclusions`: stored exclusions will apply, so rules that have some load every column of their
   * tables, as do the rules in `exclusionRuleIds` (exclusion files).
   */
  readonly projectRules?: { readonly exclusions: boolean; readonly exclusionRuleIds: ReadonlySet<string> };
}

async function prewarmLoaders(paths: readonly string[], threads: number | undefined, cache: boolean): Promise<void> {
  const lp = await import('../telemetry/load-parallel.js');
  const n = threads ?? lp.defaultLoadThreads();
  if (n <= 1 || (await lp.inputBytes(paths)) < lp.PARALLEL_MIN_BYTES) return;
  // Files the table cache will probably serve need no loader threads (starting one costs ~0.5 s).
  if (cache && (await (await import('../telemetry/load.js')).cacheLikelyServes(paths))) return;
  lp.prewarmLoadWorkers(n - 1);
}

export interface SessionNow {
  /** undefined: each query uses the wall clock ('clock'). */
  readonly value: bigint | undefined;
  readonly source: NowSource;
  /** One line saying which now() is used and why. */
  readonly note: string;
}

/** What a session's data is, for labels and for run records. */
export interface DataLabel {
  readonly kind: DataKind;
  /** Shown to people: "demo fleet (/path)", the --data paths, or the remote target. */
  readonly text: string;
  /** Recorded on each run (the demo fleet's directory for demo data). */
  readonly paths: readonly string[];
  /** Fingerprint of the files (paths, sizes, mtimes); undefined for remote data. */
  readonly key: string | undefined;
}

/** Data a session's rules can hunt besides its own (see `HuntSession.withData`). */
export interface OtherData {
  readonly kind: DataKind;
  /** What people read for this data (recorded on the run). */
  readonly label: string;
  /** Telemetry files or directories (already checked by the caller). */
  readonly paths?: readonly string[];
  /** A demo fleet in `dir`, generated with `fleet` unless a previous run left one there. */
  readonly demo?: { readonly dir: string; readonly fleet: DemoFleetSpec };
  /** Use the table cache (default true; uploads pass false). */
  readonly cache?: boolean;
  readonly log?: (line: string) => void;
  readonly onLoadProgress?: (p: LoadProgress) => void;
  readonly onLoadReport?: (report: LoadReport) => void;
}

export interface DemoFleetSpec {
  readonly devices: number;
  readonly events: number;
  readonly days: number;
  readonly seed: string;
}

export type SessionHuntOptions = Omit<
  HuntOptions,
  'provider' | 'now' | 'chosenNow' | 'store' | 'groundTruth' | 'target' | 'run' | 'rules'
> & {
  /** Default: the session's rules. */
  readonly rules?: readonly Rule[];
  /** Do not record the run even though the session has a store (hunt --no-store reads only). */
  readonly record?: boolean;
  /** Recorded on the run instead of the session's rule specs (a web hunt over a chosen scope). */
  readonly rulesSpec?: readonly string[];
  /** A run row already started for this hunt (the web app starts it before loading chosen data). */
  readonly runId?: number;
};

export class HuntSession {
  private constructor(
    readonly rules: readonly Rule[],
    readonly ruleDiagnostics: readonly RuleDiagnostic[],
    /** Recorded on runs: the specs given, or "(catalog)". */
    readonly rulesSpec: readonly string[],
    readonly data: TelemetryStore | undefined,
    readonly dataLabel: DataLabel,
    readonly loadReport: LoadReport | undefined,
    readonly loadMs: number,
    readonly now: SessionNow,
    readonly store: Store | undefined,
    private readonly storeWritable: boolean,
    readonly groundTruth: { readonly rows: readonly GroundTruthRow[]; readonly files: readonly string[] } | undefined,
    readonly target: QueryTarget | undefined,
    /** False for a session made by `withData`: it shares another session's store. */
    private readonly ownsStore = true,
  ) {}

  /** Opens a session: store, rules, data, now, ground truth. Throws SessionError for bad input. */
  static async open(o: SessionOptions): Promise<HuntSession> {
    const log = o.log ?? (() => {});
    const mode = o.store ?? 'write';
    const dbPath = mode === 'none' ? undefined : resolveDbPath(o.db);
    const store = dbPath === undefined || (mode === 'read' && !existsSync(dbPath)) ? undefined : openStore(dbPath);
    try {
      return await HuntSession.assemble(o, store, mode === 'write', log);
    } catch (e) {
      store?.close();
      throw e;
    }
  }

  private static async assemble(
    o: SessionOptions,
    store: Store | undefined,
    writable: boolean,
    log: (line: string) => void,
  ): Promise<HuntSession> {
    // Large data loads on several threads: their workers start now, while the rules are read.
    if (o.data && o.data.length > 0 && !o.target?.remote)
      await prewarmLoaders(o.data, o.loadThreads, o.cache !== false);
    // Rules: the catalog (packs registered on first use) when the session may write the store.
    let rules: Rule[] = [];
    let ruleDiagnostics: RuleDiagnostic[] = [];
    if (o.rules !== undefined) {
      const resolved = await resolveRuleSpecs(o.rules, {
        ...(writable && store ? { store } : {}),
        cache: o.cache === false ? false : {},
      });
      if (resolved.missing.length > 0)
        throw new SessionError(
          `--rules: ${resolved.missing.join(', ')} is neither a bundled pack, an existing path nor a catalog source`,
        );
      const catalog = o.lint ? schemaCatalog() : undefined;
      rules = resolved.rules.map((r) => (catalog && r.lint.status === 'unchecked' ? lintRule(r, catalog) : r));
      ruleDiagnostics = [...resolved.diagnostics];
    }
    const rulesSpec = o.rules === undefined ? [] : o.rules.length > 0 ? [...o.rules] : ['(catalog)'];

    // Data: --data paths, else the demo fleet when asked for, else none (remote or self-contained).
    let label: DataLabel = o.target?.remote
      ? { kind: 'remote', text: o.target.address, paths: [], key: undefined }
      : { kind: 'files', text: '(no data)', paths: [], key: undefined };
    let tableFiles: string[] = [];
    let truthDirs: string[] = [];
    if (o.data && o.data.length > 0) {
      for (const p of o.data)
        await stat(p).catch((e: NodeJS.ErrnoException) =>
          Promise.reject(new SessionError(`--data: cannot read ${p} (${e.code ?? 'error'})`)),
        );
      tableFiles = [...o.data];
      truthDirs = dataDirs(o.data);
      label = { kind: 'files', text: o.data.join(', '), paths: [...o.data], key: undefined };
    } else if (o.demoDir !== undefined && !o.target?.remote) {
      await ensureDemoFleet(o.demoDir, log);
      tableFiles = await demoTableFiles(o.demoDir);
      truthDirs = [o.demoDir];
      label = { kind: 'demo', text: `demo fleet (${o.demoDir})`, paths: [o.demoDir], key: undefined };
    }
    const loaded = await loadSessionData(tableFiles, o, rules, store);
    const { data, report, loadMs } = loaded;
    if (loaded.key !== undefined) label = { ...label, key: loaded.key };

    const now = chooseSessionNow(o.now ?? 'auto', data?.overallTimeRange(), o.target);

    let groundTruth: HuntSession['groundTruth'];
    if (o.groundTruth === 'auto') groundTruth = findGroundTruth(truthDirs, log);
    else if (o.groundTruth !== undefined) groundTruth = readGroundTruthFile(o.groundTruth, log);

    return new HuntSession(
      rules,
      ruleDiagnostics,
      rulesSpec,
      data,
      label,
      report,
      loadMs,
      now,
      store,
      writable,
      groundTruth,
      o.target,
    );
  }

  /** A session over parts already in memory (tests, and web states built by hand). */
  static fromParts(p: {
    rules: readonly Rule[];
    data: TelemetryStore;
    now: bigint | undefined;
    dataLabel: string;
    store: Store;
    rulesSpec?: readonly string[];
    dataPaths?: readonly string[];
    groundTruth?: readonly GroundTruthRow[];
  }): HuntSession {
    const now: SessionNow =
      p.now === undefined
        ? chooseSessionNow('auto', p.data.overallTimeRange(), undefined)
        : { value: p.now, source: 'option', note: `now() = ${formatDatetime(p.now)}` };
    return new HuntSession(
      p.rules,
      [],
      p.rulesSpec ?? [],
      p.data,
      { kind: 'files', text: p.dataLabel, paths: p.dataPaths ?? [], key: undefined },
      undefined,
      0,
      now,
      p.store,
      true,
      p.groundTruth ? { rows: p.groundTruth, files: [] } : undefined,
      undefined,
    );
  }

  /** The tables queries run on locally (the data plus empty built-in tables), if there is data. */
  get provider(): TableProvider | undefined {
    return this.data ? huntProvider(this.data) : undefined;
  }

  /** Where queries go: 'local' or the remote target's address. */
  get targetAddress(): string {
    return this.target?.address ?? 'local';
  }

  /** Rules with their stored exclusions attached (as a hunt runs them); `rules` default: the session's. */
  withStoredExclusions(rules: readonly Rule[] = this.rules): Rule[] {
    const stored = this.store?.exclusionsByRule();
    if (!stored) return [...rules];
    return rules.map((r) => {
      const list = stored.get(r.id);
      return list && list.length > 0 ? { ...r, exclusions: { ruleId: r.id, exclusions: list.map(plainExclusion) } } : r;
    });
  }

  /** A fingerprint of a rule set as a hunt would run it (queries and attached exclusions). */
  static rulesKey(rules: readonly Rule[]): string {
    const h = createHash('sha256');
    for (const r of [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
      h.update(`${r.id}\0${r.query}\0${JSON.stringify(r.exclusions?.exclusions ?? [])}\n`);
    return `rules-${h.digest('hex').slice(0, 16)}`;
  }

  /**
   * The newest completed run of exactly these rules on exactly this data, target and now(): a
   * restart of `serve` shows it instead of hunting again. Undefined when anything differs.
   */
  reusableRun(rules: readonly Rule[]): RunRecord | undefined {
    if (!this.store || this.dataLabel.key === undefined || this.now.value === undefined) return undefined;
    return this.store.findCompletedRun({
      target: this.targetAddress,
      dataKey: this.dataLabel.key,
      rulesKey: HuntSession.rulesKey(rules),
      now: formatDatetime(this.now.value),
    });
  }

  /** Runs rules (default: the session's) on the session's data or target; recorded when the store is writable. */
  hunt(o: SessionHuntOptions = {}): Promise<HuntResult> {
    const rules = o.rules ?? this.rules;
    const record = o.record !== false && this.storeWritable && this.store !== undefined;
    const { record: _record, rules: _rules, rulesSpec, runId, ...rest } = o;
    return runHunt({
      ...rest,
      rules,
      ...(this.data ? { provider: this.data } : {}),
      chosenNow: this.now,
      ...(record && this.store ? { store: this.store } : {}),
      ...(this.groundTruth ? { groundTruth: this.groundTruth.rows } : {}),
      ...(this.target ? { target: this.target } : {}),
      run: {
        rulesSpec: rulesSpec ?? this.rulesSpec,
        dataPaths: this.dataLabel.paths,
        loadMs: this.loadMs,
        target: this.targetAddress,
        dataKind: this.dataLabel.kind,
        ...(this.dataLabel.key ? { dataKey: this.dataLabel.key } : {}),
        rulesKey: HuntSession.rulesKey(rules),
        dataLabel: this.dataLabel.text,
        ...(runId !== undefined ? { runId } : {}),
      },
    });
  }

  /**
   * The same rules, store and target policy over other data: the web app's hunts on data chosen per
   * hunt (a path under the allowed roots, uploaded files, a demo fleet of another size). now() is
   * the latest event of that data; ground truth is read beside it (never for uploads). The new
   * session shares this one's store and does not close it. Throws SessionError for data that
   * cannot be loaded (the report goes to `onLoadReport` first).
   */
  async withData(o: OtherData): Promise<HuntSession> {
    if (this.target?.remote)
      throw new SessionError(`hunts here run on ${this.target.address}'s own tables, not on chosen data`);
    const log = o.log ?? (() => {});
    let tableFiles: string[];
    let truthDirs: string[];
    if (o.demo) {
      await ensureDemoFleet(o.demo.dir, log, o.demo.fleet);
      tableFiles = await demoTableFiles(o.demo.dir);
      truthDirs = [o.demo.dir];
    } else {
      tableFiles = [...(o.paths ?? [])];
      truthDirs = o.kind === 'upload' ? [] : dataDirs(tableFiles);
    }
    const loaded = await loadSessionData(
      tableFiles,
      {
        cache: o.cache !== false,
        ...(o.onLoadProgress ? { onLoadProgress: o.onLoadProgress } : {}),
        ...(o.onLoadReport ? { onLoadReport: o.onLoadReport } : {}),
      },
      this.rules,
      undefined,
    );
    if (!loaded.data) throw new SessionError('there are no telemetry files to load');
    const paths = o.demo ? [o.demo.dir] : tableFiles;
    return new HuntSession(
      this.rules,
      this.ruleDiagnostics,
      this.rulesSpec,
      loaded.data,
      { kind: o.kind, text: o.label, paths, key: loaded.key },
      loaded.report,
      loaded.loadMs,
      chooseSessionNow('auto', loaded.data.overallTimeRange(), undefined),
      this.store,
      this.storeWritable,
      findGroundTruth(truthDirs, log),
      undefined,
      false,
    );
  }

  async close(): Promise<void> {
    if (this.ownsStore) this.store?.close();
    await this.target?.close();
  }
}

/** Loads the session's table files (projected to the rules when asked); nothing when there are none. */
async function loadSessionData(
  tableFiles: readonly string[],
  o: SessionOptions,
  rules: readonly Rule[],
  store: Store | undefined,
): Promise<{ data?: TelemetryStore; report?: LoadReport; loadMs: number; key?: string }> {
  if (tableFiles.length === 0) return { loadMs: 0 };
  const { loadTelemetry } = await import('../telemetry/load.js');
  const t0 = performance.now();
  const projection =
    o.projectRules && rules.length > 0
      ? projectionForRules(rules, {
          exclusions: false,
          allColumnsFor: new Set([
            ...o.projectRules.exclusionRuleIds,
            ...(o.projectRules.exclusions && store ? store.exclusionsByRule().keys() : []),
          ]),
        })
      : undefined;
  const loaded = await loadTelemetry(tableFiles, {
    cache: o.cache === false ? false : {},
    ...(o.loadThreads !== undefined ? { threads: o.loadThreads } : {}),
    ...(projection ? { projection } : {}),
    ...(o.table !== undefined ? { table: o.table } : {}),
    ...(o.onLoadProgress ? { onProgress: o.onLoadProgress } : {}),
  });
  const loadMs = performance.now() - t0;
  const report = loaded.report;
  o.onLoadReport?.(report);
  if (!report.ok) throw new SessionError(`could not load the data: ${report.failure ?? 'see the report above'}`);
  return { data: loaded.store, report, loadMs, key: await filesKey(report.files.map((f) => f.file)) };
}

/** The one place that decides now(). */
export function chooseSessionNow(
  requested: bigint | 'auto' | 'clock',
  range: { min: bigint; max: bigint } | undefined,
  target: QueryTarget | undefined,
  clock: () => bigint = () => BigInt(Date.now()) * 10_000n,
): SessionNow {
  if (typeof requested === 'bigint')
    return { value: requested, source: 'option', note: `now() = ${formatDatetime(requested)} (from --now)` };
  if (requested === 'clock')
    return { value: undefined, source: 'clock', note: 'now() = the wall clock when each query runs' };
  if (range)
    return {
      value: range.max,
      source: 'auto',
      note: `now() = ${formatDatetime(range.max)}: the latest event in the data (--now auto); rules' ago()/now(-…) windows end there`,
    };
  const value = clock();
  return {
    value,
    source: 'clock',
    note: target?.remote
      ? `now() = ${formatDatetime(value)}: the wall clock (the data is in ${target.address}; give --now to look back)`
      : `now() = ${formatDatetime(value)}: the data has no event times, so the wall clock is used`,
  };
}

/** Directories the data came from: each directory given, and each file's directory. */
function dataDirs(paths: readonly string[]): string[] {
  const dirs = paths.map((p) => {
    try {
      return statSync(p).isDirectory() ? p : dirname(p);
    } catch {
      return dirname(p);
    }
  });
  return [...new Set(dirs)];
}

/** Ground truth from every data directory that has a ground_truth.json; undefined when none does. */
export function findGroundTruth(
  dirs: readonly string[],
  log: (line: string) => void = () => {},
): { rows: GroundTruthRow[]; files: string[] } | undefined {
  const rows: GroundTruthRow[] = [];
  const read: string[] = [];
  for (const f of dirs.map((d) => join(d, GROUND_TRUTH_NAME)).filter((x) => existsSync(x))) {
    try {
      if (statSync(f).size > MAX_GROUND_TRUTH_BYTES) continue;
      const parsed = parseGroundTruth(readFileSync(f, 'utf8'));
      if (!parsed.ok) {
        log(`ground truth ${f}: ${parsed.error}`);
        continue;
      }
      rows.push(...parsed.value.rows);
      read.push(f);
    } catch (e) {
      log(`ground truth ${f}: ${(e as Error).message}`);
    }
  }
  return read.length > 0 ? { rows, files: read } : undefined;
}

function readGroundTruthFile(path: string, log: (line: string) => void): HuntSession['groundTruth'] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SessionError(`--ground-truth: cannot use ${path}: ${(e as Error).message}`);
  }
  const read = parseGroundTruth(text);
  if (!read.ok) throw new SessionError(`--ground-truth: cannot use ${path}: ${read.error}`);
  if (read.value.skipped > 0)
    log(`--ground-truth: skipped ${read.value.skipped} entr(ies) without ReportId/DeviceId/verdict`);
  return { rows: read.value.rows, files: [path] };
}

/** Fingerprint of the loaded files (path, size, mtime). */
async function filesKey(files: readonly string[]): Promise<string> {
  const h = createHash('sha256');
  for (const f of [...files].sort()) {
    const s = await stat(f).catch(() => undefined);
    h.update(`${f}\0${s?.size ?? -1}\0${Math.trunc(s?.mtimeMs ?? 0)}\n`);
  }
  return `data-${h.digest('hex').slice(0, 16)}`;
}

/** Generates the demo fleet unless a previous run left one. */
export async function ensureDemoFleet(
  dir: string,
  log: (line: string) => void,
  fleet: DemoFleetSpec = DEMO_FLEET,
): Promise<void> {
  const { generateFleet, MANIFEST_FILE } = await import('../telemetry/generate/index.js');
  if (existsSync(join(dir, MANIFEST_FILE))) return;
  log(`generating a small demo fleet in ${dir} …`);
  const s = await generateFleet({ outDir: dir, ...fleet });
  log(`demo fleet: ${s.devices} devices, ${s.totalEvents} events`);
}

/** The fleet's table files: its manifest and ground truth describe the data, they are not tables. */
async function demoTableFiles(dir: string): Promise<string[]> {
  const { MANIFEST_FILE } = await import('../telemetry/generate/index.js');
  const names = await readdir(dir);
  return names.filter((n) => n !== MANIFEST_FILE && n !== GROUND_TRUTH_NAME).map((n) => join(dir, n));
}
