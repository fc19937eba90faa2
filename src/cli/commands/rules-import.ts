/** `kqlhunt rules import`: a rule directory or git repository into the catalog, with a change report. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ruleTable } from '../../hunts/exclusion-view.js';
import { type BundledPack, bundledPack, bundledPacks, packFingerprint, withoutManifest } from '../../hunts/packs.js';
import { compileForTable, importDirectory, importFile, importFromGit, lintRule } from '../../rules/index.js';
import type { Rule } from '../../rules/model.js';
import { openStore, resolveDbPath, type SourceKind, type Store } from '../../store/index.js';
import { schemaCatalog } from '../../telemetry/schemas.js';
import { EXIT_OK, UsageError } from '../exit.js';
import { normalizeRuleSpec } from '../rule-specs.js';

export interface ImportFlags {
  readonly ref?: string;
  readonly db?: string;
}

const GIT_URL = /^(https?:\/\/|ssh:\/\/|git@|file:\/\/)/;

/** Changed rules listed per kind before the report says "… N more". */
const MAX_LISTED = 50;

function sourceKind(source: string): SourceKind {
  if (GIT_URL.test(source)) return 'git';
  if (!existsSync(source))
    throw new UsageError(`rules import: ${source} is neither a git URL nor an existing directory`);
  if (statSync(source).isFile()) return 'file';
  if (!statSync(source).isDirectory())
    throw new UsageError(`rules import: ${source} is neither a file nor a directory`);
  return existsSync(resolve(source, '.git')) ? 'git' : 'directory';
}

/** A bare bundled-pack name (`rmm`, `rmm/`): `rules import rmm` does what `--rules rmm` does. */
function packNamed(source: string): BundledPack | undefined {
  const spec = normalizeRuleSpec(source);
  if (spec.includes('/') || spec.includes('\\') || bundledPack(spec) === undefined) return undefined;
  return bundledPacks().find((p) => p.name === spec);
}

export async function importCommand(source: string, opts: ImportFlags): Promise<number> {
  const pack = packNamed(source);
  const kind: SourceKind = pack ? 'pack' : sourceKind(source);
  const name = pack ? pack.source : GIT_URL.test(source) ? source : resolve(source);
  if (kind !== 'git' && opts.ref) throw new UsageError('--ref needs a git source');
  const retrievedAt = new Date().toISOString();
  const imported = pack
    ? {
        ...(await importDirectory(pack.dir, { repository: name, retrievedAt })),
        commit: await packFingerprint(pack.dir),
      }
    : kind === 'git'
      ? await importFromGit(name, opts.ref ?? 'HEAD', { repository: name, retrievedAt })
      : kind === 'file'
        ? await importFile(name, { repository: name, retrievedAt })
        : await importDirectory(name, { repository: name, retrievedAt });
  const diagnostics = pack ? withoutManifest(imported.diagnostics) : imported.diagnostics;
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
      diagnostics,
    });
    const lint = countBy(rules.map((r) => r.rule.lint.status));
    const sigma = rules.filter((r) => r.rule.sigma);
    const refused = sigma.filter((r) => r.rule.sigma?.conversion.status === 'not convertible');
    const out = [
      `imported ${record.rules} rule(s) from ${record.filesRead} file(s) of ${name}${record.commit ? ` at ${record.commit}` : ''}`,
      `added ${record.added}, updated ${record.updated}, unchanged ${record.unchanged}, removed ${record.removed}, broken files ${record.broken}`,
      `lint: ${['clean', 'warnings', 'errors'].map((s) => `${s} ${lint.get(s) ?? 0}`).join(', ')}`,
      ...(sigma.length > 0
        ? [
            `sigma: ${sigma.length - refused.length} converted to KQL, ${refused.length} not convertible (kept in the catalog)`,
          ]
        : []),
    ];
    const byId = new Map(rules.map((r) => [r.rule.id, r.rule]));
    for (const [label, ids] of [
      ['added', changes.added],
      ['updated', changes.updated],
      ['removed', changes.removed],
    ] as const) {
      for (const id of ids.slice(0, MAX_LISTED)) out.push(`  ${label} ${id} ${byId.get(id)?.name ?? ''}`.trimEnd());
      if (ids.length > MAX_LISTED) out.push(`  … ${ids.length - MAX_LISTED} more ${label}`);
    }
    for (const d of diagnostics.filter((x) => x.severity === 'error'))
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
