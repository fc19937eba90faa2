/** Sigma → KQL on hand-written rules: the exact query text, and the engine's verdict on rows. */
import { describe, expect, it } from 'vitest';
import { lintRule } from '../../../src/rules/lint.js';
import type { Rule } from '../../../src/rules/model.js';
import { runOnRows } from '../../../src/rules/sigma/check.js';
import { loadSigmaYaml } from '../../../src/rules/sigma/load.js';
import { schemaCatalog } from '../../../src/telemetry/schemas.js';
import { officialBindErrors } from '../../helpers/kusto-official-bind.js';

function load(category: string, detection: string, extra = ''): Rule {
  const text = `title: Test rule\nid: 6a2eb8a1-0000-4000-8000-000000000001\nstatus: stable\nlevel: critical\nauthor: Someone\n${extra}logsource:\n  category: ${category}\n  product: windows\ndetection:\n${detection}`;
  const r = loadSigmaYaml(text, { repository: 'test', path: 'rule.yml' });
  expect(r.diagnostics).toEqual([]);
  return r.rules[0]!;
}

const T = { Timestamp: '2024-05-01T10:00:00Z', DeviceName: 'pc1' };
const fires = (rule: Rule, table: string, row: Record<string, unknown>) =>
  runOnRows(rule.query, table, [{ ...T, ...row }]).rows > 0;

