/**
 * The table cache end to end: the RMM pack over a generated fleet gives identical findings on a
 * first hunt (files parsed, cache written), a second hunt (tables read from the cache), with
 * --no-cache, and over a `data import` directory. The rule cache rides along: written by the first
 * hunt, a damaged entry is rebuilt by the second, --no-cache writes none.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempFleet } from '../helpers/fleet.js';

let dir: string;
let fleet: string;
beforeAll(async () => {
  ({ dir, fleet } = await tempFleet('kqlhunt-hunt-cache-', 'cache'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface HuntJson {
  findings: { ruleId: string; keys: Record<string, unknown>; rowCount?: number }[];
  summary: { rulesRun: number; rulesFailed: number; findings: number };
}

const findings = (stdout: string) => {
  const out = JSON.parse(stdout) as HuntJson;
  expect(out.summary.rulesFailed).toBe(0);
  return out.findings.map((f) => JSON.stringify([f.ruleId, f.keys])).sort();
};

describe('hunt with the table cache', () => {
  it('finds the same with the files, the cache, every column without the cache, and a data import', () => {
    const env = { KQLHUNT_CACHE_DIR: join(dir, 'cache') };
    const hunt = (data: string, ...extra: string[]) =>
      runCli(['hunt', '--rules', 'rmm', '--data', data, '--format', 'json', '--no-store', ...extra], '', env);

    const first = hunt(fleet);
    expect(first.code).toBe(1);
    expect(first.stderr).not.toContain('from the table cache');
    const ruleDir = join(dir, 'cache', 'rules');
    const ruleEntries = () => readdirSync(ruleDir).filter((n) => n.endsWith('.kqr'));
    expect(ruleEntries()).toHaveLength(1);
    const ruleEntry = join(ruleDir, ruleEntries()[0]!);
    const written = readFileSync(ruleEntry);
    writeFileSync(ruleEntry, written.subarray(0, written.length >> 1));
    const second = hunt(fleet);
    // Rebuilt: the same rules again (v8 may lay the same values out in other bytes).
    const payload = (b: Buffer) => JSON.stringify(deserialize(b.subarray(40)));
    expect(payload(readFileSync(ruleEntry))).toBe(payload(written));
    expect(second.stderr).toContain('from the table cache');
    expect(first.stderr).toContain('only the columns the rules read were built');
    rmSync(ruleDir, { recursive: true });
    const plain = hunt(fleet, '--no-cache', '--all-columns');
    expect(existsSync(ruleDir)).toBe(false);
    expect(plain.stderr).not.toContain('table cache');
    expect(plain.stderr).not.toContain('only the columns');

    const imported = join(dir, 'imported');
    const imp = runCli(['data', 'import', fleet, '--to', imported], '', env);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/wrote .*tables\.kqc/);
    const viaImport = hunt(imported);

    const expected = findings(first.stdout);
    expect(expected.length).toBeGreaterThan(0);
    expect(findings(second.stdout)).toEqual(expected);
    expect(findings(plain.stdout)).toEqual(expected);
    expect(findings(viaImport.stdout)).toEqual(expected);
  });
});
