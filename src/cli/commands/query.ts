/** `kqlhunt query`: runs one query (or a JSON-lines batch) and prints the result. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { estimateWorkerDataMb, exportProvider, QueryPool } from '../../hunts/query-pool.js';
import { DIAG, type Diagnostic, MapTableProvider, type QueryResult, type TableProvider } from '../../kql/engine.js';
import { isFatal } from '../../targets/types.js';
import { internalDiagnostic } from '../analyze.js';
import { colorsFor, formatDiagnosticsText } from '../diagnostics-output.js';
import { EXIT_OK, EXIT_QUERY_ERRORS, EXIT_TARGET, UsageError } from '../exit.js';
import { forEachStdinLine, type QuerySource, readQueryFile, readStdin, writeJsonLine } from '../io.js';
import { collect, parseChoice, parseCount, parseNowOption, tableOption } from '../options.js';
import { formatResult, toJsonResult } from '../result-output.js';
import { openSession } from '../session.js';
import { AUTH_OPTION, TARGET_OPTION, targetOption } from '../target.js';

interface QueryOptions {
  readonly file?: string;
  readonly data?: string[];
  readonly table?: string;
  readonly now?: string;
  readonly format?: string;
  readonly timeout?: string;
  readonly maxRows?: string;
  readonly maxMemory?: string;
  readonly allowFile?: string[];
  readonly jsonl?: boolean;
  /** false with --no-cache. */
  readonly cache?: boolean;
  readonly target?: string;
  readonly auth?: string;
}

const HELP = `
Without --data only self-contained queries run (print, range, datatable, let). --data loads
NDJSON/JSON/CSV exports and Defender streaming-API records; the load report goes to stderr.

JSON output: {"columns": [{"name","type"}], "rows": [[...]]}; datetimes as
2024-01-01T00:00:00.0000000Z, timespans as [-][d.]hh:mm:ss[.fffffff], NaN/Infinity as strings.
--jsonl reads {"id","query"} lines on stdin and writes one line per query:
{"id","columns","rows"} or {"id","error":{code,message,line,column}}.

Queries run in a worker thread, so limits hold whatever the query does: --timeout stops it
(KQL601; a worker still busy 2 s later is terminated), --max-rows caps every operator's output
(KQL602), --max-memory is the engine's budget, checked as operators allocate, and sizes the
worker's heap above it (KQL605 either way). Without --max-memory the worker has V8's default heap;
running out of it is still KQL605, never a crash. Queries nested deeper than 1000 levels (long
+ or | chains) get KQL208; JSON nested deeper than 128 levels stays a string.

--target sends the query to a remote engine instead (docs/targets.md); --now becomes its now()
where the engine supports that (ADX query_now).

Exit status: 0 ok, 1 the query failed (diagnostics on stderr), 2 bad usage, 4 the remote target
failed (cannot connect, credentials refused, throttled, timeout).
With --jsonl the exit status is 0 once the batch is read (failures are in the output lines).

Examples:
  $ kqlhunt query 'print now = now()' --now 2024-05-01T00:00:00Z
  $ kqlhunt query --data ./export/ --file rules/syncro.kql --format csv > hits.csv
  $ kqlhunt query 'DeviceProcessEvents | count' --data 'export (3).csv' --table DeviceProcessEvents
  $ kqlhunt query 'range x from 1 to 3 step 1 | extend y = x * x' --format json
  $ printf '{"id":"1","query":"print 1"}\\n' | kqlhunt query --jsonl
  $ kqlhunt query 'range x from 1 to 100000000 step 1 | summarize count()' --timeout 2000 --max-memory 256
  $ kqlhunt query 'StormEvents | take 5' --target adx://https://help.kusto.windows.net/Samples --auth cli`;

