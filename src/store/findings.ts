/**
 * Findings and their triage. A finding's id is a hash of its rule and entity keys, so the same
 * device/account/URL found again by a later run is the same finding: its last-seen run and row are
 * updated, its triage state and comment are kept.
 */
import type Database from 'better-sqlite3';
import { jsonText } from '../kql/engine.js';
import type { FindingEvent, FindingFilter, FindingRecord, NewFinding, TriageChange, TriageState } from './types.js';

export function upsertFindings(db: Database, runId: number, findings: readonly NewFinding[], at: string): void {
  const upsert = db.prepare(
    `INSERT INTO findings (id, rule_id, rule_name, keys_json, first_run, last_run, row_json, state, comment, updated_at)
     VALUES (?,?,?,?,?,?,?,'new','',?)
     ON CONFLICT(id) DO UPDATE SET last_run = excluded.last_run, row_json = excluded.row_json,
       rule_name = excluded.rule_name`,
  );
  const sighting = db.prepare('INSERT OR IGNORE INTO finding_sightings (finding_id, run_id) VALUES (?, ?)');
  for (const f of findings) {
    upsert.run(f.id, f.ruleId, f.ruleName, jsonText(f.keys), runId, runId, jsonText(f.row), at);
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
  assignee: string | null;
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
    assignee: r.assignee ?? '',
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
  if (state !== f.state || (comment !== undefined && comment !== '')) appendEvent(db, f.id, at, { state, comment });
  return getFinding(db, f.id);
}

function appendEvent(db: Database, id: string, at: string, c: TriageChange): void {
  db.prepare('INSERT INTO finding_events (finding_id, at, state, assignee, comment) VALUES (?,?,?,?,?)').run(
    id,
    at,
    c.state ?? null,
    c.assignee ?? null,
    c.comment ?? '',
  );
}

/**
 * Applies one triage change to each finding (ids exact), in one transaction; fields not given are
 * kept. A change that changes nothing and adds no comment leaves no history. Returns the findings
 * changed (unknown ids are skipped).
 */
export function triageFindings(
  db: Database,
  ids: readonly string[],
  change: TriageChange,
  at: string = new Date().toISOString(),
): FindingRecord[] {
  const out: FindingRecord[] = [];
  const get = db.prepare('SELECT * FROM findings WHERE id = ?');
  const update = db.prepare('UPDATE findings SET state = ?, assignee = ?, comment = ?, updated_at = ? WHERE id = ?');
  db.transaction(() => {
    for (const id of ids) {
      const row = get.get(id) as FindingRow | undefined;
      if (!row) continue;
      const f = toFinding(row);
      const state = change.state !== undefined && change.state !== f.state ? change.state : undefined;
      const assignee = change.assignee !== undefined && change.assignee !== f.assignee ? change.assignee : undefined;
      const comment = change.comment ?? '';
      if (state === undefined && assignee === undefined && comment === '') {
        out.push(f);
        continue;
      }
      update.run(state ?? f.state, assignee ?? f.assignee, comment || f.comment, at, f.id);
      appendEvent(db, f.id, at, {
        ...(state !== undefined ? { state } : {}),
        ...(assignee !== undefined ? { assignee } : {}),
        comment,
      });
      out.push(toFinding(get.get(id) as FindingRow));
    }
  })();
  return out;
}

/** A finding's triage history, oldest first. */
export function findingHistory(db: Database, id: string): FindingEvent[] {
  return (
    db.prepare('SELECT at, state, assignee, comment FROM finding_events WHERE finding_id = ? ORDER BY id').all(id) as {
      at: string;
      state: TriageState | null;
      assignee: string | null;
      comment: string;
    }[]
  ).map((r) => ({ at: r.at, state: r.state ?? undefined, assignee: r.assignee ?? undefined, comment: r.comment }));
}
