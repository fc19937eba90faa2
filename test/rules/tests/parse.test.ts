import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importDirectory, isRuleFile, loadRuleText } from '../../../src/rules/index.js';
import { discoverTests, inlineTests, parseRuleTests, RULE_TESTS_SCHEMA } from '../../../src/rules/tests/index.js';
import { ROOT } from '../exclusions/helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kqlhunt-ruletests-'));
  dirs.push(d);
  return d;
}

const GOOD = `tests:
  - name: fires on the SyncroMSP agent
    now: 2024-05-01T12:00:00Z
    exclusions: enabled
    input:
      tables:
        DeviceProcessEvents:
          - { Timestamp: 2024-05-01T10:00:00Z, DeviceName: pc1, FileName: Syncro.Service.Runner.exe }
      files: [ evidence/syncro.ndjson ]
    expect:
      fires: true
      count: 3
      rows: [ { DeviceName: pc1 } ]
      match: subset
`;

describe('parseRuleTests', () => {
  it('reads the COMMON.md example exactly as written', () => {
    const f = parseRuleTests(GOOD, '/rules/x.tests.yaml', { kind: 'sidecar' });
    expect(f.diagnostics).toEqual([]);
    expect(f.tests).toHaveLength(1);
    const t = f.tests[0]!;
    expect(t).toMatchObject({
      name: 'fires on the SyncroMSP agent',
      now: '2024-05-01T12:00:00Z',
      exclusions: 'enabled',
      files: ['/rules/evidence/syncro.ndjson'],
      expect: { fires: true, count: 3, rows: [{ DeviceName: 'pc1' }], match: 'subset' },
      line: 2,
      column: 5,
    });
    expect(t.tables.DeviceProcessEvents![0]).toMatchObject({ DeviceName: 'pc1', Timestamp: '2024-05-01T10:00:00Z' });
  });

  it('reports schema errors at the offending node, and keeps the valid tests', () => {
    const text = `tests:
  - name: ok
    expect: { fires: false }
  - name: bad
    expect:
      count: -1
      colour: red
  - name: empty expect
    expect: { match: exact }
  - expect: { fires: true }
`;
    const f = parseRuleTests(text, 't.tests.yaml', { kind: 'sidecar' });
    expect(f.tests.map((t) => t.name)).toEqual(['ok']);
    const byMessage = f.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);
    expect(byMessage).toContain('TEST201 6:14 tests[1].expect.count: must be >= 0');
    expect(byMessage).toContain("TEST201 7:7 tests[1].expect: unknown field 'colour'");
    expect(byMessage).toContain('TEST201 9:13 tests[2].expect: needs at least one of fires, count, rows');
    expect(byMessage).toContain("TEST201 10:5 tests[3]: missing required field 'name'");
    expect(f.diagnostics.every((d) => d.path === 't.tests.yaml' && d.severity === 'error')).toBe(true);
  });

  it('catches what the schema cannot: duplicate names, bad now, contradictions', () => {
    const text = `tests:
  - { name: a, expect: { fires: true } }
  - { name: a, expect: { fires: true } }
  - { name: b, now: yesterday, expect: { fires: true } }
  - { name: c, expect: { fires: false, count: 2 } }
`;
    const f = parseRuleTests(text, 't.tests.yaml', { kind: 'sidecar' });
    expect(f.tests.map((t) => t.name)).toEqual(['a']);
    expect(f.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['TEST202', 3],
      ['TEST203', 4],
      ['TEST204', 5],
    ]);
  });

  it('YAML syntax errors have positions; top-level junk is reported, never thrown', () => {
    const broken = parseRuleTests('tests: []\ntests: []\n', 'b.tests.yaml', { kind: 'sidecar' });
    expect(broken.diagnostics[0]).toMatchObject({ code: 'TEST101', line: 2, column: 1 });
    expect(broken.tests).toEqual([]);
    expect(parseRuleTests('- 1\n- 2\n', 'l.tests.yaml', { kind: 'sidecar' }).diagnostics[0]!.code).toBe('TEST205');
    expect(
      parseRuleTests('rules: []\n', 'r.tests.yaml', { kind: 'sidecar' }).diagnostics.map((d) => d.message),
    ).toEqual(["the document: missing required field 'tests'", "the document: unknown field 'rules'"]);
  });

  it('reads the optional exclusions list (the tuning under test)', () => {
    const text = `tests:
  - { name: a, expect: { fires: false } }
exclusions:
  - { id: sched, expression: 'process.parent_process_name == "schtasks.exe"' }
  - { id: off, expression: 'process.name == "x.exe"', enabled: false, source: knowledge-base }
`;
    const f = parseRuleTests(text, 't.tests.yaml', { kind: 'sidecar' });
    expect(f.diagnostics).toEqual([]);
    expect(f.exclusions.map((x) => [x.id, x.enabled, x.source])).toEqual([
      ['sched', true, 'user'],
      ['off', false, 'knowledge-base'],
    ]);
  });
});

