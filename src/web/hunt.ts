/**
 * A hunt from the web app: the server's HuntSession runs every rule whose tables are loaded (or the
 * chosen ones) on its data or target — or, when the form chose other data, a session over that data
 * (`HuntSession.withData`: a demo fleet, a path under the allowed roots, an upload) — with `now()`
 * and the rules' stored exclusions applied, recorded in the store (run row labelled with its data,
 * the load summary, each rule's result with its exclusions' effect, findings).
 * Hunts are serialised: a second request waits for the running one instead of interleaving with it.
 * The work yields to the event loop between files while loading and between rules while hunting
 * (runHunt), so pages keep answering; each rule is held to RULE_TIMEOUT_MS.
 * `startHunt` returns as soon as the run row exists; `huntProgress` says how far it got.
 */
import { join } from 'node:path';
import type { HuntSession } from '../hunts/session.js';
import type { RunLoadSummary } from '../store/types.js';
import type { LoadReport } from '../telemetry/report.js';
import { choiceLabel, type DataChoice, type UploadArea } from './hunt-data.js';
import type { Run, WebRule } from './model.js';
import type { WebState } from './state.js';

/** Per-rule limit: a runaway rule must not hold the page (the CLI's default is 60 s). */
const RULE_TIMEOUT_MS = 10_000;
/** Malformed records kept on the run (all are counted). */
const REJECT_SAMPLES = 50;

let queue: Promise<unknown> = Promise.resolve();

export interface LoadProgressView {
  /** Files begun so far, of `filesTotal` (0 total: not known yet). */
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytes: number;
  readonly bytesTotal: number;
  readonly rows: number;
  /** The file being read, as people named it. */
  readonly file: string;
  /** A demo fleet is being generated before it loads. */
  readonly generating: boolean;
}

export interface HuntProgress {
  readonly runId: string;
  /** 'loading': the chosen data is being read; 'rules': rules are running. */
  readonly phase: 'loading' | 'rules';
  readonly done: number;
  readonly total: number;
  readonly findings: number;
  readonly load?: LoadProgressView;
  /** Once loaded: the load summary (rows, malformed lines). */
  readonly loaded?: RunLoadSummary;
}

const PROGRESS = new WeakMap<WebState, HuntProgress>();

/** The running hunt's progress (undefined when none runs). */
export function huntProgress(state: WebState): HuntProgress | undefined {
  return PROGRESS.get(state);
}

/** What to hunt: candidate rules, whether to keep only those whose tables the data has, and the data. */
export interface HuntJob {
  readonly rules: readonly WebRule[];
  readonly spec: readonly string[];
  /** Keep only rules whose every table is in the hunted data ("every rule", "one source"). */
  readonly onlyLoaded: boolean;
  readonly data: DataChoice;
  /** Where uploads live: the upload's folder is released when the hunt is over. */
  readonly uploads?: UploadArea;
}

const hasTables = (r: WebRule, tables: ReadonlySet<string>) =>
  r.rule.tables.length > 0 && r.rule.tables.every((t) => tables.has(t));

async function huntOn(
  state: WebState,
  session: HuntSession,
  rules: readonly WebRule[],
  spec: readonly string[],
  runId: number | undefined,
  onRun: (runId: string) => void,
  loaded?: RunLoadSummary,
): Promise<Run> {
  let id = runId === undefined ? '' : String(runId);
  const hunt = session.hunt({
    // Stored exclusions ride on the rules: the hunt runs each rule tuned and measures each one.
    rules: state.rulesForHunt(rules),
    exclusions: 'applied',
    timeoutMs: RULE_TIMEOUT_MS,
    rulesSpec: spec,
    ...(runId !== undefined ? { runId } : {}),
    onProgress: (p) =>
      PROGRESS.set(state, {
        runId: id,
        phase: 'rules',
        done: p.done,
        total: p.total,
        findings: p.findings,
        ...(loaded ? { loaded } : {}),
      }),
  });
  // runHunt records the run row before its first await, so the newest run is this one.
  if (runId === undefined) id = String(state.store.listRuns(1)[0]?.id ?? '');
  PROGRESS.set(state, {
    runId: id,
    phase: 'rules',
    done: 0,
    total: rules.length,
    findings: 0,
    ...(loaded ? { loaded } : {}),
  });
  onRun(id);
  const result = await hunt;
  const run = result.runId === undefined ? undefined : state.run(String(result.runId));
  if (!run) throw new Error('the hunt was not recorded in the store');
  return run;
}

