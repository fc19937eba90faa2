/**
 * Findings and their triage. A finding's id is a hash of its rule and entity keys, so the same
 * device/account/URL found again by a later run is the same finding: its last-seen run and row are
 * updated, its triage state and comment are kept.
 */
import type Database from 'better-sqlite3';
import type { FindingFilter, FindingRecord, NewFinding, TriageState } from './types.js';

export function upsertFindings(db: Database, runId: number, findings: readonly NewFinding[], at: string): void {
  const upsert = db.prepare(
    `INSERT INTO findings (id, rule_id, rule_name, keys_json, first_run, last_run, row_json, state, comment, updated_at)
     VALUES (?,?,?,?,?,?,?,'new','',?)
     ON CONFLICT(id) DO UPDATE SET last_run = excluded.last_run, row_json = excluded.row_json,
       rule_name = excluded.rule_name`,
  );
  const sighting = db.prepare('INSERT OR IGNORE INTO finding_sightings (finding_id, run_id) VALUES (?, ?)');
  for (const f of findings) {
    upsert.run(f.id, f.ruleId, f.ruleName, JSON.stringify(f.keys), runId, runId, JSON.stringify(f.row), at);
    sighting.run(f.id, runId);
  }
}

interface FindingRow {
  id: string;
  rule_id: string;
  rule_name: string;
  keys_json: string;
  first_run: number;
  last_run: number;
  row_json: string;
  state: TriageState;
  comment: string;
  updated_at: string;
}

function toFinding(r: FindingRow): FindingRecord {
  return {
    id: r.id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    keys: JSON.parse(r.keys_json) as Record<string, unknown>,
    firstRun: r.first_run,
    lastRun: r.last_run,
    row: JSON.parse(r.row_json) as Record<string, unknown>,
    state: r.state,
    comment: r.comment,
    updatedAt: r.updated_at,
  };
}

export function listFindings(db: Database, filter: FindingFilter = {}): FindingRecord[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.run !== undefined) {
    where.push('f.id IN (SELECT finding_id FROM finding_sightings WHERE run_id = ?)');
    params.push(filter.run);
  }
  if (filter.rule !== undefined) {
    where.push('f.rule_id = ?');
    params.push(filter.rule);
  }
  if (filter.state !== undefined) {
    where.push('f.state = ?');
    params.push(filter.state);
  }
  const sql = `SELECT * FROM findings f ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY f.rule_name, f.keys_json LIMIT ?`;
  params.push(filter.limit ?? -1);
  return (db.prepare(sql).all(...params) as FindingRow[]).map(toFinding);
}

/** A finding by id or unique id prefix. */
export function getFinding(db: Database, idOrPrefix: string): FindingRecord | undefined {
  if (!/^[0-9a-f]+$/i.test(idOrPrefix)) return undefined;
  const rows = db
    .prepare('SELECT * FROM findings WHERE id LIKE ? LIMIT 2')
    .all(`${idOrPrefix.toLowerCase()}%`) as FindingRow[];
  const exact = rows.find((r) => r.id === idOrPrefix.toLowerCase());
  if (exact) return toFinding(exact);
  return rows.length === 1 ? toFinding(rows[0]!) : undefined;
}

export function setFindingState(
  db: Database,
  id: string,
  state: TriageState,
  comment: string | undefined,
  at: string = new Date().toISOString(),
): FindingRecord | undefined {
  const f = getFinding(db, id);
  if (!f) return undefined;
  db.prepare('UPDATE findings SET state = ?, comment = ?, updated_at = ? WHERE id = ?').run(
    state,
    comment ?? f.comment,
    at,
    f.id,
  );
  return getFinding(db, f.id);
}
