/**
 * A rule's exclusions as a person reviews them (CLI `rules show --enriched`, `rules exclusions
 * list`, the web app): each with the table it runs on, the KQL it compiles to, its diagnostics and
 * its safety flags — measured ones too when data was given.
 */
import type { Diagnostic, TableProvider } from '../kql/engine.js';
import { matchTool, queryFacts } from '../rules/enrich/index.js';
import {
  analyseExclusion,
  compileForTable,
  type ExclusionMeasurement,
  type GroundTruthRow,
  measureExclusions,
  pipelineShape,
  type SafetyFlag,
  worstSeverity,
} from '../rules/exclusions/index.js';
import type { Exclusion } from '../rules/exclusions/types.js';
import type { Rule } from '../rules/model.js';

export interface ExclusionView {
  readonly exclusion: Exclusion;
  /** The table the exclusion's fields map onto (the rule's main pipeline source). */
  readonly table: string | undefined;
  readonly kql: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly flags: readonly SafetyFlag[];
  /** 'high' | 'medium' | … of the worst flag; undefined when nothing was flagged. */
  readonly worst: string | undefined;
  /** What it suppresses on the data, when data was given. */
  readonly measured?: ExclusionMeasurement;
}

export interface ViewData {
  readonly provider: TableProvider;
  readonly now: bigint;
  readonly groundTruth?: readonly GroundTruthRow[];
}

/** Strings the rule filters on plus its tool's names: an exclusion repeating them is a red flag. */
export function ruleTerms(rule: Rule): string[] {
  const facts = queryFacts(rule.query);
  const tool = matchTool(rule, facts.filters);
  return [
    ...facts.filters.flatMap((f) => f.values),
    ...(tool ? [tool.display, tool.tool.name, ...tool.tool.aliases] : []),
  ];
}

export function ruleTable(rule: Rule): string | undefined {
  return pipelineShape(rule.query)?.table;
}

export function exclusionViews(rule: Rule, exclusions: readonly Exclusion[], data?: ViewData): ExclusionView[] {
  const table = ruleTable(rule);
  const terms = ruleTerms(rule);
  const measurement = data
    ? measureExclusions(rule.query, exclusions, {
        provider: data.provider,
        now: data.now,
        ...(data.groundTruth ? { groundTruth: data.groundTruth } : {}),
      })
    : undefined;
  return exclusions.map((exclusion, i) => {
    const compiled = compileForTable(exclusion.expression, table);
    const measured = measurement?.perExclusion[i];
    const flags = analyseExclusion(exclusion.expression, {
      table,
      ruleTerms: terms,
      ...(measured?.ran && measurement
        ? { measured: { baselineRows: measurement.baselineRows, result: measured } }
        : {}),
    });
    return {
      exclusion,
      table,
      kql: compiled.kql,
      diagnostics: compiled.diagnostics,
      flags,
      worst: worstSeverity(flags),
      ...(measured ? { measured } : {}),
    };
  });
}
