/**
 * `--changed <git-ref>`: the files that differ from a ref — committed since it, changed in the
 * working tree, or new and untracked — as absolute paths. git runs through execFile (no shell) with
 * the ref as one argument, refused when it looks like an option.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class ChangedError extends Error {
  override readonly name = 'ChangedError';
}

async function git(args: readonly string[], cwd: string): Promise<string> {
  const { stdout } = await run('git', [...args], {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

const split = (z: string) => z.split('\0').filter((s) => s !== '');

/** Files changed since `ref` in the repository that holds `cwd`. Throws ChangedError on bad refs. */
export async function changedFiles(ref: string, cwd: string): Promise<Set<string>> {
  if (ref.startsWith('-') || ref.trim() === '') throw new ChangedError(`'${ref}' is not a git ref`);
  let top: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  } catch {
    throw new ChangedError(`${cwd} is not inside a git repository`);
  }
  try {
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top);
  } catch {
    throw new ChangedError(`'${ref}' is not a commit of the repository at ${top}`);
  }
  const diff = await git(['diff', '--name-only', '-z', ref, '--'], top);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z'], top);
  return new Set([...split(diff), ...split(untracked)].map((p) => resolve(top, p)));
}
