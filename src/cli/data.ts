/**
 * `--data` for check: the session's loader (src/cli/session.ts prints the load report to stderr,
 * rejected records as file:line, and a progress line only on a terminal), and that report's text.
 */
import type { TableProvider } from '../kql/engine.js';
import type { LoadReport } from '../telemetry/report.js';

/** Loads --data through a HuntSession (the one data loader) and returns its tables. */
export async function loadData(
  paths: readonly string[],
  { table }: { table?: string | undefined } = {},
): Promise<TableProvider> {
  const { openSession } = await import('./session.js');
  const session = await openSession({
    data: paths,
    store: 'none',
    now: 'clock',
    ...(table !== undefined ? { table } : {}),
  });
  return session.data!;
}

const MAX_REJECT_LINES = 10;

/** One clause on the table cache: read from it, wrote it, or could not (never silent). */
function cacheNote(report: LoadReport): string {
  const c = report.cache;
  if (!c) return '';
  if (c.status === 'hit') return ` (from the table cache ${c.path}; --no-cache reads the files)`;
  if (c.status === 'written') return c.stale ? ' (files changed since the last load: table cache rebuilt)' : '';
  return ` (table cache not used: ${c.reason})`;
}

/** Tables loaded, files skipped and the first rejected records (file:line), each on one line. */
export function reportSummary(report: LoadReport): string {
  const lines: string[] = [];
  const secs = (report.elapsedMs / 1000).toFixed(1);
  lines.push(
    `loaded ${report.totalRows} rows into ${report.tables.length} table(s) from ${report.files.length} file(s) in ${secs}s${report.threads && report.cache?.status !== 'hit' ? ` on ${report.threads} threads` : ''}${cacheNote(report)}`,
  );
  if (report.projected)
    lines.push('  (only the columns the rules read were built; kqlhunt data inspect shows every column)');
  for (const t of report.tables) {
    const span = t.minTime && t.maxTime ? `  ${t.minTime} .. ${t.maxTime}` : '';
    const extra = t.known ? '' : '  (table not in the built-in schemas)';
    lines.push(`  ${t.table}: ${t.rows} rows${span}${extra}`);
  }
  for (const f of report.files) {
    const d = f.tableFromColumns;
    if (!d) continue;
    const also = d.alsoFits.length > 0 ? `; ambiguous, also fits ${d.alsoFits.join(', ')} (say --table NAME)` : '';
    lines.push(`table of ${f.file}: ${d.table}, told from its columns${d.exact ? ' (exact match)' : ''}${also}`);
  }
  for (const s of report.skipped) lines.push(`skipped ${s.file}: ${s.reason}`);
  for (const f of report.files) if (f.error) lines.push(`failed ${f.file}: ${f.error}`);
  for (const r of report.rejectSamples.slice(0, MAX_REJECT_LINES)) {
    lines.push(`rejected ${r.file}:${r.line}: ${r.kind}: ${r.reason}`);
  }
  const hidden = report.totalRejects - Math.min(report.rejectSamples.length, MAX_REJECT_LINES);
  if (hidden > 0) lines.push(`… and ${hidden} more rejected record(s)`);
  return `${lines.join('\n')}\n`;
}
