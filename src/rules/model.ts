/**
 * The rule model: one shape for hunting queries (Sentinel `Hunting Queries/`, Defender markdown)
 * and scheduled / NRT analytic rules (`Detections/`, `Solutions/* /Analytic Rules`). Loaders turn
 * files into Rule values; export turns them back into Sentinel YAML. Plain JSON-compatible data
 * (no bigint, no class instances) so the store and the web API can persist and send it as is.
 */

import type { Diagnostic } from '../kql/engine.js';
import type { RuleDiagnostic } from './diagnostics.js';
import type { RuleDialect } from './dialect.js';
import type { Enrichment } from './enrich/types.js';
import type { RuleExclusions } from './exclusions/types.js';

/** Sentinel rule kinds; hunting queries carry no `kind` field upstream. */
export const RULE_KINDS = [
  'hunting',
  'scheduled',
  'nrt',
  'fusion',
  'microsoftsecurityincidentcreation',
  'mlbehavioranalytics',
  'threatintelligence',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface DataConnector {
  readonly connectorId: string;
  readonly dataTypes: readonly string[];
}

/**
 * A Sentinel duration (`5m`, `1h`, `14d`) or ISO 8601 duration (`PT1H`, `P1D`), normalised.
 * `iso` is the canonical spelling; `seconds` is the length (timespans in the engine are ticks,
 * but the model stays JSON-safe).
 */
export interface RuleDuration {
  readonly iso: string;
  readonly seconds: number;
}

export type TriggerOperator = 'gt' | 'lt' | 'eq' | 'ne';

export interface FieldMapping {
  readonly identifier: string;
  readonly columnName: string;
}

export interface EntityMapping {
  readonly entityType: string;
  readonly fieldMappings: readonly FieldMapping[];
}

/** Where a rule came from; `commit`/`url`/`retrievedAt` are known for repository imports. */
export interface RuleSource {
  /** Repository identity: `owner/name`, a clone URL, or a local directory. */
  readonly repository: string;
  /** Path of the rule file relative to the repository root, with `/` separators. */
  readonly path: string;
  readonly commit?: string;
  /** Web address of the file at that commit, when the repository is on GitHub. */
  readonly url?: string;
  /** ISO 8601 time the file was read. */
  readonly retrievedAt?: string;
  /** For markdown documents holding several queries: 0-based index of the kql block. */
  readonly block?: number;
}

export type LintStatus = 'clean' | 'warnings' | 'errors' | 'unchecked';

export interface RuleLint {
  readonly status: LintStatus;
  /** Engine diagnostics of the query text (positions are within `query`). */
  readonly diagnostics: readonly Diagnostic[];
  /** The dialect the query is written in (absent before a lint). */
  readonly dialect?: RuleDialect;
}

export type RuleFormat = 'sentinel-yaml' | 'markdown' | 'sigma';

/** Where a catalog rule comes from, for facets: a Sigma rule, the bundled RMM pack, anything else imported. */
export type RuleOriginKind = 'sigma' | 'rmm' | 'imported';

/**
 * What a Sigma rule says beside its query (rules converted from Sigma, src/rules/sigma). `level`
 * and `status` are Sigma's own words; `conversion` says whether the detection became KQL, and if
 * not, why (the rule keeps its place in the catalog with an empty query).
 */
export interface SigmaFacts {
  /** The Sigma rule id (UUID) as written upstream. */
  readonly id?: string;
  readonly status?: 'stable' | 'test' | 'experimental' | 'deprecated' | 'unsupported';
  readonly level?: 'informational' | 'low' | 'medium' | 'high' | 'critical';
  readonly logsource: { readonly category?: string; readonly product?: string; readonly service?: string };
  readonly author?: string;
  readonly date?: string;
  readonly modified?: string;
  readonly falsepositives: readonly string[];
  /** SPDX id or notice of the rule's licence (the pack's notice when the rule names none). */
  readonly license?: string;
  /** Web address of the upstream rule (from the `# source:` header the bundled pack writes). */
  readonly upstreamUrl?: string;
  readonly conversion:
    | { readonly status: 'converted'; readonly table: string; readonly notes: readonly string[] }
    | { readonly status: 'not convertible'; readonly reason: string };
}

export interface Rule {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly kind: RuleKind;
  readonly format: RuleFormat;
  readonly query: string;
  /** Sentinel tactic names as written upstream (`CommandAndControl`). */
  readonly tactics: readonly string[];
  /** ATT&CK technique ids (`T1219`, `T1059.001`), upper case. */
  readonly techniques: readonly string[];
  readonly requiredDataConnectors: readonly DataConnector[];
  /** Tables from the connectors' dataTypes and from the query text, sorted, unique. */
  readonly tables: readonly string[];
  readonly severity?: Severity;
  readonly queryFrequency?: RuleDuration;
  readonly queryPeriod?: RuleDuration;
  readonly triggerOperator?: TriggerOperator;
  readonly triggerThreshold?: number;
  readonly entityMappings: readonly EntityMapping[];
  readonly customDetails: Readonly<Record<string, string>>;
  readonly version?: string;
  readonly tags: readonly string[];
  /** http(s) URLs found in the description and the query text, in order of appearance. */
  readonly references: readonly string[];
  readonly source: RuleSource;
  /** Sigma facts, for rules converted from Sigma (format 'sigma'). */
  readonly sigma?: SigmaFacts;
  /** Other Sentinel fields (incidentConfiguration, eventGroupingSettings, …), kept for export. */
  readonly extra: Readonly<Record<string, unknown>>;
  /**
   * The enrichment (hypothesis, severity, data sources, …) when one was attached; see
   * src/rules/enrich. Not part of the content hash.
   */
  readonly enrichment?: Enrichment;
  /**
   * The rule's false-positive exclusions (storage form, keyed by rule id) when attached from the
   * store or an exclusions file; enabled ones are compiled into the tuned query (src/rules/exclusions).
   * Not part of the content hash, so exclusions survive re-imports of a changed upstream rule.
   */
  readonly exclusions?: RuleExclusions;
  readonly lint: RuleLint;
}

/** One file's outcome: the rules it held and what the loader had to say about it. */
export interface LoadResult {
  readonly rules: readonly Rule[];
  readonly diagnostics: readonly RuleDiagnostic[];
}

/** The rule's origin for facets: Sigma rules, the RMM pack (bundled or imported), everything else. */
export function ruleOriginKind(rule: Rule): RuleOriginKind {
  if (rule.format === 'sigma' || rule.sigma) return 'sigma';
  if (/(^|[:/])(packs?[:/])?rmm$/i.test(rule.source.repository) || rule.tags.some((t) => /^rmm/i.test(t))) return 'rmm';
  return 'imported';
}

/** True when the rule has a query to run (a Sigma rule that could not be converted has none). */
export function isRunnable(rule: Rule): boolean {
  return rule.sigma?.conversion.status !== 'not convertible' && rule.query.trim() !== '';
}

export const UNCHECKED: RuleLint = { status: 'unchecked', diagnostics: [] };
