/**
 * `kqlhunt rules exclusions list|suggest|add|enable|disable|remove|import|export`: the options,
 * help and wiring; what each does is in rules-exclusions-actions.ts.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportExclusionsYaml } from '../../rules/index.js';
import { EXIT_OK } from '../exit.js';
import { helpText } from '../help.js';
import { DB_OPTION, withCatalog, withStoreAsync } from '../store.js';
import {
  type AddFlags,
  exclusionsAdd,
  exclusionsImport,
  exclusionsList,
  exclusionsRemove,
  exclusionsSuggest,
  exclusionsToggle,
} from './rules-exclusions-actions.js';
import { requireRuleId } from './rules-shared.js';

const EXCLUSIONS_HELP = `
Exclusions live beside the rule in the catalog, keyed by rule id, so re-importing a changed upstream
rule keeps them. Each has an id, scenario, description, expression (the exclusion language of
docs/exclusions.md, e.g. process.parent_process_name == "schtasks.exe"), enabled, and a source:
knowledge-base (suggested by enrichment), user, or upstream. Enabled exclusions are compiled into
the rule's tuned query, which "kqlhunt hunt" runs (unless --no-exclusions) and "rules export --tuned"
writes. Knowledge-base suggestions are stored disabled: enable the ones that fit.

RULE is a catalog rule id or a unique prefix. Every sub-command takes --db PATH (default
$KQLHUNT_DB, else kqlhunt/kqlhunt.db in the user data directory).

Exit status: 0 done, 1 the change was refused or partly failed (an exclusion that does not compile,
an unknown exclusion id), 2 bad usage (unknown rule, unreadable file, missing ids).

Examples:
  $ kqlhunt rules exclusions suggest f9919f87            # what the knowledge base offers
  $ kqlhunt rules exclusions suggest f9919f87 --add      # store them, disabled
  $ kqlhunt rules exclusions add f9919f87 'process.parent_process_name == "schtasks.exe"' \\
        --id scheduled-sync --scenario "Scheduled agent sync job"
  $ kqlhunt rules exclusions enable f9919f87 scheduled-sync
  $ kqlhunt rules exclusions disable f9919f87 --all
  $ kqlhunt rules exclusions list f9919f87
  $ kqlhunt rules exclusions export f9919f87 --out syncro-exclusions.yaml
  $ kqlhunt rules exclusions import syncro-exclusions.yaml`;

const RULE_ARG = ['<rule>', 'catalog rule id or unique id prefix'] as const;

export function registerExclusions(rules: Command): void {
  const cmd = rules
    .command('exclusions')
    .summary("list, add, enable, disable, import and export a rule's exclusions")
    .description("A rule's false-positive exclusions, stored beside it in the catalog.")
    .addHelpText('after', EXCLUSIONS_HELP);
  registerList(cmd);
  registerSuggest(cmd);
  registerAdd(cmd);
  for (const enabled of [true, false]) registerToggle(cmd, enabled);
  registerRemove(cmd);
  registerImport(cmd);
  registerExport(cmd);
}

function registerList(cmd: Command): void {
  cmd
    .command('list')
    .description("List a rule's stored exclusions with their compiled KQL and safety flags.")
    .argument(...RULE_ARG)
    .option('--format <format>', 'text or json', 'text')
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        exit: '0 listed, 2 bad usage (unknown rule, bad --format).',
        examples: ['kqlhunt rules exclusions list f9919f87', 'kqlhunt rules exclusions list f9919f87 --format json'],
      }),
    )
    .action((rule: string, opts: { format?: string; db?: string }) =>
      withCatalog(opts.db, (store) => exclusionsList(store, rule, opts.format)),
    );
}

function registerSuggest(cmd: Command): void {
  cmd
    .command('suggest')
    .description("Show the knowledge base's false-positive exclusions for a rule; --add stores them disabled.")
    .argument(...RULE_ARG)
    .option('--add', 'store the suggestions (disabled; choices already made are kept)')
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        exit: '0 shown (and stored with --add), 2 bad usage (unknown rule).',
        examples: ['kqlhunt rules exclusions suggest f9919f87', 'kqlhunt rules exclusions suggest f9919f87 --add'],
      }),
    )
    .action((rule: string, opts: { add?: boolean; db?: string }) =>
      withCatalog(opts.db, (store) => exclusionsSuggest(store, rule, opts.add === true)),
    );
}

function registerAdd(cmd: Command): void {
  cmd
    .command('add')
    .description("Add (or replace, by id) a user exclusion; it must compile for the rule's table.")
    .argument(...RULE_ARG)
    .argument('<expression>', 'exclusion-language text, e.g. process.parent_process_name == "schtasks.exe"')
    .option('--id <id>', 'exclusion id (default: from --scenario, else user-N)')
    .option('--scenario <text>', 'short name of the benign situation (default: the id)')
    .option('--description <text>', 'why it is benign')
    .option('--disabled', 'store it disabled (default: enabled)')
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        notes: 'The expression language is described in docs/exclusions.md; a compile error is printed with its code.',
        exit: '0 stored, 1 the expression does not compile for the rule (nothing stored), 2 bad usage (unknown rule).',
        examples: [
          `kqlhunt rules exclusions add f9919f87 'process.parent_process_name == "schtasks.exe"' --scenario "Scheduled agent sync"`,
          `kqlhunt rules exclusions add f9919f87 'host.name startswith "lab-"' --id lab-hosts --disabled`,
        ],
      }),
    )
    .action((rule: string, expression: string, opts: AddFlags) =>
      withCatalog(opts.db, (store) => exclusionsAdd(store, rule, expression, opts)),
    );
}

function registerToggle(cmd: Command, enabled: boolean): void {
  const name = enabled ? 'enable' : 'disable';
  cmd
    .command(name)
    .description(`${enabled ? 'Enable' : 'Disable'} exclusions of a rule by id (or --all).`)
    .argument(...RULE_ARG)
    .argument('[ids...]', 'exclusion ids (see "kqlhunt rules exclusions list RULE")')
    .option('--all', `${name} every exclusion of the rule`)
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        exit: `0 done, 1 some id is not an exclusion of the rule (the others were ${name}d), 2 bad usage (unknown rule, no ids and no --all).`,
        examples: [
          `kqlhunt rules exclusions ${name} f9919f87 scheduled-sync`,
          `kqlhunt rules exclusions ${name} f9919f87 --all`,
        ],
      }),
    )
    .action((rule: string, ids: string[], opts: { all?: boolean; db?: string }) =>
      withCatalog(opts.db, (store) => exclusionsToggle(store, rule, ids, opts.all === true, enabled)),
    );
}

function registerRemove(cmd: Command): void {
  cmd
    .command('remove')
    .description('Delete exclusions of a rule by id.')
    .argument(...RULE_ARG)
    .argument('<ids...>', 'exclusion ids')
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        exit: '0 all removed, 1 some id was not found, 2 bad usage (unknown rule).',
        examples: ['kqlhunt rules exclusions remove f9919f87 scheduled-sync'],
      }),
    )
    .action((rule: string, ids: string[], opts: { db?: string }) =>
      withCatalog(opts.db, (store) => exclusionsRemove(store, rule, ids)),
    );
}

function registerImport(cmd: Command): void {
  cmd
    .command('import')
    .description('Import exclusions YAML files (the export format); entries replace stored ones by id.')
    .argument('<files...>', 'YAML files written by "rules exclusions export"')
    .option('--replace', "make the rule's stored set exactly the file's (default: merge by id)")
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        notes:
          'The file names its rule id; a rule that is not in the catalog (a bundled-pack rule) still gets\nthe exclusions, and a hunt over it applies them.',
        exit: '0 imported, 1 a file has errors or an exclusion does not compile for its rule (the rest is stored), 2 a file cannot be read.',
        examples: [
          'kqlhunt rules exclusions import syncro-exclusions.yaml',
          'kqlhunt rules exclusions import syncro-exclusions.yaml --replace',
        ],
      }),
    )
    .action(async (files: string[], opts: { replace?: boolean; db?: string }) => {
      process.exitCode = await withStoreAsync(opts.db, (store) =>
        exclusionsImport(store, files, opts.replace === true),
      );
    });
}

function registerExport(cmd: Command): void {
  cmd
    .command('export')
    .description("Write a rule's exclusions as YAML (stdout or --out).")
    .argument(...RULE_ARG)
    .option('--out <file>', 'write there instead of stdout')
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        exit: '0 written, 2 bad usage (unknown rule).',
        examples: [
          'kqlhunt rules exclusions export f9919f87 > syncro-exclusions.yaml',
          'kqlhunt rules exclusions export f9919f87 --out syncro-exclusions.yaml',
        ],
      }),
    )
    .action(async (rule: string, opts: { out?: string; db?: string }) => {
      process.exitCode = await withStoreAsync(opts.db, async (store) => {
        const text = exportExclusionsYaml(store.ruleExclusions(requireRuleId(store, rule)));
        if (opts.out) await writeFile(opts.out, text);
        else process.stdout.write(text);
        return EXIT_OK;
      });
    });
}
