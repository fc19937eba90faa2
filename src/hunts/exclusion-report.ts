/**
 * The exclusions part of a hunt summary (stderr) and of its JSON output: per tuned rule, what all
 * its exclusions together suppressed, then one line per exclusion — and, with ground truth, how
 * much of it was benign and whether anything malicious was hidden (that is a gap, not a tuning).
 */
import type { ExclusionResultRecord } from '../store/types.js';
import type { ExclusionOutcome } from './exclusions.js';
import type { HuntResult, RuleOutcome } from './run.js';

const MAX_RULES = 20;

function labelled(x: { benign: number; malicious: number; unlabelled: number }, truth: boolean): string {
  return truth ? ` (benign ${x.benign}, malicious ${x.malicious}, unlabelled ${x.unlabelled})` : '';
}

function exclusionLine(r: ExclusionResultRecord, truth: boolean, idWidth: number): string {
  const head = `    ${r.exclusionId.padEnd(idWidth)}  `;
  if (!r.applied) return `${head}not applied: ${r.error ?? 'did not compile'}`;
  const counts = `suppressed ${r.suppressed}${labelled(r, truth)}`;
  const error = r.error ? `  [measurement failed: ${r.error}]` : '';
  return `${head}${counts}  ${r.scenario}${error}`;
}

function ruleLines(o: RuleOutcome & { exclusions: ExclusionOutcome }, truth: boolean): string[] {
  const x = o.exclusions;
  const applied = x.results.filter((r) => r.applied).length;
  const lines = [
    `  ${o.rule.name}: ${applied}/${x.results.length} exclusion(s) applied; together they suppressed ` +
      `${x.combined.suppressed} of ${x.baselineRows} matching row(s)${labelled(x.combined, truth)}`,
  ];
  const width = Math.max(...x.results.map((r) => r.exclusionId.length));
  for (const r of x.results) lines.push(exclusionLine(r, truth, width));
  for (const r of x.results.filter((y) => y.malicious > 0))
    lines.push(
      `    warning: ${r.exclusionId} hid ${r.malicious} malicious row(s) (${r.maliciousScenarios.join(', ') || 'unnamed'})`,
    );
  return lines;
}

function tunedOutcomes(r: HuntResult): (RuleOutcome & { exclusions: ExclusionOutcome })[] {
  return r.outcomes.filter((o): o is RuleOutcome & { exclusions: ExclusionOutcome } => o.exclusions !== undefined);
}

/** Summary lines about exclusions; empty when no rule had enabled exclusions and they were on. */
export function exclusionSummary(r: HuntResult): string[] {
  if (r.exclusionsMode === 'off') return ['exclusions: off (--no-exclusions): every rule ran as upstream wrote it'];
  const tuned = tunedOutcomes(r);
  if (tuned.length === 0) return [];
  const lines = [
    `exclusions: ${tuned.length} rule(s) ran tuned (enabled exclusions compiled in; --no-exclusions runs the upstream queries)`,
  ];
  for (const o of tuned.slice(0, MAX_RULES)) lines.push(...ruleLines(o, r.groundTruth));
  if (tuned.length > MAX_RULES)
    lines.push(`  … and ${tuned.length - MAX_RULES} more tuned rule(s) (see --format json)`);
  return lines;
}

/** The `exclusions` member of a rule in `hunt --format json`. */
export function exclusionJson(x: ExclusionOutcome) {
  return {
    baselineRows: x.baselineRows,
    suppressed: x.combined.suppressed,
    benign: x.combined.benign,
    malicious: x.combined.malicious,
    unlabelled: x.combined.unlabelled,
    maliciousScenarios: x.combined.maliciousScenarios,
    results: x.results.map((e) => ({
      id: e.exclusionId,
      scenario: e.scenario,
      expression: e.expression,
      applied: e.applied,
      suppressed: e.suppressed,
      benign: e.benign,
      malicious: e.malicious,
      unlabelled: e.unlabelled,
      maliciousScenarios: e.maliciousScenarios,
      ...(e.error ? { error: e.error } : {}),
    })),
  };
}
