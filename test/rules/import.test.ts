import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffImports } from '../../src/rules/diff.js';
import { contentHash } from '../../src/rules/hash.js';
import { githubUrl, importDirectory, importFromGit } from '../../src/rules/import.js';
import type { Rule } from '../../src/rules/model.js';
import { FIXTURES } from './helpers.js';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function tempCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-rules-test-'));
  temps.push(dir);
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

describe('importDirectory', () => {
  it('loads good files, reports broken ones with path/line/reason', async () => {
    const r = await importDirectory(FIXTURES, {
      repository: 'Azure/Azure-Sentinel',
      commit: 'abc123',
      retrievedAt: 'T',
    });
    expect(r.filesRead).toBe(7);
    expect(r.rules.map((x) => x.rule.name).sort()).toEqual([
      'BOM and tabs rule',
      'CRLF rule',
      'Mis-indented connectors',
      'Query',
      'Sign-ins from many countries',
      'Variant with network events',
    ]);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.path).sort()).toEqual([
      'Hunting Queries/broken_missing_query.yaml',
      'Hunting Queries/broken_syntax.yaml',
    ]);
    expect(errors.every((d) => d.message.length > 10)).toBe(true);
    const rule = r.rules.find((x) => x.rule.name === 'Sign-ins from many countries')!.rule;
    expect(rule.source).toEqual({
      repository: 'Azure/Azure-Sentinel',
      path: 'Detections/Identity/valid_scheduled.yaml',
      commit: 'abc123',
      retrievedAt: 'T',
      url: 'https://github.com/Azure/Azure-Sentinel/blob/abc123/Detections/Identity/valid_scheduled.yaml',
      // The query's block scalar starts on line 24 of the file, indented by two spaces.
      queryAt: { line: 23, indent: 2 },
    });
  });

  it('hashes content independently of commit and retrieval time', async () => {
    const a = await importDirectory(FIXTURES, { repository: 'r', commit: 'c1', retrievedAt: 'T1' });
    const b = await importDirectory(FIXTURES, { repository: 'r', commit: 'c2', retrievedAt: 'T2' });
    expect(a.rules.map((x) => x.hash)).toEqual(b.rules.map((x) => x.hash));
    expect(new Set(a.rules.map((x) => x.hash)).size).toBe(a.rules.length);
  });

  it('reports duplicate ids and keeps the first', async () => {
    const dir = tempCopy();
    writeFileSync(join(dir, 'zz_dup.yaml'), 'id: 0b1d9e7c-3f4a-4c56-8e21-7a9b0c1d2e3f\nname: dup\nquery: T\n');
    const r = await importDirectory(dir, { repository: 'r' });
    expect(r.diagnostics.find((d) => d.code === 'RULE502')?.path).toBe('zz_dup.yaml');
    expect(r.rules.filter((x) => x.rule.id === '0b1d9e7c-3f4a-4c56-8e21-7a9b0c1d2e3f')).toHaveLength(1);
  });
});

describe('diffImports', () => {
  const rule = (id: string, query: string): Rule =>
    ({
      id,
      name: id,
      description: '',
      kind: 'hunting',
      format: 'sentinel-yaml',
      query,
      tactics: [],
      techniques: [],
      requiredDataConnectors: [],
      tables: [],
      entityMappings: [],
      customDetails: {},
      tags: [],
      references: [],
      source: { repository: 'r', path: `${id}.yaml` },
      extra: {},
      lint: { status: 'unchecked', diagnostics: [] },
    }) satisfies Rule;

  it('classifies new, updated, unchanged and removed rules', () => {
    const prev = [rule('a', 'T'), rule('b', 'T'), rule('c', 'T')];
    const next = [rule('a', 'T'), rule('b', 'T | take 1'), rule('d', 'T')];
    const d = diffImports(prev, next);
    expect(d.added.map((r) => r.id)).toEqual(['d']);
    expect(d.updated.map((u) => [u.before.query, u.after.query])).toEqual([['T', 'T | take 1']]);
    expect(d.unchanged.map((r) => r.id)).toEqual(['a']);
    expect(d.removed.map((r) => r.id)).toEqual(['c']);
  });

  it('ignores source commit, retrieval time and lint when comparing', () => {
    const a = rule('a', 'T');
    const b: Rule = {
      ...a,
      source: { ...a.source, commit: 'x', retrievedAt: 'y' },
      lint: { status: 'clean', diagnostics: [] },
    };
    expect(contentHash(a)).toBe(contentHash(b));
    expect(diffImports([a], [b]).unchanged).toHaveLength(1);
  });
});

describe('githubUrl', () => {
  it('builds blob URLs for GitHub repositories only', () => {
    expect(githubUrl('https://github.com/Azure/Azure-Sentinel.git', 'Hunting Queries/a b.yaml', 'c')).toBe(
      'https://github.com/Azure/Azure-Sentinel/blob/c/Hunting%20Queries/a%20b.yaml',
    );
    expect(githubUrl('/tmp/repo', 'a.yaml', 'c')).toBeUndefined();
    expect(githubUrl('https://gitlab.com/a/b', 'a.yaml', 'c')).toBeUndefined();
  });
});

describe('importFromGit', () => {
  const hasGit = (() => {
    try {
      execFileSync('git', ['--version']);
      return true;
    } catch {
      return false;
    }
  })();

  it('clones a repository at a ref and records the commit', async () => {
    expect(hasGit).toBe(true);
    const dir = tempCopy();
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
    const head = g('rev-parse', 'HEAD');
    const r = await importFromGit(dir, 'main', { retrievedAt: 'T' });
    expect(r.commit).toBe(head);
    expect(r.rules).toHaveLength(6);
    expect(r.rules.every((x) => x.rule.source.commit === head && x.rule.source.retrievedAt === 'T')).toBe(true);
  });

  it('reports bad URLs and unknown refs as diagnostics', async () => {
    expect((await importFromGit('--upload-pack=evil', 'main')).diagnostics[0]?.code).toBe('RULE504');
    const dir = tempCopy();
    const r = await importFromGit(dir, 'main');
    expect(r.rules).toEqual([]);
    expect(r.diagnostics[0]?.code).toBe('RULE503');
  });
});
