/**
 * A rule test's dataset: inline rows typed by the built-in table schemas (columns the schema does
 * not know are kept, with a type inferred from their values) plus telemetry files through the same
 * loaders as `--data`. Problems (a cell that does not fit its column, a file that cannot be loaded)
 * are collected as messages, never thrown.
 */
import { basename } from 'node:path';
import type { RuleTest } from '../../rules/tests/types.js';
import { loadTelemetry } from '../../telemetry/load.js';
import { canonicalTableName } from '../../telemetry/schemas.js';
import { TelemetryStore } from '../../telemetry/store.js';

export interface TestDataset {
  readonly store: TelemetryStore;
  /** Cells that did not fit their column (they became null/empty). */
  readonly warnings: readonly string[];
  /** Inputs that could not be loaded at all: the test cannot run. */
  readonly errors: readonly string[];
}

const MAX_WARNINGS = 10;

export async function buildDataset(test: Pick<RuleTest, 'tables' | 'files'>): Promise<TestDataset> {
  const store = new TelemetryStore();
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const [name, rows] of Object.entries(test.tables)) {
    const table = canonicalTableName(name) ?? name;
    const acc = store.accumulator(table);
    rows.forEach((row, i) => {
      acc.append(row, false, (column, type, raw) => {
        if (warnings.length < MAX_WARNINGS)
          warnings.push(`${table} row ${i + 1}: ${column} = ${JSON.stringify(raw)} is not a ${type}; read as empty`);
      });
    });
  }
  if (test.files.length > 0) {
    const { report } = await loadTelemetry(test.files, { store });
    for (const f of report.files) if (f.error) errors.push(`input file ${basename(f.file)}: ${f.error}`);
    if (!report.ok && errors.length === 0) errors.push(`input files: ${report.failure ?? 'could not be loaded'}`);
    for (const s of report.skipped) errors.push(`input file ${s.file}: ${s.reason}`);
    if (report.totalRejects > 0)
      warnings.push(`input files: ${report.totalRejects} record(s) rejected (first: ${rejectText(report)})`);
  }
  return { store, warnings, errors };
}

function rejectText(report: { rejectSamples: readonly { file: string; line: number; reason: string }[] }): string {
  const r = report.rejectSamples[0];
  return r ? `${basename(r.file)}:${r.line}: ${r.reason}` : 'unknown';
}