/** The load report as the run keeps it, with files named as people sent or typed them. */
function loadSummary(report: LoadReport, nameOf: (file: string) => string, extra: RunLoadSummary['skipped']) {
  return {
    files: report.files.length,
    bytes: report.files.reduce((n, f) => n + f.bytes, 0),
    rows: report.totalRows,
    tables: report.tables.length,
    rejects: report.totalRejects,
    rejectSamples: report.rejectSamples
      .slice(0, REJECT_SAMPLES)
      .map((r) => ({ file: nameOf(r.file), line: r.line, reason: r.reason })),
    skipped: [
      ...extra,
      ...report.skipped.map((s) => ({ file: nameOf(s.file), reason: s.reason })),
      ...report.files.flatMap((f) => (f.error ? [{ file: nameOf(f.file), reason: f.error }] : [])),
    ],
    ...(report.ok ? {} : { failure: report.failure ?? 'the data could not be loaded' }),
  } satisfies RunLoadSummary;
}

async function huntChosen(
  state: WebState,
  job: HuntJob & { data: Exclude<DataChoice, { kind: 'server' }> },
  started: (runId: string) => void,
): Promise<Run> {
  const data = job.data;
  const label = choiceLabel(data);
  const sentNames = data.kind === 'upload' ? data.files : new Map<string, string>();
  const nameOf = (file: string) =>
    sentNames.get(file) ?? (data.kind === 'demo' ? file.slice(file.lastIndexOf('/') + 1) : file);
  const dataPaths =
    data.kind === 'upload' ? [...data.files.values()] : data.kind === 'path' ? [data.path] : [state.demoDir(data)];
  const runId = state.store.startRun({
    rulesSpec: job.spec,
    dataPaths,
    target: 'local',
    dataKind: label.kind,
    dataLabel: label.text,
  });
  const id = String(runId);
  const size = data.kind === 'path' ? await dataSize([data.path]) : undefined;
  const totals =
    data.kind === 'upload'
      ? { files: data.files.size, bytes: data.bytes }
      : size
        ? { files: size.files, bytes: size.bytes }
        : { files: 0, bytes: 0 };
  const perFile = new Map<string, number>();
  let rows = 0;
  const setLoad = (file: string, generating: boolean) =>
    PROGRESS.set(state, {
      runId: id,
      phase: 'loading',
      done: 0,
      total: job.rules.length,
      findings: 0,
      load: {
        filesDone: perFile.size,
        filesTotal: Math.max(totals.files, perFile.size),
        bytes: [...perFile.values()].reduce((a, b) => a + b, 0),
        bytesTotal: totals.bytes,
        rows,
        file: file === '' ? '' : nameOf(file),
        generating,
      },
    });
  setLoad('', data.kind === 'demo');
  started(id);
  const rowsPerFile = new Map<string, number>();
  let report: LoadReport | undefined;
  let session: HuntSession;
  try {
    session = await state.session.withData({
      kind: label.kind,
      label: label.text,
      ...(data.kind === 'demo'
        ? { demo: { dir: state.demoDir(data), fleet: data.fleet } }
        : { paths: data.kind === 'upload' ? [...data.files.keys()] : [data.path] }),
      cache: data.kind !== 'upload',
      onLoadProgress: (p) => {
        perFile.set(p.file, p.bytes);
        rowsPerFile.set(p.file, p.rows);
        rows = [...rowsPerFile.values()].reduce((a, b) => a + b, 0);
        setLoad(p.file, false);
      },
      onLoadReport: (r) => {
        report = r;
      },
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const rejected = data.kind === 'upload' ? data.rejected : [];
    state.store.setRunLoad(
      runId,
      report
        ? { ...loadSummary(report, nameOf, rejected), failure: message }
        : {
            files: 0,
            bytes: 0,
            rows: 0,
            tables: 0,
            rejects: 0,
            rejectSamples: [],
            skipped: [...rejected],
            failure: message,
          },
    );
    state.store.finishRun(runId, {
      status: 'failed',
      runMs: 0,
      rulesTotal: 0,
      rulesRun: 0,
      rulesWithFindings: 0,
      rulesFailed: 0,
      resultRows: 0,
      error: `the data could not be loaded: ${message}`,
    });
    const run = state.run(id);
    if (!run) throw new Error('the hunt was not recorded in the store');
    return run;
  }
  const summary = loadSummary(session.loadReport!, nameOf, data.kind === 'upload' ? data.rejected : []);
  state.store.setRunLoad(runId, summary, session.dataLabel.key);
  const tables = new Set(session.data?.tableNames() ?? []);
  const rules = job.onlyLoaded ? job.rules.filter((r) => hasTables(r, tables)) : job.rules;
  // The run's evidence (raw events, accounts) is looked up in its own data while it is kept.
  if (session.data) state.keepRunData(runId, session.data, tables);
  return huntOn(state, session, rules, job.spec, runId, () => undefined, summary);
}

async function huntOnce(state: WebState, job: HuntJob, started: (runId: string) => void): Promise<Run> {
  try {
    if (job.data.kind === 'server') {
      const rules = job.onlyLoaded ? job.rules.filter((r) => state.hasData(r)) : job.rules;
      return await huntOn(state, state.session, rules, job.spec, undefined, started);
    }
    return await huntChosen(state, { ...job, data: job.data }, started);
  } finally {
    PROGRESS.delete(state);
    if (job.data.kind === 'upload') await job.uploads?.release(job.data.dir);
  }
}

function enqueue(state: WebState, job: HuntJob, started: (runId: string) => void): Promise<Run> {
  const go = () => huntOnce(state, job, started);
  const next = queue.then(go, go);
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Runs `rules` (default: every rule whose tables are loaded; on a remote target, every rule) on the
 * server's data and returns the recorded run.
 */
export function huntNow(state: WebState, rules?: readonly WebRule[], spec?: readonly string[]): Promise<Run> {
  const chosen = rules ?? (state.session.target?.remote ? state.rules : state.rules.filter((r) => state.hasData(r)));
  return enqueue(
    state,
    { rules: chosen, spec: spec ?? state.rulesSpec, onlyLoaded: false, data: { kind: 'server' } },
    () => undefined,
  );
}

/**
 * Starts a hunt and resolves with its run id once the run row exists (the hunt goes on in the
 * background; its page shows the progress). `job.data` defaults to the server's data.
 */
export function startHunt(state: WebState, job: HuntJob): Promise<string> {
  return new Promise((resolve, reject) => {
    enqueue(state, job, resolve).catch((e: unknown) => {
      console.error('kqlhunt web: hunt failed:', e);
      reject(e);
    });
  });
}

/** Files and bytes a path holds (telemetry files only; a directory's symlinks are skipped, as the loader does). */
export async function dataSize(paths: readonly string[]): Promise<{ files: number; bytes: number }> {
  const { readdir, stat } = await import('node:fs/promises');
  const { TELEMETRY_EXTENSIONS } = await import('../telemetry/detect.js');
  let files = 0;
  let bytes = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 32 || files > 100_000) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p, depth + 1);
      else if (e.isFile() && (TELEMETRY_EXTENSIONS.test(e.name) || /\.kqc$/i.test(e.name))) {
        files++;
        bytes += (await stat(p).catch(() => undefined))?.size ?? 0;
      }
    }
  };
  for (const p of paths) {
    const s = await stat(p).catch(() => undefined);
    if (s?.isDirectory()) await walk(p, 0);
    else if (s) {
      files++;
      bytes += s.size;
    }
  }
  return { files, bytes };
}
