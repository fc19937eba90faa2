import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/rules/index.js';
import { openStore } from '../../src/store/index.js';
import { type GroundTruthEntry, generateFleet } from '../../src/telemetry/generate/index.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

let dir: string;
let fleet: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-hunt-'));
  fleet = join(dir, 'fleet');
  await generateFleet({
    outDir: fleet,
    devices: 30,
    events: 50_000,
    days: 7,
    end: '2024-05-01T00:00:00Z',
    seed: 'hunt-test',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface HuntJson {
  run: number | null;
  now: string;
  nowSource: string;
  summary: { rulesRun: number; rulesFailed: number; findings: number };
  findings: { id: string; ruleId: string; keys: Record<string, unknown> }[];
}

/** `rmm:<Tool>` tags of the pack ↔ the generator's display names ("NetSupport Manager" → NetSupport). */
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const sameTool = (tag: string, tool: string) => norm(tool).startsWith(norm(tag)) || norm(tag).startsWith(norm(tool));

describe('kqlhunt hunt over a generated fleet', () => {
  it('finds every planted RMM tool on its devices and nothing on clean devices (ground truth)', async () => {
    const db = join(dir, 'gt.db');
    const r = runCli(['hunt', '--rules', 'packs/rmm', '--data', fleet, '--format', 'json', '--db', db]);
    expect(r.stderr).toContain('--now auto');
    expect(r.code).toBe(1); // findings
    const out = JSON.parse(r.stdout) as HuntJson;
    expect(out.summary.rulesRun).toBe(489);
    expect(out.summary.rulesFailed).toBe(0);
    expect(out.nowSource).toBe('auto');

    const pack = await importDirectory(join(REPO_ROOT, 'packs/rmm'));
    const toolTag = new Map(
      pack.rules.map(({ rule }) => [rule.id, rule.tags.find((t) => t.startsWith('rmm:'))?.slice(4)]),
    );
    const truth = JSON.parse(readFileSync(join(fleet, 'ground_truth.json'), 'utf8')) as GroundTruthEntry[];
    const planted = new Map<string, Set<string>>(); // device → tools
    for (const e of truth) planted.set(e.DeviceName, (planted.get(e.DeviceName) ?? new Set()).add(e.tool));
    const byDevice = new Map<string, Set<string>>(); // device → tool tags with findings
    for (const f of out.findings) {
      const device = String(f.keys.DeviceName);
      byDevice.set(device, (byDevice.get(device) ?? new Set()).add(toolTag.get(f.ruleId) ?? '?'));
    }
    const missed: string[] = [];
    for (const [device, tools] of planted)
      for (const tool of tools)
        if (![...(byDevice.get(device) ?? [])].some((tag) => sameTool(tag, tool))) missed.push(`${tool} on ${device}`);
    expect(missed).toEqual([]);
    const onClean = [...byDevice].filter(([d]) => !planted.has(d)).map(([d, tags]) => `${d}: ${[...tags].join(',')}`);
    expect(onClean).toEqual([]);
  });

  it('explains a rule window that misses the data, and exits 0 without findings', () => {
    const r = runCli([
      'hunt',
      '--rules',
      'packs/rmm/tools/SyncroMSP',
      '--data',
      fleet,
      '--now',
      '2025-01-01T00:00:00Z',
      '--no-store',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('no findings\n');
    expect(r.stderr).toMatch(
      /time window 2024-12-27T00:00:00.0000000Z \.\. 2025-01-01T00:00:00.0000000Z .* does not overlap the data/,
    );
  });

  it('usage errors exit 2', () => {
    expect(runCli(['hunt', '--data', fleet]).code).toBe(2);
    expect(runCli(['hunt', '--rules', 'no-such-pack', '--data', fleet, '--no-store']).code).toBe(2);
    expect(runCli(['hunt', '--rules', 'rmm', '--data', fleet, '--format', 'xml']).code).toBe(2);
    const threads = runCli(['hunt', '--rules', 'rmm', '--data', fleet, '--no-store', '--load-threads', '0']);
    expect(threads.code).toBe(2);
    expect(threads.stderr).toContain('--load-threads: must be a whole number ≥ 1');
  });
});

describe('a killed hunt leaves the store consistent', () => {
  it('SIGKILL mid-run: integrity ok, run marked interrupted on next open, next run works', async () => {
    const db = join(dir, 'kill.db');
    const data = join(dir, 'DeviceProcessEvents.ndjson');
    writeFileSync(
      data,
      `${JSON.stringify({
        Timestamp: '2024-04-30T10:00:00Z',
        DeviceId: 'd1',
        DeviceName: 'pc1',
        ReportId: 1,
        ProcessVersionInfoCompanyName: 'Servably, Inc.',
        ProcessVersionInfoProductName: 'Syncro',
      })}\n`,
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), 'hunt', '--rules', 'rmm', '--data', data, '--db', db],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, KQLHUNT_TEST_RULE_DELAY_MS: '50' },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_c, sig) => res(sig)));
    // Wait (reading only: opening the store would mark the live run interrupted) until rules commit.
    const deadline = Date.now() + 60_000;
    let results = 0;
    while (Date.now() < deadline && results < 5) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        const raw = new Database(db, { readonly: true, fileMustExist: true });
        results = (raw.prepare('SELECT COUNT(*) AS n FROM rule_results').get() as { n: number }).n;
        raw.close();
      } catch {
        results = 0; // not created / migrated yet
      }
    }
    expect(results).toBeGreaterThanOrEqual(5);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const store = openStore(db);
    expect(store.integrityCheck()).toBe('ok');
    expect(store.interruptedOnOpen).toBe(1);
    const [run] = store.listRuns();
    expect(run!.status).toBe('interrupted');
    expect(run!.rulesRun).toBeGreaterThanOrEqual(5);
    expect(run!.rulesRun).toBeLessThan(489);
    expect(store.ruleResults(run!.id)).toHaveLength(run!.rulesRun);
    store.close();

    const again = runCli(['hunt', '--rules', 'rmm', '--data', data, '--db', db, '--format', 'json']);
    expect(again.code).toBe(1);
    const out = JSON.parse(again.stdout) as HuntJson;
    const s2 = openStore(db);
    expect(s2.getRun(out.run!)).toMatchObject({ status: 'completed', rulesRun: 489 });
    expect(s2.getRun(run!.id)!.status).toBe('interrupted');
    s2.close();
  });
});

