/**
 * `findings export-test` end to end on a generated (demo) fleet: hunt with the SyncroMSP Create
 * Process rule, triage one benign device as a false positive (tuned away with an exclusion) and one
 * malicious device as a true positive, export both as tests, and check with `kqlhunt test` that
 * they pass — and that the false-positive test fails once the exclusion that motivated it is
 * disabled.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GROUND_TRUTH_FILE, type GroundTruthEntry, generateFleet } from '../../src/telemetry/generate/index.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

const RULE_ID = 'f9919f87-a7ba-4f47-a942-e30c46eb7a7d';
const LONG = { timeoutMs: 300_000 };
let dir = '';
let db = '';
let rules = '';
let fleet = '';
let testsFile = '';
const cli = (...args: string[]) => runCli([...args, '--db', db], '', {}, LONG);

interface Finding {
  id: string;
  keys: { DeviceId: string; DeviceName: string };
}
let benign: Finding;
let malicious: Finding;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-export-test-'));
  db = join(dir, 'k.db');
  fleet = join(dir, 'fleet');
  rules = join(dir, 'rules');
  mkdirSync(rules);
  copyFileSync(join(REPO_ROOT, 'packs/rmm/tools/SyncroMSP/rmm_SyncroMSP_createproc.yaml'), join(rules, 'syncro.yaml'));
  testsFile = join(rules, 'syncro.tests.yaml');
  await generateFleet({
    outDir: fleet,
    devices: 30,
    events: 20_000,
    days: 5,
    end: '2024-06-15T12:00:00Z',
    seed: 'export-test-e2e',
  });
  expect(cli('rules', 'import', rules).code).toBe(0);
  const hunt = cli('hunt', '--rules', rules, '--data', fleet);
  expect(hunt.code, hunt.stderr).toBe(1);
  const found = JSON.parse(cli('findings', 'list', '--rule', RULE_ID, '--format', 'json').stdout) as Finding[];
  const truth = JSON.parse(readFileSync(join(fleet, GROUND_TRUTH_FILE), 'utf8')) as GroundTruthEntry[];
  const verdicts = (deviceId: string) =>
    new Set(
      truth
        .filter((t) => t.table === 'DeviceProcessEvents' && t.DeviceId === deviceId && t.tool === 'SyncroMSP')
        .map((t) => t.verdict),
    );
  benign = found.find((f) => [...verdicts(f.keys.DeviceId)].join() === 'benign')!;
  malicious = found.find((f) => verdicts(f.keys.DeviceId).has('malicious'))!;
  expect(benign).toBeDefined();
  expect(malicious).toBeDefined();
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findings export-test on a triaged finding of the demo fleet', () => {
  it('refuses an untriaged finding (exit 2)', () => {
    const r = cli('findings', 'export-test', benign.id);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not triaged yet');
  });

  it('exports a false positive (tuned by an exclusion) and a true positive as tests that pass', () => {
    const add = cli(
      'rules',
      'exclusions',
      'add',
      RULE_ID,
      `host.name == "${benign.keys.DeviceName}"`,
      '--id',
      'it-rollout',
      '--scenario',
      'IT rollout',
    );
    expect(add.code, add.stderr).toBe(0);
    expect(cli('findings', 'set-state', benign.id, 'false_positive', '--comment', 'IT rollout').code).toBe(0);
    const fp = cli('findings', 'export-test', benign.id, '--out', testsFile);
    expect(fp.code, fp.stderr).toBe(0);
    expect(fp.stderr).toContain('the test passes with the exclusions stored now (rule ran tuned)');
    expect(cli('findings', 'set-state', malicious.id, 'true_positive').code).toBe(0);
    const tp = cli('findings', 'export-test', malicious.id, '--out', testsFile);
    expect(tp.code, tp.stderr).toBe(0);

    const doc = parse(readFileSync(testsFile, 'utf8')) as {
      tests: {
        name: string;
        exclusions: string;
        input: { tables: Record<string, Record<string, unknown>[]> };
        expect: Record<string, unknown>;
      }[];
    };
    expect(doc.tests).toHaveLength(2);
    const [fpTest, tpTest] = doc.tests;
    expect(fpTest!.expect).toEqual({ fires: false });
    expect(tpTest!.expect).toEqual({ fires: true, rows: [malicious.keys] });
    // Minimised to the columns the rule reads; only the finding's device.
    for (const t of doc.tests) {
      const rows = t.input.tables.DeviceProcessEvents!;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows)
        expect(Object.keys(row).sort()).toEqual([
          'DeviceId',
          'DeviceName',
          'ProcessVersionInfoCompanyName',
          'ProcessVersionInfoProductName',
          'ReportId',
          'Timestamp',
        ]);
    }
    expect(new Set(fpTest!.input.tables.DeviceProcessEvents!.map((r) => r.DeviceName))).toEqual(
      new Set([benign.keys.DeviceName]),
    );

    const run = cli('test', rules, '--format', 'json');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { tests: { name: string; status: string; tuned: boolean }[] };
    expect(report.tests.map((t) => t.status)).toEqual(['pass', 'pass']);
  });

  it('the false-positive test fails once the exclusion that motivated it is disabled', () => {
    expect(cli('rules', 'exclusions', 'disable', RULE_ID, 'it-rollout').code).toBe(0);
    const run = cli('test', rules, '--format', 'json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { tests: { name: string; status: string; message: string }[] };
    expect(report.tests.map((t) => t.status)).toEqual(['fail', 'pass']);
    expect(report.tests[0]!.message).toMatch(
      /expected the rule not to fire \(fires: false\), but it returned 1 row\(s\)/,
    );
    expect(report.tests[0]!.message).toContain(benign.keys.DeviceName);
  });
});
