import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { staleReasons } from '../../scripts/ensure-built.mjs';

const stale = staleReasons as (root: string) => string[];
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fake project: src/a.ts, src/sub/b.ts, src/types.d.ts, with dist twins when `built`. */
function project(built: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'kqlhunt-built-'));
  dirs.push(root);
  mkdirSync(join(root, 'src', 'sub'), { recursive: true });
  mkdirSync(join(root, 'dist', 'sub'), { recursive: true });
  for (const f of ['a.ts', 'sub/b.ts', 'types.d.ts']) writeFileSync(join(root, 'src', f), 'export {};\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}');
  const old = new Date('2024-01-01T00:00:00Z');
  for (const f of ['a.ts', 'sub/b.ts', 'types.d.ts', '../tsconfig.json']) utimesSync(join(root, 'src', f), old, old);
  if (built) for (const f of ['a.js', 'sub/b.js']) writeFileSync(join(root, 'dist', f), 'export {};\n');
  return root;
}

describe('scripts/ensure-built.mjs', () => {
  it('finds nothing to do when every source has a newer output (declaration files need none)', () => {
    expect(stale(project(true))).toEqual([]);
  });

  it('rebuilds when an output is missing', () => {
    const root = project(true);
    rmSync(join(root, 'dist', 'sub', 'b.js'));
    expect(stale(root)).toEqual(['sub/b.ts: not built']);
    expect(stale(project(false))).toHaveLength(2);
  });

  it('rebuilds when a source is newer than its output', () => {
    const root = project(true);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src', 'a.ts'), later, later);
    expect(stale(root)).toEqual(['a.ts: changed since the build']);
  });

  it('an installed package (dist/ without src/) has nothing to rebuild', () => {
    const root = project(true);
    rmSync(join(root, 'src'), { recursive: true });
    expect(stale(root)).toEqual([]);
  });

  it('rebuilds when the TypeScript configuration changed after the build', () => {
    const root = project(true);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'tsconfig.json'), later, later);
    expect(stale(root)).toEqual(['tsconfig.json: changed since the build']);
  });
});

describe('markBinExecutable', () => {
  it.runIf(process.platform !== 'win32')('sets the executable bits tsc leaves off dist/cli/main.js', async () => {
    const { markBinExecutable } = (await import('../../scripts/ensure-built.mjs' as string)) as {
      markBinExecutable: (root: string) => void;
    };
    const root = project(true);
    mkdirSync(join(root, 'dist', 'cli'));
    writeFileSync(join(root, 'dist', 'cli', 'main.js'), '#!/usr/bin/env node\n', { mode: 0o644 });
    markBinExecutable(root);
    expect(statSync(join(root, 'dist', 'cli', 'main.js')).mode & 0o111).toBe(0o111);
  });
});
