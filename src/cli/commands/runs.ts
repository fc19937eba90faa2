/** `kqlhunt runs list|show ID`: past hunts from the store. */
import type { Command } from 'commander';
import { textTable } from '../../hunts/format.js';
import type { RuleResultRecord, RunRecord, Store } from '../../store/index.js';
import { EXIT_OK, UsageError } from '../exit.js';
import { helpText } from '../help.js';
import { parseChoice, parseCount } from '../options.js';
import { exclusionsModeLine, runExclusionLines } from '../run-exclusions.js';
import { DB_OPTION, withStore } from '../store.js';

interface RunsFlags {
  readonly db?: string;
  readonly format?: string;
  readonly limit?: string;
}

const HELP = `
Every "kqlhunt hunt" without --no-store records a run: its settings, each rule's result and what
each exclusion suppressed. Runs stay in the store (--db) until the file is deleted.

Exit status: 0 shown, 2 bad usage (unknown run id, bad --format or --limit), 3 internal error.

Examples:
  $ kqlhunt runs list
  $ kqlhunt runs show 12
  $ kqlhunt runs show 12 --format json`;

export function registerRuns(program: Command): void {
  const runs = program
    .command('runs')
    .summary('list and show stored hunt runs')
    .description('Hunt runs recorded in the store.')
    .addHelpText('after', HELP);
  runs
    .command('list')
    .description('List recent runs, newest first: status, rule counts, result rows and now().')
    .option(...DB_OPTION)
    .option('--format <format>', 'table or json', 'table')
    .option('--limit <n>', 'how many runs', '50')
    .addHelpText(
      'after',
      helpText({
        exit: '0 listed (also when there are none), 2 bad usage (bad --format or --limit).',
        examples: ['kqlhunt runs list', 'kqlhunt runs list --limit 5 --format json'],
      }),
    )
    .action((opts: RunsFlags) => {
      const format = parseChoice('--format', opts.format, ['table', 'json'] as const, 'table');
      const limit = parseCount('--limit', opts.limit, 1);
      withStore(opts.db, (store) => {
        const list = store.listRuns(limit);
        process.stdout.write(format === 'json' ? `${JSON.stringify(list)}\n` : runsTable(list));
        return EXIT_OK;
      });
    });
  runs
    .command('show')
    .description(
      'Show one run: settings, counts, every rule that found something, failed or has a note, and what each exclusion suppressed.',
    )
    .argument('<id>', 'run id (see "kqlhunt runs list")')
    .option(...DB_OPTION)
    .option('--format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      helpText({
        notes: `--format json prints {run, results}: run has exclusionsMode ("applied", "off", or null for runs
stored before exclusions were tracked) and groundTruth; each result has tuned, baselineRows,
suppressedRows and exclusions [{exclusionId, scenario, expression, applied, suppressed, benign,
malicious, unlabelled, maliciousScenarios, error}].`,
        exit: '0 shown, 2 bad usage (no such run, bad --format).',
        examples: ['kqlhunt runs show 12', 'kqlhunt runs show 12 --format json --db ./soc.db'],
      }),
    )
    .action((id: string, opts: RunsFlags) => {
      const format = parseChoice('--format', opts.format, ['text', 'json'] as const, 'text');
      const runId = parseCount('run id', id, 1)!;
      withStore(opts.db, (store) => showRun(store, runId, format));
    });
}

function showRun(store: Store, runId: number, format: 'text' | 'json'): number {
  const run = store.getRun(runId);
  if (!run) throw new UsageError(`no run ${runId} in ${store.path}; see "kqlhunt runs list"`);
  const results = store.ruleResults(runId);
  if (format === 'json') {
    process.stdout.write(
      `${JSON.stringify({ run: { ...run, exclusionsMode: run.exclusionsMode ?? null }, results })}\n`,
    );
    return EXIT_OK;
  }
  process.stdout.write(runText(run, results));
  return EXIT_OK;
}

function runText(run: RunRecord, results: readonly RuleResultRecord[]): string {
  const lines = [
    `run ${run.id}: ${run.status}`,
    `started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}`,
    `rules: ${run.rulesSpec.join(' ')}`,
    `target: ${run.target}`,
    `data: ${run.dataKind === 'remote' ? `(the tables of ${run.target})` : run.dataLabel && run.dataKind === 'upload' ? run.dataLabel : `${run.dataKind === 'demo' ? '(demo fleet) ' : ''}${run.dataPaths.join(' ')}`}`,
    `now(): ${run.now ?? '-'} (${run.nowSource ?? '-'})`,
    exclusionsModeLine(run),
    `rules run ${run.rulesRun}/${run.rulesTotal}, with findings ${run.rulesWithFindings}, errors ${run.rulesFailed}, rows ${run.resultRows}`,
    ...(run.error ? [`error: ${run.error}`] : []),
    '',
  ];
  const shown = results.filter((r) => r.rows > 0 || r.error || r.note);
  const table = textTable(
    ['Rule', 'Rows', 'ms', 'Error / note'],
    shown.map((r) => [r.ruleName, r.rows, r.elapsedMs.toFixed(1), r.error ?? r.note ?? '']),
  );
  const excluded = runExclusionLines(run, results);
  return `${lines.join('\n')}${table}${excluded.length > 0 ? `\n${excluded.join('\n')}\n` : ''}`;
}

function runsTable(list: readonly RunRecord[]): string {
  return textTable(
    ['Run', 'Status', 'Started', 'Rules', 'With findings', 'Errors', 'Rows', 'now()'],
    list.map((r) => [
      r.id,
      r.status,
      r.startedAt,
      `${r.rulesRun}/${r.rulesTotal}`,
      r.rulesWithFindings,
      r.rulesFailed,
      r.resultRows,
      r.now ?? '',
    ]),
  );
}
