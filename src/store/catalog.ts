/**
 * The rule catalog: imports of rule sources (directories, git repositories) and the rules they
 * held. An import is compared with the previous import of the same source by content hash, and the
 * whole import is written in one transaction.
 */
import type Database from 'better-sqlite3';
import type { ImportedRule, RuleDiagnostic } from '../rules/index.js';
import type { Rule } from '../rules/model.js';
import type { CatalogRule, ImportChanges, ImportRecord, RuleFilter, SourceKind } from './types.js';

export interface ImportInput {
  readonly source: string;
  readonly kind: SourceKind;
  readonly ref?: string;
  readonly commit?: string;
  readonly retrievedAt: string;
  readonly filesRead: number;
  /** Rules already linted (their `lint` is stored as the rule's lint status). */
  readonly rules: readonly ImportedRule[];
  readonly diagnostics: readonly RuleDiagnostic[];
}

export interface ImportOutcome {
  readonly record: ImportRecord;
  readonly changes: ImportChanges;
}

function sourceId(db: Database, name: string, kind: SourceKind): number {
  db.prepare('INSERT INTO sources (name, kind) VALUES (?, ?) ON CONFLICT(name) DO NOTHING').run(name, kind);
  return (db.prepare('SELECT id FROM sources WHERE name = ?').get(name) as { id: number }).id;
}

/** Broken files: distinct paths with an error diagnostic. */
function brokenFiles(diagnostics: readonly RuleDiagnostic[]): number {
  return new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.path)).size;
}

