/**
 * `kqlhunt rules import|list|show|lint|export|exclusions`: the rule catalog in the store, with each
 * rule's enrichment and the exclusions that live beside it. This file holds the options, help and
 * wiring; each sub-command group does its work in its own rules-*.ts file.
 */
import type { Command } from 'commander';
import { UsageError } from '../exit.js';
import { helpText } from '../help.js';
import { collect, parseChoice } from '../options.js';
import { DB_OPTION, withCatalog } from '../store.js';
import { AUTH_OPTION } from '../target.js';
import { type DeployFlags, deployCommand } from './rules-deploy.js';
import { registerExclusions } from './rules-exclusions.js';
import { EXPORT_FORMATS, exportCommand } from './rules-export.js';
import { type ImportFlags, importCommand } from './rules-import.js';
import { type LintFlags, lintCommand } from './rules-lint.js';
import { type ListFlags, listCommand } from './rules-list.js';
import { enrichedCommand, type ShowFlags, showCommand } from './rules-show.js';

const HELP = `
The catalog lives in the store (--db PATH, else $KQLHUNT_DB, else kqlhunt/kqlhunt.db in the user
data directory). Import rule sources into it, then browse, lint, export and tune them. ID is a
catalog rule id or a unique prefix of one. "kqlhunt rules <command> --help" explains each command.

Exit status: 0 done, 1 lint found errors (rules lint) or an exclusion change was refused (rules
exclusions), 2 bad usage (unknown rule id, unreadable path, bad option value), 3 internal error.

Examples:
  $ kqlhunt rules import https://github.com/Azure/Azure-Sentinel.git --ref master
  $ kqlhunt rules list --technique T1219 --lint errors
  $ kqlhunt rules lint ./rules --format sarif > lint.sarif
  $ kqlhunt rules show f9919f87 --enriched --data ./export/
  $ kqlhunt rules export f9919f87 > syncro.yaml
  $ kqlhunt rules export f9919f87 --tuned > syncro-tuned.yaml`;

export function registerRules(program: Command): void {
  const cmd = program
    .command('rules')
    .summary('import, list, lint and export rules of the catalog')
    .description('The rule catalog: import sources, browse, lint, export.')
    .addHelpText('after', HELP);
  registerImport(cmd);
  registerList(cmd);
  registerShow(cmd);
  registerLint(cmd);
  registerExport(cmd);
  registerExclusions(cmd);
  registerDeploy(cmd);
}

function registerDeploy(cmd: Command): void {
  cmd
    .command('deploy')
    .description('Deploy a catalog rule (tuned by its enabled exclusions) to Sentinel or Defender XDR.')
    .argument('<id>', 'catalog rule id or unique id prefix')
    .option('--target <address>', 'sentinel://<subscription>/<resource-group>/<workspace> or defender://')
    .option(...AUTH_OPTION)
    .option('--dry-run', 'print the request (method, URL, JSON body) and call nothing')
    .option(
      '--frequency <duration>',
      "how often it runs (1h, 1d, PT1H; default: the rule's, else its period up to a day)",
    )
    .option('--period <duration>', "how far back each run looks (default: the rule's, else its ago()/now(-…) lookback)")
    .option('--disabled', 'create the rule disabled')
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        notes: `sentinel:// writes a scheduled analytics rule with an ARM PUT of
Microsoft.SecurityInsights/alertRules/<rule id> (kind Scheduled: query, queryFrequency/queryPeriod
as ISO 8601 durations within Sentinel's 5 minutes .. 14 days, triggerOperator/threshold, tactics,
techniques, entity mappings for the columns the query returns). defender:// creates a custom
detection rule with a Graph POST to security/rules/detectionRules (Defender needs Timestamp,
ReportId and DeviceId or AccountObjectId in the result; kqlhunt warns and does not send otherwise).
The query is the tuned one (enabled exclusions compiled in). Permissions: docs/targets.md.`,
        exit: '0 deployed (or printed with --dry-run), 1 Defender would refuse the rule, 2 bad usage, 4 the target failed (credentials, connection, throttling).',
        examples: [
          'kqlhunt rules deploy f9919f87 --target sentinel://00000000-0000-0000-0000-000000000000/soc-rg/soc-workspace --dry-run',
          'kqlhunt rules deploy f9919f87 --target sentinel://00000000-0000-0000-0000-000000000000/soc-rg/soc-workspace --auth cli',
          'kqlhunt rules deploy f9919f87 --target defender:// --dry-run',
        ],
      }),
    )
    .action((id: string, opts: DeployFlags) => withCatalog(opts.db, (store) => deployCommand(store, id, opts)));
}

