/**
 * Versioned schema of the store. SQLite's `user_version` pragma holds the number of migrations
 * applied; each migration runs in its own transaction together with the version bump, so a crash
 * mid-upgrade leaves the database at the previous version, never half-migrated.
 * Append new migrations at the end; never edit one that has shipped.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  readonly name: string;
  readonly up: (db: Database) => void;
}

/** v1: rule catalog with import history, hunt runs, per-rule results and findings with triage. */
const v1: Migration = {
  name: 'catalog, runs, findings',
  up: (db) =>
    db.exec(`
      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL
      );
      CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        ref TEXT,
        commit_id TEXT,
        retrieved_at TEXT NOT NULL,
        files_read INTEGER NOT NULL,
        rules INTEGER NOT NULL,
        added INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        removed INTEGER NOT NULL,
        broken INTEGER NOT NULL,
        diagnostics_json TEXT NOT NULL
      );
      CREATE TABLE rules (
        id TEXT PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        rule_json TEXT NOT NULL,
        lint_status TEXT NOT NULL,
        first_imported TEXT NOT NULL,
        last_imported TEXT NOT NULL,
        last_import_id INTEGER NOT NULL REFERENCES imports(id),
        removed_at TEXT
      );
      CREATE INDEX rules_source ON rules(source_id);
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        rules_spec TEXT NOT NULL,
        data_paths TEXT NOT NULL,
        now TEXT,
        now_source TEXT,
        status TEXT NOT NULL,
        load_ms REAL,
        run_ms REAL,
        rules_total INTEGER NOT NULL DEFAULT 0,
        rules_run INTEGER NOT NULL DEFAULT 0,
        rules_with_findings INTEGER NOT NULL DEFAULT 0,
        rules_failed INTEGER NOT NULL DEFAULT 0,
        result_rows INTEGER NOT NULL DEFAULT 0,
        error TEXT
      );
      CREATE TABLE rule_results (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        rule_id TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        rows INTEGER NOT NULL,
        columns_json TEXT NOT NULL,
        error TEXT,
        note TEXT,
        elapsed_ms REAL NOT NULL,
        PRIMARY KEY (run_id, rule_id)
      );
      CREATE TABLE findings (
        id TEXT PRIMARY KEY,
        rule_id TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        keys_json TEXT NOT NULL,
        first_run INTEGER NOT NULL REFERENCES runs(id),
        last_run INTEGER NOT NULL REFERENCES runs(id),
        row_json TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'new',
        comment TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
      );
      CREATE INDEX findings_rule ON findings(rule_id);
      CREATE INDEX findings_state ON findings(state);
    `),
};

/**
 * v2: which runs saw which finding (a finding's first/last run alone cannot answer "what did run 3
 * find" once later runs moved last_run on).
 */
const v2: Migration = {
  name: 'finding sightings',
  up: (db) =>
    db.exec(`
      CREATE TABLE finding_sightings (
        finding_id TEXT NOT NULL REFERENCES findings(id),
        run_id INTEGER NOT NULL REFERENCES runs(id),
        PRIMARY KEY (finding_id, run_id)
      );
      CREATE INDEX sightings_run ON finding_sightings(run_id);
      INSERT INTO finding_sightings (finding_id, run_id) SELECT id, first_run FROM findings;
      INSERT OR IGNORE INTO finding_sightings (finding_id, run_id) SELECT id, last_run FROM findings;
    `),
};

/**
 * v3: exclusions beside the rule, and what they did in each hunt. Exclusions are keyed by rule id
 * with no foreign key to `rules`: a re-import replaces the rule row but never touches them, and a
 * bundled-pack rule that was never imported into the catalog can still carry exclusions.
 * `rule_results` gains the totals of the exclusion measurement; `runs` says whether exclusions
 * were applied ('applied') or switched off ('off'); runs before v3 have NULL there.
 */
const v3: Migration = {
  name: 'exclusions',
  up: (db) =>
    db.exec(`
      CREATE TABLE exclusions (
        rule_id TEXT NOT NULL,
        id TEXT NOT NULL,
        scenario TEXT NOT NULL,
        description TEXT NOT NULL,
        expression TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        source TEXT NOT NULL,
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (rule_id, id)
      );
      CREATE TABLE exclusion_results (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        rule_id TEXT NOT NULL,
        exclusion_id TEXT NOT NULL,
        scenario TEXT NOT NULL,
        expression TEXT NOT NULL,
        applied INTEGER NOT NULL,
        suppressed INTEGER NOT NULL,
        benign INTEGER NOT NULL,
        malicious INTEGER NOT NULL,
        unlabelled INTEGER NOT NULL,
        malicious_scenarios_json TEXT NOT NULL,
        error TEXT,
        PRIMARY KEY (run_id, rule_id, exclusion_id)
      );
      ALTER TABLE rule_results ADD COLUMN tuned INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE rule_results ADD COLUMN baseline_rows INTEGER;
      ALTER TABLE rule_results ADD COLUMN suppressed_rows INTEGER;
      ALTER TABLE runs ADD COLUMN exclusions_mode TEXT;
      ALTER TABLE runs ADD COLUMN ground_truth INTEGER NOT NULL DEFAULT 0;
    `),
};

