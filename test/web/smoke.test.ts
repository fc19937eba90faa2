/**
 * `npm start` equivalent: the CLI's `serve` on a random port with the demo data (generated into a
 * fresh data directory) must answer / within the time limit. Then the restart check on the real
 * process: set a finding's triage, stop the server (SIGTERM), start it again on the same data
 * directory, and the triage is still there.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers.js';

const LIMIT_MS = 60_000;
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
});

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stderr: () => string;
}

/** Starts `kqlhunt serve --port 0` with `dataHome` as the user data directory; resolves with its URL. */
async function serve(dataHome: string): Promise<Served> {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: dataHome, HOME: dataHome };
  delete env.KQLHUNT_DB;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL within ${LIMIT_MS} ms; stderr:\n${stderr}`)), LIMIT_MS);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+?)\/?\s/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}; stderr:\n${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

function stop(s: Served): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.once('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });
}

/** Cookie and CSRF token from a running server. */
async function csrf(url: string): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${url}/api/csrf`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, token: ((await res.json()) as { token: string }).token };
}

describe('kqlhunt serve (npm start equivalent)', () => {
  const dataHome = mkdtempSync(join(tmpdir(), 'kqlhunt-smoke-'));

  it(
    'generates the demo fleet, hunts, prints its URL and serves / within a minute',
    async () => {
      const started = Date.now();
      const s = await serve(dataHome);
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${s.url}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await res.text()).toContain('SOC feed');
      expect(s.stderr()).toMatch(/generating a small demo fleet/);
      expect(s.stderr()).toMatch(/hunt \w+: \d+ rules, [1-9]\d* findings/);
      expect(Date.now() - started).toBeLessThan(LIMIT_MS);
      // The store is the CLI's default file under the user data directory.
      expect(existsSync(join(dataHome, 'kqlhunt', 'kqlhunt.db'))).toBe(true);
      expect(await stop(s)).toBe(0);
    },
    LIMIT_MS + 10_000,
  );

  it(
    'keeps triage across a restart of the server process',
    async () => {
      const first = await serve(dataHome);
      const list = (await (await fetch(`${first.url}/api/findings`)).json()) as { findings: { id: string }[] };
      const id = list.findings[0]?.id;
      if (!id) throw new Error('no findings to triage');
      const { cookie, token } = await csrf(first.url);
      const patched = await fetch(`${first.url}/api/findings/${id}`, {
        method: 'PATCH',
        headers: { cookie, 'x-csrf-token': token, 'content-type': 'application/json' },
        body: JSON.stringify({ triage: 'benign', note: 'sanctioned by IT' }),
      });
      expect(patched.status).toBe(200);
      expect(await stop(first)).toBe(0);

      const second = await serve(dataHome);
      const got = (await (await fetch(`${second.url}/api/findings/${id}`)).json()) as { triage: string; note: string };
      expect(got).toMatchObject({ triage: 'benign', note: 'sanctioned by IT' });
      const runs = (await (await fetch(`${second.url}/api/runs`)).json()) as { runs: unknown[] };
      // Same demo data, rules and now(): the first test's start-up hunt is shown again, not re-run.
      expect(runs.runs).toHaveLength(1);
      expect(second.stderr()).toMatch(/hunt 1 \(.*\) already ran these rules on this data/);
      expect(await stop(second)).toBe(0);
    },
    2 * LIMIT_MS + 10_000,
  );
});
