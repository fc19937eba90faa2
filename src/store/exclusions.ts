/**
 * Exclusions beside their rule (table `exclusions`, schema v3), keyed by rule id. Nothing here
 * looks at the `rules` table: a re-import of a changed upstream rule rewrites the rule row and
 * leaves the exclusions as the user left them. Order is kept (`position`) because the tuned
 * query inserts exclusions in the order they are listed.
 */
import type Database from 'better-sqlite3';
import {
  EXCLUSION_SOURCES,
  type Exclusion,
  type ExclusionSource,
  type RuleExclusions,
} from '../rules/exclusions/types.js';
import type { ExclusionResultRecord, StoredExclusion } from './types.js';

interface ExclusionRow {
  rule_id: string;
  id: string;
  scenario: string;
  description: string;
  expression: string;
  enabled: number;
  source: string;
  created_at: string;
  updated_at: string;
}

function toStored(r: ExclusionRow): StoredExclusion {
  // A source this program does not know (a newer kqlhunt wrote it) reads as the user's own.
  const source = (EXCLUSION_SOURCES as readonly string[]).includes(r.source) ? (r.source as ExclusionSource) : 'user';
  return {
    ruleId: r.rule_id,
    id: r.id,
    scenario: r.scenario,
    description: r.description,
    expression: r.expression,
    enabled: r.enabled !== 0,
    source,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function listExclusions(db: Database, ruleId: string): StoredExclusion[] {
  const rows = db
    .prepare('SELECT * FROM exclusions WHERE rule_id = ? ORDER BY position, id')
    .all(ruleId) as ExclusionRow[];
  return rows.map(toStored);
}

/** Every stored exclusion, grouped by rule id (for attaching them to a whole pack before a hunt). */
export function exclusionsByRule(db: Database): Map<string, StoredExclusion[]> {
  const rows = db.prepare('SELECT * FROM exclusions ORDER BY rule_id, position, id').all() as ExclusionRow[];
  const out = new Map<string, StoredExclusion[]>();
  for (const r of rows) {
    const list = out.get(r.rule_id) ?? [];
    list.push(toStored(r));
    out.set(r.rule_id, list);
  }
  return out;
}

/** The storage document (`exportExclusionsYaml` input) for one rule. */
export function ruleExclusions(db: Database, ruleId: string): RuleExclusions {
  return { ruleId, exclusions: listExclusions(db, ruleId).map(plain) };
}

/** Drops the store's bookkeeping fields, leaving the rules-area Exclusion shape. */
export function plain(x: Exclusion): Exclusion {
  return {
    id: x.id,
    scenario: x.scenario,
    description: x.description,
    expression: x.expression,
    enabled: x.enabled,
    source: x.source,
  };
}

export interface SaveOutcome {
  readonly added: readonly string[];
  readonly updated: readonly string[];
}

/**
 * Inserts or updates each exclusion (matched by rule id + exclusion id); entries not in `list`
 * stay. An updated entry keeps its creation time and position; new ones go to the end.
 */
export function saveExclusions(
  db: Database,
  ruleId: string,
  list: readonly Exclusion[],
  at: string = new Date().toISOString(),
): SaveOutcome {
  return db
    .transaction(() => {
      const existing = new Set(listExclusions(db, ruleId).map((x) => x.id));
      const next = db.prepare('SELECT COALESCE(MAX(position), -1) + 1 AS p FROM exclusions WHERE rule_id = ?');
      const insert = db.prepare(
        `INSERT INTO exclusions (rule_id, id, scenario, description, expression, enabled, source, position, created_at, updated_at)
         VALUES (?,?,?,?,?,?,?,?,?,?)`,
      );
      const update = db.prepare(
        `UPDATE exclusions SET scenario = ?, description = ?, expression = ?, enabled = ?, source = ?, updated_at = ?
         WHERE rule_id = ? AND id = ?`,
      );
      const added: string[] = [];
      const updated: string[] = [];
      for (const x of list) {
        if (existing.has(x.id)) {
          update.run(x.scenario, x.description, x.expression, x.enabled ? 1 : 0, x.source, at, ruleId, x.id);
          updated.push(x.id);
        } else {
          const { p } = next.get(ruleId) as { p: number };
          insert.run(ruleId, x.id, x.scenario, x.description, x.expression, x.enabled ? 1 : 0, x.source, p, at, at);
          existing.add(x.id);
          added.push(x.id);
        }
      }
      return { added, updated };
    })
    .immediate();
}

/** Makes the rule's stored set exactly `list` (in that order), keeping creation times of kept ids. */
export function replaceExclusions(
  db: Database,
  ruleId: string,
  list: readonly Exclusion[],
  at: string = new Date().toISOString(),
): SaveOutcome & { readonly removed: readonly string[] } {
  return db
    .transaction(() => {
      const keep = new Set(list.map((x) => x.id));
      const removed = listExclusions(db, ruleId)
        .map((x) => x.id)
        .filter((id) => !keep.has(id));
      removeExclusions(db, ruleId, removed);
      const outcome = saveExclusions(db, ruleId, list, at);
      const order = db.prepare('UPDATE exclusions SET position = ? WHERE rule_id = ? AND id = ?');
      for (const [i, x] of list.entries()) order.run(i, ruleId, x.id);
      return { ...outcome, removed };
    })
    .immediate();
}

/** Sets `enabled` on the given ids; returns the ids the rule does not have. */
export function setExclusionsEnabled(
  db: Database,
  ruleId: string,
  ids: readonly string[],
  enabled: boolean,
  at: string = new Date().toISOString(),
): string[] {
  return db
    .transaction(() => {
      const stmt = db.prepare('UPDATE exclusions SET enabled = ?, updated_at = ? WHERE rule_id = ? AND id = ?');
      return ids.filter((id) => stmt.run(enabled ? 1 : 0, at, ruleId, id).changes === 0);
    })
    .immediate();
}

/** Deletes the given ids; returns how many were deleted. */
export function removeExclusions(db: Database, ruleId: string, ids: readonly string[]): number {
  const stmt = db.prepare('DELETE FROM exclusions WHERE rule_id = ? AND id = ?');
  let n = 0;
  for (const id of ids) n += stmt.run(ruleId, id).changes;
  return n;
}

/** Part of recordRuleResult's transaction: the per-exclusion outcome of one rule in one run. */
export function insertExclusionResults(
  db: Database,
  runId: number,
  ruleId: string,
  results: readonly ExclusionResultRecord[],
): void {
  const stmt = db.prepare(
    `INSERT OR REPLACE INTO exclusion_results (run_id, rule_id, exclusion_id, scenario, expression, applied, suppressed,
       benign, malicious, unlabelled, malicious_scenarios_json, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  for (const r of results)
    stmt.run(
      runId,
      ruleId,
      r.exclusionId,
      r.scenario,
      r.expression,
      r.applied ? 1 : 0,
      r.suppressed,
      r.benign,
      r.malicious,
      r.unlabelled,
      JSON.stringify(r.maliciousScenarios),
      r.error ?? null,
    );
}

interface ResultRow {
  rule_id: string;
  exclusion_id: string;
  scenario: string;
  expression: string;
  applied: number;
  suppressed: number;
  benign: number;
  malicious: number;
  unlabelled: number;
  malicious_scenarios_json: string;
  error: string | null;
}

/** Exclusion outcomes of a run, by rule id (in the order they were recorded). */
export function exclusionResults(db: Database, runId: number): Map<string, ExclusionResultRecord[]> {
  const rows = db
    .prepare('SELECT * FROM exclusion_results WHERE run_id = ? ORDER BY rule_id, rowid')
    .all(runId) as ResultRow[];
  const out = new Map<string, ExclusionResultRecord[]>();
  for (const r of rows) {
    const list = out.get(r.rule_id) ?? [];
    list.push({
      exclusionId: r.exclusion_id,
      scenario: r.scenario,
      expression: r.expression,
      applied: r.applied !== 0,
      suppressed: r.suppressed,
      benign: r.benign,
      malicious: r.malicious,
      unlabelled: r.unlabelled,
      maliciousScenarios: JSON.parse(r.malicious_scenarios_json) as string[],
      error: r.error ?? undefined,
    });
    out.set(r.rule_id, list);
  }
  return out;
}
