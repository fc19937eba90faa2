import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { readJsonl } from '../helpers/shared-data.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-rules-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ruleYaml = (id: string, name: string, query: string) =>
  stringify({ id, name, description: `${name}.`, tactics: ['Execution'], relevantTechniques: ['T1059'], query });

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
}

describe('kqlhunt rules import (local git repository)', () => {
  it('imports, survives broken files, and reports changes on the next import', () => {
    const repo = join(dir, 'repo');
    const db = join(dir, 'git.db');
    mkdirSync(join(repo, 'Hunting'), { recursive: true });
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), text);
    };
    write('Hunting/a.yaml', ruleYaml('11111111-1111-1111-1111-111111111111', 'Rule A', 'DeviceProcessEvents | take 1'));
    write(
      'Hunting/b.yaml',
      ruleYaml('22222222-2222-2222-2222-222222222222', 'Rule B', 'DeviceNetworkEvents | where RemotePort == 443'),
    );
    write(
      'Hunting/c.yaml',
      ruleYaml('33333333-3333-3333-3333-333333333333', 'Rule C', 'DeviceInfo | where NoSuchColumn == 1'),
    );
    write('Hunting/broken.yaml', 'id: x\nname: [unclosed\nquery: |\n  T\n');
    write('Hunting/noquery.yaml', 'id: 44444444-4444-4444-4444-444444444444\nname: No query\n');
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'one');
    const commit1 = git(repo, 'rev-parse', 'HEAD');

    const first = runCli(['rules', 'import', repo, '--db', db]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`at ${commit1}`);
    expect(first.stdout).toContain('added 3, updated 0, unchanged 0, removed 0, broken files 2');
    expect(first.stdout).toMatch(/broken Hunting\/broken\.yaml:\d+:\d+: RULE102/);
    expect(first.stdout).toMatch(/broken Hunting\/noquery\.yaml:\d+:\d+: RULE201 Required field 'query'/);
    expect(first.stdout).toContain('lint: clean 2, warnings 0, errors 1');

    write('Hunting/a.yaml', ruleYaml('11111111-1111-1111-1111-111111111111', 'Rule A', 'DeviceProcessEvents | take 2'));
    unlinkSync(join(repo, 'Hunting/b.yaml'));
    write('Hunting/d.yaml', ruleYaml('55555555-5555-5555-5555-555555555555', 'Rule D', 'DeviceLogonEvents | count'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'two');
    const second = runCli(['rules', 'import', repo, '--db', db]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('added 1, updated 1, unchanged 1, removed 1, broken files 2');
    expect(second.stdout).toContain('added 55555555-5555-5555-5555-555555555555 Rule D');
    expect(second.stdout).toContain('updated 11111111-1111-1111-1111-111111111111 Rule A');
    expect(second.stdout).toContain('removed 22222222-2222-2222-2222-222222222222');

    // The catalog also holds the bundled packs (registered on first use): list this source's rules.
    const list = JSON.parse(runCli(['rules', 'list', '--source', repo, '--format', 'json', '--db', db]).stdout) as {
      id: string;
      lint: string;
    }[];
    expect(list.map((r) => r.id).sort()).toEqual([
      '11111111-1111-1111-1111-111111111111',
      '33333333-3333-3333-3333-333333333333',
      '55555555-5555-5555-5555-555555555555',
    ]);
    const errors = JSON.parse(
      runCli(['rules', 'list', '--source', repo, '--lint', 'errors', '--format', 'json', '--db', db]).stdout,
    ) as {
      id: string;
    }[];
    expect(errors.map((r) => r.id)).toEqual(['33333333-3333-3333-3333-333333333333']);
    const show = runCli(['rules', 'show', '1111', '--db', db]);
    expect(show.stdout).toContain('DeviceProcessEvents | take 2');
    const exported = runCli(['rules', 'export', '55555555', '--db', db]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('id: 55555555-5555-5555-5555-555555555555');
    expect(exported.stdout).toContain('DeviceLogonEvents | count');
    // Catalog lint: rule C has an error → exit 1.
    expect(runCli(['rules', 'lint', '--db', db]).code).toBe(1);
  });
});

interface CorpusRecord {
  id: string;
  name: string;
  repo: string;
  path: string;
  tactics: string[];
  techniques: string[];
  query: string;
}

describe('importing the hunting corpus', () => {
  it('writes the corpus records as Sentinel YAML and imports them all', () => {
    const records = readJsonl<CorpusRecord>('corpus/hunting_queries.public.jsonl');
    const azure = records.filter((r) => r.repo === 'Azure/Azure-Sentinel');
    expect(azure.length).toBeGreaterThan(0);
    const root = join(dir, 'corpus');
    records.forEach((r, i) => {
      const file = join(root, r.repo.replace('/', '__'), `${String(i).padStart(3, '0')}.yaml`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(
        file,
        stringify({
          id: r.id,
          name: r.name,
          description: r.name,
          tactics: r.tactics,
          relevantTechniques: r.techniques,
          query: r.query,
        }),
      );
    });
    const db = join(dir, 'corpus.db');
    const r = runCli(['rules', 'import', root, '--db', db]);
    expect(r.code).toBe(0);
    const unique = new Set(records.map((x) => x.id)).size;
    expect(r.stdout).toContain(`imported ${unique} rule(s) from ${records.length} file(s)`);
    const list = JSON.parse(runCli(['rules', 'list', '--source', root, '--format', 'json', '--db', db]).stdout) as {
      id: string;
      lint: string;
    }[];
    expect(list).toHaveLength(unique);
    for (const a of azure) expect(list.map((x) => x.id)).toContain(a.id);
    const t1219 = JSON.parse(
      runCli(['rules', 'list', '--technique', 'T1219', '--format', 'json', '--db', db]).stdout,
    ) as unknown[];
    expect(t1219.length).toBeGreaterThanOrEqual(99);
    // Re-import: nothing changed.
    expect(runCli(['rules', 'import', root, '--db', db]).stdout).toContain(
      `added 0, updated 0, unchanged ${unique}, removed 0`,
    );
  });
});

describe('kqlhunt rules lint', () => {
  it('SARIF 2.1.0 with rule ids, messages and file regions; exit 1 on errors', () => {
    const file = join(dir, 'lint', 'bad.yaml');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      'id: 66666666-6666-6666-6666-666666666666\nname: Bad\ndescription: d\nquery: |\n  DeviceProcessEvents\n  | where NoSuchColumn == 1\n',
    );
    const r = runCli(['rules', 'lint', file, '--format', 'sarif']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          message: { text: string };
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
          }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0]!.results.find((x) => x.level === 'error')!;
    expect(sarif.runs[0]!.tool.driver.rules.map((x) => x.id)).toContain(result.ruleId);
    expect(result.message.text).toMatch(/NoSuchColumn/);
    const loc = result.locations[0]!.physicalLocation;
    expect(loc.artifactLocation.uri).toMatch(/lint\/bad\.yaml$/);
    // `NoSuchColumn` is on file line 6, after "  | where " (column 11).
    expect(loc.region).toMatchObject({ startLine: 6, startColumn: 11 });

    const ok = join(dir, 'lint-ok', 'good.yaml');
    mkdirSync(dirname(ok), { recursive: true });
    writeFileSync(ok, ruleYaml('77777777-7777-7777-7777-777777777777', 'Good', 'DeviceInfo | take 1'));
    const text = runCli(['rules', 'lint', ok]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('1 rule(s) checked: 0 error(s)');
  });
});
