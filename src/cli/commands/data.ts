/** `kqlhunt data inspect`: what a set of telemetry files holds (tables, rows, columns, problems). */
import type { Command } from 'commander';
import { EXIT_OK, EXIT_QUERY_ERRORS, UsageError } from '../exit.js';
import { loadInspectModule } from '../modules.js';
import { parseChoice } from '../options.js';
import { AUTH_OPTION } from '../target.js';

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
      '\nExamples:\n  $ kqlhunt data inspect ./export/\n  $ kqlhunt data push ./fleet --target adx://http://127.0.0.1:8080/NetDefaultDB',
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