function registerImport(cmd: Command): void {
  cmd
    .command('import')
    .description(
      'Import (or re-import) a bundled pack, a rule file or directory, or a git repository into the catalog.',
    )
    .argument(
      '<source>',
      'bundled pack name (rmm, sigma), rule file or directory (Sentinel YAML, Sigma, Markdown), or git URL (https://, ssh://, git@, file://)',
    )
    .option('--ref <ref>', 'branch, tag or commit of a git source (default: HEAD)')
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        notes: `A local directory with .git is read as a git source: its committed files at --ref. Sigma rules
(.yml with logsource/detection) are converted to KQL on Defender XDR tables; a rule that cannot be
converted is kept with status "not convertible" and the reason. Each rule is linted against the
built-in table schemas. The report says what was added, updated, unchanged or
removed since the previous import of the same source, which files are broken (path:line:col, code,
reason), and which changed rules keep stored exclusions. A bundled pack name (rmm) imports that pack
as the source kqlhunt:packs/<name>; the bundled packs are also registered on first use by hunt,
serve and every rules command, so this only forces a refresh.`,
        exit: '0 imported (broken files are listed, not fatal), 2 bad usage (not a directory or git URL, the git source cannot be read).',
        examples: [
          'kqlhunt rules import rmm',
          'kqlhunt rules import ./my-rules/',
          'kqlhunt rules import ./sigma/rules/windows/process_creation/proc_creation_win_whoami_execution.yml',
          'kqlhunt rules import https://github.com/SigmaHQ/sigma.git',
          'kqlhunt rules import https://github.com/Azure/Azure-Sentinel.git --ref master',
          'kqlhunt rules import ~/src/detections --ref v2.1 --db ./soc.db',
        ],
      }),
    )
    .action(async (source: string, opts: ImportFlags) => {
      process.exitCode = await importCommand(source, opts);
    });
}

function registerList(cmd: Command): void {
  cmd
    .command('list')
    .description('List catalog rules (removed rules are left out).')
    .option('--source <s>', 'only rules of this source (the directory or URL given to "rules import")')
    .option('--tactic <t>', 'only rules with this tactic (e.g. CommandAndControl)')
    .option('--technique <t>', 'only rules with this technique or its sub-techniques (e.g. T1219)')
    .option('--table <t>', 'only rules reading this table (e.g. DeviceProcessEvents)')
    .option('--lint <status>', 'only rules whose lint status is clean, warnings or errors')
    .option('--format <format>', 'table or json', 'table')
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        exit: '0 listed (also when nothing matches), 2 bad usage (bad --lint or --format).',
        examples: [
          'kqlhunt rules list',
          'kqlhunt rules list --technique T1219 --table DeviceProcessEvents',
          'kqlhunt rules list --lint errors --format json',
        ],
      }),
    )
    .action((opts: ListFlags) => withCatalog(opts.db, (store) => listCommand(store, opts)));
}