describe('Sigma → KQL', () => {
  it('process creation: endswith / exact / contains|all, filter with not, case-insensitive', () => {
    const r = load(
      'process_creation',
      `  sel_img:
    - Image|endswith: '\\whoami.exe'
    - OriginalFileName: 'whoami.exe'
  sel_cli:
    CommandLine|contains|all: ['/all', '/groups']
  filter:
    ParentImage: 'C:\\Windows\\explorer.exe'
  condition: all of sel_* and not filter
`,
    );
    expect(r.query).toBe(
      [
        'DeviceProcessEvents',
        '| where FolderPath endswith @"\\whoami.exe" or ProcessVersionInfoOriginalFileName =~ "whoami.exe"',
        '| where ProcessCommandLine contains "/all"',
        '| where ProcessCommandLine contains "/groups"',
        '| where not(InitiatingProcessFolderPath =~ @"C:\\Windows\\explorer.exe")',
        '',
      ].join('\n'),
    );
    expect(
      fires(r, 'DeviceProcessEvents', {
        FolderPath: 'C:\\Windows\\System32\\WHOAMI.EXE',
        ProcessCommandLine: 'whoami /ALL /groups',
      }),
    ).toBe(true);
    expect(
      fires(r, 'DeviceProcessEvents', {
        FolderPath: 'C:\\Windows\\System32\\whoami.exe',
        ProcessCommandLine: 'whoami /all /groups',
        InitiatingProcessFolderPath: 'c:\\windows\\explorer.exe',
      }),
    ).toBe(false);
    expect(
      fires(r, 'DeviceProcessEvents', { FolderPath: 'C:\\x\\whoami.exe', ProcessCommandLine: 'whoami /all' }),
    ).toBe(false);
    expect(r.sigma).toMatchObject({
      level: 'critical',
      status: 'stable',
      author: 'Someone',
      conversion: { status: 'converted' },
    });
    expect(r.severity).toBe('High');
  });

  it('cased, wildcards in the middle, ? and windash become the right operators', () => {
    const r = load(
      'process_creation',
      `  a:
    CommandLine|cased|contains: 'Invoke-'
  b:
    CommandLine|windash|contains: ' -enc '
  c:
    Image: 'C:\\\\*\\\\ev?l.exe'
  condition: a or b or c
`,
    );
    expect(r.query).toContain('ProcessCommandLine contains_cs "Invoke-"');
    expect(r.query).toContain('ProcessCommandLine contains " /enc "');
    expect(r.query).toContain('ProcessCommandLine contains " \u2015enc "');
    expect(r.query).toContain('FolderPath matches regex @"(?is)^C:\\\\.*\\\\ev.l\\.exe$"');
    expect(fires(r, 'DeviceProcessEvents', { ProcessCommandLine: 'powershell /enc AAA' })).toBe(true);
    expect(fires(r, 'DeviceProcessEvents', { ProcessCommandLine: 'invoke-x' })).toBe(false);
    expect(fires(r, 'DeviceProcessEvents', { FolderPath: 'c:\\tmp\\EVAL.exe' })).toBe(true);
    expect(fires(r, 'DeviceProcessEvents', { FolderPath: 'c:\\tmp\\evaal.exe' })).toBe(false);
  });

  it('re with flags, cidr, numeric comparisons, null and exists', () => {
    const r = load(
      'network_connection',
      `  sel:
    DestinationIp|cidr: ['10.0.0.0/8', '192.168.0.0/16']
    DestinationPort|gte: 1024
    Image|re|i: '\\\\(curl|wget)\\.exe$'
    Initiated: 'true'
  filter:
    DestinationHostname: null
  condition: sel and not filter
`,
    );
    expect(r.query).toContain('| where ActionType in ("ConnectionSuccess", "InboundConnectionAccepted")');
    expect(r.query).toContain(
      'ipv4_is_in_range(iff(ActionType == "InboundConnectionAccepted", LocalIP, RemoteIP), "10.0.0.0/8")',
    );
    expect(r.query).toContain('matches regex @"(?i)\\\\(curl|wget)\\.exe$"');
    expect(r.query).toContain('| where ActionType == "ConnectionSuccess"');
    const row = {
      ActionType: 'ConnectionSuccess',
      RemoteIP: '10.1.2.3',
      RemotePort: 4444,
      InitiatingProcessFolderPath: 'C:\\x\\CURL.exe',
      RemoteUrl: 'evil.example',
    };
    expect(fires(r, 'DeviceNetworkEvents', row)).toBe(true);
    expect(fires(r, 'DeviceNetworkEvents', { ...row, RemotePort: 443 })).toBe(false);
    expect(fires(r, 'DeviceNetworkEvents', { ...row, RemoteIP: '8.8.8.8' })).toBe(false);
    expect(fires(r, 'DeviceNetworkEvents', { ...row, RemoteUrl: '' })).toBe(false);
  });

  it('registry: hive names, DWORD details, TargetObject assembled from key and value name', () => {
    const r = load(
      'registry_set',
      `  sel:
    TargetObject|startswith: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\'
    TargetObject|endswith: '\\DisableAntiSpyware'
    Details: 'DWORD (0x00000001)'
  condition: sel
`,
    );
    expect(r.query).toContain('startswith @"HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\"');
    expect(r.query).toContain(
      '| where RegistryValueType =~ "Dword" and RegistryValueData == "1" or RegistryValueData =~ "DWORD (0x00000001)"',
    );
    const row = {
      ActionType: 'RegistryValueSet',
      RegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender',
      RegistryValueName: 'DisableAntiSpyware',
      RegistryValueType: 'Dword',
      RegistryValueData: '1',
    };
    expect(fires(r, 'DeviceRegistryEvents', row)).toBe(true);
    expect(fires(r, 'DeviceRegistryEvents', { ...row, RegistryValueData: '0' })).toBe(false);
    expect(fires(r, 'DeviceRegistryEvents', { ...row, ActionType: 'RegistryValueDeleted' })).toBe(false);
    // Rows loaded from Sysmon keep Sysmon's spelling of the data.
    expect(
      fires(r, 'DeviceRegistryEvents', { ...row, RegistryValueType: '', RegistryValueData: 'DWORD (0x00000001)' }),
    ).toBe(true);
  });

  it('pipes, process access masks and hashes map to their Defender spellings', () => {
    const pipe = load('pipe_created', `  sel:\n    PipeName: '\\lsadump'\n  condition: sel\n`);
    expect(pipe.query).toContain(
      'tostring(AdditionalFields.PipeName) in~ (@"\\Device\\NamedPipe\\lsadump", @"\\lsadump")',
    );
    expect(
      fires(pipe, 'DeviceEvents', {
        ActionType: 'NamedPipeEvent',
        AdditionalFields: { PipeName: '\\Device\\NamedPipe\\lsadump', FileOperation: 'File created' },
      }),
    ).toBe(true);
    const access = load(
      'process_access',
      `  sel:\n    TargetImage|endswith: '\\lsass.exe'\n    GrantedAccess|endswith: '10'\n  condition: sel\n`,
    );
    expect(access.query).toContain('strcat("0x", tohex(tolong(AdditionalFields.DesiredAccess))) endswith "10"');
    const row = {
      ActionType: 'OpenProcessApiCall',
      FolderPath: 'C:\\Windows\\System32\\lsass.exe',
      AdditionalFields: { DesiredAccess: 0x1410 },
    };
    expect(fires(access, 'DeviceEvents', row)).toBe(true);
    expect(fires(access, 'DeviceEvents', { ...row, AdditionalFields: { DesiredAccess: 0x1400 } })).toBe(false);
    const hashes = load(
      'process_creation',
      `  img:\n    Image|endswith: '\\x.exe'\n  hash:\n    Hashes|contains: ['IMPHASH=0A1B', 'SHA256=ABCD', 'MD5=EF01']\n  condition: 1 of *\n`,
    );
    expect(hashes.query).toContain('SHA256 =~ "ABCD" or MD5 =~ "EF01"');
    expect(hashes.sigma?.conversion).toMatchObject({
      status: 'converted',
      notes: [expect.stringContaining('IMPHASH')],
    });
  });

  it('refuses with a reason: unmapped field, unmapped logsource, placeholder, IMPHASH under not', () => {
    const cases: [string, string, RegExp][] = [
      [
        'process_creation',
        `  sel:\n    CurrentDirectory: 'C:\\x'\n  condition: sel\n`,
        /unmapped field 'CurrentDirectory'/,
      ],
      ['file_access', `  sel:\n    FileName|contains: 'x'\n  condition: sel\n`, /unmapped logsource .*Kernel-File/],
      ['ps_classic_start', `  sel:\n    Data|contains: 'HostName=ConsoleHost'\n  condition: sel\n`, /unnamed <Data>/],
      ['ps_script', `  sel:\n    - 'Invoke-Mimikatz'\n  condition: sel\n`, /keyword .*rendered message/],
      ['process_creation', `  sel:\n    User|expand: '%Admins%'\n  condition: sel\n`, /placeholder %Admins%/],
      [
        'process_creation',
        `  sel:\n    Image: x\n  f:\n    Hashes: 'IMPHASH=00'\n  condition: sel and not f\n`,
        /IMPHASH/,
      ],
      ['process_creation', `  sel:\n    - a\n  condition: sel\n`, /keyword/],
      ['process_creation', `  sel:\n    Image: x\n  condition: sel | count() > 5\n`, /condition/],
    ];
    for (const [cat, det, reason] of cases) {
      const r = load(cat, det);
      expect(r.query).toBe('');
      expect(r.sigma?.conversion).toMatchObject({ status: 'not convertible', reason: expect.stringMatching(reason) });
    }
  });

  it('escapes untrusted text into KQL literals that bind in our binder and in Kusto.Language', () => {
    const r = load(
      'process_creation',
      `  sel:\n    CommandLine|contains: ['a"b', "x' or 1==1 //", 'tab\\there', "nl\\u2028"]\n  condition: sel\n`,
    );
    expect(lintRule(r, schemaCatalog()).lint.status).toBe('clean');
    expect(officialBindErrors(r.query)).toEqual([]);
    expect(fires(r, 'DeviceProcessEvents', { ProcessCommandLine: 'zz a"b zz' })).toBe(true);
  });

  it('correlation: event_count over a rule of the same file', () => {
    const text = `title: Many whoami
id: 0e95725d-7320-415d-80f7-004da920fc11
level: high
correlation:
  type: event_count
  rules: [whoami_run]
  group-by: [User]
  timespan: 1h
  condition:
    gte: 3
---
title: whoami
name: whoami_run
logsource: {category: process_creation, product: windows}
detection:
  sel:
    Image|endswith: '\\whoami.exe'
  condition: sel
`;
    const loaded = loadSigmaYaml(text, { repository: 'test', path: 'corr.yml' });
    expect(loaded.rules).toHaveLength(1);
    const r = loaded.rules[0]!;
    expect(r.query).toContain('| summarize EventCount = count()');
    expect(r.query).toContain('SigmaTime = Timestamp');
    expect(r.query).toContain('by User, Window = bin(SigmaTime, 1h)');
    expect(lintRule(r, schemaCatalog()).lint.status).toBe('clean');
    const row = { ...T, FolderPath: 'C:\\w\\whoami.exe', AccountDomain: 'D', AccountName: 'u' };
    expect(runOnRows(r.query, 'DeviceProcessEvents', [row, row, row]).rows).toBe(1);
    expect(runOnRows(r.query, 'DeviceProcessEvents', [row, row]).rows).toBe(0);
  });

  it('PowerShell script blocks (4104) → WindowsEvent on both PowerShell channels, fields from EventData', () => {
    const r = load(
      'ps_script',
      `  sel:\n    ScriptBlockText|contains|all: ['Invoke-WebRequest', '-OutFile']\n  filter:\n    Path|endswith: '\\trusted.ps1'\n  condition: sel and not filter\n`,
    );
    expect(r.query).toBe(
      [
        'WindowsEvent',
        '| where Channel in ("Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational") and EventID == 4104',
        '| where tostring(EventData.ScriptBlockText) contains "Invoke-WebRequest"',
        '| where tostring(EventData.ScriptBlockText) contains "-OutFile"',
        '| where not(tostring(EventData.Path) endswith @"\\trusted.ps1")',
        '',
      ].join('\n'),
    );
    expect(r.tables).toEqual(['WindowsEvent']);
    expect(r.requiredDataConnectors).toEqual([{ connectorId: 'WindowsForwardedEvents', dataTypes: ['WindowsEvent'] }]);
    expect(r.entityMappings[0]?.fieldMappings[0]?.columnName).toBe('Computer');
    expect(lintRule(r, schemaCatalog()).lint.status).toBe('clean');
    expect(officialBindErrors(r.query)).toEqual([]);
    const W = { TimeGenerated: '2024-05-01T10:00:00Z', Computer: 'pc1', EventID: 4104 };
    const ev = (channel: string, data: Record<string, unknown>) => [{ ...W, Channel: channel, EventData: data }];
    const PS = 'Microsoft-Windows-PowerShell/Operational';
    const text = 'invoke-webrequest http://x -outfile c:\\t\\a.exe';
    expect(runOnRows(r.query, 'WindowsEvent', ev(PS, { ScriptBlockText: text })).rows).toBe(1);
    expect(runOnRows(r.query, 'WindowsEvent', ev('PowerShellCore/Operational', { ScriptBlockText: text })).rows).toBe(
      1,
    );
    expect(runOnRows(r.query, 'WindowsEvent', ev(PS, { ScriptBlockText: 'Invoke-WebRequest http://x' })).rows).toBe(0);
    expect(runOnRows(r.query, 'WindowsEvent', ev(PS, { ScriptBlockText: text, Path: 'C:\\trusted.ps1' })).rows).toBe(0);
    expect(runOnRows(r.query, 'WindowsEvent', ev('Windows PowerShell', { ScriptBlockText: text })).rows).toBe(0);
  });

  it('service: system → WindowsEvent: Provider_Name is Provider, other fields EventData; Defender AV names with spaces', () => {
    const text = (service: string, det: string) =>
      `title: Svc\nid: 6a2eb8a1-0000-4000-8000-000000000002\nlogsource:\n  product: windows\n  service: ${service}\ndetection:\n${det}`;
    const sys = loadSigmaYaml(
      text(
        'system',
        `  sel:\n    Provider_Name: 'Service Control Manager'\n    EventID: 7045\n    ImagePath|contains: '\\AppData\\'\n  condition: sel\n`,
      ),
      { repository: 'test', path: 's.yml' },
    ).rules[0]!;
    expect(sys.query).toBe(
      [
        'WindowsEvent',
        '| where Channel == "System"',
        '| where Provider =~ "Service Control Manager"',
        '| where EventID == 7045',
        '| where tostring(EventData.ImagePath) contains @"\\AppData\\"',
        '',
      ].join('\n'),
    );
    expect(officialBindErrors(sys.query)).toEqual([]);
    const av = loadSigmaYaml(
      text(
        'windefend',
        `  sel:\n    EventID: 5007\n    NewValue|contains: '\\Exclusions\\Paths\\'\n  condition: sel\n`,
      ),
      { repository: 'test', path: 'd.yml' },
    ).rules[0]!;
    expect(av.query).toContain('tostring(EventData["New Value"]) contains @"\\Exclusions\\Paths\\"');
    expect(officialBindErrors(av.query)).toEqual([]);
    const wmi = loadSigmaYaml(text('wmi', `  sel:\n    EventID: 5861\n  condition: sel\n`), {
      repository: 'test',
      path: 'w.yml',
    }).rules[0]!;
    expect(wmi.sigma?.conversion).toMatchObject({
      status: 'not convertible',
      reason: expect.stringMatching(/UserData/),
    });
  });

  it('registry paths: CurrentControlSet also as ControlSet001, HKU also as HKEY_CURRENT_USER (Defender spellings)', () => {
    const r = load(
      'registry_set',
      `  sel:\n    TargetObject|contains: '\\CurrentControlSet\\Services\\'\n  filter:\n    TargetObject|startswith: 'HKU\\'\n  condition: sel and not filter\n`,
    );
    const key = 'strcat(RegistryKey, iff(isempty(RegistryValueName), "", strcat(@"\\", RegistryValueName)))';
    expect(r.query).toContain(
      `${key} contains @"\\CurrentControlSet\\Services\\" or ${key} contains @"\\ControlSet001\\Services\\"`,
    );
    expect(r.query).toContain(`not(${key} startswith @"HKEY_USERS\\" or ${key} startswith @"HKEY_CURRENT_USER\\")`);
    expect(officialBindErrors(r.query)).toEqual([]);
    const row = (k: string) => ({ ActionType: 'RegistryValueSet', RegistryKey: k, RegistryValueName: 'ImagePath' });
    expect(fires(r, 'DeviceRegistryEvents', row('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\x'))).toBe(true);
    expect(fires(r, 'DeviceRegistryEvents', row('HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\x'))).toBe(
      true,
    );
    expect(fires(r, 'DeviceRegistryEvents', row('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\x'))).toBe(false);
    expect(fires(r, 'DeviceRegistryEvents', row('HKEY_CURRENT_USER\\S-1-5-21-1\\ControlSet001\\Services\\x'))).toBe(
      false,
    );
    const re = load('registry_set', `  sel:\n    TargetObject|re: '^HKLM\\\\SOFTWARE\\\\x'\n  condition: sel\n`);
    expect(re.sigma?.conversion).toMatchObject({
      status: 'not convertible',
      reason: expect.stringMatching(/hive abbreviation/),
    });
  });
});
