import { describe, expect, it } from 'vitest';
import { bind, parse } from '../../../src/kql/engine.js';
import { compileExclusion } from '../../../src/rules/exclusions/compile.js';
import { analyseExclusion, parseExclusion, pipelineShape, tuneQuery } from '../../../src/rules/exclusions/index.js';
import { schemaCatalog } from '../../../src/telemetry/schemas.js';
import { SYNCRO_CREATEPROC, seedExclusions, seedScenarios } from './helpers.js';

const RULE_TERMS = ['Servably, Inc.', 'Syncro', 'SyncroMSP'];

describe('seed 000 false-positive guidance', () => {
  const exclusions = seedExclusions();

  it('has the five scenarios, each of which parses and maps to DeviceProcessEvents columns', () => {
    expect(seedScenarios().map((s) => s.scenario)).toEqual([
      'Scheduled SyncroMSP Agent Sync Job',
      'Admin Task to Deploy SyncroMSP Agent on New Hosts',
      'SyncroMSP Remote Execution via PowerShell',
      'SyncroMSP Configuration Update via Group Policy',
      'SyncroMSP Log Collection Process',
    ]);
    for (const x of exclusions) {
      const p = parseExclusion(x.expression);
      expect(p.diagnostics, x.expression).toEqual([]);
      const c = compileExclusion(x.expression, p.expr!, 'DeviceProcessEvents');
      expect(c.diagnostics).toEqual([]);
      expect([...c.fields.values()].map((f) => f.column).sort()).toEqual(
        [...new Set([...c.fields.values()].map((f) => f.column))].sort(),
      );
      for (const f of c.fields.values())
        expect(['InitiatingProcessFileName', 'ProcessCommandLine']).toContain(f.column);
    }
  });

  it('compiles into a tuned query that stays byte-identical outside the inserted lines and binds cleanly', () => {
    const shape = pipelineShape(SYNCRO_CREATEPROC);
    expect(shape?.table).toBe('DeviceProcessEvents');
    expect(SYNCRO_CREATEPROC.slice(0, shape!.insertAt).endsWith("and ProcessVersionInfoProductName has 'Syncro'")).toBe(
      true,
    );
    const tuned = tuneQuery(SYNCRO_CREATEPROC, exclusions);
    expect(tuned.results.every((r) => r.kql !== undefined)).toBe(true);
    expect(tuned.text.slice(0, tuned.insertAt)).toBe(SYNCRO_CREATEPROC.slice(0, tuned.insertAt));
    expect(tuned.text.slice(tuned.insertAt + tuned.inserted.length)).toBe(SYNCRO_CREATEPROC.slice(tuned.insertAt));
    expect(tuned.inserted).toBe(
      [
        '',
        '// kqlhunt exclusion: seed-1',
        '| where not(InitiatingProcessFileName =~ "schtasks.exe" or ProcessCommandLine contains "schtasks /run")',
        '// kqlhunt exclusion: seed-2',
        '| where not(InitiatingProcessFileName =~ "powershell.exe" and ProcessCommandLine contains "Invoke-Command -ScriptBlock")',
        '// kqlhunt exclusion: seed-3',
        '| where not(InitiatingProcessFileName =~ "powershell.exe" and ProcessCommandLine contains "SyncroMSP")',
        '// kqlhunt exclusion: seed-4',
        '| where not(InitiatingProcessFileName =~ "gpupdate.exe" or ProcessCommandLine contains "gpupdate /force")',
        '// kqlhunt exclusion: seed-5',
        '| where not(ProcessCommandLine contains "SyncroMSP LogCollector" or InitiatingProcessFileName =~ "task scheduler")',
      ].join('\n'),
    );
    const parsed = parse(tuned.text);
    expect(parsed.diagnostics).toEqual([]);
    const bound = bind(parsed, { catalog: schemaCatalog() });
    expect(bound.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('skips disabled exclusions and reports ones that do not compile', () => {
    const tuned = tuneQuery(SYNCRO_CREATEPROC, [
      { ...exclusions[0]!, enabled: false },
      { ...exclusions[1]!, id: 'bad', expression: 'registry.key == "x"' },
    ]);
    expect(tuned.inserted).toBe('');
    expect(tuned.text).toBe(SYNCRO_CREATEPROC);
    expect(tuned.results[1]?.diagnostics[0]?.code).toBe('EXC301');
  });

  it('inserts before summarize when no where precedes it, and after the last where without summarize', () => {
    const x = [{ ...exclusions[3]!, id: 'gpo' }];
    const a = tuneQuery('DeviceProcessEvents | extend A = 1 | summarize count() by DeviceId', x);
    expect(a.text).toBe(
      'DeviceProcessEvents | extend A = 1\n// kqlhunt exclusion: gpo\n| where not(InitiatingProcessFileName =~ "gpupdate.exe" or ProcessCommandLine contains "gpupdate /force") | summarize count() by DeviceId',
    );
    const b = tuneQuery('let T = DeviceProcessEvents;\nT\n| where FileName has "x"\n| project FileName', x);
    expect(b.table).toBe('DeviceProcessEvents');
    expect(b.text.indexOf('// kqlhunt')).toBe(b.text.indexOf('"x"') + 3 + 1);
  });

  it('flags the attacker-controlled and the can-never-match exclusions', () => {
    const flags = exclusions.map((x) =>
      analyseExclusion(x.expression, { table: 'DeviceProcessEvents', ruleTerms: RULE_TERMS }),
    );
    const seed3 = flags[2]!;
    const attacker = seed3.find((f) => f.kind === 'attacker-controlled');
    expect(attacker?.severity).toBe('high');
    expect(attacker?.reason).toContain('process.command_line contains "SyncroMSP"');
    expect(attacker?.reason).toContain('names the very tool the rule hunts');
    const seed5 = flags[4]!;
    const never = seed5.find((f) => f.kind === 'never-matches');
    expect(never?.severity).toBe('medium');
    expect(never?.reason).toContain('"task scheduler" has no file extension');
    expect(exclusions[4]!.expression.slice(never!.span!.start, never!.span!.end)).toBe(
      'process.parent_process_name == "task scheduler"',
    );
    // the parent-name-only branch of seed 1 is spoofable (medium), its command-line branch is attacker text (high)
    expect(flags[0]!.filter((f) => f.kind === 'attacker-controlled').map((f) => f.severity)).toEqual([
      'high',
      'medium',
    ]);
    // no seed exclusion can never match as a whole
    expect(flags.flat().filter((f) => f.kind === 'never-matches' && f.severity === 'high')).toEqual([]);
  });
});

describe('safety analysis', () => {
  const flag = (e: string, table = 'DeviceProcessEvents') =>
    analyseExclusion(e, { table }).map((f) => `${f.kind}:${f.severity}`);

  it('trusts hashes, signers and hosts', () => {
    expect(flag(`process.hash.sha256 == "${'a'.repeat(64)}"`)).toEqual([]);
    expect(flag('host.name == "build-01" and process.command_line contains "x"')).toEqual([]);
  });

  it('finds values that cannot occur and conditions that always hold', () => {
    expect(flag('destination.ip == "10.0.0.300"', 'DeviceNetworkEvents')).toContain('never-matches:high');
    expect(flag('process.hash.md5 == "xyz"')).toContain('never-matches:high');
    expect(flag('process.executable == "svchost.exe"')).toContain('never-matches:high');
    expect(flag('process.name == "a.exe" and process.name == "b.exe"')).toContain('never-matches:high');
    expect(flag('process.command_line contains ""')).toContain('always-matches:high');
    expect(flag('process.name != "task scheduler"')).toContain('always-matches:high');
    expect(flag('process.name == "x.exe" or not process.name == "task scheduler"')).toContain('always-matches:high');
  });

  it('reports unmapped fields and text that does not parse', () => {
    expect(flag('registry.key == "x"')).toEqual(['unmapped-field:high']);
    expect(flag('process.name ==')).toEqual(['invalid:high']);
    expect(analyseExclusion('a == "b"', { table: undefined })[0]?.kind).toBe('unmapped-field');
  });

  it('adds measured flags', () => {
    const base = {
      id: 'x',
      ran: true,
      diagnostics: [],
      benign: 0,
      unlabelled: 0,
      maliciousScenarios: ['agent-service'],
    };
    const all = analyseExclusion('host.name == "a"', {
      table: 'DeviceProcessEvents',
      measured: { baselineRows: 4, result: { ...base, suppressed: 4, malicious: 1 } },
    });
    expect(all.map((f) => f.kind)).toEqual(['suppresses-all', 'hides-malicious']);
    expect(all[1]?.reason).toContain('agent-service');
    const none = analyseExclusion('host.name == "a"', {
      table: 'DeviceProcessEvents',
      measured: { baselineRows: 4, result: { ...base, suppressed: 0, malicious: 0 } },
    });
    expect(none.map((f) => f.kind)).toEqual(['no-effect']);
  });
});