describe('inline tests and discovery', () => {
  const SENTINEL = `id: 11111111-2222-4333-8444-555555555555
name: Inline test rule
query: |
  DeviceProcessEvents | where FileName =~ 'x.exe'
tests:
  - name: fires on x
    input: { tables: { DeviceProcessEvents: [ { FileName: x.exe } ] } }
    expect: { count: 1 }
  - name: broken
    expect: { fires: maybe }
`;

  it('reads tests: of a Sentinel YAML rule with rule-file positions; the loader ignores the key', () => {
    const [f] = inlineTests('/r/rule.yaml', SENTINEL);
    expect(f!.kind).toBe('inline');
    expect(f!.tests.map((t) => [t.name, t.line])).toEqual([['fires on x', 6]]);
    expect(f!.diagnostics[0]).toMatchObject({
      code: 'TEST201',
      line: 10,
      message: 'tests[1].expect.fires: must be a boolean',
    });
    const loaded = loadRuleText(SENTINEL, { repository: '/r', path: 'rule.yaml' });
    expect(loaded.rules).toHaveLength(1);
    expect(loaded.diagnostics.filter((d) => d.message.includes('tests'))).toEqual([]);
  });

  it('reads a ```yaml tests block of a Markdown rule with file line numbers', () => {
    const md = [
      '# Rule',
      '```kql',
      'DeviceProcessEvents | take 1',
      '```',
      '',
      '```yaml',
      'tests:',
      '  - name: md test',
      '    expect: { fires: false }',
      '```',
    ].join('\n');
    const [f] = inlineTests('/r/rule.md', md);
    expect(f!.tests.map((t) => [t.name, t.line])).toEqual([['md test', 8]]);
  });

  it('finds a sidecar next to the rule; loaders never read tests files or pack.yaml as rules', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'rule.yaml'), SENTINEL.replace(/tests:[\s\S]*$/, ''));
    writeFileSync(join(dir, 'rule.tests.yaml'), 'tests:\n  - { name: side, expect: { fires: true } }\n');
    writeFileSync(join(dir, 'pack.yaml'), 'name: p\nrules: 1\n');
    const found = discoverTests(join(dir, 'rule.yaml'));
    expect(found.map((f) => [f.kind, f.tests.map((t) => t.name)])).toEqual([['sidecar', ['side']]]);
    expect(isRuleFile('a/rule.tests.yaml')).toBe(false);
    expect(isRuleFile('a/rule.tests.yml')).toBe(false);
    expect(isRuleFile('a/pack.yaml')).toBe(false);
    expect(isRuleFile('a/rule.yaml')).toBe(true);
    const imported = await importDirectory(dir);
    expect(imported.rules.map((r) => r.rule.name)).toEqual(['Inline test rule']);
    expect(imported.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(loadRuleText('tests: []\n', { repository: dir, path: 'x.tests.yaml' }).rules).toEqual([]);
  });

  it('docs/rule-tests.schema.json is the schema the parser validates with', () => {
    const shipped = JSON.parse(readFileSync(join(ROOT, 'docs', 'rule-tests.schema.json'), 'utf8')) as unknown;
    expect(shipped).toEqual(JSON.parse(JSON.stringify(RULE_TESTS_SCHEMA)));
  });
});
