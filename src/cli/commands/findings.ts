/** `kqlhunt findings list | set-state`: review and triage stored findings. */
import type { Command } from 'commander';
import { FINDING_HEADERS, findingCells, textTable } from '../../hunts/format.js';
import { openStore, resolveDbPath, TRIAGE_STATES, type TriageState } from '../../store/index.js';
import { EXIT_OK, UsageError } from '../exit.js';
import { parseChoice, parseCount } from '../options.js';

interface ListFlags {
  readonly db?: string;
  readonly run?: string;
  readonly rule?: string;
  readonly state?: string;
  readonly format?: string;
}

const HELP = `
Triage states: ${TRIAGE_STATES.join(', ')}. A finding is one rule hit on one set of entities
(device, account, URL, file …); it keeps its state and comment when later hunts find it again.

Examples:
  $ kqlhunt findings list --state new
  $ kqlhunt findings set-state 3f2a9c benign --comment "IT's sanctioned Syncro rollout"`;

export function registerFindings(program: Command): void {
  const cmd = program
    .command('findings')
    .summary('list and triage findings')
    .description('Findings recorded by hunts, with their triage state.')
    .addHelpText('after', HELP);
  cmd
    .command('list')
    .description('List findings (all runs unless --run).')
    .option('--db <path>', 'the store (default $KQLHUNT_DB or the user data directory)')
    .option('--run <id>', 'only findings seen by this run')
    .option('--rule <id>', 'only findings of this rule')
    .option('--state <state>', `only this state: ${TRIAGE_STATES.join(', ')}`)
    .option('--format <format>', 'table or json', 'table')
    .action((opts: ListFlags) => {
      const format = parseChoice('--format', opts.format, ['table', 'json'] as const, 'table');
      const state = opts.state === undefined ? undefined : parseState(opts.state);
      const run = parseCount('--run', opts.run, 1);
      const store = openStore(resolveDbPath(opts.db));
      try {
        const list = store.listFindings({
          ...(run !== undefined ? { run } : {}),
          ...(opts.rule !== undefined ? { rule: store.getRule(opts.rule)?.id ?? opts.rule } : {}),
          ...(state ? { state } : {}),
        });
        process.stdout.write(
          format === 'json'
            ? `${JSON.stringify(list)}\n`
            : list.length === 0
              ? 'no findings\n'
              : textTable(
                  FINDING_HEADERS,
                  list.map((f) => findingCells(f)),
                ),
        );
      } finally {
        store.close();
      }
      process.exitCode = EXIT_OK;
    });
  cmd
    .command('set-state')
    .description('Set the triage state of a finding (id or unique id prefix).')
    .argument('<id>', 'finding id')
    .argument('<state>', TRIAGE_STATES.join(' | '))
    .option('--comment <text>', 'why (kept with the finding)')
    .option('--db <path>', 'the store')
    .action((id: string, stateText: string, opts: { comment?: string; db?: string }) => {
      const state = parseState(stateText);
      const store = openStore(resolveDbPath(opts.db));
      try {
        const f = store.setFindingState(id, state, opts.comment);
        if (!f) throw new UsageError(`no finding '${id}' (or the prefix is ambiguous) in ${store.path}`);
        process.stdout.write(`${f.id}: ${f.state}${f.comment ? ` (${f.comment})` : ''}\n`);
      } finally {
        store.close();
      }
      process.exitCode = EXIT_OK;
    });
}

function parseState(text: string): TriageState {
  return parseChoice('state', text, TRIAGE_STATES, 'new');
}
