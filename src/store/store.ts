/**
 * openStore(path) → Store: the embedded SQLite database behind the catalog, hunts, findings and
 * triage. WAL journaling so readers (the web app) do not block a running hunt, and every write
 * that must stay together runs in one transaction.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Exclusion, RuleExclusions } from '../rules/exclusions/types.js';
import {
  getImport,
  getRule,
  type ImportInput,
  type ImportOutcome,
  listImports,
  listRules,
  recordImport,
} from './catalog.js';
import {
  exclusionResults,
  exclusionsByRule,
  listExclusions,
  removeExclusions,
  replaceExclusions,
  ruleExclusions,
  type SaveOutcome,
  saveExclusions,
  setExclusionsEnabled,
} from './exclusions.js';
import { findingHistory, getFinding, listFindings, setFindingState, triageFindings } from './findings.js';
import { migrate, SCHEMA_VERSION, schemaVersion } from './migrations.js';
import type { RunOwner } from './owner.js';
import { recordTestResults, testResultsOf } from './rule-tests.js';
import {
  findCompletedRun,
  finishRun,
  getRun,
  listRuns,
  markInterrupted,
  type RunContext,
  type RunEnd,
  type RunStart,
  recordRuleResult,
  ruleResults,
  setRunContext,
  setRunLoad,
  startRun,
} from './runs.js';
import type {
  CatalogRule,
  ExclusionResultRecord,
  FindingEvent,
  FindingFilter,
  FindingRecord,
  ImportRecord,
  NewFinding,
  RuleFilter,
  RuleResultRecord,
  RuleTestResultRecord,
  RunLoadSummary,
  RunRecord,
  StoredExclusion,
  TriageChange,
  TriageState,
} from './types.js';

export interface OpenOptions {
  /** Tests only: stop migrating at this schema version (to build an old database). */
  readonly migrateTo?: number;
}

export class Store {
  /** Runs found still 'running' at open and marked 'interrupted'. */
  readonly interruptedOnOpen: number;

  constructor(
    readonly path: string,
    private readonly db: Database,
    options: OpenOptions,
  ) {
    migrate(db, options.migrateTo ?? SCHEMA_VERSION);
    this.interruptedOnOpen = options.migrateTo === undefined ? markInterrupted(db) : 0;
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** `PRAGMA integrity_check`: 'ok' when the file is sound. */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  // catalog
  recordImport(input: ImportInput): ImportOutcome {
    return recordImport(this.db, input);
  }
  listImports(source?: string): ImportRecord[] {
    return listImports(this.db, source);
  }
  getImport(id: number): ImportRecord | undefined {
    return getImport(this.db, id);
  }
  listRules(filter?: RuleFilter): CatalogRule[] {
    return listRules(this.db, filter);
  }
  getRule(idOrPrefix: string): CatalogRule | undefined {
    return getRule(this.db, idOrPrefix);
  }

  // runs
  /** Records a 'running' run owned by this process (or `owner`, for tests of ownership). */
  startRun(start: RunStart, owner?: RunOwner): number {
    return startRun(this.db, start, owner);
  }
  setRunContext(runId: number, ctx: RunContext): void {
    setRunContext(this.db, runId, ctx);
  }
  setRunLoad(runId: number, load: RunLoadSummary, dataKey?: string): void {
    setRunLoad(this.db, runId, load, dataKey);
  }
  recordRuleResult(result: RuleResultRecord, findings: readonly NewFinding[]): void {
    recordRuleResult(this.db, result, findings);
  }
  finishRun(runId: number, end: RunEnd): void {
    finishRun(this.db, runId, end);
  }
  getRun(id: number): RunRecord | undefined {
    return getRun(this.db, id);
  }
  listRuns(limit?: number): RunRecord[] {
    return listRuns(this.db, limit);
  }
  findCompletedRun(key: { target: string; dataKey: string; rulesKey: string; now: string }): RunRecord | undefined {
    return findCompletedRun(this.db, key);
  }
  ruleResults(runId: number): RuleResultRecord[] {
    return ruleResults(this.db, runId);
  }

  /** Per-exclusion outcomes of a run, by rule id (also inside `ruleResults(runId)[i].exclusions`). */
  exclusionResults(runId: number): Map<string, ExclusionResultRecord[]> {
    return exclusionResults(this.db, runId);
  }

  // exclusions (keyed by rule id; independent of the rule row, so they survive re-imports)
  listExclusions(ruleId: string): StoredExclusion[] {
    return listExclusions(this.db, ruleId);
  }
  exclusionsByRule(): Map<string, StoredExclusion[]> {
    return exclusionsByRule(this.db);
  }
  /** The storage document for `exportExclusionsYaml` (and for `rule.exclusions`). */
  ruleExclusions(ruleId: string): RuleExclusions {
    return ruleExclusions(this.db, ruleId);
  }
  /** Insert or update by id; other stored entries stay. */
  saveExclusions(ruleId: string, list: readonly Exclusion[]): SaveOutcome {
    return saveExclusions(this.db, ruleId, list);
  }
  /** The stored set becomes exactly `list`. */
  replaceExclusions(ruleId: string, list: readonly Exclusion[]): SaveOutcome & { readonly removed: readonly string[] } {
    return replaceExclusions(this.db, ruleId, list);
  }
  /** Returns the ids the rule does not have. */
  setExclusionsEnabled(ruleId: string, ids: readonly string[], enabled: boolean): string[] {
    return setExclusionsEnabled(this.db, ruleId, ids, enabled);
  }
  removeExclusions(ruleId: string, ids: readonly string[]): number {
    return removeExclusions(this.db, ruleId, ids);
  }

  // findings
  listFindings(filter?: FindingFilter): FindingRecord[] {
    return listFindings(this.db, filter);
  }
  getFinding(idOrPrefix: string): FindingRecord | undefined {
    return getFinding(this.db, idOrPrefix);
  }
  setFindingState(id: string, state: TriageState, comment?: string): FindingRecord | undefined {
    return setFindingState(this.db, id, state, comment);
  }

  // rule tests: the last result of each test of each rule
  recordTestResults(results: readonly RuleTestResultRecord[]): void {
    recordTestResults(this.db, results);
  }
  testResults(ruleId: string): RuleTestResultRecord[] {
    return testResultsOf(this.db, ruleId);
  }
  /** State, assignee and a comment for many findings at once (exact ids), with history. */
  triageFindings(ids: readonly string[], change: TriageChange): FindingRecord[] {
    return triageFindings(this.db, ids, change);
  }
  findingHistory(id: string): FindingEvent[] {
    return findingHistory(this.db, id);
  }
}

/** Opens (creating the file and its directory when missing) and upgrades the store. */
export function openStore(path: string, options: OpenOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // Several processes may share the store (a hunt, `runs list`, the web app): a writer waits up to
  // 10 s for another's transaction instead of failing with SQLITE_BUSY.
  const db = new Database(path, { timeout: 10_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return new Store(path, db, options);
  } catch (e) {
    db.close();
    throw e;
  }
}
