/**
 * runHunt: every rule over one dataset. Each rule runs on its own (a failing rule — unsupported
 * function, timeout, a cloud-only table — is recorded and the rest still run), its result rows
 * become findings, and with a store every rule's result and findings are committed as it finishes,
 * so a killed hunt keeps what it had done.
 */
import { setTimeout as sleep, setImmediate as yieldNow } from 'node:timers/promises';
import {
  type Catalog,
  catalogFromProvider,
  type Diagnostic,
  formatDatetime,
  runQuery,
  type TableProvider,
} from '../kql/engine.js';
import type { GroundTruthRow } from '../rules/exclusions/index.js';
import { isRunnable, type Rule } from '../rules/model.js';
import type { Store } from '../store/store.js';
import type { DataKind, ExclusionsMode, NewFinding, RuleResultRecord, RunCounts } from '../store/types.js';
import type { QueryTarget, TargetFailure } from '../targets/types.js';
import { isFatal } from '../targets/types.js';
import { overlayCatalog } from '../telemetry/schemas.js';
import type { TelemetryStore } from '../telemetry/store.js';
import { findingsOf } from './entities.js';
import { type ExclusionOutcome, measureTuned, tunedRule } from './exclusions.js';
import { parsedQuery } from './parsed.js';
import { huntProvider } from './provider.js';
import { ruleWindow, windowMiss } from './window.js';

export type NowSource = 'option' | 'auto' | 'clock';

export interface HuntProgress {
  readonly done: number;
  readonly total: number;
  readonly rule: Rule;
  readonly findings: number;
}

export interface HuntOptions {
  readonly rules: readonly Rule[];
  /** The loaded data (local hunts; a remote target's hunt may have none). */
  readonly provider?: TelemetryStore;
  /** The instant now() returns; 'auto' (default) = the latest event time in the data. */
  readonly now?: bigint | 'auto';
  /** now() already chosen (by a HuntSession), with its source and note; wins over `now`. */
  readonly chosenNow?: { readonly value: bigint | undefined; readonly source: NowSource; readonly note: string };
  /** A remote query target: each rule's query goes there instead of the local engine. */
  readonly target?: QueryTarget;
  /** Per-rule wall-clock limit (default 60 s). */
  readonly timeoutMs?: number;
  readonly onProgress?: (p: HuntProgress) => void;
  /** Persist the run, each rule's result and the findings. */
  readonly store?: Store;
  /** What to record on the run row. */
  readonly run?: {
    readonly rulesSpec: readonly string[];
    readonly dataPaths: readonly string[];
    readonly loadMs?: number;
    readonly target?: string;
    readonly dataKind?: DataKind;
    readonly dataKey?: string;
    readonly rulesKey?: string;
    readonly dataLabel?: string;
    /** A run row already started (a web hunt records it before loading its chosen data). */
    readonly runId?: number;
  };
  /** Set `cancelled` (e.g. on SIGINT) to stop after the current rule. */
  readonly cancel?: { cancelled: boolean };
  /** Test hook: pause between rules (lets a test kill the process mid-hunt). */
  readonly delayMs?: number;
  /**
   * 'applied' (default): a rule with enabled exclusions (`rule.exclusions`) runs as its tuned query
   * and each exclusion's suppression is measured; 'off': every rule runs as upstream wrote it.
   */
  readonly exclusions?: ExclusionsMode;
  /** Labelled rows (the generator's ground_truth.json): exclusion results then say benign vs malicious. */
  readonly groundTruth?: readonly GroundTruthRow[];
}

export interface RuleOutcome {
  readonly rule: Rule;
  readonly rows: number;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly error?: { readonly code: string; readonly message: string };
  /** Why the rule found nothing, when we can tell (window misses the data, tables not loaded). */
  readonly note?: string;
  readonly elapsedMs: number;
  readonly findings: readonly NewFinding[];
  /** The rule ran as its tuned query (at least one enabled exclusion compiled in). */
  readonly tuned?: boolean;
  /** What the enabled exclusions suppressed, when the rule has any and exclusions are applied. */
  readonly exclusions?: ExclusionOutcome;
}

