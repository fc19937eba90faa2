/** Sigma files beside other rule formats: directory and git imports, tests files and manifests skipped. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importDirectory, importFromGit, isRuleFile } from '../../../src/rules/import.js';

const SIGMA = `title: Sigma in a repo
id: 9b0a0c3e-0000-4000-8000-000000000001
logsource: {category: process_creation, product: windows}
detection:
  sel:
    Image|endswith: '\\\\calc.exe'
  condition: sel
level: low
`;
const SENTINEL = `id: 9b0a0c3e-0000-4000-8000-000000000002
name: Sentinel beside it
query: |
  DeviceProcessEvents | take 1
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-sigma-import-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'rules', 'windows'), { recursive: true });
  writeFileSync(join(dir, 'rules', 'windows', 'calc.yml'), SIGMA);
  writeFileSync(
    join(dir, 'rules', 'windows', 'calc.tests.yaml'),
    'tests:\n  - name: x\n    input: {tables: {}}\n    expect: {fires: false}\n',
  );
  writeFileSync(join(dir, 'pack.yaml'), 'name: x\n');
  writeFileSync(join(dir, 'sentinel.yaml'), SENTINEL);
  return dir;
}

describe('importing Sigma rules', () => {
  it('never reads *.tests.yaml or pack.yaml as rules', () => {
    expect(isRuleFile('a/b/rule.tests.yaml')).toBe(false);
    expect(isRuleFile('a/pack.yaml')).toBe(false);
    expect(isRuleFile('a/rule.yml')).toBe(true);
  });

  it('reads Sigma and Sentinel YAML side by side from a directory', async () => {
    const r = await importDirectory(repo(), { retrievedAt: 'T' });
    expect(r.diagnostics).toEqual([]);
    const formats = r.rules.map((x) => `${x.rule.format}:${x.rule.name}`).sort();
    expect(formats).toEqual(['sentinel-yaml:Sentinel beside it', 'sigma:Sigma in a repo']);
    const sigma = r.rules.find((x) => x.rule.format === 'sigma')!.rule;
    expect(sigma.query).toContain('FolderPath endswith @"\\calc.exe"');
  });

  it('reads a git repository of Sigma rules at its commit', async () => {
    const dir = repo();
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    };
    const g = (...args: string[]) => execFileSync('git', args, { cwd: dir, env }).toString().trim();
    g('init', '--quiet', '--initial-branch=main');
    g('add', '.');
    g('commit', '--quiet', '-m', 'rules');
    const r = await importFromGit(dir, 'main', { retrievedAt: 'T' });
    expect(r.commit).toBe(g('rev-parse', 'HEAD'));
    const sigma = r.rules.find((x) => x.rule.format === 'sigma')?.rule;
    expect(sigma?.source.path).toBe('rules/windows/calc.yml');
    expect(sigma?.sigma?.conversion.status).toBe('converted');
  });
});
