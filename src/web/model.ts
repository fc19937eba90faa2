/**
 * The web app's own view of the data it shows. Runs, findings and triage live in the SQLite store
 * (src/store); the shapes here are what pages and the JSON API render, converted from the store's
 * records in `views.ts`. Enrichment comes from src/rules/enrich.
 */
import type { Enrichment } from '../rules/enrich/index.js';
import type { Exclusion } from '../rules/exclusions/index.js';
import type { Rule } from '../rules/model.js';
import { type DataKind, type RunLoadSummary, TRIAGE_STATES, type TriageState } from '../store/types.js';

export { TRIAGE_STATES, type TriageState };

/**
 * Older spellings the app accepted before triage moved to the store (hyphens, and the two states
 * the store does not keep); a form or script still sending them keeps working.
 */
const TRIAGE_ALIASES: Readonly<Record<string, TriageState>> = {
  'true-positive': 'true_positive',
  'false-positive': 'false_positive',
};

/** The store's triage state for `s`, accepting the older hyphenated spellings; undefined if unknown. */
export function triageStateOf(s: unknown): TriageState | undefined {
  if (typeof s !== 'string') return undefined;
  if ((TRIAGE_STATES as readonly string[]).includes(s)) return s as TriageState;
  return TRIAGE_ALIASES[s];
}

export interface DataSourceView {
  readonly table: string;
  readonly connector: string | undefined;
  /** True when the loaded telemetry holds this table. */
  readonly present: boolean;
}

export interface AttackView {
  readonly id: string;
  readonly name: string;
  readonly url: string | undefined;
  readonly tactics: readonly string[];
}

export interface WebRule {
  readonly rule: Rule;
  /** The time the rule entered the catalog (feed order, JSON Feed / Atom "updated"). */
  readonly updatedAt: string;
  /**
   * The deterministic enrichment without related rules (cheap enough for every rule at start-up;
   * the feed's severity/confidence facets use it). The rule page asks the state for the full one.
   */
  readonly enrichment: Enrichment;
  /** Exclusions the rule itself carries (`rule.exclusions`), e.g. from an upstream copy. */
  readonly exclusions: readonly Exclusion[];
}

export interface Finding {
  readonly id: string;
  /** The latest run that saw this finding. */
  readonly runId: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly deviceId: string;
  readonly deviceName: string;
  /** ISO 8601, or '' when the rule's output has no time column. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly count: number;
  /** The latest result row, JSON-encoded cells by column name. */
  readonly row: Readonly<Record<string, unknown>>;
  readonly triage: TriageState;
  readonly note: string;
  /** Who the finding is assigned to ('' when nobody). */
  readonly assignee: string;
  /** ISO time of the last triage change. */
  readonly updatedAt: string;
  /** The ReportIds of the events behind the finding (a `Report`/`ReportId` column of the row). */
  readonly reportIds: readonly number[];
  /** Accounts named in the row (AccountName, InitiatingProcessAccountName, …). */
  readonly users: readonly string[];
}

export interface RuleRunError {
  readonly ruleId: string;
  readonly message: string;
}

/** A rule that ran tuned in a hunt, and what its exclusions hid. */
export interface TunedRuleView {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly baselineRows: number;
  readonly suppressedRows: number;
  readonly exclusions: readonly {
    readonly id: string;
    readonly scenario: string;
    readonly applied: boolean;
    readonly suppressed: number;
    readonly benign: number;
    readonly malicious: number;
    readonly error: string | undefined;
  }[];
}

export interface Run {
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** 'running', 'completed', 'failed' or 'interrupted' (see src/store). */
  readonly status: string;
  /** The `now()` the rules ran with (end of the loaded data). */
  readonly now: string;
  readonly rulesRun: number;
  readonly rulesWithFindings: number;
  readonly errors: readonly RuleRunError[];
  /** Findings sighted by this run. */
  readonly findingCount: number;
  /** Rules with enabled exclusions in this run. */
  readonly tuned: readonly TunedRuleView[];
  /** The hunt had ground truth, so exclusion results split benign and malicious. */
  readonly groundTruth: boolean;
  /** What the run hunted ("upload: a.ndjson", "demo fleet (…)", paths, a remote target). */
  readonly dataLabel: string;
  readonly dataKind?: DataKind;
  /** Why the run failed or stopped, when it did. */
  readonly error?: string;
  /** How its chosen data loaded (web hunts on chosen data). */
  readonly load?: RunLoadSummary;
}
