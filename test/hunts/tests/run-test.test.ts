import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellMatches, checkExpectations } from '../../../src/hunts/tests/compare.js';
import { failureText, runRuleTest } from '../../../src/hunts/tests/run-test.js';
import { loadSentinelYaml } from '../../../src/rules/index.js';
import type { Rule } from '../../../src/rules/model.js';
import { parseRuleTests } from '../../../src/rules/tests/index.js';
import type { RuleTest } from '../../../src/rules/tests/types.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const RULE_YAML = `id: 0b7c4f0e-2f55-4d0e-9a43-1f7f7e0f0001
name: Syncro by PE company
query: |
  DeviceProcessEvents
  | where Timestamp > ago(1d)
  | where ProcessVersionInfoCompanyName has 'Servably, Inc.'
  | summarize Count=count(), LastSeen=max(Timestamp) by DeviceName
`;
const rule: Rule = loadSentinelYaml(RULE_YAML, { repository: 'r', path: 'rule.yaml' }).rules[0]!;

function tests(yaml: string, path = '/t/x.tests.yaml'): RuleTest[] {
  const f = parseRuleTests(yaml, path, { kind: 'sidecar' });
  expect(f.diagnostics).toEqual([]);
  return [...f.tests];
}

const ROWS = `
    input:
      tables:
        devicEPROCESSevents:
          - { Timestamp: 2024-05-01T10:00:00Z, DeviceName: pc1, ProcessVersionInfoCompanyName: 'Servably, Inc.', Extra: 7 }
          - { Timestamp: 2024-05-01T11:00:00Z, DeviceName: pc1, ProcessVersionInfoCompanyName: 'Servably, Inc.' }
          - { Timestamp: 2024-05-01T11:30:00Z, DeviceName: pc2, ProcessVersionInfoCompanyName: 'Servably, Inc.' }
          - { Timestamp: 2024-04-20T11:30:00Z, DeviceName: old, ProcessVersionInfoCompanyName: 'Servably, Inc.' }
          - { Timestamp: 2024-05-01T11:45:00Z, DeviceName: pc3, ProcessVersionInfoCompanyName: Contoso }`;

describe('runRuleTest', () => {
  it('types inline rows by the table schema, defaults now to the latest event and checks rows', async () => {
    const [t] = tests(`tests:
  - name: two devices
${ROWS}
    expect:
      count: 2
      rows:
        - { DeviceName: pc1, Count: 2, LastSeen: 2024-05-01T11:00:00Z }
        - { DeviceName: pc2, Count: '1', LastSeen: '2024-05-01T11:30:00.0000000Z' }
      match: exact
`);
    const r = await runRuleTest(rule, t!);
    expect(r.status).toBe('pass');
    expect(r.now).toBe('2024-05-01T11:45:00.0000000Z');
    expect(r.rows).toBe(2);
  });

  it('fails with which expectation failed and what the rule returned', async () => {
    const [t] = tests(`tests:
  - name: wrong
    now: 2024-05-02T00:00:00Z
${ROWS}
    expect:
      count: 5
      rows: [ { DeviceName: pc9 } ]
`);
    const r = await runRuleTest(rule, t!);
    expect(r.status).toBe('fail');
    expect(r.mismatches.map((m) => m.expectation)).toEqual(['count', 'rows']);
    const text = failureText(r);
    expect(text).toContain('expected count: 5, but the rule returned 2 row(s)');
    expect(text).toContain('expected row 1 {"DeviceName":"pc9"} matches no result row');
    expect(text).toContain('the rule returned 2 row(s); first 2:');
    expect(text).toContain('"DeviceName":"pc1","Count":2');
  });

  it('now decides the window: the same rows a day later do not fire', async () => {
    const [t] = tests(`tests:
  - name: later
    now: 2024-05-03T00:00:00Z
${ROWS}
    expect: { fires: false }
`);
    expect((await runRuleTest(rule, t!)).status).toBe('pass');
  });

  it('applies the rule exclusions unless the test or the run turns them off', async () => {
    const tuned: Rule = {
      ...rule,
      exclusions: {
        ruleId: rule.id,
        exclusions: [
          {
            id: 'pc1',
            scenario: 'lab',
            description: '',
            expression: 'host.name == "pc1"',
            enabled: true,
            source: 'user',
          },
        ],
      },
    };
    const [on, off] = tests(`tests:
  - name: tuned
${ROWS}
    expect: { count: 1, rows: [ { DeviceName: pc2 } ] }
  - name: upstream
    exclusions: disabled
${ROWS}
    expect: { count: 2 }
