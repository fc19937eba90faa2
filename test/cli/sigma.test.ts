/** The CLI with Sigma rules: hunt a Sigma file, import it into the catalog, export it as KQL and Sentinel YAML. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

let dir: string;
let rule: string;
let refused: string;
let data: string;
let db: string;

const RULE = `title: Whoami Execution (test)
id: 6a2eb8a1-1111-4000-8000-00000000abcd
status: test
description: Detects whoami.exe.
references:
  - https://example.org/whoami
author: Test Author
date: 2024-01-01
tags: [attack.discovery, attack.t1033]
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  filter:
    ParentImage|endswith: '\\explorer.exe'
  condition: selection and not filter
falsepositives:
  - Admin scripts
level: medium
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-sigma-'));
  rule = join(dir, 'whoami.yml');
  refused = join(dir, 'cwd.yml');
  data = join(dir, 'DeviceProcessEvents.ndjson');
  db = join(dir, 'k.db');
  writeFileSync(rule, RULE);
  writeFileSync(
    refused,
    RULE.replace('6a2eb8a1-1111', '6a2eb8a1-2222').replace(
      "Image|endswith: '\\whoami.exe'",
      "CurrentDirectory: 'C:\\x'",
    ),
  );
  const row = (name: string, parent: string, t: string) =>
    JSON.stringify({
      Timestamp: t,
      DeviceName: 'pc1',
      DeviceId: 'd1',
      ActionType: 'ProcessCreated',
      FileName: name,
      FolderPath: `C:\\Windows\\System32\\${name}`,
      InitiatingProcessFolderPath: `C:\\Windows\\${parent}`,
      ProcessCommandLine: name,
      ReportId: 1,
    });
  writeFileSync(
    data,
    `${[row('whoami.exe', 'cmd.exe', '2024-05-01T10:00:00Z'), row('whoami.exe', 'explorer.exe', '2024-05-01T10:01:00Z'), row('notepad.exe', 'cmd.exe', '2024-05-01T10:02:00Z')].join('\n')}\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kqlhunt with Sigma rules', () => {
  it('hunt --rules <sigma.yml> finds the matching event only', () => {
    const r = runCli(['hunt', '--rules', rule, '--data', data, '--now', 'auto', '--no-store', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { summary: { rulesRun: number; resultRows: number } };
    expect(out.summary.rulesRun).toBe(1);
    expect(out.summary.resultRows).toBe(1);
  });

  it('hunt --rules <sigma.yml> --data <file.evtx> --now auto reads Windows event logs natively', () => {
    const evtxRule = join(dir, 'ps_enc.yml');
    writeFileSync(
      evtxRule,
      "title: PowerShell encoded\nid: 6a2eb8a1-3333-4000-8000-00000000abcd\nlogsource: {category: process_creation, product: windows}\ndetection:\n  sel:\n    Image|endswith: '\\powershell.exe'\n    CommandLine|contains: ' -enc '\n  condition: sel\n",
    );
    const evtx = join(REPO_ROOT, 'test', 'fixtures', 'windows', 'process_creation', 'match.evtx');
    const r = runCli(['hunt', '--rules', evtxRule, '--data', evtx, '--now', 'auto', '--no-store', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    expect((JSON.parse(r.stdout) as { summary: { resultRows: number } }).summary.resultRows).toBe(1);
    const miss = join(REPO_ROOT, 'test', 'fixtures', 'windows', 'process_creation', 'near-miss.evtx');
    const quiet = runCli(['hunt', '--rules', evtxRule, '--data', miss, '--now', 'auto', '--no-store']);
    expect(quiet.code, quiet.stderr).toBe(0);
  });

  it('hunt a ps_script rule on a PowerShell .evtx: the events load into WindowsEvent, the rule reads them there', () => {
    const psRule = join(dir, 'ps_cradle.yml');
    writeFileSync(
      psRule,
      "title: PowerShell download cradle\nid: 6a2eb8a1-4444-4000-8000-00000000abcd\nlogsource: {category: ps_script, product: windows}\ndetection:\n  sel:\n    ScriptBlockText|contains|all: ['Net.WebClient', '.DownloadString(']\n  condition: sel\n",
    );
    const fixture = (stem: string) => join(REPO_ROOT, 'test', 'fixtures', 'windows', 'ps_script', `${stem}.evtx`);
    const r = runCli([
      'hunt',
      '--rules',
      psRule,
      '--data',
      fixture('match'),
      '--now',
      'auto',
      '--no-store',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as {
      summary: { resultRows: number };
      findings: { keys: Record<string, unknown> }[];
    };
    expect(out.summary.resultRows).toBe(1);
    expect(out.findings[0]?.keys).toMatchObject({ Computer: 'ws01.corp.local' });
    const quiet = runCli(['hunt', '--rules', psRule, '--data', fixture('near-miss'), '--now', 'auto', '--no-store']);
    expect(quiet.code, quiet.stderr).toBe(0);
  });

  it('hunt skips a Sigma rule that is not convertible instead of failing', () => {
    const r = runCli(['hunt', '--rules', refused, '--data', data, '--now', 'auto', '--no-store', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { summary: { rulesRun: number } }).summary.rulesRun).toBe(0);
    expect(r.stderr).toContain('skipped: 1 Sigma rule(s) that are not convertible');
  });

  it('rules import reads a Sigma file; export writes KQL and Sentinel YAML with attribution', () => {
    const imp = runCli(['rules', 'import', rule, '--db', db]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toContain('sigma: 1 converted to KQL, 0 not convertible');
    const kql = runCli(['rules', 'export', '6a2eb8a1-1111', '--format', 'kql', '--db', db]);
    expect(kql.code, kql.stderr).toBe(0);
    expect(kql.stdout).toContain('// Author: Test Author.');
    expect(kql.stdout).toContain('DeviceProcessEvents\n| where FolderPath endswith @"\\whoami.exe"');
    const yaml = runCli(['rules', 'export', '6a2eb8a1-1111', '--db', db]);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout).toContain('Converted from Sigma rule 6a2eb8a1-1111-4000-8000-00000000abcd');
    expect(yaml.stdout).toContain('relevantTechniques:');
    const bad = runCli(['rules', 'export', '6a2eb8a1-1111', '--format', 'xml', '--db', db]);
    expect(bad.code).toBe(2);
  });

  it('export of a rule that is not convertible exits 1 with the reason', () => {
    expect(runCli(['rules', 'import', refused, '--db', db]).code).toBe(0);
    const r = runCli(['rules', 'export', '6a2eb8a1-2222', '--format', 'kql', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unmapped field 'CurrentDirectory'");
    const show = runCli(['rules', 'show', '6a2eb8a1-2222', '--db', db]);
    expect(show.stdout).toContain('sigma: 6a2eb8a1-2222-4000-8000-00000000abcd, level medium, status test');
    expect(show.stdout).toContain("conversion: not convertible: unmapped field 'CurrentDirectory'");
  });
});
