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
import { hasErrors, huntProvider, type LintReport, lintPaths, lintRules, toSarif } from '../../hunts/index.js';
import {
  compileForTable,
  enrichRule,
  type Exclusion,
  exportExclusionsYaml,
  exportSentinelYaml,
  falsePositiveSuggestions,
  importDirectory,
  importExclusionsYaml,
  importFromGit,
  lintRule,
  mergeExclusions,
  tuneQuery,
} from '../../rules/index.js';
import type { LintStatus, Rule } from '../../rules/model.js';
import { openStore, resolveDbPath, type SourceKind, type Store } from '../../store/index.js';
import { schemaCatalog } from '../../telemetry/schemas.js';
import { EXIT_OK, EXIT_QUERY_ERRORS, UsageError } from '../exit.js';
import { parseChoice } from '../options.js';
import { VERSION } from '../program.js';

const DB_OPTION = ['--db <path>', 'the store (default $KQLHUNT_DB or the user data directory)'] as const;

const HELP = `
import: a directory of Sentinel YAML / markdown rules, or a git repository (https://, ssh://,
git@, file:// URL, or a local directory with .git — its committed files at --ref, default HEAD).
Each rule is linted against the built-in table schemas; the report says what was added, updated,
unchanged or removed since the previous import of the same source, and which files are broken.
lint: exit 1 when any rule has errors; --format sarif writes SARIF 2.1.0 for code scanning.

Examples:
  $ kqlhunt rules import https://github.com/Azure/Azure-Sentinel.git --ref master
  $ kqlhunt rules list --technique T1219 --lint errors
  $ kqlhunt rules lint ./rules --format sarif > lint.sarif
  $ kqlhunt rules export f9919f87 > syncro.yaml`;

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
    .option(...DB_OPTION)
    .action((id: string, opts: { format?: string; db?: string }) =>
      withStore(opts.db, (store) => showCommand(store, id, opts.format)),
    );
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
    .option(...DB_OPTION)
    .action((id: string, opts: { db?: string }) =>
      withStore(opts.db, (store) => {
        process.stdout.write(exportSentinelYaml(requireRule(store, id).rule));
        return EXIT_OK;
      }),
    );
}

function withStore(db: string | undefined, f: (store: Store) => number): void {
  const store = openStore(resolveDbPath(db));
  try {
    process.exitCode = f(store);
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
    process.stdout.write(`${out.join('\n')}\n`);
    return EXIT_OK;
  } finally {
    store.close();
  }
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
