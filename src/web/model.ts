/**
 * The web app's own view of the data it shows. src/store, src/hunts and src/rules/enrich are being
 * written in parallel; until they land, the app keeps runs, findings and triage in memory behind
 * these small interfaces, and derives the enrichment sections it needs from the rule itself.
 */
import type { Rule } from '../rules/model.js';
import type { Exclusion } from '../rules/exclusions/index.js';

export const TRIAGE_STATES = ['new', 'investigating', 'true-positive', 'false-positive', 'benign', 'closed'] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];

export function isTriageState(s: unknown): s is TriageState {
  return typeof s === 'string' && (TRIAGE_STATES as readonly string[]).includes(s);
}

export type Confidence = 'low' | 'medium' | 'high';

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

/** What the rule page shows beyond the rule: enrichment (from src/rules/enrich when present). */
export interface EnrichmentView {
  readonly hypothesis: string;
  readonly confidence: Confidence;
  readonly severity: string;
  readonly falsePositives: readonly string[];
  /** True when the text was written by the enrichment step rather than taken from upstream. */
  readonly generated: boolean;
}

export interface WebRule {
  readonly rule: Rule;
  /** The time the rule entered the catalog (feed order, JSON Feed / Atom "updated"). */
  readonly updatedAt: string;
  readonly enrichment: EnrichmentView;
  readonly exclusions: readonly Exclusion[];
}

export interface Finding {
  readonly id: string;
  readonly runId: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly deviceId: string;
  readonly deviceName: string;
  /** ISO 8601, or '' when the rule's output has no time column. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly count: number;
  /** The result row, JSON-encoded cells by column name. */
  readonly row: Readonly<Record<string, unknown>>;
  triage: TriageState;
  note: string;
}

export interface RuleRunError {
  readonly ruleId: string;
  readonly message: string;
}

export interface Run {
  readonly id: string;
  readonly startedAt: string;
  finishedAt: string;
  /** The `now()` the rules ran with (end of the loaded data). */
  readonly now: string;
  rulesRun: number;
  readonly errors: RuleRunError[];
  readonly findingIds: string[];
}
