/** `kqlhunt query`: runs one query (or a JSON-lines batch) and prints the result. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DIAG, type Diagnostic, type QueryResult, runQuery, type TableProvider } from '../../kql/engine.js';
import { internalDiagnostic } from '../analyze.js';
import { loadData } from '../data.js';
import { colorsFor, formatDiagnosticsText } from '../diagnostics-output.js';
import { EXIT_OK, EXIT_QUERY_ERRORS, UsageError } from '../exit.js';
import { forEachStdinLine, type QuerySource, readQueryFile, readStdin, writeJsonLine } from '../io.js';
import { collect, parseChoice, parseCount, parseNowOption } from '../options.js';
import { formatResult, toJsonResult } from '../result-output.js';

interface QueryOptions {
  readonly file?: string;
  readonly data?: string[];
  readonly now?: string;
  readonly format?: string;
  readonly timeout?: string;
  readonly maxRows?: string;
  readonly maxMemory?: string;
  readonly allowFile?: string[];
  readonly jsonl?: boolean;
}

const HELP = `
Without --data only self-contained queries run (print, range, datatable, let). --data loads
NDJSON/JSON/CSV exports and Defender streaming-API records; the load report goes to stderr.

JSON output: {"columns": [{"name","type"}], "rows": [[...]]}; datetimes as
2024-01-01T00:00:00.0000000Z, timespans as [-][d.]hh:mm:ss[.fffffff], NaN/Infinity as strings.
--jsonl reads {"id","query"} lines on stdin and writes one line per query:
{"id","columns","rows"} or {"id","error":{code,message,line,column}}.

Exit status: 0 ok, 1 the query failed (diagnostics on stderr), 2 bad usage.
With --jsonl the exit status is 0 once the batch is read (failures are in the output lines).

Examples:
  $ kqlhunt query 'print now = now()' --now 2024-05-01T00:00:00Z
  $ kqlhunt query --data ./export/ --file rules/syncro.kql --format csv > hits.csv
  $ kqlhunt query 'range x from 1 to 3 step 1 | extend y = x * x' --format json
  $ printf '{"id":"1","query":"print 1"}\\n' | kqlhunt query --jsonl`;

export function registerQuery(program: Command): void {
  program
    .command('query')
    .summary('run a KQL query on loaded telemetry')
    .description('Run one KQL query locally and print its result table.')
    .argument('[kql]', 'the query text, or - (the default) to read it from stdin')
    .option('-f, --file <file>', 'read the query from a file')
    .option('--data <path>', 'telemetry file or directory to load (repeatable)', collect)
    .option('--now <iso8601>', 'the instant now() and ago() use, e.g. the export end')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--timeout <ms>', 'cancel the query after this many milliseconds')
    .option('--max-rows <n>', 'cancel the query when an operator produces more rows')
    .option('--max-memory <mb>', 'cancel the query when it grows memory by more than this many MiB')
    .option('--allow-file <path>', 'a local file or directory externaldata may read (repeatable; never URLs)', collect)
    .option('--jsonl', 'batch: read {"id","query"} lines on stdin, write one result line each')
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
  const provider = opts.data && opts.data.length > 0 ? await loadData(opts.data) : undefined;
  const maxMemoryMb = parseCount('--max-memory', opts.maxMemory, 1);
  const allowFiles = (opts.allowFile ?? []).map((f) => resolve(f));
  // Ctrl-C keeps Node's default (end the process): the engine runs synchronously, so a handler
  // could not interrupt a running query anyway.
  const settings: RunSettings = { provider, now, timeoutMs, maxRows, maxMemoryMb, allowFiles };
  if (!source) {
    await forEachStdinLine((item) => {
      if (!item.ok)
        writeJsonLine({
          id: item.id,
          error: { code: 'CLI001', message: `Invalid input line: ${item.reason}.`, line: 1, column: 1 },
        });
      else writeJsonLine({ id: item.id, ...batchAnswer(execute(item.query, settings)) });
    });
    return EXIT_OK;
  }
  return printSingle(source, execute(source.text, settings), format);
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

/** runQuery, with engine exceptions turned into a KQL901 diagnostic so one query never stops a batch. */
function execute(text: string, s: RunSettings): Outcome {
  try {
    const { result, diagnostics } = runQuery(text, {
      ...(s.provider ? { provider: s.provider } : {}),
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

function batchAnswer(o: Outcome): object {
  if (o.result) return toJsonResult(o.result.table);
  const d = o.diagnostics.find((x) => x.severity === 'error') ?? o.diagnostics[0];
  return { error: d ? { code: d.code, message: d.message, line: d.line, column: d.column } : undefined };
}

function printSingle(source: QuerySource, o: Outcome, format: 'table' | 'json' | 'csv'): number {
  process.stderr.write(formatDiagnosticsText(o.diagnostics, source.name, source.text, colorsFor(process.stderr)));
  if (!o.result) return EXIT_QUERY_ERRORS;
  process.stdout.write(formatResult(o.result, format));
  return EXIT_OK;
}