describe('findings triage from the CLI', () => {
  it('set-state survives a re-run of the hunt', () => {
    const db = join(dir, 'triage.db');
    const args = ['hunt', '--rules', 'packs/rmm/tools/SyncroMSP', '--data', fleet, '--db', db, '--format', 'json'];
    const first = JSON.parse(runCli(args).stdout) as HuntJson;
    expect(first.findings.length).toBeGreaterThan(0);
    const id = first.findings[0]!.id;
    const set = runCli(['findings', 'set-state', id.slice(0, 8), 'benign', '--comment', 'IT rollout', '--db', db]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(`${id}: benign (IT rollout)`);
    const second = JSON.parse(runCli(args).stdout) as HuntJson;
    expect(second.findings.map((f) => f.id)).toContain(id);
    const listed = JSON.parse(
      runCli(['findings', 'list', '--run', String(second.run), '--format', 'json', '--db', db]).stdout,
    ) as {
      id: string;
      state: string;
      comment: string;
      firstRun: number;
      lastRun: number;
    }[];
    expect(listed.find((f) => f.id === id)).toMatchObject({
      state: 'benign',
      comment: 'IT rollout',
      firstRun: first.run,
      lastRun: second.run,
    });
    expect(runCli(['findings', 'set-state', id, 'maybe', '--db', db]).code).toBe(2);
    const runs = runCli(['runs', 'show', String(second.run), '--db', db]);
    expect(runs.stdout).toContain('completed');
  });
});
