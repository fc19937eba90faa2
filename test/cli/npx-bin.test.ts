import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('the README’s `npx kqlhunt …` commands', () => {
  it('run the package’s own bin from a checkout (after the build that npm ci runs)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version: string;
      bin: Record<string, string>;
    };
    expect(pkg.bin.kqlhunt).toBe('dist/cli/main.js');
    // --no-install: must resolve locally, never from the registry.
    const out = execFileSync('npx', ['--no-install', 'kqlhunt', '--version'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    expect(out.trim()).toBe(pkg.version);
  });

  it('a first line of dist/cli/main.js that makes it executable as a bin', () => {
    expect(readFileSync(join(root, 'dist', 'cli', 'main.js'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
