import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, SCHEMA_VERSION, type Store } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';

let dir: string;
const open: Store[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-triage-'));
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

function withFindings(path: string, migrateTo?: number): Store {
  const store = openStore(path, migrateTo === undefined ? {} : { migrateTo });
  open.push(store);
  const run = store.startRun({ rulesSpec: ['rmm'], dataPaths: ['d'] });
  store.recordRuleResult(
    {
      runId: run,
      ruleId: 'a',
      ruleName: 'rule a',
      rows: 3,
      columns: [],
      error: undefined,
      note: undefined,
      elapsedMs: 1,
    },
    ['f1', 'f2', 'f3'].map((id, i) => ({
      id,
      ruleId: 'a',
      ruleName: 'rule a',
      keys: { DeviceName: `dev${i}` },
      row: { DeviceName: `dev${i}` },
    })),
  );
  return store;
}

describe('triage: assignee and history', () => {
  it('bulk triage changes only the given fields, keeps a history, and skips unknown ids', () => {
    const store = withFindings(join(dir, 'k.db'));
    const changed = store.triageFindings(['f1', 'f2', 'nope'], { state: 'true_positive', assignee: 'ana' });
    expect(changed.map((f) => [f.id, f.state, f.assignee])).toEqual([
      ['f1', 'true_positive', 'ana'],
      ['f2', 'true_positive', 'ana'],
    ]);
    store.triageFindings(['f1'], { comment: 'called the user' });
    store.triageFindings(['f1'], { assignee: 'ben', comment: 'handed over' });
    // Nothing changes and no comment: no history entry.
    store.triageFindings(['f1'], { state: 'true_positive' });
    const f1 = store.getFinding('f1')!;
    expect([f1.state, f1.assignee, f1.comment]).toEqual(['true_positive', 'ben', 'handed over']);
    expect(store.findingHistory('f1').map(({ state, assignee, comment }) => ({ state, assignee, comment }))).toEqual([
      { state: 'true_positive', assignee: 'ana', comment: '' },
      { state: undefined, assignee: undefined, comment: 'called the user' },
      { state: undefined, assignee: 'ben', comment: 'handed over' },
    ]);
    expect(store.findingHistory('f3')).toEqual([]);
    expect(store.getFinding('f3')!.assignee).toBe('');
  });

  it('the CLI path (setFindingState) records history too', () => {
    const store = withFindings(join(dir, 'k.db'));
    store.setFindingState('f2', 'benign', 'sanctioned tool');
    expect(store.findingHistory('f2')).toMatchObject([{ state: 'benign', comment: 'sanctioned tool' }]);
  });

  it('upgrading a store with triage turns earlier states and comments into the first history entry', () => {
    const path = join(dir, 'old.db');
    // The version just before the triage migration (later migrations may follow it).
    const old = withFindings(
      path,
      MIGRATIONS.findIndex((m) => m.name === 'triage assignee and history'),
    );
    old.close();
    open.pop();
    // Triage as the previous version wrote it: state and comment on the row, no history table.
    const raw = new Database(path);
    raw.prepare("UPDATE findings SET state = 'false_positive', comment = 'lab machine' WHERE id = 'f1'").run();
    raw.close();
    const store = openStore(path);
    open.push(store);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.getFinding('f1')).toMatchObject({ state: 'false_positive', assignee: '', comment: 'lab machine' });
    expect(store.findingHistory('f1')).toMatchObject([{ state: 'false_positive', comment: 'lab machine' }]);
    expect(store.findingHistory('f2')).toEqual([]);
  });
});
