import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSentinelYaml } from '../../src/rules/sentinel-yaml.js';
import { FIXTURES, seedYaml, squash } from './helpers.js';

const load = (rel: string) =>
  loadSentinelYaml(readFileSync(join(FIXTURES, rel), 'utf8'), { repository: 'fixtures', path: rel });
const codes = (r: ReturnType<typeof load>) => r.diagnostics.map((d) => d.code);

describe('Sentinel YAML loader', () => {
  it('loads a valid scheduled rule with every field', () => {
    const r = load('Detections/Identity/valid_scheduled.yaml');
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const rule = r.rules[0]!;
    expect(rule).toMatchObject({
      id: '0b1d9e7c-3f4a-4c56-8e21-7a9b0c1d2e3f',
      kind: 'scheduled',
      severity: 'Medium',
      tactics: ['InitialAccess', 'CredentialAccess'],
      techniques: ['T1078', 'T1110.003'],
      queryFrequency: { iso: 'PT1H', seconds: 3600 },
      queryPeriod: { iso: 'P14D', seconds: 14 * 86400 },
      triggerOperator: 'gt',
      triggerThreshold: 0,
      version: '1.0.2',
      tags: ['Identity'],
      customDetails: { Countries: 'Countries' },
      references: ['https://learn.microsoft.com/azure/sentinel/'],
      lint: { status: 'unchecked', diagnostics: [] },
    });
    expect(rule.tables).toContain('SigninLogs');
    expect(rule.entityMappings).toEqual([
      { entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'UserPrincipalName' }] },
    ]);
  });

  it('accepts CRLF line endings and string tactics/techniques with warnings', () => {
    const r = load('Hunting Queries/quirk_crlf_strings.yaml');
    expect(r.rules).toHaveLength(1);
    expect(codes(r)).toEqual(expect.arrayContaining(['RULE302', 'RULE304']));
    expect(r.rules[0]!.tactics).toEqual(['Persistence', 'Execution']);
    expect(r.rules[0]!.techniques).toEqual(['T1543']);
    expect(r.rules[0]!.query).not.toContain('\r');
    expect(r.rules[0]!.kind).toBe('hunting');
  });

  it('accepts a BOM and tab indentation with warnings', () => {
    const r = load('Hunting Queries/quirk_bom_tabs.yaml');
    expect(codes(r)).toEqual(expect.arrayContaining(['RULE301', 'RULE303']));
    expect(r.rules[0]!.id).toBe('7e0a1c55-1111-4a2b-9c3d-000000000002');
    expect(r.rules[0]!.query).toContain('| where RemotePort == 3389');
    expect(r.diagnostics.every((d) => d.severity !== 'error')).toBe(true);
  });

  it('re-attaches mis-indented requiredDataConnectors with a warning', () => {
    const r = load('Hunting Queries/quirk_connectors.yaml');
    expect(codes(r)).toContain('RULE305');
    expect(r.rules[0]!.requiredDataConnectors).toEqual([
      { connectorId: 'MicrosoftThreatProtection', dataTypes: ['DeviceFileEvents'] },
    ]);
    expect(r.rules[0]!.tables).toContain('DeviceFileEvents');
  });

  it('reports a YAML syntax error with path and line, and loads no rule', () => {
    const r = load('Hunting Queries/broken_syntax.yaml');
    expect(r.rules).toEqual([]);
    const e = r.diagnostics.find((d) => d.code === 'RULE102')!;
    expect(e).toMatchObject({ severity: 'error', path: 'Hunting Queries/broken_syntax.yaml' });
    expect(e.line).toBeGreaterThanOrEqual(4);
  });

  it('reports a missing required field', () => {
    const r = load('Hunting Queries/broken_missing_query.yaml');
    expect(r.rules).toEqual([]);
    expect(r.diagnostics.find((d) => d.code === 'RULE201')?.message).toContain("'query'");
  });

  it('reports wrong field types with the field line', () => {
    const text = 'id: a\nname: b\nquery: T\nrequiredDataConnectors: 5\ntactics: {a: 1}\n';
    const r = loadSentinelYaml(text, { repository: 'x', path: 'bad.yaml' });
    expect(r.rules).toEqual([]);
    expect(r.diagnostics.find((d) => d.code === 'RULE202')).toMatchObject({ line: 5, path: 'bad.yaml' });
  });

  it('loads seed 001 (proper YAML) with the seed id and query', () => {
    const yaml = seedYaml('001_0cbf38db32753cc7.txt', /^Required Data Sources/);
    const r = loadSentinelYaml(yaml, { repository: 'Azure/Azure-Sentinel', path: 'rmm_SyncroMSP_netconn.yaml' });
    const rule = r.rules[0]!;
    expect(rule.id).toBe('3abb45d6-8514-4444-a7e4-6ab1c71ae5ce');
    expect(rule.tactics).toEqual(['CommandAndControl']);
    expect(rule.techniques).toEqual(['T1219']);
    expect(rule.tables).toEqual(['DeviceNetworkEvents']);
    expect(rule.references).toEqual(['https://github.com/jischell-msft/RemoteManagementMonitoringTools']);
    expect(squash(rule.query)).toContain("InitiatingProcessVersionInfoCompanyName has 'Servably, Inc.'");
  });

  it('loads seed 000 (YAML flattened by a web page) with warnings', () => {
    const yaml = seedYaml('000_6cde151ef4c3c638.txt', /^\| Sentinel Table/);
    const r = loadSentinelYaml(yaml, { repository: 'Azure/Azure-Sentinel', path: 'rmm_SyncroMSP_createproc.yaml' });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['RULE305', 'RULE306', 'RULE304']));
    const rule = r.rules[0]!;
    expect(rule.id).toBe('f9919f87-a7ba-4f47-a942-e30c46eb7a7d');
    expect(rule.requiredDataConnectors).toEqual([
      { connectorId: 'MicrosoftThreatProtection', dataTypes: ['DeviceProcessEvents'] },
    ]);
    expect(squash(rule.query)).toContain("| where ProcessVersionInfoCompanyName has 'Servably, Inc.'");
    expect(rule.description).toContain('Remote Monitoring and Management');
  });

  it('never throws on arbitrary input', () => {
    for (const text of ['', ':', '- a\n- b', '{{{', 'id: [', '\u0000\u0001', 'a: *x', '---\n---\n']) {
      const r = loadSentinelYaml(text, { repository: 'x', path: 'f.yaml' });
      expect(r.rules).toEqual([]);
      expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    }
  });
});
