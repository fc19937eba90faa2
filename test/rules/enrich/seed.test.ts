import { describe, expect, it } from 'vitest';
import { retiredTechnique, tacticByName, technique, techniquesOfTactic } from '../../../src/data/attack.generated.js';
import { EnrichmentCache, enrichRule, isCurrent, scenariosAsExclusions } from '../../../src/rules/enrich/index.js';
import { parseExclusion } from '../../../src/rules/exclusions/index.js';
import { NETCONN_SOURCE_URL, seedCreateProc, seedNetConn } from './helpers.js';

const JISCHELL = 'https://github.com/jischell-msft/RemoteManagementMonitoringTools';
const RMM_WHY =
  'It matters because it gives the adversary a channel to control compromised devices remotely. RMM software is signed and trusted, so it gives an attacker interactive access and command execution that blends in with IT administration; a hit on a device where IT does not use SyncroMSP is a lead to investigate.';
const BEHAVIOUR =
  'An adversary runs SyncroMSP, a legitimate remote monitoring and management (RMM) tool, on a device to keep remote access to it and control it (ATT&CK T1219 Remote Access Tools, tactic Command and Control).';

describe('ATT&CK data module', () => {
  it('looks up techniques and tactics by any spelling', () => {
    expect(technique('t1219')?.name).toBe('Remote Access Tools');
    expect(technique('T1219.002')?.parent).toBe('T1219');
    for (const name of ['CommandAndControl', 'command-and-control', 'Command and Control', 'TA0011'])
      expect(tacticByName(name)?.id).toBe('TA0011');
    expect(tacticByName('NoSuchTactic')).toBeUndefined();
    const c2 = techniquesOfTactic('CommandAndControl').map((t) => t.id);
    expect(c2).toContain('T1219');
    expect(c2).toContain('T1071.001');
    expect(retiredTechnique('T1086')?.revokedBy).toBe('T1059.001');
  });
});

describe('enrichment of seed 000 (SyncroMSP Create Process)', () => {
  const rule = seedCreateProc();
  const e = enrichRule(rule);

  it('is deterministic and keyed by the content hash', () => {
    expect(e.generator).toBe('deterministic');
    expect(e.ruleId).toBe('f9919f87-a7ba-4f47-a942-e30c46eb7a7d');
    expect(enrichRule(rule)).toEqual(e);
    expect(isCurrent(e, rule)).toBe(true);
    expect(isCurrent(e, { ...rule, query: `${rule.query}\n| take 1` })).toBe(false);
  });

  it('states the hypothesis from technique, tactic, table and filters', () => {
    expect(e.hypothesis.behaviour).toBe(BEHAVIOUR);
    expect(e.hypothesis.evidence).toBe(
      "The rule looks in DeviceProcessEvents for rows where ProcessVersionInfoCompanyName has 'Servably, Inc.' and ProcessVersionInfoProductName has 'Syncro' over the last 5d, summarised per DeviceId, DeviceName.",
    );
    expect(e.hypothesis.whyItMatters).toBe(RMM_WHY);
    expect(e.hypothesis.text).toBe(`${BEHAVIOUR} ${e.hypothesis.evidence} ${RMM_WHY}`);
    expect(e.hypothesis.tools).toEqual(['SyncroMSP']);
    expect(e.hypothesis.vendorNames).toEqual(['Servably, Inc.', 'Syncro']);
    expect(e.hypothesis.domains).toEqual([]);
    expect(e.hypothesis.lookback).toBe('5d');
  });

  it('rates severity and confidence with reasons', () => {
    expect(e.severity).toEqual({
      level: 'medium',
      reasons: [
        'Tactic Command and Control sets the base at medium.',
        'The rule finds legitimate RMM software that IT teams also use, so a hit needs confirming that the tool is sanctioned on the device.',
      ],
    });
    expect(e.confidence).toEqual({
      level: 'medium',
      reasons: [
        'It matches specific indicators (ProcessVersionInfoCompanyName, ProcessVersionInfoProductName), not generic behaviour.',
        '2 independent conditions must hold together (ProcessVersionInfoCompanyName and ProcessVersionInfoProductName).',
        'The software it finds is legitimate and common in IT, so many hits are sanctioned use.',
      ],
    });
  });

  it('lists the data source with its connector, and whether the data has it', () => {
    expect(e.dataSources.map((d) => [d.table, d.connector, d.readByQuery, d.declared])).toEqual([
      ['DeviceProcessEvents', 'MicrosoftThreatProtection', true, true],
    ]);
    const loaded = enrichRule(rule, { loadedTables: new Set(['DeviceNetworkEvents']) });
    expect(loaded.dataSources[0]?.loaded).toBe(false);
    expect(loaded.dataSources[0]?.note).toContain('Missing from the loaded data');
  });

  it('gives the ATT&CK context and references', () => {
    expect(e.attack.techniques.map((t) => [t.id, t.name, t.tactics.map((x) => x.name)])).toEqual([
      ['T1219', 'Remote Access Tools', ['Command and Control']],
    ]);
    expect(e.attack.techniques[0]?.subTechniques.map((s) => s.id)).toEqual(['T1219.001', 'T1219.002', 'T1219.003']);
    expect(e.attack.techniques[0]?.url).toBe('https://attack.mitre.org/techniques/T1219');
    expect(e.attack.tactics.map((t) => t.id)).toEqual(['TA0011']);
    expect(e.references.links).toEqual([
      { url: JISCHELL, kind: 'repository' },
      { url: 'https://attack.mitre.org/techniques/T1219', kind: 'attack' },
    ]);
  });

  it('suggests false positives whose exclusions execute, with safety flags', () => {
    expect(e.falsePositives.map((f) => f.id)).toEqual([
      'scheduled-agent-job',
      'admin-deployment',
      'agent-remote-script',
      'gpo-refresh',
      'log-collection',
      'sanctioned-devices',
    ]);
    for (const f of e.falsePositives) {
      expect(parseExclusion(f.exclusion).diagnostics).toEqual([]);
      expect(f.table).toBe('DeviceProcessEvents');
    }
    const remote = e.falsePositives.find((f) => f.id === 'agent-remote-script');
    expect(remote?.kql).toBe(
      'InitiatingProcessFileName in~ ("powershell.exe", "pwsh.exe") and InitiatingProcessParentFileName =~ "Syncro.Service.exe"',
    );
    expect(remote?.safety.map((s) => `${s.kind}:${s.severity}`)).toEqual(['attacker-controlled:medium']);
    const stored = scenariosAsExclusions(e.falsePositives);
    expect(stored.find((x) => x.id === 'sanctioned-devices')?.enabled).toBe(false);
    expect(stored.every((x) => x.source === 'knowledge-base')).toBe(true);
  });
});

