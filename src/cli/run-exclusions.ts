/**
 * The exclusions part of `kqlhunt runs show`: how the run treated exclusions and, per tuned rule,
 * what each exclusion suppressed, as the store recorded it. It reads like the summary the hunt
 * itself printed, so a past run can be checked without re-running it.
 */
import type { ExclusionResultRecord, RuleResultRecord, RunRecord } from '../store/index.js';

/** Tuned rules listed before the text says "… and N more" (JSON has them all). */
const MAX_RULES = 20;

export function exclusionsModeLine(run: RunRecord): string {
  const truth = run.groundTruth ? '; with ground truth (benign / malicious split)' : '';
  switch (run.exclusionsMode) {
    case 'applied':
      return `exclusions: applied (rules with enabled exclusions ran tuned)${truth}`;
    case 'off':
      return 'exclusions: off (--no-exclusions): every rule ran as upstream wrote it';
    case undefined:
      return 'exclusions: not recorded (the run is older than exclusion tracking)';
    default: {
      const never: never = run.exclusionsMode;
      return String(never);
    }
  }
}

function labels(x: ExclusionResultRecord, truth: boolean): string {
  return truth ? ` (benign ${x.benign}, malicious ${x.malicious}, unlabelled ${x.unlabelled})` : '';
}

function exclusionLine(x: ExclusionResultRecord, truth: boolean, idWidth: number): string {
  const head = `    ${x.exclusionId.padEnd(idWidth)}  `;
  if (!x.applied) return `${head}not applied: ${x.error ?? 'did not compile'}`;
  const failed = x.error ? `  [measurement failed: ${x.error}]` : '';
  return `${head}suppressed ${x.suppressed}${labels(x, truth)}  ${x.scenario}${failed}`;
}

function ruleLines(r: RuleResultRecord & { exclusions: readonly ExclusionResultRecord[] }, truth: boolean): string[] {
  const list = r.exclusions;
  const applied = list.filter((x) => x.applied).length;
  const together =
    r.suppressedRows !== undefined && r.baselineRows !== undefined
      ? `; together they suppressed ${r.suppressedRows} of ${r.baselineRows} matching row(s)`
      : '';
  const lines = [`  ${r.ruleName}: ${applied}/${list.length} exclusion(s) applied${together}`];
  const width = Math.max(...list.map((x) => x.exclusionId.length));
  for (const x of list) lines.push(exclusionLine(x, truth, width));
  for (const x of list.filter((y) => y.malicious > 0))
    lines.push(
      `    warning: ${x.exclusionId} hid ${x.malicious} malicious row(s) (${x.maliciousScenarios.join(', ') || 'unnamed'})`,
    );
  return lines;
}

/** Lines for every rule that ran with exclusions; empty when none did. */
export function runExclusionLines(run: RunRecord, results: readonly RuleResultRecord[]): string[] {
  const tuned = results.filter(
    (r): r is RuleResultRecord & { exclusions: readonly ExclusionResultRecord[] } =>
      r.exclusions !== undefined && r.exclusions.length > 0,
  );
  if (tuned.length === 0) return [];
  const lines = [`exclusions per rule: ${tuned.length} rule(s) had enabled exclusions`];
  for (const r of tuned.slice(0, MAX_RULES)) lines.push(...ruleLines(r, run.groundTruth === true));
  if (tuned.length > MAX_RULES) lines.push(`  … and ${tuned.length - MAX_RULES} more rule(s) (see --format json)`);
  return lines;
}