function registerShow(cmd: Command): void {
  cmd
    .command('show')
    .description('Show one rule: source, ATT&CK ids, tables, lint diagnostics, description and query.')
    .argument('<id>', 'catalog rule id or unique id prefix')
    .option('--format <format>', 'text or json', 'text')
    .option('--enriched', 'add the enrichment and the stored exclusions with their safety flags')
    .option('--data <path...>', 'with --enriched: telemetry to check data sources and measure exclusions on', collect)
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        notes: `--enriched adds: hypothesis, severity and confidence with reasons, data sources (with --data:
whether the loaded data has each table), ATT&CK context, references, false-positive guidance, and
the rule's stored exclusions with their compiled KQL and safety flags (with --data: what each
suppresses there).`,
        exit: '0 shown, 2 bad usage (unknown or ambiguous id, --data without --enriched, unreadable --data).',
        examples: [
          'kqlhunt rules show f9919f87',
          'kqlhunt rules show f9919f87 --enriched',
          'kqlhunt rules show f9919f87 --enriched --data ./export/ --format json',
        ],
      }),
    )
    .action(async (id: string, opts: ShowFlags) => {
      if (opts.data?.length && !opts.enriched) throw new UsageError('--data needs --enriched');
      await withCatalog(opts.db, (store) =>
        opts.enriched ? enrichedCommand(store, id, opts) : showCommand(store, id, opts.format),
      );
    });
}

function registerLint(cmd: Command): void {
  cmd
    .command('lint')
    .description('Lint rule files and directories, or (without paths) the whole catalog.')
    .argument('[paths...]', 'rule files (.yaml, .yml, .md) or directories; none = the catalog in the store')
    .option('--format <format>', 'text, json or sarif (SARIF 2.1.0, for code scanning)', 'text')
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        notes:
          'Positions point into the file (the YAML block scalar or markdown code block holding the query). ' +
          'Each rule also gets its dialect: Defender XDR (Defender-only tables or functions), Sentinel ' +
          '(Log Analytics tables, TimeGenerated/TenantId on Defender tables, watchlists), either, or mixed; ' +
          'the JSON report lists them under "dialects" with the reasons.',
        exit: '0 no rule has errors (warnings allowed), 1 some rule has errors, 2 bad usage (unreadable path, bad --format).',
        examples: [
          'kqlhunt rules lint ./rules',
          'kqlhunt rules lint ./rules --format sarif > lint.sarif',
          'kqlhunt rules lint            # the whole catalog',
        ],
      }),
    )
    .action(async (paths: string[], opts: LintFlags) => {
      process.exitCode = await lintCommand(paths, opts);
    });
}

function registerExport(cmd: Command): void {
  cmd
    .command('export')
    .description('Write a catalog rule as Sentinel YAML (or as a .kql file) to stdout.')
    .argument('<id>', 'catalog rule id or unique id prefix')
    .option('--format <format>', 'sentinel (YAML) or kql (the query with a comment header)', 'sentinel')
    .option('--tuned', 'the query with the enabled exclusions compiled in (see "kqlhunt rules exclusions --help")')
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        notes: `With --tuned and no enabled exclusion that compiles, the original query is written and stderr says why.
A rule converted from Sigma keeps its author, Sigma id, references and licence in the description
(sentinel) or the comment header (kql); a Sigma rule that is not convertible cannot be exported.`,
        exit: '0 written, 1 the rule has no query (a Sigma rule that is not convertible), 2 bad usage (unknown or ambiguous id, bad --format).',
        examples: [
          'kqlhunt rules export f9919f87 > syncro.yaml',
          'kqlhunt rules export 6a2eb8a1 --format kql > whoami.kql',
          'kqlhunt rules export f9919f87 --tuned > syncro-tuned.yaml',
        ],
      }),
    )
    .action((id: string, opts: { tuned?: boolean; db?: string; format?: string }) =>
      withCatalog(opts.db, (store) =>
        exportCommand(store, id, opts.tuned === true, parseChoice('--format', opts.format, EXPORT_FORMATS, 'sentinel')),
      ),
    );
}
