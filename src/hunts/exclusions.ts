/**
 * Exclusions in a hunt: a rule with enabled exclusions runs as its tuned query (each exclusion a
 * `| where not(…)` line at the pipeline's exclusion point), and each exclusion's effect is measured
 * on the same data with `measureExclusions`, so the summary can say what every exclusion hid — and,
 * given ground truth, whether what it hid was benign or malicious.
 */
import type { TableProvider } from '../kql/engine.js';
import { type GroundTruthRow, measureExclusions, tuneQuery } from '../rules/exclusions/index.js';
import type { Exclusion } from '../rules/exclusions/types.js';
import type { Rule } from '../rules/model.js';
import type { ExclusionResultRecord } from '../store/types.js';

export interface SuppressedTotals {
  readonly suppressed: number;
  readonly benign: number;
  readonly malicious: number;
  readonly unlabelled: number;
  readonly maliciousScenarios: readonly string[];
}

/** How a rule's query was tuned for a hunt. */
export interface TunedRule {
  /** The text to run: the tuned query, or the rule's own when nothing applies. */
  readonly query: string;
  /** At least one exclusion compiled into the query. */
  readonly tuned: boolean;
  readonly enabled: readonly Exclusion[];
  /** Per enabled exclusion: compile problem, if any (it is then left out of the query). */
  readonly errors: ReadonlyMap<string, string>;
}

export interface ExclusionOutcome {
  /** Rows of the rule's pre-summarise part without exclusions. */
  readonly baselineRows: number;
  /** All applied exclusions together. */
  readonly combined: SuppressedTotals;
  readonly results: readonly ExclusionResultRecord[];
}

export function enabledExclusions(rule: Rule): Exclusion[] {
  return (rule.exclusions?.exclusions ?? []).filter((x) => x.enabled);
}

/** The query a hunt runs for `rule`: tuned when `apply` and the rule has enabled exclusions. */
export function tunedRule(rule: Rule, apply: boolean): TunedRule {
  const enabled = apply ? enabledExclusions(rule) : [];
  if (enabled.length === 0) return { query: rule.query, tuned: false, enabled, errors: new Map() };
  const t = tuneQuery(rule.query, enabled);
  const errors = new Map<string, string>();
  for (const r of t.results) {
    if (r.kql !== undefined) continue;
    const d = r.diagnostics.find((x) => x.severity === 'error') ?? r.diagnostics[0];
    errors.set(r.id, d ? `${d.code} ${d.message}` : 'the exclusion did not compile');
  }
  return { query: t.text, tuned: t.inserted !== '', enabled, errors };
}

export interface MeasureContext {
  readonly provider: TableProvider;
  readonly now: bigint;
  readonly timeoutMs: number;
  readonly groundTruth?: readonly GroundTruthRow[];
}

/** Measures what each enabled exclusion of a tuned rule suppresses; never throws. */
export function measureTuned(rule: Rule, tuned: TunedRule, ctx: MeasureContext): ExclusionOutcome {
  const applied = tuned.enabled.filter((x) => !tuned.errors.has(x.id));
  const m = measureExclusions(rule.query, applied, {
    provider: ctx.provider,
    now: ctx.now,
    timeoutMs: ctx.timeoutMs,
    ...(ctx.groundTruth ? { groundTruth: ctx.groundTruth } : {}),
  });
  const byId = new Map(m.perExclusion.map((p) => [p.id, p]));
  const results = tuned.enabled.map((x): ExclusionResultRecord => {
    const p = byId.get(x.id);
    const compileError = tuned.errors.get(x.id);
    const runError = p && !p.ran ? p.diagnostics.find((d) => d.severity === 'error') : undefined;
    return {
      exclusionId: x.id,
      scenario: x.scenario,
      expression: x.expression,
      applied: compileError === undefined,
      suppressed: p?.suppressed ?? 0,
      benign: p?.benign ?? 0,
      malicious: p?.malicious ?? 0,
      unlabelled: p?.unlabelled ?? 0,
      maliciousScenarios: p?.maliciousScenarios ?? [],
      error: compileError ?? (runError ? `${runError.code} ${runError.message}` : undefined),
    };
  });
  return { baselineRows: m.baselineRows, combined: m.combined, results };
}
