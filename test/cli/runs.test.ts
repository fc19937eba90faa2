import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExclusionResultRecord, openStore } from '../../src/store/index.js';
import { runCli } from '../helpers/cli.js';

let dir = '';
let db = '';
let tunedRun = 0;
let offRun = 0;

const result = (over: Partial<ExclusionResultRecord>): ExclusionResultRecord => ({
  exclusionId: 'x',
  scenario: 'a scenario',
  expression: 'process.name == "a.exe"',
  applied: true,
  suppressed: 0,
  benign: 0,
  malicious: 0,
  unlabelled: 0,
  maliciousScenarios: [],
  error: undefined,
  ...over,
});

/** Two stored runs: one tuned with ground truth (one rule with two exclusions), one with exclusions off. */
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-runs-'));
  db = join(dir, 'k.db');
  const store = openStore(db);
  tunedRun = store.startRun({ rulesSpec: ['rmm'], dataPaths: ['./fleet'] });
  store.setRunContext(tunedRun, {
    now: '2024-05-01T00:00:00.0000000Z',
    nowSource: 'auto',
    loadMs: 5,
    rulesTotal: 2,
    exclusionsMode: 'applied',
    groundTruth: true,
  });
  store.recordRuleResult(
    {
      runId: tunedRun,
      ruleId: 'r-syncro',
      ruleName: 'SyncroMSP - Create Process',
      rows: 0,
      columns: [],
      error: undefined,
      note: undefined,
      elapsedMs: 3,
      tuned: true,
      baselineRows: 38,
      suppressedRows: 14,
      exclusions: [
        result({ exclusionId: 'scheduled-sync', scenario: 'Scheduled agent sync', suppressed: 10, benign: 10 }),
        result({
          exclusionId: 'too-broad',
          scenario: 'Anything named Syncro',
          suppressed: 6,
          benign: 2,
          malicious: 4,
          maliciousScenarios: ['rogue-syncro'],
        }),
        result({ exclusionId: 'broken', applied: false, error: 'EXC301 unknown field' }),
      ],
    },
    [],
  );
  store.recordRuleResult(
    {
      runId: tunedRun,
      ruleId: 'r-other',
      ruleName: 'AnyDesk - Network',
      rows: 2,
      columns: [],
      error: undefined,
      note: undefined,
      elapsedMs: 1,
    },
    [],
  );
  store.finishRun(tunedRun, {
    status: 'completed',
    runMs: 9,
    rulesTotal: 2,
    rulesRun: 2,
    rulesWithFindings: 1,
    rulesFailed: 0,
    resultRows: 2,
  });
  offRun = store.startRun({ rulesSpec: ['rmm'], dataPaths: ['./fleet'] });
  store.setRunContext(offRun, {
    now: '2024-05-01T00:00:00.0000000Z',
    nowSource: 'auto',
    loadMs: 5,
    rulesTotal: 0,
    exclusionsMode: 'off',
  });
  store.finishRun(offRun, {
    status: 'completed',
    runMs: 1,
    rulesTotal: 0,
    rulesRun: 0,
    rulesWithFindings: 0,
    rulesFailed: 0,
    resultRows: 0,
  });
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kqlhunt runs show', () => {
  it('text: the exclusions mode, and per tuned rule what each exclusion suppressed (benign/malicious)', () => {
    const r = runCli(['runs', 'show', String(tunedRun), '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('exclusions: applied (rules with enabled exclusions ran tuned); with ground truth');
    // A tuned rule whose rows were all suppressed is not in the results table but is in the exclusions part.
    expect(r.stdout).toContain(
      'SyncroMSP - Create Process: 2/3 exclusion(s) applied; together they suppressed 14 of 38 matching row(s)',
    );
    expect(r.stdout).toMatch(
      /scheduled-sync\s+suppressed 10 \(benign 10, malicious 0, unlabelled 0\)\s+Scheduled agent sync/,
    );
    expect(r.stdout).toMatch(/too-broad\s+suppressed 6 \(benign 2, malicious 4, unlabelled 0\)/);
    expect(r.stdout).toMatch(/broken\s+not applied: EXC301 unknown field/);
    expect(r.stdout).toContain('warning: too-broad hid 4 malicious row(s) (rogue-syncro)');
    expect(r.stdout).not.toMatch(/AnyDesk - Network: \d+\/\d+ exclusion/);
  });

  it('text: a run with --no-exclusions says so and lists no exclusions', () => {
    const r = runCli(['runs', 'show', String(offRun), '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('exclusions: off (--no-exclusions)');
    expect(r.stdout).not.toContain('exclusions per rule');
  });

  it('json: the run has exclusionsMode and groundTruth, each result its exclusions', () => {
    const r = runCli(['runs', 'show', String(tunedRun), '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      run: { exclusionsMode: string | null; groundTruth: boolean };
      results: { ruleId: string; tuned: boolean; suppressedRows?: number; exclusions: ExclusionResultRecord[] }[];
    };
    expect(out.run).toMatchObject({ exclusionsMode: 'applied', groundTruth: true });
    const syncro = out.results.find((x) => x.ruleId === 'r-syncro')!;
    expect(syncro).toMatchObject({ tuned: true, suppressedRows: 14 });
    expect(syncro.exclusions.map((x) => [x.exclusionId, x.suppressed, x.malicious])).toEqual([
      ['scheduled-sync', 10, 0],
      ['too-broad', 6, 4],
      ['broken', 0, 0],
    ]);
    expect(out.results.find((x) => x.ruleId === 'r-other')!.exclusions).toEqual([]);
    const off = JSON.parse(runCli(['runs', 'show', String(offRun), '--db', db, '--format', 'json']).stdout) as {
      run: { exclusionsMode: string | null; groundTruth: boolean };
    };
    expect(off.run).toMatchObject({ exclusionsMode: 'off', groundTruth: false });
  });

  it('an unknown run id, a non-number and a bad format are usage errors (exit 2)', () => {
    const missing = runCli(['runs', 'show', '999', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no run 999');
    expect(runCli(['runs', 'show', 'latest', '--db', db]).code).toBe(2);
    expect(runCli(['runs', 'show', String(tunedRun), '--db', db, '--format', 'yaml']).code).toBe(2);
  });

  it('runs list shows both runs, newest first', () => {
    const r = runCli(['runs', 'list', '--db', db, '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { id: number }[]).map((x) => x.id)).toEqual([offRun, tunedRun]);
    expect(runCli(['runs', 'list', '--db', db, '--limit', '0']).code).toBe(2);
  });
});
