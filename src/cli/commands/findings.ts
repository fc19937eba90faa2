/** `kqlhunt findings list | set-state`: review and triage stored findings. */
import type { Command } from 'commander';
import { FINDING_HEADERS, findingCells, textTable } from '../../hunts/format.js';
import { TRIAGE_STATES, type TriageState } from '../../store/index.js';
import { EXIT_OK, UsageError } from '../exit.js';
import { helpText } from '../help.js';
import { parseChoice, parseCount } from '../options.js';
import { DB_OPTION, withStore } from '../store.js';
import { registerExportTest } from './findings-export-test.js';

interface ListFlags {
  readonly db?: string;
  readonly run?: string;
  readonly rule?: string;
  readonly state?: string;
  readonly format?: string;
}

const HELP = `
Triage states: ${TRIAGE_STATES.join(', ')}. A finding is one rule hit on one set of entities
(device, account, URL, file …); it keeps its state and comment when later hunts find it again,
and "kqlhunt hunt" shows that stored state in its State column.

Exit status: 0 done, 2 bad usage (unknown or ambiguous finding id, unknown state, bad option value),
3 internal error.

Examples:
  $ kqlhunt findings list --state new
  $ kqlhunt findings set-state 3f2a9c benign --comment "IT's sanctioned Syncro rollout"
  $ kqlhunt findings export-test 3f2a9c --out rules/syncro.tests.yaml`;

export function registerFindings(program: Command): void {
  const cmd = program
    .command('findings')
    .summary('list and triage findings')
    .description('Findings recorded by hunts, with their triage state.')
    .addHelpText('after', HELP);
  registerList(cmd);
  registerSetState(cmd);
  registerExportTest(cmd);
}

function registerList(cmd: Command): void {
  cmd
    .command('list')
    .description('List findings of every run (or of one with --run), by rule.')
    .option(...DB_OPTION)
    .option('--run <id>', 'only findings seen by this run (see "kqlhunt runs list")')
    .option('--rule <id>', 'only findings of this rule (id or unique prefix of a catalog rule)')
    .option('--state <state>', `only this state: ${TRIAGE_STATES.join(', ')}`)
    .option('--format <format>', 'table or json', 'table')
    .addHelpText(
      'after',
      helpText({
        notes:
          '--format json prints [{id, ruleId, ruleName, keys, firstRun, lastRun, row, state, comment, updatedAt}].',
        exit: '0 listed (also when nothing matches), 2 bad usage (bad --run, --state or --format).',
        examples: [
          'kqlhunt findings list',
          'kqlhunt findings list --state new --run 12',
          'kqlhunt findings list --rule f9919f87 --format json',
        ],
      }),
    )
    .action((opts: ListFlags) => {
      const format = parseChoice('--format', opts.format, ['table', 'json'] as const, 'table');
      const state = opts.state === undefined ? undefined : parseState(opts.state);
      const run = parseCount('--run', opts.run, 1);
      withStore(opts.db, (store) => {
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
        return EXIT_OK;
      });
    });
}

function registerSetState(cmd: Command): void {
  cmd
    .command('set-state')
    .description('Set the triage state of a finding; later hunts that find it again keep it.')
    .argument('<id>', 'finding id or unique id prefix')
    .argument('<state>', TRIAGE_STATES.join(' | '))
    .option('--comment <text>', 'why (kept with the finding; default: keep the current comment)')
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        exit: '0 set, 2 bad usage (unknown or ambiguous id, unknown state).',
        examples: [
          'kqlhunt findings set-state 3f2a9c true_positive',
          'kqlhunt findings set-state 3f2a9c benign --comment "IT\'s sanctioned Syncro rollout"',
        ],
      }),
    )
    .action((id: string, stateText: string, opts: { comment?: string; db?: string }) => {
      const state = parseState(stateText);
      withStore(opts.db, (store) => {
        const f = store.setFindingState(id, state, opts.comment);
        if (!f) throw new UsageError(`no finding '${id}' (or the prefix is ambiguous) in ${store.path}`);
        process.stdout.write(`${f.id}: ${f.state}${f.comment ? ` (${f.comment})` : ''}\n`);
        return EXIT_OK;
      });
    });
}

function parseState(text: string): TriageState {
  return parseChoice('state', text, TRIAGE_STATES, 'new');
}
