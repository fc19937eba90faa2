import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Rule } from '../../src/rules/model.js';
import { openStore, resolveDbPath, SCHEMA_VERSION, type Store } from '../../src/store/index.js';
import { applyMigrations, migrate } from '../../src/store/migrations.js';

let dir: string;
let store: Store | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-store-'));
});
afterEach(() => {
  store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function rule(id: string, query = 'DeviceInfo | take 1', extra: Partial<Rule> = {}): Rule {
  return {
    id,
    name: `rule ${id}`,
    description: '',
    kind: 'hunting',
    format: 'sentinel-yaml',
    query,
    tactics: ['CommandAndControl'],
    techniques: ['T1219'],
    requiredDataConnectors: [],
    tables: ['DeviceInfo'],
    entityMappings: [],
    customDetails: {},
    tags: [],
    references: [],
    source: { repository: 'r', path: `${id}.yaml` },
    extra: {},
    lint: { status: 'clean', diagnostics: [] },
    ...extra,
  };
}

const finding = (id: string, device: string) => ({
  id,
  ruleId: 'a',
  ruleName: 'rule a',
  keys: { DeviceName: device },
  row: { DeviceName: device, Count: 1 },
});

describe('store', () => {
  it('is a real SQLite file in WAL mode at the current schema version', () => {
    const path = join(dir, 'sub', 'k.db');
    store = openStore(path);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.integrityCheck()).toBe('ok');
    store.close();
    const raw = new Database(path);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('--db beats KQLHUNT_DB beats the user data directory', () => {
    expect(resolveDbPath('/x/a.db', { KQLHUNT_DB: '/y/b.db' })).toBe('/x/a.db');
    expect(resolveDbPath(undefined, { KQLHUNT_DB: '/y/b.db' })).toBe('/y/b.db');
    expect(resolveDbPath(undefined, {})).toMatch(/kqlhunt[\\/]kqlhunt\.db$/);
  });

  it('upgrades a database created at an older schema version, keeping its data', () => {
    const path = join(dir, 'old.db');
    const old = openStore(path, { migrateTo: 1 });
    expect(old.schemaVersion).toBe(1);
    const raw = new Database(path);
    raw
      .prepare("INSERT INTO runs (started_at, rules_spec, data_paths, status) VALUES ('t', '[]', '[]', 'completed')")
      .run();
    raw
      .prepare(
        "INSERT INTO findings (id, rule_id, rule_name, keys_json, first_run, last_run, row_json, updated_at) VALUES ('f1','a','rule a','{}',1,1,'{}','t')",
      )
      .run();
    raw.close();
    old.close();
    store = openStore(path);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.listFindings({ run: 1 }).map((f) => f.id)).toEqual(['f1']);
  });

  it('refuses a database from a newer kqlhunt', () => {
    const path = join(dir, 'new.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    expect(() => openStore(path)).toThrow(/schema version/);
  });

  it("keeps a run's data label and load summary (web hunts on chosen data)", () => {
    store = openStore(join(dir, 'k.db'));
    const id = store.startRun({
      rulesSpec: ['origin:rmm'],
      dataPaths: ['a.ndjson'],
      dataKind: 'upload',
      dataLabel: 'upload: a.ndjson',
    });
    expect(store.getRun(id)).toMatchObject({ dataKind: 'upload', dataLabel: 'upload: a.ndjson', target: 'local' });
    expect(store.getRun(id)?.load).toBeUndefined();
    const load = {
      files: 1,
      bytes: 120,
      rows: 2,
      tables: 1,
      rejects: 1,
      rejectSamples: [{ file: 'a.ndjson', line: 2, reason: 'not JSON' }],
      skipped: [{ file: 'b.txt', reason: 'not a telemetry file' }],
    };
    store.setRunLoad(id, load, 'data-0123456789abcdef');
    expect(store.getRun(id)).toMatchObject({ load, dataKey: 'data-0123456789abcdef' });
    // A run without a label (older runs, CLI hunts before this) reads as unlabelled.
    expect(store.getRun(store.startRun({ rulesSpec: [], dataPaths: ['d'] }))?.dataLabel).toBeUndefined();
  });

  it('triage state and comment survive a re-run; last-seen moves on', () => {
    store = openStore(join(dir, 'k.db'));
    const run1 = store.startRun({ rulesSpec: ['rmm'], dataPaths: ['d'] });
    store.recordRuleResult(
      {
        runId: run1,
        ruleId: 'a',
        ruleName: 'rule a',
        rows: 2,
        columns: [],
        error: undefined,
        note: undefined,
        elapsedMs: 1,
      },
      [finding('f1', 'dev1'), finding('f2', 'dev2')],
    );
    store.finishRun(run1, {
      status: 'completed',
      runMs: 1,
      rulesTotal: 1,
      rulesRun: 1,
      rulesWithFindings: 1,
      rulesFailed: 0,
      resultRows: 2,
    });
    expect(store.setFindingState('f1', 'benign', 'sanctioned')?.state).toBe('benign');
    const run2 = store.startRun({ rulesSpec: ['rmm'], dataPaths: ['d'] });
    store.recordRuleResult(
      {
        runId: run2,
        ruleId: 'a',
        ruleName: 'rule a',
        rows: 1,
        columns: [],
        error: undefined,
        note: undefined,
        elapsedMs: 1,
      },
      [{ ...finding('f1', 'dev1'), row: { DeviceName: 'dev1', Count: 7 } }],
    );
    const f1 = store.getFinding('f1')!;
    expect(f1).toMatchObject({
      state: 'benign',
      comment: 'sanctioned',
      firstRun: run1,
      lastRun: run2,
      row: { Count: 7 },
    });
    expect(store.listFindings({ run: run2 }).map((f) => f.id)).toEqual(['f1']);
    expect(
      store
        .listFindings({ run: run1 })
        .map((f) => f.id)
        .sort(),
    ).toEqual(['f1', 'f2']);
    expect(store.listFindings({ state: 'new' }).map((f) => f.id)).toEqual(['f2']);
  });

  it('marks a run left running as interrupted on the next open, when its owner process is dead', () => {
    const path = join(dir, 'k.db');
    const s = openStore(path);
    const gone = spawnSync(process.execPath, ['-e', '0']);
    const dead = { host: hostname(), pid: gone.pid as number, startedMs: Date.now() - 60_000 };
    const id = s.startRun({ rulesSpec: ['x'], dataPaths: [] }, dead);
    s.recordRuleResult(
      {
        runId: id,
        ruleId: 'a',
        ruleName: 'rule a',
        rows: 1,
        columns: [],
        error: undefined,
        note: undefined,
        elapsedMs: 1,
      },
      [finding('f1', 'dev1')],
    );
    s.close();
    store = openStore(path);
    expect(store.interruptedOnOpen).toBe(1);
    expect(store.getRun(id)).toMatchObject({ status: 'interrupted', rulesRun: 1, rulesWithFindings: 1, resultRows: 1 });
  });

  it('leaves a run of a live process running when another open happens (no mislabelling)', () => {
    const path = join(dir, 'live.db');
    const s = openStore(path);
    const id = s.startRun({ rulesSpec: ['x'], dataPaths: [] });
    const other = openStore(path); // e.g. `runs list` while the hunt runs
    expect(other.interruptedOnOpen).toBe(0);
    expect(other.getRun(id)!.status).toBe('running');
    other.close();
    s.finishRun(id, {
      status: 'completed',
      runMs: 1,
      rulesTotal: 0,
      rulesRun: 0,
      rulesWithFindings: 0,
      rulesFailed: 0,
      resultRows: 0,
    });
    expect(s.getRun(id)!.status).toBe('completed');
    s.close();
  });

  it('a reused pid is not the owner: a run whose pid now belongs to a newer process is interrupted', () => {
    const path = join(dir, 'reused.db');
    const s = openStore(path);
    // Our own pid, but a start time an hour before this process started: the recorded owner is gone.
    const id = s.startRun({ rulesSpec: ['x'], dataPaths: [] }, { host: hostname(), pid: process.pid, startedMs: 1 });
    s.close();
    store = openStore(path);
    expect(store.interruptedOnOpen).toBe(1);
    expect(store.getRun(id)!.status).toBe('interrupted');
  });

  it('a run owned on another host is never judged from here', () => {
    const path = join(dir, 'remote.db');
    const s = openStore(path);
    const id = s.startRun({ rulesSpec: ['x'], dataPaths: [] }, { host: 'elsewhere.invalid', pid: 1, startedMs: 1 });
    s.close();
    store = openStore(path);
    expect(store.interruptedOnOpen).toBe(0);
    expect(store.getRun(id)!.status).toBe('running');
  });

  it('imports report added / updated / unchanged / removed against the previous import of the source', () => {
    store = openStore(join(dir, 'k.db'));
    const base = {
      source: '/src',
      kind: 'directory' as const,
      retrievedAt: '2024-01-01T00:00:00Z',
      filesRead: 2,
      diagnostics: [],
    };
    const first = store.recordImport({
      ...base,
      rules: [
        { rule: rule('a'), hash: 'h1' },
        { rule: rule('b'), hash: 'h2' },
      ],
    });
    expect(first.changes.added).toEqual(['a', 'b']);
    const second = store.recordImport({
      ...base,
      rules: [
        { rule: rule('a'), hash: 'h1' },
        { rule: rule('c'), hash: 'h3' },
        { rule: rule('b', 'x'), hash: 'h2b' },
      ].slice(0, 2),
    });
    expect(second.changes).toEqual({ added: ['c'], updated: [], unchanged: ['a'], removed: ['b'] });
    expect(store.listRules().map((r) => r.id)).toEqual(['a', 'c']);
    expect(store.listRules({ includeRemoved: true })).toHaveLength(3);
    const third = store.recordImport({
      ...base,
      rules: [
        { rule: rule('a', 'DeviceInfo'), hash: 'h1x' },
        { rule: rule('c'), hash: 'h3' },
      ],
    });
    expect(third.changes.updated).toEqual(['a']);
    expect(store.getRule('a')?.rule.query).toBe('DeviceInfo');
    expect(store.listRules({ technique: 'T1219' })).toHaveLength(2);
    expect(store.listRules({ tactic: 'Execution' })).toHaveLength(0);
  });
});

describe('two processes migrating a new store', () => {
  it('the one that read the old version skips what the other applied meanwhile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-migrate-race-'));
    const path = join(dir, 'race.db');
    const first = new Database(path);
    const second = new Database(path);
    try {
      // `second` read version 0 before taking the write lock; `first` migrated everything meanwhile.
      expect(migrate(first)).toBe(SCHEMA_VERSION);
      expect(applyMigrations(second, 0)).toBe(SCHEMA_VERSION);
      expect(second.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      first.close();
      second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
