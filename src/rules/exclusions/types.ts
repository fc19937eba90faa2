/** The stored form of a rule's exclusions (JSON-safe; see storage.ts for the YAML form). */

export const EXCLUSION_SOURCES = ['knowledge-base', 'user', 'upstream'] as const;
export type ExclusionSource = (typeof EXCLUSION_SOURCES)[number];

export interface Exclusion {
  /** Stable within the rule: re-imports and merges match entries by it. */
  readonly id: string;
  /** Short name of the benign situation, e.g. "Scheduled agent sync job". */
  readonly scenario: string;
  readonly description: string;
  /** Exclusion-language text, e.g. `process.parent_process_name == "schtasks.exe"`. */
  readonly expression: string;
  readonly enabled: boolean;
  readonly source: ExclusionSource;
}

/** Just the Exclusion fields of a richer record (the store adds bookkeeping such as timestamps). */
export function plainExclusion(x: Exclusion): Exclusion {
  return {
    id: x.id,
    scenario: x.scenario,
    description: x.description,
    expression: x.expression,
    enabled: x.enabled,
    source: x.source,
  };
}

export interface RuleExclusions {
  readonly ruleId: string;
  readonly exclusions: readonly Exclusion[];
}