export interface HuntResult {
  readonly runId: number | undefined;
  readonly now: bigint;
  readonly nowSource: NowSource;
  /** One line saying which now() was used and why. */
  readonly nowNote: string;
  readonly dataRange: { readonly min: bigint; readonly max: bigint } | undefined;
  readonly outcomes: readonly RuleOutcome[];
  readonly counts: RunCounts;
  readonly elapsedMs: number;
  readonly cancelled: boolean;
  readonly exclusionsMode: ExclusionsMode;
  /** Ground truth was given (exclusion results carry benign/malicious counts). */
  readonly groundTruth: boolean;
  /** Rules left out because they have no query (Sigma rules that are not convertible). */
  readonly skipped?: number;
  /** 'local' or the remote target's address. */
  readonly target: string;
  /** The target failed (auth, connection, throttled, …): the hunt stopped at that rule. */
  readonly targetFailure?: TargetFailure;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export function chooseNow(
  requested: bigint | 'auto' | undefined,
  range: { min: bigint; max: bigint } | undefined,
  clock: () => bigint = () => BigInt(Date.now()) * 10_000n,
): { now: bigint; source: NowSource; note: string } {
  if (typeof requested === 'bigint')
    return { now: requested, source: 'option', note: `now() = ${formatDatetime(requested)} (from --now)` };
  if (range)
    return {
      now: range.max,
      source: 'auto',
      note: `now() = ${formatDatetime(range.max)}: the latest event in the data (--now auto); rules' ago()/now(-…) windows end there`,
    };
  const now = clock();
  return {
    now,
    source: 'clock',
    note: `now() = ${formatDatetime(now)}: the data has no event times, so the wall clock is used`,
  };
}

export async function runHunt(options: HuntOptions): Promise<HuntResult> {
  const started = performance.now();
  const { provider, store } = options;
  // A Sigma rule that could not be converted has no query: it stays in the catalog, not in the run.
  const rules = options.rules.filter(isRunnable);
  const skipped = options.rules.length - rules.length;
  const remote = options.target?.remote ? options.target : undefined;
  if (!provider && !remote) throw new Error('runHunt: no data to hunt on and no remote target');
  const dataRange = provider?.overallTimeRange();
  const chosen = options.chosenNow
    ? { now: options.chosenNow.value ?? BigInt(Date.now()) * 10_000n, ...options.chosenNow }
    : chooseNow(options.now ?? 'auto', dataRange);
  const catalog = overlayCatalog(
    provider ? catalogFromProvider(provider) : { getTable: () => undefined, tableNames: () => [] },
  );
  const tables = provider ? huntProvider(provider) : undefined;
  const target = remote?.address ?? 'local';
  const runId =
    store && options.run?.runId !== undefined
      ? options.run.runId
      : store?.startRun({
          rulesSpec: options.run?.rulesSpec ?? [],
          dataPaths: options.run?.dataPaths ?? [],
          target,
          ...(options.run?.dataKind ? { dataKind: options.run.dataKind } : {}),
          ...(options.run?.dataKey ? { dataKey: options.run.dataKey } : {}),
          ...(options.run?.rulesKey ? { rulesKey: options.run.rulesKey } : {}),
          ...(options.run?.dataLabel !== undefined ? { dataLabel: options.run.dataLabel } : {}),
        });
  if (store && runId !== undefined)
    store.setRunContext(runId, {
      now: formatDatetime(chosen.now),
      nowSource: chosen.source,
      loadMs: options.run?.loadMs ?? 0,
      rulesTotal: rules.length,
      exclusionsMode: options.exclusions ?? 'applied',
      groundTruth: options.groundTruth !== undefined,
    });
  const outcomes: RuleOutcome[] = [];
  // Timespans of the rules' ago()/now() windows, evaluated once per distinct expression this hunt.
  const timespans = new Map<string, bigint | undefined>();
  let findingCount = 0;
  let targetFailure: TargetFailure | undefined;
  try {
    for (const rule of rules) {
      if (options.cancel?.cancelled) break;
      let outcome: RuleOutcome;
      if (remote) {
        const r = await runRemoteRule(rule, remote, catalog, chosen.now, options, timespans);
        outcome = r.outcome;
        if (r.failure && isFatal(r.failure)) targetFailure = r.failure;
      } else outcome = runRule(rule, provider!, tables!, catalog, chosen.now, options, dataRange, timespans);
      outcomes.push(outcome);
      findingCount += outcome.findings.length;
      if (store && runId !== undefined) store.recordRuleResult(resultRecord(runId, outcome), outcome.findings);
      options.onProgress?.({ done: outcomes.length, total: rules.length, rule, findings: findingCount });
      if (targetFailure) break;
      // Yield to the event loop so signal handlers (SIGINT → cancel), progress output and the web
      // app's requests run. setImmediate, not setTimeout(0): a timer waits at least 1 ms, which over
      // a 489-rule pack was half a second of idling.
      if (options.delayMs) await sleep(options.delayMs);
      else await yieldNow();
    }
  } catch (e) {
    if (store && runId !== undefined)
      store.finishRun(runId, {
        ...countsOf(rules.length, outcomes),
        status: 'failed',
        runMs: performance.now() - started,
        error: e instanceof Error ? e.message : String(e),
      });
    throw e;
  }
  const counts = countsOf(rules.length, outcomes);
  const cancelled = options.cancel?.cancelled === true && outcomes.length < rules.length;
  const elapsedMs = performance.now() - started;
  if (store && runId !== undefined)
    store.finishRun(runId, {
      ...counts,
      status: targetFailure ? 'failed' : cancelled ? 'interrupted' : 'completed',
      runMs: elapsedMs,
      ...(targetFailure
        ? { error: `${target}: ${targetFailure.code} ${targetFailure.message}` }
        : cancelled
          ? { error: 'cancelled by the user' }
          : {}),
    });
  return {
    runId,
    now: chosen.now,
    nowSource: chosen.source,
    nowNote: chosen.note,
    dataRange,
    outcomes,
    counts,
    elapsedMs,
    cancelled,
    exclusionsMode: options.exclusions ?? 'applied',
    groundTruth: options.groundTruth !== undefined,
    ...(skipped > 0 ? { skipped } : {}),
    target,
    ...(targetFailure ? { targetFailure } : {}),
  };
}

/**
 * One rule on a remote target: the tuned query (exclusions compiled in) is checked for features
 * the target lacks, then sent with the rule's time window as the API's timespan. Exclusions are not
 * measured remotely (that would double the queries sent); the rule's result says it ran tuned.
 */
async function runRemoteRule(
  rule: Rule,
  target: QueryTarget,
  catalog: Catalog,
  now: bigint,
  options: HuntOptions,
  timespans: Map<string, bigint | undefined>,
): Promise<{ outcome: RuleOutcome; failure?: TargetFailure }> {
  const t0 = performance.now();
  const tuned = tunedRule(rule, (options.exclusions ?? 'applied') === 'applied');
  const tunedFlag = tuned.enabled.length > 0 ? { tuned: tuned.tuned } : {};
  const fail = (f: TargetFailure) => ({
    outcome: {
      rule,
      rows: 0,
      columns: [],
      error: { code: f.code, message: f.message },
      findings: [],
      elapsedMs: performance.now() - t0,
      ...tunedFlag,
    },
    failure: f,
  });
  const refused = target.check(tuned.query).find((d) => d.severity === 'error');
  if (refused)
    return fail({
      kind: 'unsupported',
      code: refused.code,
      message: `not sent to ${target.address}: ${located(refused)}`,
    });
  const window = ruleWindow(tuned.query, catalog, now, timespans);
  const answer = await target.run({
    text: tuned.query,
    now,
    ...(window ? { window: { start: window.start, end: window.end } } : {}),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  if (!answer.ok) return fail(answer.failure);
  const table = answer.table;
  return {
    outcome: {
      rule,
      rows: table.rowCount,
      columns: table.schema.columns.map((c) => ({ name: c.name, type: c.type })),
      findings: findingsOf(rule.id, rule.name, table),
      ...(answer.partial ? { note: `partial result: ${answer.partial}` } : {}),
      elapsedMs: performance.now() - t0,
      ...tunedFlag,
    },
  };
}

function runRule(
  rule: Rule,
  data: TelemetryStore,
  provider: TableProvider,
  catalog: Catalog,
  now: bigint,
  options: HuntOptions,
  dataRange: HuntResult['dataRange'],
  timespans: Map<string, bigint | undefined>,
): RuleOutcome {
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  let diagnostics: readonly Diagnostic[];
  let outcome: Omit<RuleOutcome, 'elapsedMs' | 'rule'>;
  try {
    const tuned = tunedRule(rule, (options.exclusions ?? 'applied') === 'applied');
    const r = runQuery(parsedQuery(tuned.query), {
      provider,
      catalog,
      now,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.cancel ? { cancel: options.cancel } : {}),
    });
    diagnostics = r.diagnostics;
    const err = diagnostics.find((d) => d.severity === 'error');
    if (err || !r.result) {
      const d = err ?? { code: 'HUNT001', message: 'The query produced no result table.' };
      outcome = { rows: 0, columns: [], error: { code: d.code, message: located(d) }, findings: [] };
    } else {
      const table = r.result.table;
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const groundTruth = options.groundTruth;
      outcome = {
        rows: table.rowCount,
        columns: table.schema.columns.map((c) => ({ name: c.name, type: c.type })),
        findings: findingsOf(rule.id, rule.name, table),
        ...(tuned.enabled.length > 0
          ? {
              tuned: tuned.tuned,
              exclusions: measureTuned(rule, tuned, {
                provider,
                now,
                timeoutMs,
                ...(groundTruth ? { groundTruth } : {}),
              }),
            }
          : {}),
      };
    }
  } catch (e) {
    // The engine promises diagnostics, not exceptions; if one escapes, this rule fails alone.
    outcome = {
      rows: 0,
      columns: [],
      error: { code: 'HUNT900', message: `internal error: ${(e as Error).message}` },
      findings: [],
    };
  }
  const note =
    outcome.rows === 0 && !outcome.error ? emptyNote(rule, data, catalog, now, dataRange, timespans) : undefined;
  return { rule, ...outcome, ...(note ? { note } : {}), elapsedMs: elapsed() };
}

function located(d: { code: string; message: string; line?: number; column?: number }): string {
  return d.line ? `${d.message} (query line ${d.line}, column ${d.column ?? 1})` : d.message;
}

/** Why an empty result may say nothing about the data. */
function emptyNote(
  rule: Rule,
  provider: TelemetryStore,
  catalog: Catalog,
  now: bigint,
  dataRange: HuntResult['dataRange'],
  timespans: Map<string, bigint | undefined>,
): string | undefined {
  const absent = rule.tables.filter((t) => !provider.has(t));
  const window = ruleWindow(rule.query, catalog, now, timespans);
  const miss = window ? windowMiss(window, dataRange) : undefined;
  if (miss) return `found nothing: ${miss}`;
  if (absent.length > 0 && absent.length === rule.tables.length)
    return `found nothing: the data has no ${absent.join(', ')} table${absent.length > 1 ? 's' : ''}`;
  return undefined;
}

function countsOf(total: number, outcomes: readonly RuleOutcome[]): RunCounts {
  let withFindings = 0;
  let failed = 0;
  let rows = 0;
  for (const o of outcomes) {
    if (o.error) failed++;
    else if (o.rows > 0) withFindings++;
    rows += o.rows;
  }
  return {
    rulesTotal: total,
    rulesRun: outcomes.length,
    rulesWithFindings: withFindings,
    rulesFailed: failed,
    resultRows: rows,
  };
}

function resultRecord(runId: number, o: RuleOutcome): RuleResultRecord {
  return {
    runId,
    ruleId: o.rule.id,
    ruleName: o.rule.name,
    rows: o.rows,
    columns: o.columns,
    error: o.error ? `${o.error.code}: ${o.error.message}` : undefined,
    note: o.note,
    elapsedMs: o.elapsedMs,
    tuned: o.tuned === true,
    ...(o.exclusions
      ? {
          baselineRows: o.exclusions.baselineRows,
          suppressedRows: o.exclusions.combined.suppressed,
          exclusions: o.exclusions.results,
        }
      : {}),
  };
}
