/** `kqlhunt runs list|show ID`: past hunts from the store. */
import type { Command } from 'commander';
import { textTable } from '../../hunts/format.js';
import { openStore, resolveDbPath, type RunRecord } from '../../store/index.js';
import { EXIT_OK, UsageError } from '../exit.js';
import { parseChoice, parseCount } from '../options.js';

interface RunsFlags {
  readonly db?: string;
  readonly format?: string;
  readonly limit?: string;
}

export function registerRuns(program: Command): void {
  const runs = program
    .command('runs')
    .summary('list and show stored hunt runs')
    .description('Hunt runs recorded in the store.');
  runs
    .command('list')
    .description('List recent runs, newest first.')
    .option('--db <path>', 'the store (default $KQLHUNT_DB or the user data directory)')
    .option('--format <format>', 'table or json', 'table')
    .option('--limit <n>', 'how many runs', '50')
    .action((opts: RunsFlags) => {
      const format = parseChoice('--format', opts.format, ['table', 'json'] as const, 'table');
      const store = openStore(resolveDbPath(opts.db));
      try {
        const list = store.listRuns(parseCount('--limit', opts.limit, 1));
        process.stdout.write(format === 'json' ? `${JSON.stringify(list)}\n` : runsTable(list));
      } finally {
        store.close();
      }
      process.exitCode = EXIT_OK;
    });
  runs
    .command('show')
    .description('Show one run: settings, counts, and every rule that found something, failed or has a note.')
    .argument('<id>', 'run id')
    .option('--db <path>', 'the store')
    .option('--format <format>', 'text or json', 'text')
    .action((id: string, opts: RunsFlags) => {
      const format = parseChoice('--format', opts.format, ['text', 'json'] as const, 'text');
      const runId = parseCount('run id', id, 1)!;
      const store = openStore(resolveDbPath(opts.db));
      try {
        const run = store.getRun(runId);
        if (!run) throw new UsageError(`no run ${runId} in ${store.path}`);
        const results = store.ruleResults(runId);
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify({ run, results })}\n`);
          return;
        }
        const lines = [
          `run ${run.id}: ${run.status}`,
          `started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}`,
          `rules: ${run.rulesSpec.join(' ')}`,
          `data: ${run.dataPaths.join(' ')}`,
          `now(): ${run.now ?? '-'} (${run.nowSource ?? '-'})`,
          `rules run ${run.rulesRun}/${run.rulesTotal}, with findings ${run.rulesWithFindings}, errors ${run.rulesFailed}, rows ${run.resultRows}`,
          ...(run.error ? [`error: ${run.error}`] : []),
          '',
        ];
        const shown = results.filter((r) => r.rows > 0 || r.error || r.note);
        process.stdout.write(
          lines.join('\n') +
            textTable(
              ['Rule', 'Rows', 'ms', 'Error / note'],
              shown.map((r) => [r.ruleName, r.rows, r.elapsedMs.toFixed(1), r.error ?? r.note ?? '']),
            ),
        );
      } finally {
        store.close();
      }
    });
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
