/**
 * `kqlhunt rules import|list|show|lint|export|exclusions`: the rule catalog in the store, with each
 * rule's enrichment and the exclusions that live beside it.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { enrichmentText, exclusionViewLines } from '../../hunts/enrichment-text.js';
import { type ExclusionView, exclusionViews, ruleTable, type ViewData } from '../../hunts/exclusion-view.js';
import { textTable } from '../../hunts/format.js';
import { hasErrors, type LintReport, lintPaths, lintRules, toSarif } from '../../hunts/index.js';
import { huntProvider } from '../../hunts/provider.js';
import {
  compileForTable,
  enrichRule,
  type Exclusion,
  exportExclusionsYaml,
  exportSentinelYaml,
  importDirectory,
  importExclusionsYaml,
  importFromGit,
  lintRule,
  mergeExclusions,
  scenariosAsExclusions,
  tuneQuery,
} from '../../rules/index.js';
import type { LintStatus, Rule } from '../../rules/model.js';
import { openStore, resolveDbPath, type SourceKind, type Store } from '../../store/index.js';
import { schemaCatalog } from '../../telemetry/schemas.js';
import { EXIT_OK, EXIT_QUERY_ERRORS, UsageError } from '../exit.js';
import { loadTelemetryModule } from '../modules.js';
import { collect, parseChoice } from '../options.js';
import { VERSION } from '../program.js';

const DB_OPTION = ['--db <path>', 'the store (default $KQLHUNT_DB or the user data directory)'] as const;

const HELP = `
import: a directory of Sentinel YAML / markdown rules, or a git repository (https://, ssh://,
git@, file:// URL, or a local directory with .git — its committed files at --ref, default HEAD).
Each rule is linted against the built-in table schemas; the report says what was added, updated,
unchanged or removed since the previous import of the same source, and which files are broken.
lint: exit 1 when any rule has errors; --format sarif writes SARIF 2.1.0 for code scanning.
show --enriched: hypothesis, severity and confidence with reasons, data sources (with --data: whether
the loaded data has each table), ATT&CK context, references, false-positive guidance, and the rule's
stored exclusions with their safety flags. export --tuned: the query with every enabled exclusion
compiled in (see "kqlhunt rules exclusions --help").

Examples:
  $ kqlhunt rules import https://github.com/Azure/Azure-Sentinel.git --ref master
  $ kqlhunt rules list --technique T1219 --lint errors
  $ kqlhunt rules lint ./rules --format sarif > lint.sarif
  $ kqlhunt rules show f9919f87 --enriched --data ./export/
  $ kqlhunt rules export f9919f87 > syncro.yaml
  $ kqlhunt rules export f9919f87 --tuned > syncro-tuned.yaml`;

const EXCLUSIONS_HELP = `
Exclusions live beside the rule in the catalog, keyed by rule id, so re-importing a changed upstream
rule keeps them. Each has an id, scenario, description, expression (the exclusion language of
docs/exclusions.md, e.g. process.parent_process_name == "schtasks.exe"), enabled, and a source:
knowledge-base (suggested by enrichment), user, or upstream. Enabled exclusions are compiled into
the rule's tuned query, which "kqlhunt hunt" runs (unless --no-exclusions) and "rules export --tuned"
writes. Knowledge-base suggestions are stored disabled: enable the ones that fit.

RULE is a catalog rule id or a unique prefix.

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

export function registerRules(program: Command): void {
  const cmd = program
    .command('rules')
    .summary('import, list, lint and export rules of the catalog')
    .description('The rule catalog: import sources, browse, lint, export.')
    .addHelpText('after', HELP);
  cmd
    .command('import')
    .description('Import (or re-import) a rule directory or git repository into the catalog.')
    .argument('<source>', 'directory or git URL')
    .option('--ref <ref>', 'branch, tag or commit (git sources)')
    .option(...DB_OPTION)
    .action(async (source: string, opts: { ref?: string; db?: string }) => {
      process.exitCode = await importCommand(source, opts);
    });
  cmd
    .command('list')
    .description('List catalog rules.')
    .option('--source <s>', 'only rules of this source')
    .option('--tactic <t>', 'only rules with this tactic (e.g. CommandAndControl)')
    .option('--technique <t>', 'only rules with this technique or its sub-techniques (e.g. T1219)')
    .option('--table <t>', 'only rules reading this table')
    .option('--lint <status>', 'clean, warnings or errors')
    .option('--format <format>', 'table or json', 'table')
    .option(...DB_OPTION)
    .action((opts: ListFlags) => withStore(opts.db, (store) => listCommand(store, opts)));
  cmd
    .command('show')
    .description('Show one rule (id or unique id prefix).')
    .argument('<id>')
    .option('--format <format>', 'text or json', 'text')
    .option('--enriched', 'add the enrichment and the stored exclusions with their safety flags')
    .option('--data <path...>', 'with --enriched: telemetry to check data sources and measure exclusions on', collect)
    .option(...DB_OPTION)
    .action(async (id: string, opts: ShowFlags) => {
      process.exitCode = opts.enriched
        ? await withStoreAsync(opts.db, (store) => enrichedCommand(store, id, opts))
        : withStoreSync(opts.db, (store) => showCommand(store, id, opts.format));
    });
  cmd
    .command('lint')
    .description('Lint rule files and directories, or (without paths) the whole catalog.')
    .argument('[paths...]')
    .option('--format <format>', 'text, json or sarif', 'text')
    .option(...DB_OPTION)
    .action(async (paths: string[], opts: { format?: string; db?: string }) => {
      process.exitCode = await lintCommand(paths, opts);
    });
  cmd
    .command('export')
    .description('Write a catalog rule as Sentinel YAML to stdout.')
    .argument('<id>')
    .option('--tuned', 'the query with the enabled exclusions compiled in')
    .option(...DB_OPTION)
    .action((id: string, opts: { tuned?: boolean; db?: string }) =>
      withStore(opts.db, (store) => exportCommand(store, id, opts.tuned === true)),
    );
  registerExclusions(cmd);
}

function registerExclusions(rules: Command): void {
  const cmd = rules
    .command('exclusions')
    .summary("list, add, enable, disable, import and export a rule's exclusions")
    .description("A rule's false-positive exclusions, stored beside it in the catalog.")
    .addHelpText('after', EXCLUSIONS_HELP);
  cmd
    .command('list')
    .description("List a rule's stored exclusions with their compiled KQL and safety flags.")
    .argument('<rule>')
    .option('--format <format>', 'text or json', 'text')
    .option(...DB_OPTION)
    .action((rule: string, opts: { format?: string; db?: string }) =>
      withStore(opts.db, (store) => exclusionsList(store, rule, opts.format)),
    );
  cmd
    .command('suggest')
    .description("Show the knowledge base's false-positive exclusions for a rule; --add stores them disabled.")
    .argument('<rule>')
    .option('--add', 'store the suggestions (disabled; choices already made are kept)')
    .option(...DB_OPTION)
    .action((rule: string, opts: { add?: boolean; db?: string }) =>
      withStore(opts.db, (store) => exclusionsSuggest(store, rule, opts.add === true)),
    );
  cmd
    .command('add')
    .description("Add (or replace, by id) a user exclusion; it must compile for the rule's table.")
    .argument('<rule>')
    .argument('<expression>', 'exclusion-language text, e.g. process.parent_process_name == "schtasks.exe"')
    .option('--id <id>', 'exclusion id (default: from the scenario, else user-N)')
    .option('--scenario <text>', 'short name of the benign situation')
    .option('--description <text>', 'why it is benign')
    .option('--disabled', 'store it disabled')
    .option(...DB_OPTION)
    .action((rule: string, expression: string, opts: AddFlags) =>
      withStore(opts.db, (store) => exclusionsAdd(store, rule, expression, opts)),
    );
  for (const enabled of [true, false]) {
    const name = enabled ? 'enable' : 'disable';
    cmd
      .command(name)
      .description(`${enabled ? 'Enable' : 'Disable'} exclusions of a rule by id (or --all).`)
      .argument('<rule>')
      .argument('[ids...]')
      .option('--all', `${name} every exclusion of the rule`)
      .option(...DB_OPTION)
      .action((rule: string, ids: string[], opts: { all?: boolean; db?: string }) =>
        withStore(opts.db, (store) => exclusionsToggle(store, rule, ids, opts.all === true, enabled)),
      );
  }
  cmd
    .command('remove')
    .description('Delete exclusions of a rule by id.')
    .argument('<rule>')
    .argument('<ids...>')
    .option(...DB_OPTION)
    .action((rule: string, ids: string[], opts: { db?: string }) =>
      withStore(opts.db, (store) => {
        const r = requireRuleId(store, rule);
        const n = store.removeExclusions(r, ids);
        process.stdout.write(`removed ${n} exclusion(s) of ${r}\n`);
        return n === ids.length ? EXIT_OK : EXIT_QUERY_ERRORS;
      }),
    );
  cmd
    .command('import')
    .description('Import exclusions YAML files (the export format); entries replace stored ones by id.')
    .argument('<files...>')
    .option('--replace', "make the rule's stored set exactly the file's")
    .option(...DB_OPTION)
    .action(async (files: string[], opts: { replace?: boolean; db?: string }) => {
      process.exitCode = await withStoreAsync(opts.db, (store) =>
        exclusionsImport(store, files, opts.replace === true),
      );
    });
  cmd
    .command('export')
    .description("Write a rule's exclusions as YAML (stdout or --out).")
    .argument('<rule>')
    .option('--out <file>', 'write there instead of stdout')
    .option(...DB_OPTION)
    .action(async (rule: string, opts: { out?: string; db?: string }) => {
      process.exitCode = await withStoreAsync(opts.db, async (store) => {
        const text = exportExclusionsYaml(store.ruleExclusions(requireRuleId(store, rule)));
        if (opts.out) await writeFile(opts.out, text);
        else process.stdout.write(text);
        return EXIT_OK;
      });
    });
}

function withStore(db: string | undefined, f: (store: Store) => number): void {
  process.exitCode = withStoreSync(db, f);
}

function withStoreSync(db: string | undefined, f: (store: Store) => number): number {
  const store = openStore(resolveDbPath(db));
  try {
    return f(store);
  } finally {
    store.close();
  }
}

async function withStoreAsync(db: string | undefined, f: (store: Store) => Promise<number>): Promise<number> {
  const store = openStore(resolveDbPath(db));
  try {
    return await f(store);
  } finally {
    store.close();
  }
}

const GIT_URL = /^(https?:\/\/|ssh:\/\/|git@|file:\/\/)/;

function sourceKind(source: string): SourceKind {
  if (GIT_URL.test(source)) return 'git';
  if (!existsSync(source))
    throw new UsageError(`rules import: ${source} is neither a git URL nor an existing directory`);
  if (!statSync(source).isDirectory()) throw new UsageError(`rules import: ${source} is not a directory`);
  return existsSync(resolve(source, '.git')) ? 'git' : 'directory';
}

async function importCommand(source: string, opts: { ref?: string; db?: string }): Promise<number> {
  const kind = sourceKind(source);
  const name = GIT_URL.test(source) ? source : resolve(source);
  if (kind === 'directory' && opts.ref) throw new UsageError('--ref needs a git source');
  const retrievedAt = new Date().toISOString();
  const imported =
    kind === 'git'
      ? await importFromGit(name, opts.ref ?? 'HEAD', { repository: name, retrievedAt })
      : await importDirectory(name, { repository: name, retrievedAt });
  const gitFailure = imported.filesRead === 0 && imported.diagnostics.find((d) => d.code.startsWith('RULE5'));
  if (kind === 'git' && gitFailure) throw new UsageError(`rules import: ${gitFailure.message}`);
  const catalog = schemaCatalog();
  const rules = imported.rules.map(({ rule, hash }) => ({ rule: lintRule(rule, catalog), hash }));
  const store = openStore(resolveDbPath(opts.db));
  try {
    const { record, changes } = store.recordImport({
      source: name,
      kind,
      ...(opts.ref ? { ref: opts.ref } : {}),
      ...(imported.commit ? { commit: imported.commit } : {}),
      retrievedAt,
      filesRead: imported.filesRead,
      rules,
      diagnostics: imported.diagnostics,
    });
    const lint = countBy(rules.map((r) => r.rule.lint.status));
    const out = [
      `imported ${record.rules} rule(s) from ${record.filesRead} file(s) of ${name}${record.commit ? ` at ${record.commit}` : ''}`,
      `added ${record.added}, updated ${record.updated}, unchanged ${record.unchanged}, removed ${record.removed}, broken files ${record.broken}`,
      `lint: ${['clean', 'warnings', 'errors'].map((s) => `${s} ${lint.get(s) ?? 0}`).join(', ')}`,
    ];
    const byId = new Map(rules.map((r) => [r.rule.id, r.rule]));
    for (const [label, ids] of [
      ['added', changes.added],
      ['updated', changes.updated],
      ['removed', changes.removed],
    ] as const) {
      for (const id of ids.slice(0, 50)) out.push(`  ${label} ${id} ${byId.get(id)?.name ?? ''}`.trimEnd());
      if (ids.length > 50) out.push(`  … ${ids.length - 50} more ${label}`);
    }
    for (const d of imported.diagnostics.filter((x) => x.severity === 'error'))
      out.push(`broken ${d.path}:${d.line}:${d.column}: ${d.code} ${d.message}`);
    out.push(...keptExclusions(store, [...changes.updated, ...changes.removed], byId));
    process.stdout.write(`${out.join('\n')}\n`);
    return EXIT_OK;
  } finally {
    store.close();
  }
}

/**
 * Exclusions are keyed by rule id, so an import never touches them; say so for changed rules, and
 * warn when an enabled exclusion no longer compiles against the new query's table.
 */
