/**
 * Runs a converted query over generated test rows with the engine: the check that keeps a
 * generated Sigma test only when its expected outcome actually holds (scripts/gen-sigma-pack.mjs)
 * and that the tests in test/rules/sigma replay on a sample.
 */
import { runQuery } from '../../kql/engine.js';
import { TelemetryStore } from '../../telemetry/store.js';
import { type Row, TEST_TIME } from './testgen.js';

export interface CheckOutcome {
  readonly rows: number;
  readonly error?: string;
}

export function runOnRows(query: string, table: string, rows: readonly Row[]): CheckOutcome {
  const store = new TelemetryStore();
  const acc = store.accumulator(table);
  const problems: string[] = [];
  for (const r of rows) acc.append(r, false, (column, type) => problems.push(`${column} is not a ${type}`));
  if (problems.length > 0) return { rows: 0, error: problems[0] };
  const r = runQuery(query, { provider: store, now: BigInt(Date.parse(TEST_TIME)) * 10_000n, timeoutMs: 10_000 });
  const err = r.diagnostics.find((d) => d.severity === 'error');
  if (err || !r.result) return { rows: 0, error: err ? `${err.code} ${err.message}` : 'no result' };
  return { rows: r.result.table.rowCount };
}
