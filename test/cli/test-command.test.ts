/**
 * `kqlhunt test` end to end: the bundled RMM pack's tests all pass and the JUnit XML conforms; a
 * broken rule in a copy of the pack fails exactly its positive test with exit 1; SARIF and JSON
 * reports; usage (2) and rule (3) errors; last results recorded in the store.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { type CliRun, runCli } from '../helpers/cli.js';
import { junitProblems } from '../helpers/junit-xml.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

const LONG = { timeoutMs: 300_000 };
let dir = '';
let packRun: CliRun;
let xml = '';
let brokenJson: CliRun;
let brokenText: CliRun;
let brokenSarif: CliRun;
const BROKEN_FILE = 'tools/AnyDesk/rmm_AnyDesk_netconn.yaml';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-testcmd-'));
  const out = join(dir, 'r.xml');
  packRun = runCli(['test', 'packs/rmm', '--format', 'junit', '--out', out, '--no-store'], '', {}, LONG);
  xml = readFileSync(out, 'utf8');
  const copy = join(dir, 'rmm-copy');
  cpSync(join(REPO_ROOT, 'packs', 'rmm'), copy, { recursive: true });
  const file = join(copy, BROKEN_FILE);
  const text = readFileSync(file, 'utf8');
  const broken = text.replace(
    "RemoteUrl has_any ('anydesk.com', 'api.playanext.com')",
    "RemoteUrl has_any ('anydesk.example', 'api.playanext.com')",
  );
  expect(broken).not.toBe(text);
  writeFileSync(file, broken);
  brokenJson = runCli(['test', copy, '--format', 'json', '--no-store'], '', {}, LONG);
  brokenText = runCli(['test', join(copy, 'tools', 'AnyDesk'), '--no-store'], '', {}, LONG);
  brokenSarif = runCli(['test', join(copy, 'tools', 'AnyDesk'), '--format', 'sarif', '--no-store'], '', {}, LONG);
}, 900_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface JsonReport {
  summary: { tests: number; pass: number; fail: number; error: number; rulesTested: number };
  tests: { ruleFile: string; name: string; status: string; failed?: string[]; message: string; rows?: number }[];
}

describe('kqlhunt test packs/rmm --format junit', () => {
  it('runs at least two tests per rule and all pass (exit 0)', () => {
    expect(packRun.code, packRun.stderr).toBe(0);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => ['testsuite', 'testcase', 'property'].includes(n),
    }).parse(xml) as {
      testsuites: {
        tests: string;
        failures: string;
        errors: string;
        testsuite: { tests: string; testcase: { name: string; failure?: unknown }[] }[];
      };
    };
    const suites = doc.testsuites.testsuite;
    const manifest = readFileSync(join(REPO_ROOT, 'packs', 'rmm', 'pack.yaml'), 'utf8');
    const ruleCount = Number(/^rules: (\d+)$/m.exec(manifest)![1]);
    expect(suites).toHaveLength(ruleCount);
    for (const s of suites) expect(s.testcase.length).toBeGreaterThanOrEqual(2);
    const total = suites.reduce((n, s) => n + s.testcase.length, 0);
    expect(Number(doc.testsuites.tests)).toBe(total);
    expect([doc.testsuites.failures, doc.testsuites.errors]).toEqual(['0', '0']);
    expect(packRun.stderr).toMatch(
      new RegExp(`tests: ${total} \\(${total} passed, 0 failed, 0 could not run\\) for ${ruleCount} rule\\(s\\)`),
    );
  });

  it('conforms to the JUnit schema CI tools read', () => {
    expect(junitProblems(xml)).toEqual([]);
  });

  it('the structural check is strict: it rejects what the schema does not allow', () => {
    expect(junitProblems('<testsuites><testcase name="x"/></testsuites>')).toEqual([
      'testsuites: <testcase> is not allowed in <testsuites>',
    ]);
    expect(junitProblems('<testsuites><testsuite tests="x"/></testsuites>')).toEqual([
      'testsuites/testsuite[0]: tests="x" is not a whole number',
      'testsuites/testsuite[0]: required attribute name is missing',
    ]);
    expect(
      junitProblems(
        '<testsuites><testsuite name="a" tests="1"><testcase name="t" colour="red"/></testsuite></testsuites>',
      ),
    ).toEqual(['testsuites/testsuite[0]/testcase[0]: attribute colour is not allowed']);
    expect(junitProblems('<testsuites><testsuite>')[0]).toMatch(/^not well-formed/);
  });
});

describe('a broken rule in a copy of the pack', () => {
  it('fails exactly its positive test, exit 1', () => {
    expect(brokenJson.code, brokenJson.stderr).toBe(1);
    const report = JSON.parse(brokenJson.stdout) as JsonReport;
    const failed = report.tests.filter((t) => t.status !== 'pass');
    expect(failed.map((t) => [t.ruleFile.endsWith(BROKEN_FILE), t.name])).toEqual([
      [true, 'fires on anydesk.exe connecting to agent.anydesk.com'],
    ]);
    expect(failed[0]!.failed).toEqual(['fires', 'count', 'rows']);
    expect(failed[0]!.rows).toBe(0);
    // Its negative test still passes: the look-alike domain stays quiet.
    const sameRule = report.tests.filter((t) => t.ruleFile.endsWith(BROKEN_FILE));
    expect(sameRule.map((t) => t.status)).toEqual(['fail', 'pass']);
    expect(report.summary.fail).toBe(1);
    expect(report.summary.pass).toBe(report.summary.tests - 1);
  });

  it('says which expectation failed and what the rule returned', () => {
    expect(brokenText.code).toBe(1);
    expect(brokenText.stdout).toContain('FAIL  ');
    expect(brokenText.stdout).toContain('expected the rule to fire (fires: true), but it returned 0 rows');
    expect(brokenText.stdout).toContain(
      'expected row 1 {"DeviceName":"ws-01","RemoteUrl":"agent.anydesk.com"} matches no result row',
    );
    expect(brokenText.stdout).toContain('the rule returned 0 row(s)');
    expect(brokenText.stdout).toMatch(/at .*rmm_AnyDesk_netconn\.tests\.yaml:2:5/);
    expect(brokenText.stdout).toMatch(/tests: 6 \(5 passed, 1 failed, 0 could not run\) for 3 rule\(s\)/);
  });

  it('SARIF has the failed test as a result on the rule file', () => {
    expect(brokenSarif.code).toBe(1);
    const sarif = JSON.parse(brokenSarif.stdout) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
          relatedLocations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0]!.results;
    expect(results).toHaveLength(1);
    expect(results[0]!.ruleId).toBe('KQLTEST001');
    expect(results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/rmm_AnyDesk_netconn\.yaml$/);
    expect(results[0]!.relatedLocations[0]!.physicalLocation.artifactLocation.uri).toMatch(
      /rmm_AnyDesk_netconn\.tests\.yaml$/,
    );
    expect(results[0]!.relatedLocations[0]!.physicalLocation.region.startLine).toBe(2);
    expect(results[0]!.message.text).toContain('expected the rule to fire');
  });
});

describe('exit codes and the store', () => {
  it('2 for bad usage', () => {
    const missing = runCli(['test', 'no-such-pack-or-dir', '--no-store']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'no-such-pack-or-dir: neither a bundled pack nor an existing rule file or directory',
    );
    expect(runCli(['test', 'packs/rmm/tools/AnyDesk', '--format', 'xml', '--no-store']).code).toBe(2);
    const ref = runCli(['test', 'packs/rmm/tools/AnyDesk', '--changed', 'no-such-ref-xyz', '--no-store']);
    expect(ref.code).toBe(2);
    expect(ref.stderr).toContain("--changed: 'no-such-ref-xyz' is not a commit");
    expect(runCli(['test', 'packs/rmm/tools/AnyDesk', '--changed', '--upload-pack=x', '--no-store']).code).toBe(2);
  });

  it('1 with positions for an invalid tests file; its valid tests still run', () => {
    const rules = join(dir, 'invalid');
    cpSync(join(REPO_ROOT, 'packs', 'rmm', 'tools', 'AnyDesk'), rules, { recursive: true });
    const tests = join(rules, 'rmm_AnyDesk_filesig.tests.yaml');
    writeFileSync(tests, readFileSync(tests, 'utf8').replace('fires: false', 'fires: nope'));
    const r = runCli(['test', join(rules, 'rmm_AnyDesk_filesig.yaml'), '--no-store']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /rmm_AnyDesk_filesig\.tests\.yaml:\d+:\d+: TEST201 tests\[1\]\.expect\.fires: must be a boolean/,
    );
    expect(r.stdout).toMatch(/tests: 2 \(1 passed, 1 failed, 0 could not run\)/);
  });

  it('3 when a rule cannot run; results are kept in the store', () => {
    const rules = join(dir, 'bad');
    cpSync(join(REPO_ROOT, 'packs', 'rmm', 'tools', 'AnyDesk'), rules, { recursive: true });
    const file = join(rules, 'rmm_AnyDesk_filesig.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('| where Signer has_any', '| where NoSuchColumn has_any'));
    const db = join(dir, 'store.db');
    const r = runCli(['test', rules, '--db', db]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/ERROR .*rmm_AnyDesk_filesig\.yaml › fires on a file signed by/);
    expect(r.stdout).toContain('the rule could not run: KQL');
    const store = openStore(db);
    try {
      const results = store.testResults('46653b4e-12f8-5999-8cb9-a3743e6c9e25');
      expect(results.map((x) => x.status)).toEqual(['error', 'error']);
      const ok = store.testResults('8907f38c-ccc7-5389-8ffc-4f4dc05ec4c4');
      expect(ok.map((x) => [x.status, x.expectation])).toEqual([
        ['pass', 'does not fire'],
        ['pass', 'fires, count 1, 1 row(s) (subset)'],
      ]);
    } finally {
      store.close();
    }
  });
});