function keptExclusions(store: Store, ids: readonly string[], rules: ReadonlyMap<string, Rule>): string[] {
  const lines: string[] = [];
  const stored = store.exclusionsByRule();
  for (const id of ids) {
    const list = stored.get(id);
    if (!list) continue;
    const rule = rules.get(id);
    lines.push(`  exclusions kept for ${id}: ${list.length} (${list.filter((x) => x.enabled).length} enabled)`);
    if (!rule) continue;
    for (const x of list.filter((y) => y.enabled && compileForTable(y.expression, ruleTable(rule)).kql === undefined))
      lines.push(`  warning: exclusion ${x.id} of ${id} no longer compiles for the updated rule`);
  }
  return lines;
}

function countBy(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

interface ListFlags {
  readonly source?: string;
  readonly tactic?: string;
  readonly technique?: string;
  readonly table?: string;
  readonly lint?: string;
  readonly format?: string;
  readonly db?: string;
}

function listCommand(store: Store, opts: ListFlags): number {
  const format = parseChoice('--format', opts.format, ['table', 'json'] as const, 'table');
  const lint =
    opts.lint === undefined
      ? undefined
      : parseChoice<LintStatus>('--lint', opts.lint, ['clean', 'warnings', 'errors'], 'clean');
  const source = opts.source === undefined ? undefined : existsSync(opts.source) ? resolve(opts.source) : opts.source;
  const rules = store.listRules({
    ...(source !== undefined ? { source } : {}),
    ...(opts.tactic !== undefined ? { tactic: opts.tactic } : {}),
    ...(opts.technique !== undefined ? { technique: opts.technique } : {}),
    ...(opts.table !== undefined ? { table: opts.table } : {}),
    ...(lint !== undefined ? { lint } : {}),
  });
  if (format === 'json') {
    process.stdout.write(
      `${JSON.stringify(rules.map((r) => ({ id: r.id, name: r.name, source: r.source, path: r.path, lint: r.lintStatus, tactics: r.rule.tactics, techniques: r.rule.techniques, tables: r.rule.tables })))}\n`,
    );
  } else {
    process.stdout.write(
      `${textTable(
        ['Id', 'Name', 'Lint', 'Techniques', 'Tables'],
        rules.map((r) => [r.id, r.name, r.lintStatus, r.rule.techniques.join(' '), r.rule.tables.join(' ')]),
      )}(${rules.length} rule${rules.length === 1 ? '' : 's'})\n`,
    );
  }
  return EXIT_OK;
}

function requireRule(store: Store, id: string) {
  const r = store.getRule(id);
  if (!r) throw new UsageError(`no rule '${id}' in the catalog (or the prefix is ambiguous); see "kqlhunt rules list"`);
  return r;
}

function showCommand(store: Store, id: string, formatText: string | undefined): number {
  const format = parseChoice('--format', formatText, ['text', 'json'] as const, 'text');
  const c = requireRule(store, id);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(c)}\n`);
    return EXIT_OK;
  }
  const r = c.rule;
  const lines = [
    `${r.name}`,
    `id: ${r.id}`,
    `source: ${c.source} ${c.path}${r.source.commit ? ` @ ${r.source.commit}` : ''}`,
    `kind: ${r.kind}${r.severity ? `, severity ${r.severity}` : ''}`,
    `tactics: ${r.tactics.join(', ') || '-'}; techniques: ${r.techniques.join(', ') || '-'}`,
    `tables: ${r.tables.join(', ') || '-'}`,
    `lint: ${c.lintStatus}`,
    ...r.lint.diagnostics.map((d) => `  ${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`),
    `imported: first ${c.firstImported}, last ${c.lastImported}${c.removedAt ? `, removed ${c.removedAt}` : ''}`,
    '',
    r.description,
    '',
    r.query,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

async function lintCommand(paths: readonly string[], opts: { format?: string; db?: string }): Promise<number> {
  const format = parseChoice('--format', opts.format, ['text', 'json', 'sarif'] as const, 'text');
  for (const p of paths) if (!existsSync(p)) throw new UsageError(`rules lint: cannot read ${p}`);
  let report: LintReport;
  if (paths.length > 0) report = await lintPaths(paths, schemaCatalog());
  else {
    const store = openStore(resolveDbPath(opts.db));
    try {
      report = lintRules(
        store.listRules().map((c) => c.rule),
        schemaCatalog(),
      );
    } finally {
      store.close();
    }
  }
  process.stdout.write(renderLint(report, format));
  return hasErrors(report) ? EXIT_QUERY_ERRORS : EXIT_OK;
}

function renderLint(report: LintReport, format: 'text' | 'json' | 'sarif'): string {
  switch (format) {
    case 'sarif':
      return `${JSON.stringify(toSarif(report, VERSION), null, 2)}\n`;
    case 'json':
      return `${JSON.stringify(report)}\n`;
    case 'text': {
      const lines = report.problems.map(
        (p) =>
          `${p.path}:${p.line}:${p.column}: ${p.level} ${p.code}: ${p.message}${p.ruleName ? ` [${p.ruleName}]` : ''}`,
      );
      const errors = report.problems.filter((p) => p.level === 'error').length;
      const warnings = report.problems.filter((p) => p.level === 'warning').length;
      lines.push(`${report.rules} rule(s) checked: ${errors} error(s), ${warnings} warning(s)`);
      return `${lines.join('\n')}\n`;
    }
    default: {
      const never: never = format;
      return String(never);
    }
  }
}

interface ShowFlags {
  readonly format?: string;
  readonly enriched?: boolean;
  readonly data?: string[];
  readonly db?: string;
}

/** Loads --data for `show --enriched`: the table names and a provider to measure exclusions on. */
async function showData(paths: readonly string[] | undefined): Promise<{ tables: Set<string>; view?: ViewData }> {
  if (!paths?.length) return { tables: new Set() };
  for (const p of paths) if (!existsSync(p)) throw new UsageError(`--data: cannot read ${p}`);
  const { loadTelemetry } = await loadTelemetryModule();
  const { store, report } = await loadTelemetry(paths);
  if (!report.ok) throw new UsageError(`could not load the data: ${report.failure ?? 'unreadable'}`);
  const range = store.overallTimeRange();
  const now = range?.max ?? BigInt(Date.now()) * 10_000n;
  return { tables: new Set(store.tableNames()), view: { provider: huntProvider(store), now } };
}

async function enrichedCommand(store: Store, id: string, opts: ShowFlags): Promise<number> {
  const format = parseChoice('--format', opts.format, ['text', 'json'] as const, 'text');
  if (opts.data?.length && !opts.enriched) throw new UsageError('--data needs --enriched');
  const c = requireRule(store, id);
  const data = await showData(opts.data);
  const enrichment = enrichRule(c.rule, {
    catalog: store.listRules().map((x) => x.rule),
    ...(opts.data?.length ? { loadedTables: data.tables } : {}),
  });
  const stored = store.listExclusions(c.id);
  const views = exclusionViews(c.rule, stored, data.view);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ ...c, enrichment, exclusions: views.map(viewJson) })}\n`);
    return EXIT_OK;
  }
  showCommand(store, id, 'text');
  process.stdout.write(`\n${enrichmentText(enrichment, views).join('\n')}\n`);
  return EXIT_OK;
}

