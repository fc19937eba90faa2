/** `kqlhunt data inspect`: what a set of telemetry files holds (tables, rows, columns, problems). */
import type { Command } from 'commander';
import { reportSummary } from '../data.js';
import { EXIT_OK, EXIT_QUERY_ERRORS, UsageError } from '../exit.js';
import { loadInspectModule, loadTelemetryModule } from '../modules.js';
import { parseChoice, parseTableOption } from '../options.js';
import { AUTH_OPTION } from '../target.js';

const HELP = `
Recognises NDJSON, JSON arrays, CSV (also gzipped), Defender streaming-API records, Sentinel
exports, Windows event logs (.evtx) and Sysmon/Windows event JSON (flat, Winlogbeat, evtx_dump);
reports the table each file maps to, row counts, time ranges, columns outside the schemas and
rejected records (file:line; damaged .evtx chunks by chunk index). A file whose name names no
table (a portal export saved as 'export (3).csv') is placed by its columns; --table NAME decides.
--format json prints the full load report as JSON.
Exit status: 0 ok, 1 a file could not be loaded, 2 bad usage.

Examples:
  $ kqlhunt data inspect ./export/
  $ kqlhunt data inspect DeviceProcessEvents.json.gz --format json
  $ kqlhunt data inspect 'export (3).csv' --table DeviceProcessEvents`;

export function registerData(program: Command): void {
  const data = program
    .command('data')
    .summary('work with telemetry files')
    .description('Telemetry file tools.')
    .addHelpText(
      'after',
      '\nExamples:\n  $ kqlhunt data inspect ./export/\n  $ kqlhunt data import ./export/ --to ./export.kqc.d\n  $ kqlhunt data push ./fleet --target adx://http://127.0.0.1:8080/NetDefaultDB',
    );
  data
    .command('inspect')
    .summary('describe telemetry files without querying them')
    .description('Detect the format and table of each file and summarise what it holds.')
    .argument('<path...>', 'files or directories')
    .option('--format <format>', 'text or json', 'text')
    .option('--table <name>', 'load files without a table in their name or columns into this table')
    .addHelpText('after', HELP)
    .action(async (paths: string[], opts: { format?: string; table?: string }) => {
      const format = parseChoice('--format', opts.format, ['text', 'json'] as const, 'text');
      const { inspectTelemetry } = await loadInspectModule();
      const table = parseTableOption(opts.table);
      const { report, text } = await inspectTelemetry(paths, table !== undefined ? { table } : {});
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
  data
    .command('push')
    .summary('ingest telemetry files into an Azure Data Explorer database')
    .description('Create the tables (.create-merge table from their schemas) and stream the rows into ADX.')
    .argument('<path...>', 'files or directories (any --data format)')
    .option('--target <address>', 'adx://<cluster-uri>/<database>')
    .option(...AUTH_OPTION)
    .addHelpText(
      'after',
      `
Each table of the data is created, or extended with missing columns, by ".create-merge table" with
the column types kqlhunt loaded, then its rows are streamed as JSON lines with azure-kusto-ingest
(streaming ingestion must be enabled on the cluster or database; chunks stay under its 4 MB limit).
A progress line per chunk goes to stderr. Permissions: Database Ingestor and Table Admin (or
Database User, to create tables); see docs/targets.md.

Exit status: 0 pushed, 2 bad usage (unreadable data, not an adx:// target), 4 the target failed.

Examples:
  $ kqlhunt data push ./fleet --target adx://http://127.0.0.1:8080/NetDefaultDB
  $ kqlhunt data push ./export/ --target adx://https://mycluster.westeurope.kusto.windows.net/Security --auth cli`,
    )
    .action(async (paths: string[], opts: { target?: string; auth?: string }) => {
      const { parseTargetAddress, parseAuthMethod, defaultAuth } = await import('../../targets/index.js');
      const parsed = opts.target ? parseTargetAddress(opts.target) : undefined;
      if (!parsed?.ok || parsed.value.kind !== 'adx')
        throw new UsageError('--target adx://<cluster-uri>/<database> is required (data push writes to ADX)');
      const addr = parsed.value;
      const authText = opts.auth ?? process.env.KQLHUNT_AUTH;
      if (authText && !parseAuthMethod(authText)) throw new UsageError(`--auth: '${authText}' is not a method`);
      const { openSession } = await import('../session.js');
      const session = await openSession({ data: paths, store: 'none', now: 'clock' });
      const { credentialFor } = await import('../../targets/auth.js');
      const credential = await credentialFor(parseAuthMethod(authText) ?? defaultAuth(addr), (l) =>
        process.stderr.write(`${l}\n`),
      );
      const { pushTables } = await import('../../targets/push.js');
      const done = await pushTables(session.data!, addr, credential, (p) =>
        process.stderr.write(`[${p.tableIndex}/${p.tables}] ${p.table}: ${p.rows}/${p.totalRows} rows\n`),
      );
      process.stdout.write(`pushed ${done.rows} rows in ${done.tables} table(s) to ${addr.text}\n`);
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
