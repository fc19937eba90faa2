/** Records the store hands out: plain JSON-safe data (ISO timestamps, parsed JSON columns). */

import type { RuleDiagnostic } from '../rules/diagnostics.js';
import type { Exclusion } from '../rules/exclusions/types.js';
import type { LintStatus, Rule } from '../rules/model.js';

export const TRIAGE_STATES = ['new', 'true_positive', 'benign', 'false_positive'] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];

export const RUN_STATUSES = ['running', 'completed', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** 'pack': a pack bundled with kqlhunt (packs/<name>), registered on first use. */
export type SourceKind = 'directory' | 'git' | 'file' | 'pack';

export interface CatalogRule {
  readonly id: string;
  readonly source: string;
  readonly path: string;
  readonly name: string;
  readonly hash: string;
  readonly lintStatus: LintStatus;
  readonly firstImported: string;
  readonly lastImported: string;
  /** Set when a later import of the source no longer had the rule. */
  readonly removedAt: string | undefined;
  readonly rule: Rule;
}

export interface RuleFilter {
  readonly source?: string;
  readonly tactic?: string;
  readonly technique?: string;
  readonly table?: string;
  readonly lint?: LintStatus;
  /** Include rules a later import removed (default false). */
  readonly includeRemoved?: boolean;
}

export interface ImportRecord {
  readonly id: number;
  readonly source: string;
  readonly ref: string | undefined;
  readonly commit: string | undefined;
  readonly retrievedAt: string;
  readonly filesRead: number;
  readonly rules: number;
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly removed: number;
  readonly broken: number;
  readonly diagnostics: readonly RuleDiagnostic[];
}

/** Rule ids by what the import did to them, compared with the previous import of the source. */
export interface ImportChanges {
  readonly added: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

export interface RunCounts {
  readonly rulesTotal: number;
  readonly rulesRun: number;
  readonly rulesWithFindings: number;
  readonly rulesFailed: number;
  readonly resultRows: number;
}

export interface RunRecord extends RunCounts {
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt: string | undefined;
  readonly rulesSpec: readonly string[];
  readonly dataPaths: readonly string[];
  readonly now: string | undefined;
  /** How now() was chosen: 'option', 'auto' (latest event in the data) or 'clock'. */
  readonly nowSource: string | undefined;
  readonly status: RunStatus;
  readonly loadMs: number | undefined;
  readonly runMs: number | undefined;
  readonly error: string | undefined;
  /** 'applied': rules ran tuned (enabled exclusions compiled in); 'off': upstream queries (--no-exclusions). Unset for runs stored before schema v3. */
  readonly exclusionsMode?: ExclusionsMode;
  /** The hunt was given ground truth, so exclusion results say benign vs malicious. */
  readonly groundTruth?: boolean;
  /** Where the rules ran: 'local' or a remote target address (no secrets). */
  readonly target: string;
  /** 'demo' (the generated demo fleet), 'files' (--data paths) or 'remote' (the target's own tables). */
  readonly dataKind?: DataKind;
  /** Fingerprints of the data and the rule set (serve reuses a completed run with the same ones). */
  readonly dataKey?: string;
  readonly rulesKey?: string;
  /** What people read for the run's data ("upload: a.ndjson", "demo fleet (…)", paths); unset on older runs. */
  readonly dataLabel?: string;
  /** How the run's data loaded (web hunts on chosen data). */
  readonly load?: RunLoadSummary;
}

/** 'upload': files sent to the web app (deleted once the hunt is over). */
export type DataKind = 'demo' | 'files' | 'remote' | 'upload';

/** A run's data load: what was read, what was refused, and the malformed records (file and line). */
export interface RunLoadSummary {
  readonly files: number;
  readonly bytes: number;
  readonly rows: number;
  readonly tables: number;
  readonly rejects: number;
  /** The first malformed records (file as people named it, 1-based line). */
  readonly rejectSamples: readonly { readonly file: string; readonly line: number; readonly reason: string }[];
  /** Files not loaded, with why (not telemetry, too large, unreadable …). */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  /** Why the load failed, when it did. */
  readonly failure?: string;
}

export type ExclusionsMode = 'applied' | 'off';

export interface RuleResultRecord {
  readonly runId: number;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly rows: number;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly error: string | undefined;
  /** E.g. why a rule found nothing (its time window misses the data). */
  readonly note: string | undefined;
  readonly elapsedMs: number;
  /** The rule ran as its tuned query (at least one enabled exclusion compiled in). */
  readonly tuned?: boolean;
  /** Rows of the rule's pre-summarise part without exclusions (when exclusions were measured). */
  readonly baselineRows?: number;
  /** Of those, rows all applied exclusions together suppressed. */
  readonly suppressedRows?: number;
  /** What each enabled exclusion suppressed on this run's data. */
  readonly exclusions?: readonly ExclusionResultRecord[];
}

/**
 * One exclusion's effect in one hunt: the rows of the rule's pre-summarise part it suppresses on
 * its own, and — when the hunt had ground truth — how many of them were benign or malicious.
 */
export interface ExclusionResultRecord {
  readonly exclusionId: string;
  readonly scenario: string;
  readonly expression: string;
  /** Compiled into the tuned query; false when it did not compile (see `error`). */
  readonly applied: boolean;
  readonly suppressed: number;
  readonly benign: number;
  readonly malicious: number;
  readonly unlabelled: number;
  readonly maliciousScenarios: readonly string[];
  readonly error: string | undefined;
}

/** An exclusion as the catalog stores it, beside its rule. */
export interface StoredExclusion extends Exclusion {
  readonly ruleId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface FindingRecord {
  readonly id: string;
  readonly ruleId: string;
  readonly ruleName: string;
  /** The entity columns that identify the finding (DeviceName, AccountName, RemoteUrl, …). */
  readonly keys: Readonly<Record<string, unknown>>;
  readonly firstRun: number;
  readonly lastRun: number;
  /** The latest result row, as JSON cells. */
  readonly row: Readonly<Record<string, unknown>>;
  readonly state: TriageState;
  readonly comment: string;
  /** Who the finding is assigned to ('' when nobody). */
  readonly assignee: string;
  readonly updatedAt: string;
}

/** One triage change: the fields it set (unset ones did not change) and its comment. */
export interface FindingEvent {
  readonly at: string;
  readonly state: TriageState | undefined;
  readonly assignee: string | undefined;
  readonly comment: string;
}

/** A triage change to apply: only the fields given change; a comment is added to the history. */
export interface TriageChange {
  readonly state?: TriageState;
  readonly assignee?: string;
  readonly comment?: string;
}

export interface FindingFilter {
  readonly run?: number;
  readonly rule?: string;
  readonly state?: TriageState;
  readonly limit?: number;
}

/** One finding as a hunt produces it, before the store merges it with earlier sightings. */
export interface NewFinding {
  readonly id: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly keys: Readonly<Record<string, unknown>>;
  readonly row: Readonly<Record<string, unknown>>;
}

/** The last result of one rule test (`kqlhunt test`). */
export interface RuleTestResultRecord {
  readonly ruleId: string;
  readonly testName: string;
  /** The tests file as the run named it (relative to where `kqlhunt test` ran). */
  readonly testsFile: string;
  /** Short form: `fires`, `does not fire`, `count 3`, … */
  readonly expectation: string;
  readonly status: 'pass' | 'fail' | 'error';
  /** Empty on pass. */
  readonly message: string;
  /** Result rows the rule returned, when it ran. */
  readonly rows?: number;
  readonly ranAt: string;
  readonly elapsedMs: number;
}