function viewJson(v: ExclusionView) {
  return {
    ...v.exclusion,
    table: v.table ?? null,
    kql: v.kql ?? null,
    diagnostics: v.diagnostics,
    flags: v.flags,
    worst: v.worst ?? null,
    ...(v.measured ? { measured: v.measured } : {}),
  };
}

function exportCommand(store: Store, id: string, tuned: boolean): number {
  const c = requireRule(store, id);
  if (!tuned) {
    process.stdout.write(exportSentinelYaml(c.rule));
    return EXIT_OK;
  }
  const enabled = store.listExclusions(c.id).filter((x) => x.enabled);
  if (enabled.length === 0) {
    process.stderr.write(`rules export --tuned: ${c.id} has no enabled exclusions; writing the original query\n`);
    process.stdout.write(exportSentinelYaml(c.rule));
    return EXIT_OK;
  }
  const t = tuneQuery(c.rule.query, enabled);
  for (const r of t.results.filter((x) => x.kql === undefined)) {
    const d = r.diagnostics.find((x) => x.severity === 'error');
    process.stderr.write(
      `rules export --tuned: exclusion ${r.id} left out: ${d ? `${d.code} ${d.message}` : 'it does not compile'}\n`,
    );
  }
  if (t.inserted === '')
    process.stderr.write('rules export --tuned: no enabled exclusion compiled; writing the original query\n');
  process.stdout.write(exportSentinelYaml({ ...c.rule, query: t.text }));
  return EXIT_OK;
}