describe('enrichment of seed 001 (SyncroMSP Network Connection)', () => {
  const create = seedCreateProc();
  const rule = seedNetConn();
  const e = enrichRule(rule, { catalog: [create, rule] });

  it('pins hypothesis, ratings, data source, ATT&CK and references', () => {
    expect(e.hypothesis.text).toBe(
      `${BEHAVIOUR} The rule looks in DeviceNetworkEvents for rows where RemoteUrl has_any ('syncromsp.com', 'servably.com', 'syncroapi.com') and InitiatingProcessVersionInfoCompanyName has 'Servably, Inc.' over the last 5d, summarised per DeviceId, DeviceName, RemoteUrl. ${RMM_WHY}`,
    );
    expect(e.hypothesis.domains).toEqual(['syncromsp.com', 'servably.com', 'syncroapi.com']);
    expect(e.hypothesis.vendorNames).toEqual(['Servably, Inc.']);
    expect(e.severity.level).toBe('medium');
    expect(e.confidence.level).toBe('medium');
    expect(e.confidence.reasons[1]).toBe(
      '2 independent conditions must hold together (RemoteUrl and InitiatingProcessVersionInfoCompanyName).',
    );
    expect(e.dataSources.map((d) => [d.table, d.connector])).toEqual([
      ['DeviceNetworkEvents', 'MicrosoftThreatProtection'],
    ]);
    expect(e.attack.techniques.map((t) => `${t.id} ${t.name}`)).toEqual(['T1219 Remote Access Tools']);
    expect(e.attack.tactics.map((t) => t.name)).toEqual(['Command and Control']);
    expect(e.references.source).toBe(NETCONN_SOURCE_URL);
    expect(e.references.links.map((l) => l.url)).toEqual([
      NETCONN_SOURCE_URL,
      JISCHELL,
      'https://attack.mitre.org/techniques/T1219',
    ]);
    expect(e.references.related).toEqual([{ id: create.id, name: create.name, reason: 'Same tool (SyncroMSP)' }]);
  });

  it("fills network scenarios from the rule's own domains and the agent name", () => {
    expect(e.falsePositives.map((f) => [f.id, f.exclusion])).toEqual([
      ['sanctioned-devices', 'host.name in ("replace-with-managed-device-name")'],
      [
        'agent-heartbeat',
        'process.name == "Syncro.Service.exe" and process.parent_process_name == "services.exe" and process.executable startswith "C:\\Program Files"',
      ],
      ['sanctioned-tenant', 'destination.domain endswith "your-tenant.syncromsp.com"'],
      [
        'scheduled-maintenance',
        'process.parent_process_name == "svchost.exe" and process.executable startswith "C:\\Program Files"',
      ],
    ]);
    expect(e.falsePositives[1]?.kql).toBe(
      'InitiatingProcessFileName =~ "Syncro.Service.exe" and InitiatingProcessParentFileName =~ "services.exe" and InitiatingProcessFolderPath startswith "C:\\\\Program Files"',
    );
  });

  it('caches by content hash', () => {
    const cache = new EnrichmentCache();
    const a = cache.get(rule);
    expect(cache.get({ ...rule, source: { ...rule.source, retrievedAt: 'later' } })).toBe(a);
    expect(cache.get({ ...rule, description: 'changed' })).not.toBe(a);
    expect([cache.hits, cache.misses]).toEqual([1, 2]);
  });
});
