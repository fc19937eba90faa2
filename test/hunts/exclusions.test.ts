import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exclusionSummary } from '../../src/hunts/exclusion-report.js';
import { parseGroundTruth } from '../../src/hunts/ground-truth.js';
import { attachExclusions, overlay, readExclusionFiles, runHunt, tunedRule } from '../../src/hunts/index.js';
import type { Exclusion } from '../../src/rules/exclusions/index.js';
import type { Rule } from '../../src/rules/model.js';
import type { StoredExclusion } from '../../src/store/index.js';
import { loadTelemetry } from '../../src/telemetry/load.js';
import type { TelemetryStore } from '../../src/telemetry/store.js';

const QUERY = `DeviceProcessEvents
| where ProcessVersionInfoCompanyName has 'Servably'
| summarize Count=count(), Report=make_set(ReportId) by DeviceId, DeviceName`;

const rule: Rule = {
  id: 'r1',
  name: 'Syncro create process',
  description: '',
  kind: 'hunting',
  format: 'sentinel-yaml',
  query: QUERY,
  tactics: [],
  techniques: [],
  requiredDataConnectors: [],
  tables: ['DeviceProcessEvents'],
  entityMappings: [],
  customDetails: {},
  tags: [],
  references: [],
  source: { repository: 'test', path: 'r1.yaml' },
  extra: {},
  lint: { status: 'unchecked', diagnostics: [] },
};

const exc = (id: string, expression: string, enabled = true): Exclusion => ({
  id,
  scenario: `scenario ${id}`,
  description: '',
  expression,
  enabled,
  source: 'user',
});

const EXCLUSIONS = [
  exc('sched', 'process.parent_process_name == "schtasks.exe"'),
  exc('off', 'process.parent_process_name == "explorer.exe"', false),
  exc('broken', 'destination.domain == "x.com"'),
  exc('nothing', 'process.command_line contains "never-there"'),
];

