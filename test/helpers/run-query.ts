/** Runs a query through the public engine entry for the test harnesses, never throwing. */
import { type RunOptions, runQuery } from '../../src/kql/engine.js';
import { tableRows } from '../../src/kql/exec/table.js';
import type { ActualTable } from './compare.js';

export type RunOutcome =
  | { readonly ok: true; readonly table: ActualTable }
  | { readonly ok: false; readonly reason: string };

export function runForTest(text: string, options: RunOptions = {}): RunOutcome {
  try {
    const { result, diagnostics } = runQuery(text, options);
    const error = diagnostics.find((d) => d.severity === 'error');
    if (error) return { ok: false, reason: `${error.code} at ${error.line}:${error.column}: ${error.message}` };
    if (!result) return { ok: false, reason: 'no result and no error diagnostic' };
    return { ok: true, table: { columns: result.table.schema.columns, rows: tableRows(result.table) } };
  } catch (e) {
    return { ok: false, reason: `exception: ${e instanceof Error ? e.message : String(e)}` };
  }
}
