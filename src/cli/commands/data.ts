/** `kqlhunt data inspect`: what a set of telemetry files holds (tables, rows, columns, problems). */
import type { Command } from 'commander';
import { EXIT_OK, EXIT_QUERY_ERRORS } from '../exit.js';
import { loadInspectModule } from '../modules.js';
import { parseChoice } from '../options.js';

const HELP = `
Recognises NDJSON, JSON arrays, CSV (also gzipped), Defender streaming-API records, Sentinel
exports, Windows event logs (.evtx) and Sysmon/Windows event JSON (flat, Winlogbeat, evtx_dump);
reports the table each file maps to, row counts, time ranges, columns outside the schemas and
rejected records (file:line; damaged .evtx chunks by chunk index).
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
    .addHelpText('after', '\nExamples:\n  $ kqlhunt data inspect ./export/\n  $ kqlhunt data inspect --help');
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
}