export function registerQuery(program: Command): void {
  program
    .command('query')
    .summary('run a KQL query on loaded telemetry')
    .description('Run one KQL query locally and print its result table.')
    .argument('[kql]', 'the query text, or - (the default) to read it from stdin')
    .option('-f, --file <file>', 'read the query from a file')
    .option('--data <path>', 'telemetry file or directory to load (repeatable)', collect)
    .option('--table <name>', 'load files without a table in their name or columns into this table')
    .option('--now <iso8601>', 'the instant now() and ago() use, e.g. the export end')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--timeout <ms>', 'cancel the query after this many milliseconds')
    .option('--max-rows <n>', 'cancel the query when an operator produces more rows')
    .option('--max-memory <mb>', 'cancel the query when it grows memory by more than this many MiB')
    .option('--allow-file <path>', 'a local file or directory externaldata may read (repeatable; never URLs)', collect)
    .option('--no-cache', 'read the --data files even when the table cache has them')
    .option('--jsonl', 'batch: read {"id","query"} lines on stdin, write one result line each')
    .option(...TARGET_OPTION)
    .option(...AUTH_OPTION)
    .addHelpText('after', HELP)
    .action(async (kql: string | undefined, opts: QueryOptions) => {
      process.exitCode = await runQueryCommand(kql, opts);
    });
}

interface RunSettings {
  readonly provider: TableProvider | undefined;
  readonly now: bigint | undefined;
  readonly timeoutMs: number | undefined;
  readonly maxRows: number | undefined;
  readonly maxMemoryMb: number | undefined;
  readonly allowFiles: readonly string[];
}

