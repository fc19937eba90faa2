/** `kqlhunt generate`: writes a synthetic fleet's telemetry (with ground truth) to a directory. */
import type { Command } from 'commander';
import type { GenerateOptions, GenerateSummary } from '../../telemetry/generate/index.js';
import { EXIT_OK, UsageError } from '../exit.js';
import { loadGenerateModule } from '../modules.js';
import { parseChoice, parseCount, parseInstant } from '../options.js';

interface GenerateFlags {
  readonly out: string;
  readonly devices?: string;
  readonly events?: string;
  readonly days?: string;
  readonly end?: string;
  readonly seed?: string;
  readonly format?: string;
}

const FORMATS = ['ndjson', 'csv', 'streaming'] as const;

const HELP = `
The same --seed always produces the same files. Ground truth (which devices run which RMM tool,
benign or malicious) is written beside the tables so hunts can be scored.
Defaults: 100 devices, 100000 events, 7 days ending at the current hour.
Exit status: 0 ok, 2 bad usage.

Examples:
  $ kqlhunt generate --out ./fleet
  $ kqlhunt generate --out ./fleet --devices 200 --events 1000000 --days 14 --seed 7
  $ kqlhunt generate --out ./fleet --end 2024-05-01T00:00:00Z --format streaming
  $ kqlhunt query --data ./fleet --now 2024-05-01T00:00:00Z 'DeviceProcessEvents | count'`;

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .summary('generate synthetic fleet telemetry')
    .description('Write Defender XDR style telemetry of a synthetic fleet, with ground truth.')
    .requiredOption('--out <dir>', 'output directory')
    .option('--devices <n>', 'number of devices')
    .option('--events <n>', 'approximate number of events')
    .option('--days <d>', 'days of history')
    .option('--end <iso8601>', 'end of the time window (default: the current hour)')
    .option('--seed <s>', 'random seed (any text)')
    .option('--format <format>', FORMATS.join('|'), 'ndjson')
    .addHelpText('after', HELP)
    .action(async (flags: GenerateFlags) => {
      const options = generateOptions(flags);
      const { generateFleet } = await loadGenerateModule();
      const tty = Boolean(process.stderr.isTTY);
      let summary: GenerateSummary;
      try {
        summary = await generateFleet(
          tty
            ? {
                ...options,
                onProgress: (p) =>
                  process.stderr.write(`\r\x1b[Kday ${p.day}/${p.days}: ${p.events}/${p.targetEvents} events`),
              }
            : options,
        );
      } catch (e) {
        // The generator validates its options with RangeError naming the option.
        if (e instanceof RangeError) throw new UsageError(e.message);
        throw e;
      } finally {
        if (tty) process.stderr.write('\r\x1b[K');
      }
      process.stdout.write(generateSummaryText(summary));
      process.exitCode = EXIT_OK;
    });
}

/** Validated options for generateFleet; absent options are left to its defaults. */
export function generateOptions(flags: GenerateFlags): GenerateOptions {
  const devices = parseCount('--devices', flags.devices, 1);
  const events = parseCount('--events', flags.events, 1);
  const days = parseCount('--days', flags.days, 1);
  parseInstant('--end', flags.end);
  return {
    outDir: flags.out,
    format: parseChoice('--format', flags.format, FORMATS, 'ndjson'),
    ...(devices !== undefined ? { devices } : {}),
    ...(events !== undefined ? { events } : {}),
    ...(days !== undefined ? { days } : {}),
    ...(flags.end !== undefined ? { end: flags.end } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  };
}

export function generateSummaryText(s: GenerateSummary): string {
  const lines = [
    `wrote ${s.totalEvents} events for ${s.devices} devices (${s.days} days, ${s.start} .. ${s.end}) to ${s.outDir} as ${s.format}, seed ${s.seed}`,
    ...Object.entries(s.tables).map(([t, n]) => `  ${t}: ${n} rows`),
    `ground truth: ${s.groundTruthFile} (${s.groundTruthEvents} events)`,
    ...s.planted.map((p) => `  ${p.tool} (${p.verdict}): ${p.devices.length} device(s), ${p.events} events`),
    `${s.cleanDevices} clean devices; ${Math.round(s.eventsPerSecond)} events/s`,
    `try: kqlhunt query --data ${s.outDir} --now ${s.end} 'DeviceProcessEvents | summarize count() by DeviceName | top 5 by count_'`,
  ];
  return `${lines.join('\n')}\n`;
}
