/** `kqlhunt check`: diagnostics for one query, or for a JSON-lines batch. */
import type { Command } from 'commander';
import type { Catalog } from '../../kql/engine.js';
import { catalogFromProvider } from '../../kql/engine.js';
import { overlayCatalog, schemaCatalog } from '../../telemetry/schemas.js';
import { analyze } from '../analyze.js';
import { loadData } from '../data.js';
import { colorsFor, formatDiagnosticsText, hasErrors, toJsonDiagnostic } from '../diagnostics-output.js';
import { EXIT_OK, EXIT_QUERY_ERRORS } from '../exit.js';
import { forEachStdinLine, readQueryFile, writeJsonLine } from '../io.js';
import { collect, parseChoice, parseTableOption } from '../options.js';

interface CheckOptions {
  readonly format?: string;
  readonly jsonl?: boolean;
  readonly syntaxOnly?: boolean;
  readonly data?: string[];
  readonly table?: string;
}

const HELP = `
Prints every diagnostic: text is "file:line:col: severity CODE: message" with the source line and
a caret; --format json prints an array of {code, severity, message, line, column, length}.
Tables are checked against the built-in Defender XDR / Sentinel schemas plus any --data tables.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage.
With --jsonl the exit status is 0 once the batch is read (errors are in the output lines).

Examples:
  $ kqlhunt check rule.kql
  $ echo 'DeviceProcessEvents | where FileNam == "x"' | kqlhunt check
  $ kqlhunt check --format json --syntax-only rule.kql
  $ printf '{"id":"a","query":"print 1"}\\n' | kqlhunt check --jsonl`;

export function registerCheck(program: Command): void {
  program
    .command('check')
    .summary('report syntax and schema problems in a query')
    .description('Parse and bind a query without running it, and print its diagnostics.')
    .argument('[file]', 'query file, or - (the default) for stdin')
    .option('--format <format>', 'text or json', 'text')
    .option('--jsonl', 'batch: read {"id","query"} lines on stdin, write {"id","diagnostics"} lines')
    .option('--syntax-only', 'parse only; skip name and type checks')
    .option('--data <path>', 'also know the tables in these files/directories (repeatable)', collect)
    .option('--table <name>', 'load files without a table in their name or columns into this table')
    .addHelpText('after', HELP)
    .action(async (file: string | undefined, opts: CheckOptions) => {
      process.exitCode = await runCheck(file, opts);
    });
}

async function runCheck(file: string | undefined, opts: CheckOptions): Promise<number> {
  const format = parseChoice('--format', opts.format, ['text', 'json'] as const, 'text');
  const catalog = opts.syntaxOnly ? undefined : await checkCatalog(opts.data, parseTableOption(opts.table));
  if (opts.jsonl) {
    await forEachStdinLine((item) => {
      if (!item.ok) {
        writeJsonLine({ id: item.id, diagnostics: [badLineDiagnostic(item.reason)] });
        return;
      }
      const { diagnostics } = analyze(item.query, catalog);
      writeJsonLine({ id: item.id, diagnostics: diagnostics.map(toJsonDiagnostic) });
    });
    return EXIT_OK;
  }
  const source = await readQueryFile(file);
  const { diagnostics } = analyze(source.text, catalog);
  if (format === 'json') process.stdout.write(`${JSON.stringify(diagnostics.map(toJsonDiagnostic))}\n`);
  else process.stdout.write(formatDiagnosticsText(diagnostics, source.name, source.text, colorsFor(process.stdout)));
  return hasErrors(diagnostics) ? EXIT_QUERY_ERRORS : EXIT_OK;
}

/** The built-in schemas, with tables loaded from --data taking precedence. */
async function checkCatalog(data: readonly string[] | undefined, table: string | undefined): Promise<Catalog> {
  if (!data || data.length === 0) return schemaCatalog();
  return overlayCatalog(catalogFromProvider(await loadData(data, { table })));
}

/** A batch line that is not a usable request still gets an answer line (code CLI001). */
export function badLineDiagnostic(reason: string) {
  return {
    code: 'CLI001',
    severity: 'error',
    message: `Invalid input line: ${reason}.`,
    line: 1,
    column: 1,
    length: 0,
  };
}
