import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSentinelYaml } from '../../src/rules/export.js';
import { importDirectory } from '../../src/rules/import.js';
import type { Rule } from '../../src/rules/model.js';
import { loadSentinelYaml } from '../../src/rules/sentinel-yaml.js';
import { FIXTURES, ROOT } from './helpers.js';

/** The fields Sentinel YAML carries (format, source and lint are not in the file). */
function sentinelFields(rule: Rule): Partial<Rule> {
  const { format, source, lint, enrichment, exclusions, ...rest } = rule;
  void [format, source, lint, enrichment, exclusions];
  return rest;
}

function roundTrip(rule: Rule): Rule {
  const text = exportSentinelYaml(rule);
  const back = loadSentinelYaml(text, rule.source);
  expect(back.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  return back.rules[0]!;
}

describe('export to Sentinel YAML', () => {
  it('round-trips every loadable fixture rule', async () => {
    const r = await importDirectory(FIXTURES, { repository: 'x' });
    const yamlRules = r.rules.map((x) => x.rule).filter((x) => x.format === 'sentinel-yaml');
    expect(yamlRules.length).toBe(4);
    for (const rule of yamlRules) expect(sentinelFields(roundTrip(rule))).toEqual(sentinelFields(rule));
  });

  it('round-trips every RMM pack rule', async () => {
    const r = await importDirectory(join(ROOT, 'packs', 'rmm'), { repository: 'kqlhunt' });
    const rules = r.rules.map((x) => x.rule);
    expect(rules.length).toBeGreaterThan(400);
    for (const rule of rules) expect(sentinelFields(roundTrip(rule))).toEqual(sentinelFields(rule));
  });

  it('writes Sentinel field order, short durations and literal query blocks', () => {
    const text = readFileSync(join(FIXTURES, 'Detections/Identity/valid_scheduled.yaml'), 'utf8');
    const rule = loadSentinelYaml(text, { repository: 'x', path: 'v.yaml' }).rules[0]!;
    const out = exportSentinelYaml(rule);
    const keys = out
      .split('\n')
      .filter((l) => /^\w+:/.test(l))
      .map((l) => l.split(':')[0]);
    expect(keys).toEqual([
      'id',
      'name',
      'description',
      'severity',
      'requiredDataConnectors',
      'queryFrequency',
      'queryPeriod',
      'triggerOperator',
      'triggerThreshold',
      'tactics',
      'relevantTechniques',
      'tags',
      'query',
      'entityMappings',
      'customDetails',
      'version',
      'kind',
    ]);
    expect(out).toContain('queryFrequency: 1h\n');
    expect(out).toContain('queryPeriod: 14d\n');
    expect(out).toMatch(/query: \|[-+]?\n {2}SigninLogs\n/);
    expect(out).toContain('kind: Scheduled');
  });

  it('keeps unmodelled Sentinel fields through export', () => {
    const text = 'id: a\nname: b\nquery: T\nkind: NRT\nincidentConfiguration:\n  createIncident: true\n';
    const rule = loadSentinelYaml(text, { repository: 'x', path: 'n.yaml' }).rules[0]!;
    expect(rule.kind).toBe('nrt');
    expect(rule.extra).toEqual({ incidentConfiguration: { createIncident: true } });
    expect(exportSentinelYaml(rule)).toContain('incidentConfiguration:\n  createIncident: true');
  });
});