`);
    const a = await runRuleTest(tuned, on!);
    expect([a.status, a.tuned]).toEqual(['pass', true]);
    expect((await runRuleTest(tuned, off!)).status).toBe('pass');
    const forcedOff = await runRuleTest(tuned, on!, { exclusions: 'off' });
    expect(forcedOff.status).toBe('fail');
    expect(forcedOff.mismatches[0]!.message).toBe('expected count: 1, but the rule returned 2 row(s)');
  });

  it('reads input files with the --data loaders, relative to the tests file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-runtest-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'DeviceProcessEvents.ndjson'),
      `${JSON.stringify({ Timestamp: '2024-05-01T10:00:00Z', DeviceName: 'fromfile', ProcessVersionInfoCompanyName: 'Servably, Inc.' })}\n`,
    );
    const [t] = tests(
      `tests:
  - name: from a file
    input: { files: [ DeviceProcessEvents.ndjson ] }
    expect: { rows: [ { DeviceName: fromfile, Count: 1 } ] }
  - name: missing file
    input: { files: [ nope.ndjson ] }
    expect: { fires: true }
`,
      join(dir, 'rule.tests.yaml'),
    );
    expect((await runRuleTest(rule, t!)).status).toBe('pass');
    const [, missing] = tests(
      `tests:
  - { name: a, expect: { fires: false } }
  - name: missing file
    input: { files: [ nope.ndjson ] }
    expect: { fires: true }
`,
      join(dir, 'rule.tests.yaml'),
    );
    const r = await runRuleTest(rule, missing!);
    expect(r.status).toBe('error');
    expect(r.error).toContain('nope.ndjson');
  });

  it('keeps columns the table schema does not have (typed from their values)', async () => {
    const custom: Rule = { ...rule, query: 'DeviceProcessEvents | where Extra > 5 | project DeviceName, Extra' };
    const [t] = tests(`tests:
  - name: extra column
${ROWS}
    expect: { rows: [ { DeviceName: pc1, Extra: 7 } ], match: exact }
`);
    const r = await runRuleTest(custom, t!);
    expect(r.status, JSON.stringify(r)).toBe('pass');
    expect(r.columns).toEqual([
      { name: 'DeviceName', type: 'string' },
      { name: 'Extra', type: 'long' },
    ]);
  });

  it('a rule that cannot run is an error, not a failure', async () => {
    const broken: Rule = { ...rule, query: 'DeviceProcessEvents | where NoSuchColumn == 1' };
    const [t] = tests('tests:\n  - { name: a, expect: { fires: false } }\n');
    const r = await runRuleTest(broken, t!);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/^the rule could not run: KQL3\d\d .*NoSuchColumn/);
  });
});

describe('cell comparison (kqlhunt query --format json cells)', () => {
  it('compares by type', () => {
    expect(cellMatches('2024-05-01T10:00:00Z', '2024-05-01T10:00:00.0000000Z', 'datetime')).toBe(true);
    expect(cellMatches('2024-05-01T10:00:01Z', '2024-05-01T10:00:00.0000000Z', 'datetime')).toBe(false);
    expect(cellMatches('01:00:00', '01:00:00', 'timespan')).toBe(true);
    expect(cellMatches('1h', '01:00:00', 'timespan')).toBe(true);
    expect(cellMatches('2h', '01:00:00', 'timespan')).toBe(false);
    expect(cellMatches(3, 3, 'long')).toBe(true);
    expect(cellMatches('3', 3, 'long')).toBe(true);
    expect(cellMatches(true, 1, 'long')).toBe(false);
    expect(cellMatches('NaN', 'NaN', 'real')).toBe(true);
    expect(cellMatches(true, true, 'bool')).toBe(true);
    expect(cellMatches({ b: [1, 2], a: 'x' }, { a: 'x', b: [1, 2] }, 'dynamic')).toBe(true);
    expect(cellMatches([1, 2], [2, 1], 'dynamic')).toBe(false);
    expect(cellMatches('PC1', 'pc1', 'string')).toBe(false);
    expect(cellMatches('ABC-1', 'abc-1', 'guid')).toBe(true);
    expect(cellMatches(null, null, 'long')).toBe(true);
    expect(cellMatches(null, 0, 'long')).toBe(false);
  });

  it('subset matches each expected row to a distinct result row; exact also counts', () => {
    const result = {
      columns: [
        { name: 'D', type: 'string' },
        { name: 'N', type: 'long' },
      ],
      rows: [
        { D: 'a', N: 1 },
        { D: 'a', N: 2 },
      ],
    };
    expect(checkExpectations({ rows: [{ D: 'a' }, { D: 'a', N: 1 }], match: 'subset' }, result)).toEqual([]);
    expect(checkExpectations({ rows: [{ D: 'a' }, { D: 'a' }, { D: 'a' }], match: 'subset' }, result)).toHaveLength(1);
    expect(checkExpectations({ rows: [{ D: 'a' }], match: 'exact' }, result)[0]!.message).toBe(
      'match: exact expects exactly 1 row(s), but the rule returned 2',
    );
    expect(checkExpectations({ rows: [{ Z: 1 }], match: 'subset' }, result)[0]!.message).toContain(
      'the result does not have: Z',
    );
  });
});
