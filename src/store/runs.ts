/**
 * Hunt runs and their per-rule results. A run row is written (status 'running') before any rule
 * runs, each rule's result and findings are committed together, and the run is closed at the end;
 * a process killed in between leaves a 'running' row that the next open marks 'interrupted'.
 */
import type Database from 'better-sqlite3';
import { exclusionResults, insertExclusionResults } from './exclusions.js';
import { upsertFindings } from './findings.js';
import { currentOwner, ownerIsDead, type RunOwner } from './owner.js';
import type {
  DataKind,
  ExclusionsMode,
  NewFinding,
  RuleResultRecord,
  RunCounts,
  RunLoadSummary,
  RunRecord,
  RunStatus,
} from './types.js';

export interface RunStart {
  readonly rulesSpec: readonly string[];
  readonly dataPaths: readonly string[];
  readonly startedAt?: string;
  /** 'local' (default) or the remote target's address. */
  readonly target?: string;
  readonly dataKind?: DataKind;
  readonly dataKey?: string;
  readonly rulesKey?: string;
  readonly dataLabel?: string;
}

export function startRun(db: Database, start: RunStart, owner: RunOwner = currentOwner()): number {
  const r = db
    .prepare(
      `INSERT INTO runs (started_at, rules_spec, data_paths, status, owner_host, owner_pid, owner_started_ms)
       VALUES (?, ?, ?, 'running', ?, ?, ?)`,
    )
    .run(
      start.startedAt ?? new Date().toISOString(),
      JSON.stringify(start.rulesSpec),
      JSON.stringify(start.dataPaths),
      owner.host,
      owner.pid,
      owner.startedMs,
    );
  const id = Number(r.lastInsertRowid);
  // The labels came with a later migration; a run without them reads as local (target NULL).
  if (start.target !== undefined || start.dataKind || start.dataKey || start.rulesKey)
    db.prepare('UPDATE runs SET target = ?, data_kind = ?, data_key = ?, rules_key = ? WHERE id = ?').run(
      start.target ?? 'local',
      start.dataKind ?? null,
      start.dataKey ?? null,
      start.rulesKey ?? null,
      id,
    );
  if (start.dataLabel !== undefined) db.prepare('UPDATE runs SET data_label = ? WHERE id = ?').run(start.dataLabel, id);
  return id;
}

/** The load summary of a run's data (web hunts on chosen data record it once the files are read). */
export function setRunLoad(db: Database, runId: number, load: RunLoadSummary, dataKey?: string): void {
  db.prepare('UPDATE runs SET load_json = ?, data_key = COALESCE(?, data_key) WHERE id = ?').run(
    JSON.stringify(load),
    dataKey ?? null,
    runId,
  );
}

/** The newest completed run with these fingerprints (same data, rules, target and now), if any. */
export function findCompletedRun(
  db: Database,
  key: { target: string; dataKey: string; rulesKey: string; now: string },
): RunRecord | undefined {
  const r = db
    .prepare(
      `SELECT * FROM runs WHERE status = 'completed' AND COALESCE(target, 'local') = ? AND data_key = ?
         AND rules_key = ? AND now = ? ORDER BY id DESC LIMIT 1`,
    )
    .get(key.target, key.dataKey, key.rulesKey, key.now) as RunRow | undefined;
  return r ? toRun(r) : undefined;
}

export interface RunContext {
  readonly now: string;
  readonly nowSource: string;
  readonly loadMs: number;
  readonly rulesTotal: number;
  /** Whether rules run tuned ('applied') or as upstream wrote them ('off'). */
  readonly exclusionsMode?: ExclusionsMode;
  readonly groundTruth?: boolean;
}

/** Facts known once the data is loaded: the instant now() uses and how it was chosen. */
export function setRunContext(db: Database, runId: number, ctx: RunContext): void {
  db.prepare(
    'UPDATE runs SET now = ?, now_source = ?, load_ms = ?, rules_total = ?, exclusions_mode = ?, ground_truth = ? WHERE id = ?',
  ).run(ctx.now, ctx.nowSource, ctx.loadMs, ctx.rulesTotal, ctx.exclusionsMode ?? null, ctx.groundTruth ? 1 : 0, runId);
}

