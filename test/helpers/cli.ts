/**
 * Runs the `kqlhunt` CLI in a child process, as users and other tools do. Uses the built
 * dist/cli/main.js when it is newer than every source file (npm test builds first), otherwise
 * runs src/cli/main.ts through tsx so the tests never exercise stale output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './shared-data.js';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let command: readonly string[] | undefined;

/** The node arguments that start the CLI (dist when fresh, else the sources through tsx). */
export function cliCommand(): readonly string[] {
  if (!command) {
    const dist = join(REPO_ROOT, 'dist', 'cli', 'main.js');
    const fresh = existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(join(REPO_ROOT, 'src'));
    command = fresh ? [dist] : ['--import', 'tsx', join(REPO_ROOT, 'src', 'cli', 'main.ts')];
  }
  return command;
}

export function runCli(
  args: readonly string[],
  stdin = '',
  env: Record<string, string> = {},
  options: { readonly cwd?: string; readonly timeoutMs?: number } = {},
): CliRun {
  const r = spawnSync(process.execPath, [...cliCommand(), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    input: stdin,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: options.timeoutMs ?? 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Parses JSON-lines output into values, failing loudly on a malformed line. */
export function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
}
