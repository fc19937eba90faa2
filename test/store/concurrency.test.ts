/**
 * Two processes, one store (issue 14): two hunts run at the same time on the same database file
 * while a third process lists the runs. Each hunt must finish its own run as 'completed' with all
 * its rules, the listing must not mark a live run 'interrupted', and the file must stay sound.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { cliCommand, runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

function runningRuns(db: string): number {
  try {
    const raw = new Database(db, { readonly: true, fileMustExist: true });
    const n = (raw.prepare("SELECT COUNT(*) AS n FROM runs WHERE status = 'running'").get() as { n: number }).n;
    raw.close();
    return n;
  } catch {
    return 0; // not created or migrated yet
  }
}

describe('two hunts and a run list on one store', () => {
  it('both runs complete and are labelled correctly; integrity_check is ok', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-concurrent-'));
    const db = join(dir, 'shared.db');
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
    const hunt = (): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string }> } => {
      const child = spawn(
        process.execPath,
        [...cliCommand(), 'hunt', '--rules', 'rmm', '--data', data, '--db', db, '--format', 'json'],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, KQLHUNT_TEST_RULE_DELAY_MS: '15' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      child.stdout?.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout }))) };
    };
    const a = hunt();
    const b = hunt();
    // Wait (reading only) until both runs are recorded as running, then list runs from a third process.
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && runningRuns(db) < 2) await new Promise((r) => setTimeout(r, 100));
    expect(runningRuns(db)).toBe(2);
    const listed = runCli(['runs', 'list', '--db', db, '--format', 'json']);
    expect(listed.code, listed.stderr).toBe(0);
    const runs = JSON.parse(listed.stdout) as { id: number; status: string }[];
    expect(runs.map((r) => r.status)).toEqual(['running', 'running']);

    const [ra, rb] = await Promise.all([a.done, b.done]);
    // 1: findings (the Syncro row matches), never 3 (a rule failed) or a crash.
    expect(ra.code).toBe(1);
    expect(rb.code).toBe(1);
    const idA = (JSON.parse(ra.stdout) as { run: number }).run;
    const idB = (JSON.parse(rb.stdout) as { run: number }).run;
    expect(idA).not.toBe(idB);
    const store = openStore(db);
    expect(store.integrityCheck()).toBe('ok');
    for (const id of [idA, idB]) {
      expect(store.getRun(id)).toMatchObject({ status: 'completed', rulesRun: 489, rulesFailed: 0 });
      expect(store.ruleResults(id)).toHaveLength(489);
    }
    expect(store.interruptedOnOpen).toBe(0);
    store.close();
  }, 180_000);
});