/** One rule's outcome and its findings, atomically. */
export function recordRuleResult(
  db: Database,
  result: RuleResultRecord,
  findings: readonly NewFinding[],
  at: string = new Date().toISOString(),
): void {
  db.transaction(() => {
    db.prepare(
      `INSERT OR REPLACE INTO rule_results (run_id, rule_id, rule_name, rows, columns_json, error, note, elapsed_ms,
         tuned, baseline_rows, suppressed_rows) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
    ).run(
      result.runId,
      result.ruleId,
      result.ruleName,
      result.rows,
      JSON.stringify(result.columns),
      result.error ?? null,
      result.note ?? null,
      result.elapsedMs,
      result.tuned ? 1 : 0,
      result.baselineRows ?? null,
      result.suppressedRows ?? null,
    );
    insertExclusionResults(db, result.runId, result.ruleId, result.exclusions ?? []);
    upsertFindings(db, result.runId, findings, at);
  }).immediate();
}

export interface RunEnd extends RunCounts {
  readonly status: Exclude<RunStatus, 'running'>;
  readonly runMs: number;
  readonly error?: string;
}

export function finishRun(db: Database, runId: number, end: RunEnd): void {
  db.prepare(
    `UPDATE runs SET finished_at = ?, status = ?, run_ms = ?, rules_total = ?, rules_run = ?, rules_with_findings = ?,
       rules_failed = ?, result_rows = ?, error = ? WHERE id = ?`,
  ).run(
    new Date().toISOString(),
    end.status,
    end.runMs,
    end.rulesTotal,
    end.rulesRun,
    end.rulesWithFindings,
    end.rulesFailed,
    end.resultRows,
    end.error ?? null,
    runId,
  );
}

/**
 * Runs still 'running' whose owner process is gone (owner.ts: same host, pid dead or reused; rows
 * from before ownership was recorded count as gone) died with it: they become 'interrupted', with
 * counts rebuilt from the results that committed. Runs of live processes — another hunt, on this
 * machine or another — are left running.
 */
export function markInterrupted(db: Database): number {
  return db
    .transaction(() => {
      const running = db
        .prepare("SELECT id, owner_host, owner_pid, owner_started_ms FROM runs WHERE status = 'running'")
        .all() as {
        id: number;
        owner_host: string | null;
        owner_pid: number | null;
        owner_started_ms: number | null;
      }[];
      const ids = running
        .filter((r) =>
          ownerIsDead({
            ...(r.owner_host !== null ? { host: r.owner_host } : {}),
            ...(r.owner_pid !== null ? { pid: r.owner_pid } : {}),
            ...(r.owner_started_ms !== null ? { startedMs: r.owner_started_ms } : {}),
          }),
        )
        .map((r) => r.id);
      for (const id of ids) {
        const c = db
          .prepare(
            `SELECT COUNT(*) AS run, SUM(error IS NOT NULL) AS failed, SUM(rows > 0 AND error IS NULL) AS hits,
               COALESCE(SUM(rows), 0) AS rows FROM rule_results WHERE run_id = ?`,
          )
          .get(id) as { run: number; failed: number | null; hits: number | null; rows: number };
        db.prepare(
          `UPDATE runs SET status = 'interrupted', error = 'the hunt stopped before it finished (process killed or crashed)',
             rules_run = ?, rules_failed = ?, rules_with_findings = ?, result_rows = ? WHERE id = ?`,
        ).run(c.run, c.failed ?? 0, c.hits ?? 0, c.rows, id);
      }
      return ids.length;
    })
    .immediate();
}

interface RunRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  rules_spec: string;
  data_paths: string;
  now: string | null;
  now_source: string | null;
  status: RunStatus;
  load_ms: number | null;
  run_ms: number | null;
  rules_total: number;
  rules_run: number;
  rules_with_findings: number;
  rules_failed: number;
  result_rows: number;
  error: string | null;
  exclusions_mode: string | null;
  ground_truth: number;
  target: string | null;
  data_kind: string | null;
  data_key: string | null;
  rules_key: string | null;
  data_label?: string | null;
  load_json?: string | null;
}

function toRun(r: RunRow): RunRecord {
  return {
    id: r.id,
    startedAt: r.started_at,
    finishedAt: r.finished_at ?? undefined,
    rulesSpec: JSON.parse(r.rules_spec) as string[],
    dataPaths: JSON.parse(r.data_paths) as string[],
    now: r.now ?? undefined,
    nowSource: r.now_source ?? undefined,
    status: r.status,
    loadMs: r.load_ms ?? undefined,
    runMs: r.run_ms ?? undefined,
    rulesTotal: r.rules_total,
    rulesRun: r.rules_run,
    rulesWithFindings: r.rules_with_findings,
    rulesFailed: r.rules_failed,
    resultRows: r.result_rows,
    error: r.error ?? undefined,
    ...(r.exclusions_mode === 'applied' || r.exclusions_mode === 'off' ? { exclusionsMode: r.exclusions_mode } : {}),
    groundTruth: r.ground_truth !== 0,
    target: r.target ?? 'local',
    ...(r.data_kind === 'demo' || r.data_kind === 'files' || r.data_kind === 'remote' || r.data_kind === 'upload'
      ? { dataKind: r.data_kind }
      : {}),
    ...(r.data_key ? { dataKey: r.data_key } : {}),
    ...(r.rules_key ? { rulesKey: r.rules_key } : {}),
    ...(r.data_label ? { dataLabel: r.data_label } : {}),
    ...(r.load_json ? { load: JSON.parse(r.load_json) as RunLoadSummary } : {}),
  };
}

export function getRun(db: Database, id: number): RunRecord | undefined {
  const r = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  return r ? toRun(r) : undefined;
}

export function listRuns(db: Database, limit = 50): RunRecord[] {
  return (db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map(toRun);
}

interface ResultRow {
  run_id: number;
  rule_id: string;
  rule_name: string;
  rows: number;
  columns_json: string;
  error: string | null;
  note: string | null;
  elapsed_ms: number;
  tuned: number;
  baseline_rows: number | null;
  suppressed_rows: number | null;
}

export function ruleResults(db: Database, runId: number): RuleResultRecord[] {
  const rows = db
    .prepare('SELECT * FROM rule_results WHERE run_id = ? ORDER BY rule_name, rule_id')
    .all(runId) as ResultRow[];
  const excluded = exclusionResults(db, runId);
  return rows.map((r) => ({
    runId: r.run_id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    rows: r.rows,
    columns: JSON.parse(r.columns_json) as { name: string; type: string }[],
    error: r.error ?? undefined,
    note: r.note ?? undefined,
    elapsedMs: r.elapsed_ms,
    tuned: r.tuned !== 0,
    ...(r.baseline_rows !== null ? { baselineRows: r.baseline_rows } : {}),
    ...(r.suppressed_rows !== null ? { suppressedRows: r.suppressed_rows } : {}),
    exclusions: excluded.get(r.rule_id) ?? [],
  }));
}
