/**
 * `--data` handling shared by query and check: loads files/directories through the telemetry
 * loaders, prints the load report to stderr (rejected records as file:line) and, on a terminal
 * only, a progress line that is overwritten in place.
 */
import { stat } from 'node:fs/promises';
import type { TableProvider } from '../kql/engine.js';
import type { LoadProgress } from '../telemetry/load.js';
import type { LoadReport } from '../telemetry/report.js';
import { UsageError } from './exit.js';
import { loadTelemetryModule } from './modules.js';

export async function loadData(
  paths: readonly string[],
  { cache = true }: { cache?: boolean } = {},
): Promise<TableProvider> {
  await requireExisting(paths);
  const { loadTelemetry } = await loadTelemetryModule();
  const tty = Boolean(process.stderr.isTTY);
  const onProgress = (p: LoadProgress) => {
    process.stderr.write(`\r\x1b[Kloading ${p.file}: ${p.rows} rows, ${(p.bytes / 1048576).toFixed(1)} MB`);
  };
  const { store, report } = await loadTelemetry(paths, { cache: cache ? {} : false, ...(tty ? { onProgress } : {}) });
  if (tty) process.stderr.write('\r\x1b[K');
  process.stderr.write(reportSummary(report));
  if (!report.ok) throw new UsageError(`could not load the data: ${report.failure ?? 'see the report above'}`);
  return store;
}

/** A mistyped --data path is a usage error, not an empty dataset that silently matches nothing. */
async function requireExisting(paths: readonly string[]): Promise<void> {
  for (const p of paths) {
    try {
      await stat(p);
    } catch (e) {
      throw new UsageError(`--data: cannot read ${p} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
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
    `loaded ${report.totalRows} rows into ${report.tables.length} table(s) from ${report.files.length} file(s) in ${secs}s${cacheNote(report)}`,
  );
  if (report.projected)
    lines.push('  (only the columns the rules read were built; kqlhunt data inspect shows every column)');
  for (const t of report.tables) {
    const span = t.minTime && t.maxTime ? `  ${t.minTime} .. ${t.maxTime}` : '';
    const extra = t.known ? '' : '  (table not in the built-in schemas)';
    lines.push(`  ${t.table}: ${t.rows} rows${span}${extra}`);
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
