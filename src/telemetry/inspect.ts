/**
 * `kqlhunt data inspect`: load the given paths and describe them — tables, row counts, time ranges,
 * columns outside the schema, unmapped events, rejects and skipped files — as data and as text.
 */
import { type LoadOptions, loadTelemetry } from './load.js';
import type { LoadReport } from './report.js';

export interface Inspection {
  readonly report: LoadReport;
  readonly text: string;
}

export async function inspectTelemetry(paths: readonly string[], options: LoadOptions = {}): Promise<Inspection> {
  const { report } = await loadTelemetry(paths, options);
  return { report, text: formatLoadReport(report) };
}

/** Plain-text rendering (no colours: the CLI may add them). */
export function formatLoadReport(report: LoadReport): string {
  const out: string[] = [];
  out.push(`Loaded ${report.totalRows} rows from ${report.files.length} file(s) in ${Math.round(report.elapsedMs)} ms`);
  if (!report.ok) out.push(`FAILED: ${report.failure ?? 'see files below'}`);
  out.push('', 'Tables:');
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  for (const t of report.tables) {
    const range = t.minTime ? `${t.minTime} .. ${t.maxTime} (${t.timeColumn})` : 'no time values';
    out.push(
      `  ${t.table.padEnd(width)}  ${String(t.rows).padStart(9)} rows  ${range}${t.known ? '' : '  [not in the built-in schemas]'}`,
    );
    if (t.extraColumns.length > 0) out.push(`  ${' '.repeat(width)}  extra columns: ${t.extraColumns.join(', ')}`);
  }
  out.push('', 'Files:');
  for (const f of report.files) {
    const what = [f.container ?? '?', f.kind, f.compressed ? 'gzip' : ''].filter(Boolean).join(', ');
    out.push(
      `  ${f.file} (${what}): ${f.rows} rows, ${f.rejects} rejects, ${f.bytes} bytes, ${Math.round(f.elapsedMs)} ms`,
    );
    if (f.error) out.push(`    error: ${f.error}`);
    const d = f.tableFromColumns;
    if (d) {
      const also = d.alsoFits.length > 0 ? `; ambiguous, also fits ${d.alsoFits.join(', ')} (say --table NAME)` : '';
      out.push(`    table told from the columns: ${d.table}${d.exact ? ' (exact match)' : ''}${also}`);
    }
    const rejectKinds = Object.entries(f.rejectsByKind).map(([k, n]) => `${k} ${n}`);
    if (rejectKinds.length > 0) out.push(`    rejects: ${rejectKinds.join(', ')}`);
    const unmapped = Object.entries(f.unmappedEvents).sort((a, b) => b[1] - a[1]);
    if (unmapped.length > 0) {
      const total = unmapped.reduce((a, [, n]) => a + n, 0);
      out.push(`    unmapped events (${total}): ${unmapped.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    }
    if (f.unknownTables.length > 0) out.push(`    tables not in the schemas: ${f.unknownTables.join(', ')}`);
    for (const [table, cols] of Object.entries(f.unknownColumns)) {
      out.push(`    columns not in ${table}: ${cols.join(', ')}`);
    }
  }
  if (report.skipped.length > 0) {
    out.push('', 'Skipped:');
    for (const s of report.skipped) out.push(`  ${s.file}: ${s.reason}`);
  }
  if (report.totalRejects > 0) {
    out.push('', `Rejects: ${report.totalRejects} (first ${report.rejectSamples.length} shown)`);
    for (const r of report.rejectSamples) {
      const where = r.column ? ` ${r.table}.${r.column}` : '';
      out.push(`  ${r.file}:${r.line} ${r.kind}${where}: ${r.reason}`);
    }
  }
  return `${out.join('\n')}\n`;
}
