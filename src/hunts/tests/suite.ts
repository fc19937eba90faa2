/**
 * Runs the tests of collected rule files. Each rule gets its exclusions as a hunt would attach them
 * (the store's, by rule id), then the tests file's own `exclusions` (the tuning under test), then
 * `--exclusions-file` entries, later ones replacing earlier ones with the same id.
 */
import type { Exclusion } from '../../rules/exclusions/types.js';
import type { Rule } from '../../rules/model.js';
import type { RuleTest, RuleTestFile, TestDiagnostic } from '../../rules/tests/types.js';
import { overlay } from '../attach.js';
import type { RuleFileUnderTest } from './collect.js';
import { failureText, runRuleTest, type TestResult, type TestRunOptions } from './run-test.js';

export type CaseStatus = 'pass' | 'fail' | 'error';

export interface TestCase {
  readonly ruleId: string | undefined;
  readonly ruleName: string | undefined;
  /** Absolute paths. */
  readonly ruleFile: string;
  readonly testsFile: string;
  /** The test's name; for an invalid tests file, "invalid tests file". */
  readonly name: string;
  readonly line: number;
  readonly column: number;
  readonly status: CaseStatus;
  /** Empty on pass; which expectation failed and what the rule returned, or why it could not run. */
  readonly message: string;
  /** Set when the test ran. */
  readonly result?: TestResult;
  /** The expectation in short form (`fires`, `does not fire`, `count 3`, `2 rows (subset)`). */
  readonly expectation: string;
  readonly elapsedMs: number;
}

export interface SuiteOptions extends TestRunOptions {
  /** Stored exclusions by rule id. */
  readonly stored?: ReadonlyMap<string, readonly Exclusion[]>;
  /** --exclusions-file entries by rule id. */
  readonly files?: ReadonlyMap<string, readonly Exclusion[]>;
  readonly onCase?: (c: TestCase, done: number, total: number) => void;
}

export interface SuiteResult {
  readonly cases: readonly TestCase[];
  readonly counts: { readonly pass: number; readonly fail: number; readonly error: number };
  /** Rules with at least one test. */
  readonly rulesTested: number;
  readonly elapsedMs: number;
}

export function expectationText(t: RuleTest): string {
  const parts: string[] = [];
  if (t.expect.fires !== undefined) parts.push(t.expect.fires ? 'fires' : 'does not fire');
  if (t.expect.count !== undefined) parts.push(`count ${t.expect.count}`);
  if (t.expect.rows) parts.push(`${t.expect.rows.length} row(s) (${t.expect.match})`);
  return `${parts.join(', ')}${t.exclusions === 'disabled' ? ' [exclusions disabled]' : ''}`;
}

/** The rule with its exclusions for a tests file: store, then the file's own, then --exclusions-file. */
export function ruleForTests(rule: Rule, file: RuleTestFile, options: SuiteOptions): Rule {
  const stored = options.stored?.get(rule.id);
  const extra = options.files?.get(rule.id) ?? [];
  if (!stored && file.exclusions.length === 0 && extra.length === 0) return rule;
  const base = stored ?? rule.exclusions?.exclusions ?? [];
  return { ...rule, exclusions: { ruleId: rule.id, exclusions: overlay(overlay(base, file.exclusions), extra) } };
}

function rulesFor(test: RuleTest, rules: readonly Rule[]): Rule[] {
  if (test.rule === undefined) return [...rules];
  return rules.filter((r) => r.id === test.rule || r.name === test.rule);
}

function diagnosticText(d: TestDiagnostic): string {
  return `${d.path}:${d.line}:${d.column}: ${d.code} ${d.message}`;
}

export async function runSuite(units: readonly RuleFileUnderTest[], options: SuiteOptions = {}): Promise<SuiteResult> {
  const t0 = performance.now();
  const cases: TestCase[] = [];
  const total = units.reduce(
    (n, u) => n + u.testFiles.reduce((m, f) => m + f.tests.length + (f.diagnostics.length > 0 ? 1 : 0), 0),
    0,
  );
  const push = (c: TestCase) => {
    cases.push(c);
    options.onCase?.(c, cases.length, total);
  };
  const tested = new Set<string>();
  for (const unit of units) {
    const firstRule = unit.rules[0];
    for (const file of unit.testFiles) {
      const common = { ruleFile: unit.file, testsFile: file.path };
      const errors = file.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0)
        push({
          ...common,
          ruleId: firstRule?.id,
          ruleName: firstRule?.name,
          name: 'invalid tests file',
          line: errors[0]!.line,
          column: errors[0]!.column,
          status: 'fail',
          message: errors.map(diagnosticText).join('\n'),
          expectation: 'a valid tests file',
          elapsedMs: 0,
        });
      for (const test of file.tests) {
        const at = {
          ...common,
          name: test.name,
          line: test.line,
          column: test.column,
          expectation: expectationText(test),
        };
        if (unit.rules.length === 0) {
          push({
            ...at,
            ruleId: undefined,
            ruleName: undefined,
            status: 'error',
            message: `the rule file could not be loaded: ${unit.loadErrors.join('; ') || 'it holds no rule'}`,
            elapsedMs: 0,
          });
          continue;
        }
        const targets = rulesFor(test, unit.rules);
        if (targets.length === 0) {
          push({
            ...at,
            ruleId: undefined,
            ruleName: undefined,
            status: 'error',
            message: `no rule '${test.rule}' in ${unit.file}`,
            elapsedMs: 0,
          });
          continue;
        }
        for (const rule of targets) {
          tested.add(rule.id);
          const result = await runRuleTest(ruleForTests(rule, file, options), test, options);
          push({
            ...at,
            ruleId: rule.id,
            ruleName: rule.name,
            status: result.status,
            message: result.status === 'pass' ? '' : failureText(result),
            result,
            elapsedMs: result.elapsedMs,
          });
        }
      }
    }
  }
  const counts = { pass: 0, fail: 0, error: 0 };
  for (const c of cases) counts[c.status]++;
  return { cases, counts, rulesTested: tested.size, elapsedMs: performance.now() - t0 };
}
