/** `kqlhunt data inspect`: what a set of telemetry files holds (tables, rows, columns, problems). */
import type { Command } from 'commander';
import { reportSummary } from '../data.js';
import { EXIT_OK, EXIT_QUERY_ERRORS, UsageError } from '../exit.js';
import { loadInspectModule, loadTelemetryModule } from '../modules.js';
import { parseChoice } from '../options.js';

const HELP = `
Recognises NDJSON, JSON arrays, CSV (also gzipped), Defender streaming-API records, Sentinel
exports and Sysmon/Windows event JSON; reports the table each file maps to, row counts, time
ranges, columns outside the schemas and rejected records (file:line).
--format json prints the full load report as JSON.
Exit status: 0 ok, 1 a file could not be loaded, 2 bad usage.

Examples:
  $ kqlhunt data inspect ./export/
  $ kqlhunt data inspect DeviceProcessEvents.json.gz --format json`;

export function registerData(program: Command): void {
  const data = program
    .command('data')
    .summary('work with telemetry files')
    .description('Telemetry file tools.')
    .addHelpText(
      'after',
      '\nExamples:\n  $ kqlhunt data inspect ./export/\n  $ kqlhunt data import ./export/ --to ./export.kqc.d\n  $ kqlhunt data inspect --help',
    );
  data
    .command('inspect')
    .summary('describe telemetry files without querying them')
    .description('Detect the format and table of each file and summarise what it holds.')
    .argument('<path...>', 'files or directories')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText('after', HELP)
    .action(async (paths: string[], opts: { format?: string }) => {
      const format = parseChoice('--format', opts.format, ['text', 'json'] as const, 'text');
      const { inspectTelemetry } = await loadInspectModule();
      const { report, text } = await inspectTelemetry(paths);
      process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : text);
      process.exitCode = report.ok ? EXIT_OK : EXIT_QUERY_ERRORS;
    });
  data
    .command('import')
    .summary('load telemetry once into a columnar table file that later commands read directly')
    .description(
      "Load files or directories (any format --data accepts) and write the tables to DIR/tables.kqc, kqlhunt's columnar format. Give DIR (or the .kqc file) to --data afterwards: it loads without parsing.",
    )
    .argument('<path...>', 'files or directories')
    .requiredOption('--to <dir>', 'directory to write tables.kqc into (created if missing)')
    .addHelpText('after', IMPORT_HELP)
    .action(async (paths: string[], opts: { to: string }) => {
      const { importTelemetry } = await loadTelemetryModule();
      const tty = Boolean(process.stderr.isTTY);
      const result = await importTelemetry(paths, opts.to, {
        ...(tty
          ? {
              onProgress: (p: { file: string; rows: number }) =>
                process.stderr.write(`\r\x1b[Kloading ${p.file}: ${p.rows} rows`),
            }
          : {}),
      });
      if (tty) process.stderr.write('\r\x1b[K');
      process.stderr.write(reportSummary(result.report));
      if (!result.report.ok)
        throw new UsageError(`could not load the data: ${result.report.failure ?? 'see the report above'}`);
      process.stdout.write(
        `wrote ${result.path} (${(result.bytes / 1048576).toFixed(1)} MiB, ${result.report.totalRows} rows)\n`,
      );
      process.exitCode = EXIT_OK;
    });
}

const IMPORT_HELP = `
Hunts and queries over the same unchanged files also use a transparent cache in the user cache
directory ($KQLHUNT_CACHE_DIR overrides it; --no-cache turns it off); data import is the explicit
form, for an export you keep and share. A .kqc file holds the loaded rows only: rejected records
stay in the report printed here.
Exit status: 0 written, 2 bad usage or the data could not be loaded.

Examples:
  $ kqlhunt data import ./export/ --to ./export-tables
  $ kqlhunt hunt --rules rmm --data ./export-tables`;