export function recordImport(db: Database, input: ImportInput): ImportOutcome {
  return db
    .transaction(() => {
      const src = sourceId(db, input.source, input.kind);
      const previous = new Map(
        (
          db.prepare('SELECT id, content_hash FROM rules WHERE source_id = ? AND removed_at IS NULL').all(src) as {
            id: string;
            content_hash: string;
          }[]
        ).map((r) => [r.id, r.content_hash]),
      );
      // A rule id is one row whichever source brought it: importing it from a new source (a local
      // copy of a bundled-pack rule, say) updates that row, so compare with it.
      const anywhere = new Map(
        (
          db.prepare('SELECT id, content_hash FROM rules WHERE removed_at IS NULL').all() as {
            id: string;
            content_hash: string;
          }[]
        ).map((r) => [r.id, r.content_hash]),
      );
      const changes = classify(previous, anywhere, input.rules);
      const importId = Number(
        db
          .prepare(
            `INSERT INTO imports (source_id, ref, commit_id, retrieved_at, files_read, rules, added, updated,
               unchanged, removed, broken, diagnostics_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
          )
          .run(
            src,
            input.ref ?? null,
            input.commit ?? null,
            input.retrievedAt,
            input.filesRead,
            input.rules.length,
            changes.added.length,
            changes.updated.length,
            changes.unchanged.length,
            changes.removed.length,
            brokenFiles(input.diagnostics),
            JSON.stringify(input.diagnostics),
          ).lastInsertRowid,
      );
      const upsert = db.prepare(
        `INSERT INTO rules (id, source_id, path, name, content_hash, rule_json, lint_status, first_imported,
           last_imported, last_import_id, removed_at) VALUES (?,?,?,?,?,?,?,?,?,?,NULL)
         ON CONFLICT(id) DO UPDATE SET source_id = excluded.source_id, path = excluded.path, name = excluded.name,
           content_hash = excluded.content_hash, rule_json = excluded.rule_json, lint_status = excluded.lint_status,
           last_imported = excluded.last_imported, last_import_id = excluded.last_import_id, removed_at = NULL`,
      );
      for (const { rule, hash } of input.rules) {
        upsert.run(
          rule.id,
          src,
          rule.source.path,
          rule.name,
          hash,
          JSON.stringify(rule),
          rule.lint.status,
          input.retrievedAt,
          input.retrievedAt,
          importId,
        );
      }
      const remove = db.prepare('UPDATE rules SET removed_at = ? WHERE id = ?');
      for (const id of changes.removed) remove.run(input.retrievedAt, id);
      return { record: getImport(db, importId)!, changes };
    })
    .immediate();
}

function classify(
  previous: ReadonlyMap<string, string>,
  anywhere: ReadonlyMap<string, string>,
  rules: readonly ImportedRule[],
): ImportChanges {
  const added: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const seen = new Set<string>();
  for (const { rule, hash } of rules) {
    seen.add(rule.id);
    const old = previous.get(rule.id) ?? anywhere.get(rule.id);
    if (old === undefined) added.push(rule.id);
    else if (old === hash) unchanged.push(rule.id);
    else updated.push(rule.id);
  }
  const removed = [...previous.keys()].filter((id) => !seen.has(id));
  return { added, updated, unchanged, removed };
}

interface ImportRow {
  id: number;
  name: string;
  ref: string | null;
  commit_id: string | null;
  retrieved_at: string;
  files_read: number;
  rules: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  broken: number;
  diagnostics_json: string;
}

const IMPORT_SELECT = 'SELECT i.*, s.name FROM imports i JOIN sources s ON s.id = i.source_id';

function toImport(r: ImportRow): ImportRecord {
  return {
    id: r.id,
    source: r.name,
    ref: r.ref ?? undefined,
    commit: r.commit_id ?? undefined,
    retrievedAt: r.retrieved_at,
    filesRead: r.files_read,
    rules: r.rules,
    added: r.added,
    updated: r.updated,
    unchanged: r.unchanged,
    removed: r.removed,
    broken: r.broken,
    diagnostics: JSON.parse(r.diagnostics_json) as RuleDiagnostic[],
  };
}

export function getImport(db: Database, id: number): ImportRecord | undefined {
  const r = db.prepare(`${IMPORT_SELECT} WHERE i.id = ?`).get(id) as ImportRow | undefined;
  return r ? toImport(r) : undefined;
}

export function listImports(db: Database, source?: string): ImportRecord[] {
  const rows = (
    source === undefined
      ? db.prepare(`${IMPORT_SELECT} ORDER BY i.id`).all()
      : db.prepare(`${IMPORT_SELECT} WHERE s.name = ? ORDER BY i.id`).all(source)
  ) as ImportRow[];
  return rows.map(toImport);
}

interface RuleRow {
  id: string;
  name: string;
  source: string;
  path: string;
  content_hash: string;
  rule_json: string;
  lint_status: string;
  first_imported: string;
  last_imported: string;
  removed_at: string | null;
}

const RULE_SELECT =
  'SELECT r.id, r.name, s.name AS source, r.path, r.content_hash, r.rule_json, r.lint_status, r.first_imported, r.last_imported, r.removed_at FROM rules r JOIN sources s ON s.id = r.source_id';

function toCatalogRule(r: RuleRow): CatalogRule {
  const rule = JSON.parse(r.rule_json) as Rule;
  return {
    id: r.id,
    source: r.source,
    path: r.path,
    name: r.name,
    hash: r.content_hash,
    lintStatus: rule.lint.status,
    firstImported: r.first_imported,
    lastImported: r.last_imported,
    removedAt: r.removed_at ?? undefined,
    rule,
  };
}

/** Filters on the stored rule JSON; the catalog is small enough (thousands) to filter in memory. */
export function listRules(db: Database, filter: RuleFilter = {}): CatalogRule[] {
  const rows = db.prepare(`${RULE_SELECT} ORDER BY s.name, r.path, r.id`).all() as RuleRow[];
  const lower = (s: string | undefined) => s?.toLowerCase();
  const tactic = lower(filter.tactic);
  const technique = lower(filter.technique);
  const table = lower(filter.table);
  return rows.map(toCatalogRule).filter((c) => {
    if (!filter.includeRemoved && c.removedAt !== undefined) return false;
    if (filter.source !== undefined && c.source !== filter.source) return false;
    if (filter.lint !== undefined && c.lintStatus !== filter.lint) return false;
    if (tactic && !c.rule.tactics.some((t) => t.toLowerCase() === tactic)) return false;
    // A parent technique filter (T1059) also finds its sub-techniques (T1059.001).
    if (
      technique &&
      !c.rule.techniques.some((t) => t.toLowerCase() === technique || t.toLowerCase().startsWith(`${technique}.`))
    )
      return false;
    if (table && !c.rule.tables.some((t) => t.toLowerCase() === table)) return false;
    return true;
  });
}

/** A rule by id, or by a unique id prefix (ids are long UUIDs). */
export function getRule(db: Database, idOrPrefix: string): CatalogRule | undefined {
  const exact = db.prepare(`${RULE_SELECT} WHERE r.id = ?`).get(idOrPrefix) as RuleRow | undefined;
  if (exact) return toCatalogRule(exact);
  const escaped = idOrPrefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = db.prepare(`${RULE_SELECT} WHERE r.id LIKE ? ESCAPE '\\' LIMIT 2`).all(`${escaped}%`) as RuleRow[];
  return rows.length === 1 ? toCatalogRule(rows[0]!) : undefined;
}