let dir = '';
let data: TelemetryStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-hunt-exc-'));
  const row = (ReportId: number, DeviceId: string, parent: string) => ({
    Timestamp: '2024-06-15T10:00:00Z',
    DeviceId,
    DeviceName: `${DeviceId}.corp`,
    ReportId,
    FileName: 'Syncro.App.Runner.exe',
    InitiatingProcessFileName: parent,
    ProcessVersionInfoCompanyName: 'Servably, Inc.',
  });
  const rows = [row(1, 'd1', 'schtasks.exe'), row(2, 'd1', 'schtasks.exe'), row(3, 'd2', 'explorer.exe')];
  writeFileSync(join(dir, 'DeviceProcessEvents.ndjson'), rows.map((r) => JSON.stringify(r)).join('\n'));
  data = (await loadTelemetry([join(dir, 'DeviceProcessEvents.ndjson')])).store;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hunts with exclusions', () => {
  const tunedRuleOf = { ...rule, exclusions: { ruleId: 'r1', exclusions: EXCLUSIONS } };

  it('tunes only with enabled exclusions that compile, and names the ones that do not', () => {
    const t = tunedRule(tunedRuleOf, true);
    expect(t.tuned).toBe(true);
    expect(t.enabled.map((x) => x.id)).toEqual(['sched', 'broken', 'nothing']);
    expect(t.errors.get('broken')).toMatch(/^EXC3\d\d /);
    expect(t.query).toContain('// kqlhunt exclusion: sched');
    expect(t.query).not.toContain('explorer.exe');
    expect(tunedRule(tunedRuleOf, false)).toMatchObject({ query: QUERY, tuned: false });
    expect(tunedRule(rule, true)).toMatchObject({ query: QUERY, tuned: false });
  });

  it('runs the tuned query, measures each exclusion and labels it with ground truth', async () => {
    const truth = parseGroundTruth(
      JSON.stringify([
        { ReportId: 1, DeviceId: 'd1', verdict: 'benign', table: 'DeviceProcessEvents', scenario: 'sync' },
        { ReportId: 2, DeviceId: 'd1', verdict: 'malicious', table: 'DeviceProcessEvents', scenario: 'abuse' },
        { ReportId: 3 },
      ]),
    );
    expect(truth.ok && truth.value.skipped).toBe(1);
    const r = await runHunt({
      rules: [tunedRuleOf],
      provider: data,
      ...(truth.ok ? { groundTruth: truth.value.rows } : {}),
    });
    const o = r.outcomes[0]!;
    expect(o.error).toBeUndefined();
    expect(o.tuned).toBe(true);
    expect(o.findings.map((f) => f.keys.DeviceName)).toEqual(['d2.corp']);
    expect(o.exclusions!.baselineRows).toBe(3);
    expect(o.exclusions!.results.map((x) => [x.exclusionId, x.applied, x.suppressed, x.benign, x.malicious])).toEqual([
      ['sched', true, 2, 1, 1],
      ['broken', false, 0, 0, 0],
      ['nothing', true, 0, 0, 0],
    ]);
    expect(o.exclusions!.combined).toMatchObject({ suppressed: 2, malicious: 1, maliciousScenarios: ['abuse'] });
    const summary = exclusionSummary(r).join('\n');
    expect(summary).toContain('together they suppressed 2 of 3 matching row(s) (benign 1, malicious 1, unlabelled 0)');
    expect(summary).toMatch(/broken\s+not applied: EXC3/);
    expect(summary).toContain('warning: sched hid 1 malicious row(s) (abuse)');

    const off = await runHunt({ rules: [tunedRuleOf], provider: data, exclusions: 'off' });
    expect(off.outcomes[0]!.findings).toHaveLength(2);
    expect(off.outcomes[0]!.exclusions).toBeUndefined();
    expect(exclusionSummary(off)).toEqual(['exclusions: off (--no-exclusions): every rule ran as upstream wrote it']);
  });

  it('attaches stored exclusions and lets exclusion files override them by id', async () => {
    const stored: StoredExclusion = { ...EXCLUSIONS[0]!, ruleId: 'r1', createdAt: 't', updatedAt: 't' };
    const file = join(dir, 'x.yaml');
    writeFileSync(
      file,
      'ruleId: r1\nexclusions:\n  - id: sched\n    expression: process.name == "a.exe"\n    enabled: false\n  - id: new\n    expression: host.name == "h"\n',
    );
    const files = await readExclusionFiles([file, join(dir, 'missing.yaml')]);
    expect(files.unreadable.map((u) => u.path)).toEqual([join(dir, 'missing.yaml')]);
    const [attached, other] = attachExclusions(
      [rule, { ...rule, id: 'r2' }],
      new Map([['r1', [stored]]]),
      files.byRule,
    );
    expect(attached!.exclusions!.exclusions.map((x) => [x.id, x.enabled, x.expression])).toEqual([
      ['sched', false, 'process.name == "a.exe"'],
      ['new', true, 'host.name == "h"'],
    ]);
    expect(attached!.exclusions!.exclusions[0]).not.toHaveProperty('createdAt');
    expect(other!.exclusions).toBeUndefined();
    expect(overlay([EXCLUSIONS[0]!], []).map((x) => x.id)).toEqual(['sched']);
  });

  it('reads ground truth leniently but refuses what is not a JSON array', () => {
    expect(parseGroundTruth('{').ok).toBe(false);
    expect(parseGroundTruth('{"a":1}')).toEqual({ ok: false, error: 'expected a JSON array of labelled rows' });
    expect(parseGroundTruth('[{"ReportId":"7","DeviceId":"d","verdict":"benign"}]')).toEqual({
      ok: true,
      value: { rows: [{ ReportId: '7', DeviceId: 'd', verdict: 'benign' }], skipped: 0 },
    });
  });
});