/** A catalog rule's id, or an id that only has stored exclusions (a pack rule never imported). */
function requireRuleId(store: Store, idOrPrefix: string): string {
  const c = store.getRule(idOrPrefix);
  if (c) return c.id;
  if (store.listExclusions(idOrPrefix).length > 0) return idOrPrefix;
  return requireRule(store, idOrPrefix).id;
}

function exclusionsList(store: Store, ruleText: string, formatText: string | undefined): number {
  const format = parseChoice('--format', formatText, ['text', 'json'] as const, 'text');
  const id = requireRuleId(store, ruleText);
  const rule = store.getRule(id)?.rule;
  const stored = store.listExclusions(id);
  if (format === 'json') {
    const views = rule ? exclusionViews(rule, stored).map(viewJson) : stored;
    process.stdout.write(`${JSON.stringify({ ruleId: id, exclusions: views })}\n`);
    return EXIT_OK;
  }
  const lines = [
    `exclusions of ${id}${rule ? ` (${rule.name})` : ''}: ${stored.length}, enabled ${stored.filter((x) => x.enabled).length}`,
  ];
  if (rule) for (const v of exclusionViews(rule, stored)) lines.push(...exclusionViewLines(v));
  else
    for (const x of stored)
      lines.push(`  [${x.enabled ? 'enabled' : 'disabled'}] ${x.id} (${x.source}): ${x.expression}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

function exclusionsSuggest(store: Store, ruleText: string, add: boolean): number {
  const c = requireRule(store, ruleText);
  const scenarios = enrichRule(c.rule).falsePositives;
  // Suggestions are offered, not imposed: stored disabled until the user enables them.
  const suggested = scenariosAsExclusions(scenarios).map((x) => ({ ...x, enabled: false }));
  const lines = [`${scenarios.length} knowledge-base suggestion(s) for ${c.id} (${c.name})`];
  for (const s of scenarios) {
    const worst = s.safety.map((f) => `${f.severity} ${f.kind}`).join(', ') || 'no flags';
    lines.push(
      `  ${s.id}: ${s.scenario}${s.needsInput ? ' [needs your value]' : ''}`,
      `    ${s.exclusion}`,
      `    safety: ${worst}`,
    );
  }
  if (add) {
    const stored = store.ruleExclusions(c.id);
    const merged = mergeExclusions(stored, suggested);
    const have = new Map(stored.exclusions.map((x) => [x.id, x]));
    // Only knowledge-base entries are the knowledge base's to refresh (or to disable when it dropped
    // them); upstream and user entries stay exactly as they are.
    const changed = merged.exclusions.filter((x) => {
      const before = have.get(x.id);
      return !before || (before.source === 'knowledge-base' && JSON.stringify(before) !== JSON.stringify(x));
    });
    const out = store.saveExclusions(c.id, changed);
    lines.push(
      `stored: ${out.added.length} added (disabled), ${out.updated.length} refreshed; enable with "kqlhunt rules exclusions enable ${c.id} ID"`,
    );
  } else lines.push(`store them (disabled) with "kqlhunt rules exclusions suggest ${c.id} --add"`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

interface AddFlags {
  readonly id?: string;
  readonly scenario?: string;
  readonly description?: string;
  readonly disabled?: boolean;
  readonly db?: string;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

function exclusionsAdd(store: Store, ruleText: string, expression: string, opts: AddFlags): number {
  const c = requireRule(store, ruleText);
  const table = ruleTable(c.rule);
  const compiled = compileForTable(expression, table);
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (compiled.kql === undefined || errors.length > 0) {
    for (const d of errors.length > 0 ? errors : compiled.diagnostics)
      process.stderr.write(`exclusion ${d.line}:${d.column}: ${d.code} ${d.message}\n`);
    process.stderr.write(`not stored: the exclusion does not compile for ${table ?? "the rule's table"}\n`);
    return EXIT_QUERY_ERRORS;
  }
  const taken = new Set(store.listExclusions(c.id).map((x) => x.id));
  let id = opts.id ?? (opts.scenario ? slug(opts.scenario) : '');
  for (let n = taken.size + 1; id === '' || (!opts.id && taken.has(id)); n++) id = `user-${n}`;
  const x: Exclusion = {
    id,
    scenario: opts.scenario ?? id,
    description: opts.description ?? '',
    expression,
    enabled: opts.disabled !== true,
    source: 'user',
  };
  const out = store.saveExclusions(c.id, [x]);
  const [view] = exclusionViews(c.rule, [x]);
  const lines = [
    `${out.added.length > 0 ? 'added' : 'replaced'} exclusion ${id} of ${c.id}`,
    ...(view ? exclusionViewLines(view) : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

function exclusionsToggle(
  store: Store,
  ruleText: string,
  ids: readonly string[],
  all: boolean,
  enabled: boolean,
): number {
  const id = requireRuleId(store, ruleText);
  if (!all && ids.length === 0)
    throw new UsageError(`name the exclusion ids to ${enabled ? 'enable' : 'disable'}, or --all`);
  const targets = all ? store.listExclusions(id).map((x) => x.id) : ids;
  const missing = store.setExclusionsEnabled(id, targets, enabled);
  for (const m of missing)
    process.stderr.write(`no exclusion '${m}' for rule ${id}; see "kqlhunt rules exclusions list ${id}"\n`);
  process.stdout.write(
    `${enabled ? 'enabled' : 'disabled'} ${targets.length - missing.length} exclusion(s) of ${id}\n`,
  );
  return missing.length > 0 ? EXIT_QUERY_ERRORS : EXIT_OK;
}

async function exclusionsImport(store: Store, files: readonly string[], replace: boolean): Promise<number> {
  let failed = false;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new UsageError(`rules exclusions import: cannot read ${file}: ${(e as Error).message}`);
    }
    const doc = importExclusionsYaml(text);
    for (const d of doc.diagnostics) process.stderr.write(`${file}:${d.line}:${d.column}: ${d.code} ${d.message}\n`);
    if (!doc.value) {
      failed = true;
      continue;
    }
    const { ruleId, exclusions } = doc.value;
    const rule = store.getRule(ruleId)?.rule;
    if (!rule)
      process.stderr.write(
        `${file}: rule ${ruleId} is not in the catalog; stored anyway (a hunt over it applies them)\n`,
      );
    else for (const x of exclusions) failed = warnIfBroken(file, rule, x) || failed;
    const out = replace
      ? store.replaceExclusions(ruleId, exclusions)
      : { ...store.saveExclusions(ruleId, exclusions), removed: undefined };
    const removed = out.removed ? `, removed ${out.removed.length}` : '';
    process.stdout.write(
      `${file}: rule ${ruleId}: added ${out.added.length}, updated ${out.updated.length}${removed}\n`,
    );
    failed = failed || doc.diagnostics.some((d) => d.severity === 'error');
  }
  return failed ? EXIT_QUERY_ERRORS : EXIT_OK;
}

function warnIfBroken(file: string, rule: Rule, x: Exclusion): boolean {
  const compiled = compileForTable(x.expression, ruleTable(rule));
  if (compiled.kql !== undefined) return false;
  const d = compiled.diagnostics.find((y) => y.severity === 'error') ?? compiled.diagnostics[0];
  process.stderr.write(
    `${file}: exclusion ${x.id} does not compile for the rule: ${d ? `${d.code} ${d.message}` : ''}\n`,
  );
  return true;
}
