/** The last result of each rule test (`kqlhunt test` writes them; the rule page reads them). */
import type Database from 'better-sqlite3';
import type { RuleTestResultRecord } from './types.js';

interface Row {
  rule_id: string;
  test_name: string;
  tests_file: string;
  expectation: string;
  status: RuleTestResultRecord['status'];
  message: string;
  rows: number | null;
  ran_at: string;
  elapsed_ms: number;
}

/** Upserts results by (rule id, test name) in one transaction. */
export function recordTestResults(db: Database, results: readonly RuleTestResultRecord[]): void {
  const upsert = db.prepare(
    `INSERT INTO rule_test_results (rule_id, test_name, tests_file, expectation, status, message, rows, ran_at, elapsed_ms)
     VALUES (?,?,?,?,?,?,?,?,?)
     ON CONFLICT(rule_id, test_name) DO UPDATE SET tests_file = excluded.tests_file,
       expectation = excluded.expectation, status = excluded.status, message = excluded.message,
       rows = excluded.rows, ran_at = excluded.ran_at, elapsed_ms = excluded.elapsed_ms`,
  );
  db.transaction(() => {
    for (const r of results)
      upsert.run(
        r.ruleId,
        r.testName,
        r.testsFile,
        r.expectation,
        r.status,
        r.message,
        r.rows ?? null,
        r.ranAt,
        r.elapsedMs,
      );
  })();
}

export function testResultsOf(db: Database, ruleId: string): RuleTestResultRecord[] {
  const rows = db
    .prepare('SELECT * FROM rule_test_results WHERE rule_id = ? ORDER BY tests_file, test_name')
    .all(ruleId) as Row[];
  return rows.map((r) => ({
    ruleId: r.rule_id,
    testName: r.test_name,
    testsFile: r.tests_file,
    expectation: r.expectation,
    status: r.status,
    message: r.message,
    ...(r.rows !== null ? { rows: r.rows } : {}),
    ranAt: r.ran_at,
    elapsedMs: r.elapsed_ms,
  }));
}