async function runQueryCommand(kql: string | undefined, opts: QueryOptions): Promise<number> {
  const format = parseChoice('--format', opts.format, ['table', 'json', 'csv'] as const, 'table');
  const now = parseNowOption(opts.now);
  const timeoutMs = parseCount('--timeout', opts.timeout, 1);
  const maxRows = parseCount('--max-rows', opts.maxRows, 1);
  if (opts.jsonl && (kql !== undefined || opts.file !== undefined)) {
    throw new UsageError('--jsonl reads queries from stdin; do not pass a query or --file');
  }
  const source = opts.jsonl ? undefined : await querySource(kql, opts.file);
  if (opts.target !== undefined && opts.target !== 'local') {
    if (!source) throw new UsageError('--jsonl runs locally; give one query with --target');
    if (opts.data?.length) throw new UsageError('--data loads local tables; a remote --target queries its own');
    return runRemote(source, opts, format, now, timeoutMs);
  }
  const session =
    opts.data && opts.data.length > 0
      ? await openSession({
          data: opts.data,
          now: now ?? 'clock',
          store: 'none',
          cache: opts.cache !== false,
          ...tableOption(opts.table),
        })
      : undefined;
  const provider = session?.data;
  const maxMemoryMb = parseCount('--max-memory', opts.maxMemory, 1);
  const allowFiles = (opts.allowFile ?? []).map((f) => resolve(f));
  // Ctrl-C keeps Node's default (end the process, workers included).
  const settings: RunSettings = {
    provider,
    now: session ? session.now.value : now,
    timeoutMs,
    maxRows,
    maxMemoryMb,
    allowFiles,
  };
  const init = exportProvider(provider ?? new MapTableProvider());
  const heapMb = maxMemoryMb === undefined ? undefined : estimateWorkerDataMb(init) + maxMemoryMb + 256;
  const pool = new QueryPool(init, {
    size: 1,
    queueLimit: 1,
    ...(heapMb !== undefined ? { heapMb } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  try {
    if (!source) {
      await forEachStdinLine(async (item) => {
        if (!item.ok) {
          writeJsonLine({
            id: item.id,
            error: { code: 'CLI001', message: `Invalid input line: ${item.reason}.`, line: 1, column: 1 },
          });
          return;
        }
        const answer = batchAnswer(await execute(pool, item.query, settings));
        try {
          writeJsonLine({ id: item.id, ...answer });
        } catch (e) {
          // JSON.stringify recurses into dynamic values; one unprintable answer must not end the batch.
          writeJsonLine({ id: item.id, ...batchAnswer({ result: undefined, diagnostics: [internalDiagnostic(e)] }) });
        }
      });
      return EXIT_OK;
    }
    return printSingle(source, await execute(pool, source.text, settings), format);
  } finally {
    await pool.close();
  }
}

async function querySource(kql: string | undefined, file: string | undefined): Promise<QuerySource> {
  if (kql !== undefined && file !== undefined)
    throw new UsageError('give the query either inline or with --file, not both');
  if (file !== undefined) return readQueryFile(file);
  if (kql === undefined || kql === '-') return { name: '<stdin>', text: await readStdin() };
  return { name: '<query>', text: kql };
}

interface Outcome {
  readonly result: QueryResult | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Runs the query in the pool's worker; faults come back as diagnostics, so one query never stops a batch. */
async function execute(pool: QueryPool, text: string, s: RunSettings): Promise<Outcome> {
  try {
    const { result, diagnostics } = await pool.run({
      text,
      ...(s.now !== undefined ? { now: s.now } : {}),
      ...(s.timeoutMs !== undefined ? { timeoutMs: s.timeoutMs } : {}),
      ...(s.maxRows !== undefined ? { maxRows: s.maxRows } : {}),
      ...(s.maxMemoryMb !== undefined ? { maxMemoryMb: s.maxMemoryMb } : {}),
      allowFiles: s.allowFiles,
    });
    const firstError = diagnostics.find((d) => d.severity === 'error');
    if (firstError || result) return { result: firstError ? undefined : result, diagnostics };
    return {
      result: undefined,
      diagnostics: [...diagnostics, { ...DIAG.emptyQuery(), line: 1, column: 1, length: 0, offset: 0 }],
    };
  } catch (e) {
    return { result: undefined, diagnostics: [internalDiagnostic(e)] };
  }
}

/** One query on a remote target: the same output formats; a target failure is one line (exit 4). */
async function runRemote(
  source: QuerySource,
  opts: QueryOptions,
  format: 'table' | 'json' | 'csv',
  now: bigint | undefined,
  timeoutMs: number | undefined,
): Promise<number> {
  const target = (await targetOption(opts))!;
  try {
    const refused = target.check(source.text);
    if (refused.some((d) => d.severity === 'error')) {
      process.stderr.write(formatDiagnosticsText(refused, source.name, source.text, colorsFor(process.stderr)));
      return EXIT_QUERY_ERRORS;
    }
    const answer = await target.run({
      text: source.text,
      ...(now !== undefined ? { now } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    if (!answer.ok) {
      process.stderr.write(`kqlhunt: ${answer.failure.code} ${answer.failure.message}\n`);
      return isFatal(answer.failure) ? EXIT_TARGET : EXIT_QUERY_ERRORS;
    }
    if (answer.partial) process.stderr.write(`partial result from ${target.address}: ${answer.partial}\n`);
    process.stdout.write(
      formatResult({ table: answer.table, diagnostics: [], stats: undefined } as unknown as QueryResult, format),
    );
    return EXIT_OK;
  } finally {
    await target.close();
  }
}

function batchAnswer(o: Outcome): object {
  if (o.result) return toJsonResult(o.result.table);
  const d = o.diagnostics.find((x) => x.severity === 'error') ?? o.diagnostics[0];
  return { error: d ? { code: d.code, message: d.message, line: d.line, column: d.column } : undefined };
}

function printSingle(source: QuerySource, o: Outcome, format: 'table' | 'json' | 'csv'): number {
  process.stderr.write(formatDiagnosticsText(o.diagnostics, source.name, source.text, colorsFor(process.stderr)));
  if (!o.result) return EXIT_QUERY_ERRORS;
  let text: string;
  try {
    text = formatResult(o.result, format);
  } catch (e) {
    // Output encoding recurses into dynamic values; a value too deep to print is a query failure.
    process.stderr.write(
      formatDiagnosticsText([internalDiagnostic(e)], source.name, source.text, colorsFor(process.stderr)),
    );
    return EXIT_QUERY_ERRORS;
  }
  process.stdout.write(text);
  return EXIT_OK;
}