/**
 * Runs say where they ran and on what (issue 12/15): `target` is the query target ('local', or an
 * adx://, la://, defender:// address with no secret in it); `data_kind` is 'demo', 'files' or
 * 'remote'; `data_key` and `rules_key` fingerprint the data and the rule set, so `serve` can reuse
 * the latest completed run instead of starting a new hunt on every restart. Older runs have NULL
 * (read as 'local').
 */
const runTarget: Migration = {
  name: 'run target and data label',
  up: (db) =>
    db.exec(`
      ALTER TABLE runs ADD COLUMN target TEXT;
      ALTER TABLE runs ADD COLUMN data_kind TEXT;
      ALTER TABLE runs ADD COLUMN data_key TEXT;
      ALTER TABLE runs ADD COLUMN rules_key TEXT;
    `),
};

/** Run ownership: the host, pid and start time of the process that runs a hunt (see owner.ts). */
const runOwner: Migration = {
  name: 'run owner',
  up: (db) =>
    db.exec(`
      ALTER TABLE runs ADD COLUMN owner_host TEXT;
      ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE runs ADD COLUMN owner_started_ms INTEGER;
    `),
};

/** Rule tests (`kqlhunt test`): the last result of each test of each rule, for the rule page. */
const ruleTestResults: Migration = {
  name: 'rule test results',
  up: (db) =>
    db.exec(`
      CREATE TABLE rule_test_results (
        rule_id TEXT NOT NULL,
        test_name TEXT NOT NULL,
        tests_file TEXT NOT NULL,
        expectation TEXT NOT NULL,
        status TEXT NOT NULL,
        message TEXT NOT NULL,
        rows INTEGER,
        ran_at TEXT NOT NULL,
        elapsed_ms REAL NOT NULL,
        PRIMARY KEY (rule_id, test_name)
      );
    `),
};

/**
 * Triage for a team: an assignee on each finding, and the history of every triage change (state,
 * assignee, comment; who typed it is not known to a local tool, so only when). Earlier states and
 * comments become the first history entry of their finding.
 */
const triageHistory: Migration = {
  name: 'triage assignee and history',
  up: (db) =>
    db.exec(`
      ALTER TABLE findings ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
      CREATE TABLE finding_events (
        id INTEGER PRIMARY KEY,
        finding_id TEXT NOT NULL REFERENCES findings(id),
        at TEXT NOT NULL,
        state TEXT,
        assignee TEXT,
        comment TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX finding_events_finding ON finding_events(finding_id, id);
      INSERT INTO finding_events (finding_id, at, state, comment)
        SELECT id, updated_at, state, comment FROM findings WHERE state != 'new' OR comment != '';
    `),
};

/**
 * Web hunts on chosen data (issue 15): each run keeps the label people read for its data ("upload:
 * a.ndjson", "demo fleet (50 devices, seed x)", a path) and the summary of its load (files, bytes,
 * rows, malformed lines with file and line, files refused), since uploaded files are deleted once
 * the hunt is over.
 */
const runDataLabel: Migration = {
  name: 'run data label and load summary',
  up: (db) =>
    db.exec(`
      ALTER TABLE runs ADD COLUMN data_label TEXT;
      ALTER TABLE runs ADD COLUMN load_json TEXT;
    `),
};

export const MIGRATIONS: readonly Migration[] = [
  v1,
  v2,
  v3,
  runTarget,
  runOwner,
  ruleTestResults,
  triageHistory,
  runDataLabel,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Applies the migrations after the database's version, up to `target` (tests stop early to make
 * an old database). A database newer than this program is refused rather than guessed at.
 */
export function migrate(db: Database, target: number = SCHEMA_VERSION): number {
  const from = schemaVersion(db);
  if (from > SCHEMA_VERSION)
    throw new StoreVersionError(
      `the database is at schema version ${from}; this kqlhunt knows up to ${SCHEMA_VERSION} (upgrade kqlhunt)`,
    );
  return applyMigrations(db, from, target);
}

/**
 * Applies migrations `from` … `target - 1`, each in an immediate transaction that first checks
 * the version again (exported for the test of two processes racing on a new store).
 */
export function applyMigrations(db: Database, from: number, target: number = SCHEMA_VERSION): number {
  for (let v = from; v < target; v++) {
    const m = MIGRATIONS[v]!;
    db.transaction(() => {
      // Two processes opening a new store both start from the version they read before taking
      // the write lock: the second finds the migration applied and skips it.
      if (schemaVersion(db) > v) return;
      m.up(db);
      // pragma values cannot be bound parameters; v is a number we computed.
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
  return schemaVersion(db);
}

export class StoreVersionError extends Error {
  override readonly name = 'StoreVersionError';
}
