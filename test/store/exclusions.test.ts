import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Exclusion } from '../../src/rules/exclusions/index.js';
import { contentHash } from '../../src/rules/hash.js';
import type { Rule } from '../../src/rules/model.js';
import { openStore, SCHEMA_VERSION, type Store } from '../../src/store/index.js';

let dir: string;
let store: Store | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-store-exc-'));
});
afterEach(() => {
  store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const RULE_ID = 'f9919f87-a7ba-4f47-a942-e30c46eb7a7d';

function rule(query: string): Rule {
  return {
    id: RULE_ID,
    name: 'SyncroMSP - Create Process',
    description: '',
    kind: 'hunting',
    format: 'sentinel-yaml',
    query,
    tactics: ['CommandAndControl'],
    techniques: ['T1219'],
    requiredDataConnectors: [],
    tables: ['DeviceProcessEvents'],
    entityMappings: [],
    customDetails: {},
    tags: [],
    references: [],
    source: { repository: 'upstream', path: 'syncro.yaml' },
    extra: {},
    lint: { status: 'clean', diagnostics: [] },
  };
}

const exc = (id: string, enabled: boolean, source: Exclusion['source'] = 'user'): Exclusion => ({
  id,
  scenario: `scenario ${id}`,
  description: `why ${id}`,
  expression: `process.parent_process_name == "${id}.exe"`,
  enabled,
  source,
});

function importRule(s: Store, r: Rule, at: string) {
  return s.recordImport({
    source: 'upstream',
    kind: 'directory',
    retrievedAt: at,
    filesRead: 1,
    rules: [{ rule: r, hash: contentHash(r) }],
    diagnostics: [],
  });
}

describe('store: exclusions beside the rule', () => {
  it('saves, lists in order, toggles, replaces and removes by rule id', () => {
    store = openStore(join(dir, 'k.db'));
    expect(store.saveExclusions(RULE_ID, [exc('a', true), exc('b', false, 'knowledge-base')])).toEqual({
      added: ['a', 'b'],
      updated: [],
    });
    expect(store.saveExclusions(RULE_ID, [{ ...exc('a', false), scenario: 'renamed' }, exc('c', true)])).toEqual({
      added: ['c'],
      updated: ['a'],
    });
    const listed = store.listExclusions(RULE_ID);
    expect(listed.map((x) => [x.id, x.enabled, x.source, x.scenario])).toEqual([
      ['a', false, 'user', 'renamed'],
      ['b', false, 'knowledge-base', 'scenario b'],
      ['c', true, 'user', 'scenario c'],
    ]);
    expect(listed[0]!.createdAt <= listed[0]!.updatedAt).toBe(true);
    expect(store.setExclusionsEnabled(RULE_ID, ['b', 'nope'], true)).toEqual(['nope']);
    expect(store.listExclusions(RULE_ID).find((x) => x.id === 'b')!.enabled).toBe(true);
    // the storage document has exactly the rules-area shape
    expect(store.ruleExclusions(RULE_ID).exclusions[1]).toEqual({ ...exc('b', true, 'knowledge-base') });
    const replaced = store.replaceExclusions(RULE_ID, [exc('c', false), exc('d', true)]);
    expect(replaced.removed).toEqual(['a', 'b']);
    expect(store.listExclusions(RULE_ID).map((x) => x.id)).toEqual(['c', 'd']);
    expect(store.removeExclusions(RULE_ID, ['c', 'zzz'])).toBe(1);
    expect([...store.exclusionsByRule().keys()]).toEqual([RULE_ID]);
    expect(store.listExclusions('other-rule')).toEqual([]);
  });

  it('re-importing a changed upstream rule keeps its exclusions and their choices', () => {
    store = openStore(join(dir, 'k.db'));
    importRule(store, rule('DeviceProcessEvents | where ProcessVersionInfoCompanyName has "Servably"'), 't1');
    store.saveExclusions(RULE_ID, [exc('seed-1', true, 'upstream'), exc('kb-1', false, 'knowledge-base')]);
    const second = importRule(
      store,
      rule('DeviceProcessEvents | where ProcessVersionInfoProductName has "Syncro"'),
      't2',
    );
    expect(second.changes.updated).toEqual([RULE_ID]);
    expect(store.getRule(RULE_ID)!.rule.query).toContain('ProductName');
    expect(store.listExclusions(RULE_ID).map((x) => [x.id, x.enabled])).toEqual([
      ['seed-1', true],
      ['kb-1', false],
    ]);
    // removed upstream: the rule is marked removed, the tuning is still there for when it returns
    store.recordImport({
      source: 'upstream',
      kind: 'directory',
      retrievedAt: 't3',
      filesRead: 0,
      rules: [],
      diagnostics: [],
    });
    expect(store.getRule(RULE_ID)!.removedAt).toBe('t3');
    expect(store.listExclusions(RULE_ID)).toHaveLength(2);
  });

  it('persists per-exclusion suppression with the rule result and the run mode', () => {
    store = openStore(join(dir, 'k.db'));
    const run = store.startRun({ rulesSpec: ['rmm'], dataPaths: ['fleet'] });
    store.setRunContext(run, {
      now: '2024-06-15T12:00:00Z',
      nowSource: 'auto',
      loadMs: 1,
      rulesTotal: 1,
      exclusionsMode: 'applied',
      groundTruth: true,
    });
    const result = {
      exclusionId: 'seed-1',
      scenario: 'Scheduled sync',
      expression: 'process.parent_process_name == "schtasks.exe"',
      applied: true,
      suppressed: 10,
      benign: 9,
      malicious: 1,
      unlabelled: 0,
      maliciousScenarios: ['installer-execution'],
      error: undefined,
    };
    store.recordRuleResult(
      {
        runId: run,
        ruleId: RULE_ID,
        ruleName: 'r',
        rows: 3,
        columns: [],
        error: undefined,
        note: undefined,
        elapsedMs: 1,
        tuned: true,
        baselineRows: 38,
        suppressedRows: 10,
        exclusions: [result, { ...result, exclusionId: 'bad', applied: false, suppressed: 0, error: 'EXC301 x' }],
      },
      [],
    );
    store.finishRun(run, {
      status: 'completed',
      runMs: 1,
      rulesTotal: 1,
      rulesRun: 1,
      rulesWithFindings: 1,
      rulesFailed: 0,
      resultRows: 3,
    });
    const [r] = store.ruleResults(run);
    expect(r).toMatchObject({ tuned: true, baselineRows: 38, suppressedRows: 10 });
    expect(r!.exclusions).toEqual([
      result,
      { ...result, exclusionId: 'bad', applied: false, suppressed: 0, error: 'EXC301 x' },
    ]);
    expect(store.getRun(run)).toMatchObject({ exclusionsMode: 'applied', groundTruth: true });
  });

  it('upgrades a v2 database: old runs have no exclusion mode, old results are untuned', () => {
    const path = join(dir, 'old.db');
    openStore(path, { migrateTo: 2 }).close();
    const raw = new Database(path);
    // A run as the v2 code wrote it (today's startRun writes columns of later versions).
    const run = Number(
      raw
        .prepare("INSERT INTO runs (started_at, rules_spec, data_paths, status) VALUES (?, '[]', '[]', 'running')")
        .run(new Date().toISOString()).lastInsertRowid,
    );
    raw
      .prepare(
        "INSERT INTO rule_results (run_id, rule_id, rule_name, rows, columns_json, elapsed_ms) VALUES (?, 'a', 'a', 1, '[]', 1)",
      )
      .run(run);
    raw.close();
    store = openStore(path);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    expect(store.getRun(run)!.exclusionsMode).toBeUndefined();
    expect(store.ruleResults(run)[0]).toMatchObject({ tuned: false, exclusions: [] });
    expect(store.ruleResults(run)[0]!.baselineRows).toBeUndefined();
    expect(store.listExclusions('a')).toEqual([]);
  });
});
