/**
 * `npm start` equivalent: the CLI's `serve` on a random port with the demo data (generated into a
 * fresh data directory) must answer / within the time limit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers.js';

const LIMIT_MS = 60_000;
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGTERM');
});

describe('kqlhunt serve (npm start equivalent)', () => {
  it(
    'generates the demo fleet, hunts, prints its URL and serves / within a minute',
    async () => {
      const started = Date.now();
      const dataHome = mkdtempSync(join(tmpdir(), 'kqlhunt-smoke-'));
      child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
        cwd: REPO_ROOT,
        env: { ...process.env, XDG_DATA_HOME: dataHome, HOME: dataHome },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no URL within ${LIMIT_MS} ms; stderr:\n${stderr}`)), LIMIT_MS);
        child?.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/\S+?)\/?\s/.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child?.on('exit', (code) => reject(new Error(`serve exited with ${code}; stderr:\n${stderr}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${url}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await res.text()).toContain('SOC feed');
      expect(stderr).toMatch(/generating a small demo fleet/);
      expect(stderr).toMatch(/hunt \w+: \d+ rules, [1-9]\d* findings/);
      expect(Date.now() - started).toBeLessThan(LIMIT_MS);
    },
    LIMIT_MS + 10_000,
  );
});
