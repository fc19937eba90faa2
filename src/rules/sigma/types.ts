/**
 * The parsed form of a Sigma rule (specification 2.1: rules, modifiers, correlation, filters).
 * `parseSigma` builds it from YAML; `convertSigma` turns it into KQL. Plain data, no classes.
 */

/** A value after wildcard parsing: literal text and `*` / `?` wildcards, in order. */
export type Piece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'one' }
  /** One character out of `chars` (the `windash` modifier). */
  | { readonly kind: 'class'; readonly chars: string };

export type SigmaScalar = string | number | boolean | null;

/** One `field|mod1|mod2: values` item of a selection map (or a keyword list when `field` is undefined). */
export interface FieldMatch {
  readonly field: string | undefined;
  readonly modifiers: readonly string[];
  readonly values: readonly SigmaScalar[];
}

/** A search identifier: a map (AND of its items), a list of maps (OR), or a keyword list. */
export type Search =
  | { readonly kind: 'map'; readonly items: readonly FieldMatch[] }
  | { readonly kind: 'maps'; readonly maps: readonly (readonly FieldMatch[])[] }
  | { readonly kind: 'keywords'; readonly item: FieldMatch };

/** Condition syntax tree. */
export type Cond =
  | { readonly kind: 'and'; readonly items: readonly Cond[] }
  | { readonly kind: 'or'; readonly items: readonly Cond[] }
  | { readonly kind: 'not'; readonly item: Cond }
  | { readonly kind: 'ref'; readonly name: string }
  /** `1 of pattern` / `all of pattern`; pattern `them` means every identifier not starting with `_`. */
  | { readonly kind: 'of'; readonly quantifier: 'one' | 'all'; readonly pattern: string };

export type SigmaStatus = 'stable' | 'test' | 'experimental' | 'deprecated' | 'unsupported';
export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';

export interface SigmaLogsource {
  readonly category?: string;
  readonly product?: string;
  readonly service?: string;
}

/** Rule metadata shared by detection and correlation documents. */
export interface SigmaMeta {
  readonly title: string;
  readonly id?: string;
  readonly name?: string;
  readonly status?: SigmaStatus;
  readonly level?: SigmaLevel;
  readonly description: string;
  readonly references: readonly string[];
  readonly author?: string;
  readonly date?: string;
  readonly modified?: string;
  readonly falsepositives: readonly string[];
  readonly tags: readonly string[];
  readonly license?: string;
}

export interface SigmaDetectionRule extends SigmaMeta {
  readonly type: 'detection';
  readonly logsource: SigmaLogsource;
  readonly searches: ReadonlyMap<string, Search>;
  /** One condition per list entry (linked with OR), already parsed. */
  readonly conditions: readonly Cond[];
  /** Parse problems of the detection that make the rule unconvertible (the reason is kept). */
  readonly problems: readonly string[];
}

export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'temporal'
  | 'temporal_ordered'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile';

export interface SigmaCorrelationRule extends SigmaMeta {
  readonly type: 'correlation';
  readonly correlation: {
    readonly type: string;
    readonly rules: readonly string[];
    readonly groupBy: readonly string[];
    readonly timespan?: string;
    readonly condition: Readonly<Record<string, unknown>>;
    readonly aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  };
  readonly problems: readonly string[];
}

export interface SigmaFilterRule extends SigmaMeta {
  readonly type: 'filter';
  readonly logsource: SigmaLogsource;
  readonly rules: readonly string[];
  readonly searches: ReadonlyMap<string, Search>;
  readonly conditions: readonly Cond[];
  readonly problems: readonly string[];
}

export type SigmaDocument = SigmaDetectionRule | SigmaCorrelationRule | SigmaFilterRule;
