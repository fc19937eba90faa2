import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-lintfiles-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Problem {
  path: string;
  line: number;
  column: number;
  code: string;
}

/** Two rules whose queries start on different lines of their files, each with an unknown column. */
function writeRules(root: string): void {
  mkdirSync(join(root, 'b'), { recursive: true });
  writeFileSync(
    join(root, 'a.yaml'),
    [
      'id: 11111111-1111-1111-1111-111111111111',
      'name: Rule A',
      'description: A.',
      'query: |',
      '  DeviceInfo',
      '  | where NoSuchColumn == 1',
      '  | where AlsoMissing == 2',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'b', 'c.yaml'),
    [
      'id: 22222222-2222-2222-2222-222222222222',
      'name: Rule C',
      'description: C.',
      'tactics: [Execution]',
      'query: DeviceInfo | where Missing == 1',
      '',
    ].join('\n'),
  );
  // Neither is a rule: a pack manifest and a rule-test sidecar.
  writeFileSync(join(root, 'pack.yaml'), 'name: test pack\nversion: 1\n');
  writeFileSync(join(root, 'a.tests.yaml'), 'tests:\n  - name: t\n    expect: { fires: true }\n');
}

const EXPECTED: readonly Problem[] = [
  { path: 'a.yaml', line: 6, column: 11, code: 'KQL302' },
  { path: 'a.yaml', line: 7, column: 11, code: 'KQL302' },
  { path: 'b/c.yaml', line: 5, column: 27, code: 'KQL302' },
];

const positions = (ps: readonly Problem[], strip: (p: string) => string) =>
  ps.map((p) => ({ path: strip(p.path), line: p.line, column: p.column, code: p.code }));

describe('rules lint and import: files, positions, order', () => {
  it('lints packs/rmm without reading its pack.yaml as a rule', () => {
    const r = runCli(['rules', 'lint', join(REPO_ROOT, 'packs', 'rmm'), '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { rules: number; problems: Problem[] };
    expect(report.rules).toBeGreaterThan(100);
    expect(report.problems.filter((p) => p.path.endsWith('pack.yaml'))).toEqual([]);
  });

  it('a directory lint places problems in the file, sorted by file, line, column', () => {
    const root = join(dir, 'lint');
    writeRules(root);
    const r = runCli(['rules', 'lint', root, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { files: number; rules: number; problems: Problem[] };
    expect(report.files).toBe(2);
    expect(report.rules).toBe(2);
    expect(positions(report.problems, (p) => p.slice(p.indexOf('lint/') + 5))).toEqual(EXPECTED);
  });

  it('import does not list pack.yaml or *.tests.yaml as broken; catalog lint uses file positions', () => {
    const root = join(dir, 'imp');
    writeRules(root);
    const db = join(dir, 'imp.db');
    const imported = runCli(['rules', 'import', root, '--db', db]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('broken files 0');
    expect(imported.stdout).not.toContain('pack.yaml');
    // The file is gone afterwards: the position was recorded at import time.
    const moved = join(dir, 'imp-moved');
    cpSync(root, moved, { recursive: true });
    rmSync(root, { recursive: true });
    const lint = runCli(['rules', 'lint', '--db', db, '--format', 'json']);
    expect(lint.code).toBe(1);
    const report = JSON.parse(lint.stdout) as { problems: Problem[] };
    expect(positions(report.problems, (p) => p)).toEqual(EXPECTED);
    const text = runCli(['rules', 'lint', '--db', db]).stdout.split('\n');
    expect(text[0]).toMatch(/^a\.yaml:6:11: error KQL302/);
    expect(text[2]).toMatch(/^b\/c\.yaml:5:27: error KQL302/);
  });
});
