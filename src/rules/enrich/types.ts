/**
 * The enrichment of a rule: what a SOC-feed page shows beside the query (seed 001) — hunt
 * hypothesis, severity and confidence with reasons, required data sources, ATT&CK context,
 * references and false-positive guidance with executable exclusions. Plain JSON-safe data.
 * `generator` says who wrote it: the deterministic enricher (default) or an optional LLM.
 */
import type { SafetyFlag } from '../exclusions/safety.js';

export const ENRICHMENT_VERSION = 1;

export type EnrichmentSeverity = 'informational' | 'low' | 'medium' | 'high';
export type EnrichmentConfidence = 'low' | 'medium' | 'high';

export interface Rated<T extends string> {
  readonly level: T;
  /** Why, in order of weight; each a full sentence. */
  readonly reasons: readonly string[];
}

/** A string comparison the query makes against a named column. */
export interface QueryFilter {
  readonly column: string;
  readonly op: string;
  readonly values: readonly string[];
}

export interface Hypothesis {
  /** The whole hypothesis as one paragraph (statement, evidence, why it matters). */
  readonly text: string;
  /** What adversary behaviour is assumed. */
  readonly behaviour: string;
  /** What the query looks at to find it. */
  readonly evidence: string;
  /** Why it matters. */
  readonly whyItMatters: string;
  readonly tools: readonly string[];
  readonly vendorNames: readonly string[];
  readonly domains: readonly string[];
  readonly processNames: readonly string[];
  readonly thresholds: readonly string[];
  /** Lookback window as written (`5d`), when the query has one. */
  readonly lookback: string | undefined;
  readonly filters: readonly QueryFilter[];
}

export interface DataSource {
  readonly table: string;
  /** Primary Sentinel connector id that fills the table; undefined for unknown tables. */
  readonly connector: string | undefined;
  readonly connectors: readonly string[];
  readonly product: string | undefined;
  /** The query reads the table. */
  readonly readByQuery: boolean;
  /** The rule's requiredDataConnectors list the table. */
  readonly declared: boolean;
  /** Whether the loaded data has the table; undefined when no data was given. */
  readonly loaded: boolean | undefined;
  readonly note: string;
}

export interface AttackTacticRef {
  readonly id: string;
  readonly shortname: string;
  readonly name: string;
  readonly url: string;
}

export interface AttackTechniqueRef {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly isSubtechnique: boolean;
  readonly parent: { readonly id: string; readonly name: string } | undefined;
  readonly subTechniques: readonly { readonly id: string; readonly name: string }[];
  readonly tactics: readonly AttackTacticRef[];
  readonly platforms: readonly string[];
}

export interface AttackContext {
  readonly version: string;
  readonly techniques: readonly AttackTechniqueRef[];
  /** The rule's tactics (as declared, else from its techniques), mapped to ATT&CK. */
  readonly tactics: readonly AttackTacticRef[];
  /** Declared ids or tactic names ATT&CK does not know. */
  readonly unknown: readonly string[];
  /** Revoked/deprecated ids the rule still uses, with their replacement. */
  readonly retired: readonly { readonly id: string; readonly name: string; readonly replacedBy: string | null }[];
}

export interface ReferenceLink {
  readonly url: string;
  readonly kind: 'source' | 'repository' | 'vendor' | 'attack' | 'documentation' | 'other';
}

export interface RelatedRule {
  readonly id: string;
  readonly name: string;
  readonly reason: string;
}

export interface References {
  readonly links: readonly ReferenceLink[];
  /** Where the rule was pulled from (web address of the file), when known. */
  readonly source: string | undefined;
  readonly related: readonly RelatedRule[];
  /** How many rules matched before `related` was cut to its limit. */
  readonly relatedTotal: number;
}

export interface FalsePositiveScenario {
  /** Stable id (the exclusion id when adopted). */
  readonly id: string;
  readonly family: string;
  readonly scenario: string;
  readonly description: string;
  /** Exclusion-language text; it parses and maps onto `table`. */
  readonly exclusion: string;
  /** The KQL the exclusion compiles to. */
  readonly kql: string;
  readonly table: string;
  /** The expression holds a placeholder value the user must replace (it matches nothing as is). */
  readonly needsInput: boolean;
  readonly safety: readonly SafetyFlag[];
}

export interface Enrichment {
  readonly generator: 'deterministic' | 'llm';
  readonly version: number;
  readonly ruleId: string;
  /** contentHash(rule) the enrichment was computed from; a different hash means recompute. */
  readonly ruleHash: string;
  readonly hypothesis: Hypothesis;
  readonly severity: Rated<EnrichmentSeverity>;
  readonly confidence: Rated<EnrichmentConfidence>;
  readonly dataSources: readonly DataSource[];
  readonly attack: AttackContext;
  readonly references: References;
  readonly falsePositives: readonly FalsePositiveScenario[];
  /** False positives the rule's authors list (Sigma `falsepositives`), shown beside the knowledge base. */
  readonly upstreamFalsePositives?: readonly string[];
}
