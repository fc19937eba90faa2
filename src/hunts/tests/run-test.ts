/**
 * Runs one rule test: builds its dataset, picks now() (the test's, else the latest event of the
 * input), tunes the rule as a hunt would (its enabled exclusions compiled in, unless the test or the
 * run turns exclusions off) and checks the expectations against the result rows. A rule that cannot
 * run (query errors, an exclusion that does not compile, inputs that cannot be loaded) is an
 * `error`, not a failure: the test said nothing about the rule.
 */
import { catalogFromProvider, formatDatetime, jsonText, parseDatetime, runQuery } from '../../kql/engine.js';
import type { Rule } from '../../rules/model.js';
import type { RuleTest } from '../../rules/tests/types.js';
import { overlayCatalog } from '../../telemetry/schemas.js';
import { rowObject } from '../entities.js';
import { tunedRule } from '../exclusions.js';
import { huntProvider } from '../provider.js';
import { chooseNow } from '../run.js';
import { checkExpectations, type Mismatch } from './compare.js';
import { buildDataset } from './dataset.js';

export type TestStatus = 'pass' | 'fail' | 'error';

export interface TestRunOptions {
  /** 'off' = --no-exclusions: every test runs the upstream query. */
  readonly exclusions?: 'applied' | 'off';
  readonly timeoutMs?: number;
}

export interface TestResult {
  readonly status: TestStatus;
  /** What did not hold (fail) or why the test could not run (error). */
  readonly mismatches: readonly Mismatch[];
  readonly error?: string;
  readonly warnings: readonly string[];
  /** What the rule returned. */
  readonly rows: number;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly firstRows: readonly Readonly<Record<string, unknown>>[];
  readonly now: string | undefined;
  /** The rule ran with at least one exclusion compiled in. */
  readonly tuned: boolean;
  readonly elapsedMs: number;
}

const FIRST_ROWS = 3;
const DEFAULT_TIMEOUT_MS = 30_000;

export async function runRuleTest(rule: Rule, test: RuleTest, options: TestRunOptions = {}): Promise<TestResult> {
  const t0 = performance.now();
  const base = { mismatches: [], rows: 0, columns: [], firstRows: [], tuned: false };
  const errorResult = (error: string, warnings: readonly string[] = [], now?: string): TestResult => ({
    ...base,
    status: 'error',
    error,
    warnings,
    now,
    elapsedMs: performance.now() - t0,
  });
  const data = await buildDataset(test);
  if (data.errors.length > 0) return errorResult(data.errors.join('; '), data.warnings);
  const requested = test.now === undefined ? 'auto' : (parseDatetime(test.now) ?? 'auto');
  const now = chooseNow(requested, data.store.overallTimeRange()).now;
  const nowText = formatDatetime(now);
  const apply = (options.exclusions ?? 'applied') === 'applied' && test.exclusions === 'enabled';
  const tuned = tunedRule(rule, apply);
  if (tuned.errors.size > 0) {
    const [id, why] = [...tuned.errors][0]!;
    return errorResult(`exclusion ${id} does not compile for this rule: ${why}`, data.warnings, nowText);
  }
  let run: ReturnType<typeof runQuery>;
  try {
    run = runQuery(tuned.query, {
      provider: huntProvider(data.store),
      catalog: overlayCatalog(catalogFromProvider(data.store)),
      now,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  } catch (e) {
    return errorResult(`internal error: ${(e as Error).message}`, data.warnings, nowText);
  }
  const err = run.diagnostics.find((d) => d.severity === 'error');
  if (err || !run.result) {
    const where = err?.line ? ` (query line ${err.line}, column ${err.column})` : '';
    return errorResult(
      err ? `the rule could not run: ${err.code} ${err.message}${where}` : 'the rule produced no result table',
      data.warnings,
      nowText,
    );
  }
  const table = run.result.table;
  const columns = table.schema.columns.map((c) => ({ name: c.name, type: c.type }));
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < table.rowCount; r++) rows.push(rowObject(table, r));
  const mismatches = checkExpectations(test.expect, { columns, rows });
  return {
    status: mismatches.length === 0 ? 'pass' : 'fail',
    mismatches,
    warnings: data.warnings,
    rows: rows.length,
    columns,
    firstRows: rows.slice(0, FIRST_ROWS),
    now: nowText,
    tuned: tuned.tuned,
    elapsedMs: performance.now() - t0,
  };
}

/** One paragraph: which expectations failed and what the rule returned. */
export function failureText(r: TestResult): string {
  if (r.status === 'error') return r.error ?? 'the test could not run';
  const lines = r.mismatches.map((m) => m.message);
  lines.push(`the rule returned ${r.rows} row(s)${r.rows > 0 ? `; first ${Math.min(r.rows, FIRST_ROWS)}:` : ''}`);
  for (const row of r.firstRows) lines.push(`  ${jsonText(row)}`);
  return lines.join('\n');
}
