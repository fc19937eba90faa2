/**
 * DECLARATIVE mapping of Windows events (Sysmon, Security auditing) onto Defender XDR tables.
 * Data, not code: each entry names the source channel and EventID, an optional field condition,
 * the target table and ActionType, and per target column where its value comes from. The mapper
 * (windows-events.ts) interprets it; docs/telemetry.md renders the same facts as a table.
 *
 * Every mapped row also gets Timestamp (Sysmon UtcTime, else @timestamp/TimeCreated), DeviceName
 * (lower-cased host), DeviceId (sha1 of it), ReportId (EventRecordID, else the line number) and
 * ActionType. Sysmon writes '-' for "no value"; the mapper turns it into an empty cell.
 */

export type Transform =
  | 'fileName' // last path segment of a Windows path
  | 'number' // decimal or 0x-hex text → number
  | 'sha1'
  | 'sha256'
  | 'md5' // from Sysmon `Hashes` "SHA1=…,MD5=…,SHA256=…"
  | 'userDomain'
  | 'userName' // from "DOMAIN\user"
  | 'protocol' // tcp → Tcp, udp → Udp (Defender spelling)
  | 'registryKey'
  | 'registryValueName' // split "HKLM\…\Key\Value", expanding the hive to HKEY_…
  | 'registryPath' // whole "HKLM\…\Key" with the hive expanded
  | 'logonType'; // 2 → Interactive, 3 → Network, …

/** Where one value comes from: a source field, a transformed field, or a constant. */
export type ValueSource =
  | string
  | { readonly from: string; readonly as: Transform }
  | { readonly value: string | number | boolean };

export type FieldSource =
  | ValueSource
  /** A dynamic property bag (AdditionalFields) of target key → value source; empty values are left out. */
  | { readonly bag: Readonly<Record<string, ValueSource>> };

export type EventSource = 'sysmon' | 'security';

export interface EventMapping {
  readonly source: EventSource;
  readonly eventId: number;
  /** Source field values (case-insensitive) the event must have for this entry to apply. */
  readonly when?: Readonly<Record<string, string>>;
  readonly table: string;
  readonly actionType: string;
  readonly columns: Readonly<Record<string, FieldSource>>;
}

/** The process an event happened in (Image/ProcessId/User) as the Defender initiating process. */
const INITIATOR: Readonly<Record<string, FieldSource>> = {
  InitiatingProcessFileName: { from: 'Image', as: 'fileName' },
  InitiatingProcessFolderPath: 'Image',
  InitiatingProcessId: { from: 'ProcessId', as: 'number' },
  InitiatingProcessAccountDomain: { from: 'User', as: 'userDomain' },
  InitiatingProcessAccountName: { from: 'User', as: 'userName' },
};

const HASHES_OF = (field: string): Readonly<Record<string, FieldSource>> => ({
  SHA1: { from: field, as: 'sha1' },
  SHA256: { from: field, as: 'sha256' },
  MD5: { from: field, as: 'md5' },
});

const NETWORK_COMMON: Readonly<Record<string, FieldSource>> = {
  ...INITIATOR,
  Protocol: { from: 'Protocol', as: 'protocol' },
  AdditionalFields: { bag: { ProcessGuid: 'ProcessGuid', SysmonEventId: 'EventID' } },
};

const REGISTRY_COMMON: Readonly<Record<string, FieldSource>> = {
  ...INITIATOR,
  RegistryKey: { from: 'TargetObject', as: 'registryKey' },
  RegistryValueName: { from: 'TargetObject', as: 'registryValueName' },
};

/**
 * WMI permanent event subscriptions (Sysmon 19 filter, 20 consumer, 21 filter-to-consumer binding).
 * Defender reports the binding as `WmiBindEventFilterToConsumer`; it has no separate ActionType for
 * filter and consumer registration, so those two get kqlhunt's names `WmiEventFilter` and
 * `WmiEventConsumer` (docs/telemetry.md). Every WMI field is kept in AdditionalFields.
 */
const WMI_FIELDS: Readonly<Record<string, FieldSource>> = {
  InitiatingProcessAccountDomain: { from: 'User', as: 'userDomain' },
  InitiatingProcessAccountName: { from: 'User', as: 'userName' },
  AdditionalFields: {
    bag: {
      EventType: 'EventType',
      Operation: 'Operation',
      EventNamespace: 'EventNamespace',
      Name: 'Name',
      Query: 'Query',
      Type: 'Type',
      Destination: 'Destination',
      Consumer: 'Consumer',
      Filter: 'Filter',
      SysmonEventId: 'EventID',
    },
  },
};

const WMI_EVENTS: readonly EventMapping[] = [
  { source: 'sysmon', eventId: 19, table: 'DeviceEvents', actionType: 'WmiEventFilter', columns: WMI_FIELDS },
  { source: 'sysmon', eventId: 20, table: 'DeviceEvents', actionType: 'WmiEventConsumer', columns: WMI_FIELDS },
  {
    source: 'sysmon',
    eventId: 21,
    table: 'DeviceEvents',
    actionType: 'WmiBindEventFilterToConsumer',
    columns: WMI_FIELDS,
  },
];

export const WINDOWS_EVENT_MAPPINGS: readonly EventMapping[] = [
  {
    source: 'sysmon',
    eventId: 1,
    table: 'DeviceProcessEvents',
    actionType: 'ProcessCreated',
    columns: {
      FileName: { from: 'Image', as: 'fileName' },
      FolderPath: 'Image',
      ProcessCommandLine: 'CommandLine',
      ProcessId: { from: 'ProcessId', as: 'number' },
      ProcessIntegrityLevel: 'IntegrityLevel',
      ProcessCreationTime: 'UtcTime',
      ProcessVersionInfoCompanyName: 'Company',
      ProcessVersionInfoProductName: 'Product',
      ProcessVersionInfoFileDescription: 'Description',
      ProcessVersionInfoProductVersion: 'FileVersion',
      ProcessVersionInfoOriginalFileName: 'OriginalFileName',
      ...HASHES_OF('Hashes'),
      AccountDomain: { from: 'User', as: 'userDomain' },
      AccountName: { from: 'User', as: 'userName' },
      LogonId: { from: 'LogonId', as: 'number' },
      InitiatingProcessFileName: { from: 'ParentImage', as: 'fileName' },
      InitiatingProcessFolderPath: 'ParentImage',
      InitiatingProcessCommandLine: 'ParentCommandLine',
      InitiatingProcessId: { from: 'ParentProcessId', as: 'number' },
      InitiatingProcessAccountDomain: { from: 'ParentUser', as: 'userDomain' },
      InitiatingProcessAccountName: { from: 'ParentUser', as: 'userName' },
      CreatedProcessSessionId: { from: 'TerminalSessionId', as: 'number' },
      AdditionalFields: {
        bag: {
          ProcessGuid: 'ProcessGuid',
          ParentProcessGuid: 'ParentProcessGuid',
          CurrentDirectory: 'CurrentDirectory',
          TerminalSessionId: 'TerminalSessionId',
          SysmonEventId: 'EventID',
        },
      },
    },
  },
  {
    source: 'sysmon',
    eventId: 3,
    when: { Initiated: 'false' },
    table: 'DeviceNetworkEvents',
    actionType: 'InboundConnectionAccepted',
    // inbound: Sysmon's Source is the remote peer that connected to us
    columns: {
      ...NETWORK_COMMON,
      RemoteIP: 'SourceIp',
      RemotePort: { from: 'SourcePort', as: 'number' },
      RemoteUrl: 'SourceHostname',
      LocalIP: 'DestinationIp',
      LocalPort: { from: 'DestinationPort', as: 'number' },
    },
  },
  {
    source: 'sysmon',
    eventId: 3,
    table: 'DeviceNetworkEvents',
    actionType: 'ConnectionSuccess',
    columns: {
      ...NETWORK_COMMON,
      RemoteIP: 'DestinationIp',
      RemotePort: { from: 'DestinationPort', as: 'number' },
      RemoteUrl: 'DestinationHostname',
      LocalIP: 'SourceIp',
      LocalPort: { from: 'SourcePort', as: 'number' },
    },
  },
  {
    source: 'sysmon',
    eventId: 6,
    table: 'DeviceEvents',
    actionType: 'DriverLoad',
    // The kernel loads drivers: Sysmon names no initiating process.
    columns: {
      FileName: { from: 'ImageLoaded', as: 'fileName' },
      FolderPath: 'ImageLoaded',
      ...HASHES_OF('Hashes'),
      AdditionalFields: {
        bag: { Signed: 'Signed', Signature: 'Signature', SignatureStatus: 'SignatureStatus', SysmonEventId: 'EventID' },
      },
    },
  },
  {
    source: 'sysmon',
    eventId: 7,
    table: 'DeviceImageLoadEvents',
    actionType: 'ImageLoaded',
    columns: {
      ...INITIATOR,
      FileName: { from: 'ImageLoaded', as: 'fileName' },
      FolderPath: 'ImageLoaded',
      ...HASHES_OF('Hashes'),
    },
  },
  {
    source: 'sysmon',
    eventId: 8,
    table: 'DeviceEvents',
    actionType: 'CreateRemoteThreadApiCall',
    columns: {
      InitiatingProcessFileName: { from: 'SourceImage', as: 'fileName' },
      InitiatingProcessFolderPath: 'SourceImage',
      InitiatingProcessId: { from: 'SourceProcessId', as: 'number' },
      FileName: { from: 'TargetImage', as: 'fileName' },
      FolderPath: 'TargetImage',
      ProcessId: { from: 'TargetProcessId', as: 'number' },
      AdditionalFields: {
        bag: { StartAddress: 'StartAddress', StartModule: 'StartModule', StartFunction: 'StartFunction' },
      },
    },
  },
  {
    source: 'sysmon',
    eventId: 10,
    table: 'DeviceEvents',
    actionType: 'OpenProcessApiCall',
    columns: {
      InitiatingProcessFileName: { from: 'SourceImage', as: 'fileName' },
      InitiatingProcessFolderPath: 'SourceImage',
      InitiatingProcessId: { from: 'SourceProcessId', as: 'number' },
      FileName: { from: 'TargetImage', as: 'fileName' },
      FolderPath: 'TargetImage',
      ProcessId: { from: 'TargetProcessId', as: 'number' },
      // Defender keeps the access mask as a number (Sysmon writes it as 0x hex text).
      AdditionalFields: { bag: { DesiredAccess: { from: 'GrantedAccess', as: 'number' }, CallTrace: 'CallTrace' } },
    },
  },
  {
    source: 'sysmon',
    eventId: 11,
    table: 'DeviceFileEvents',
    actionType: 'FileCreated',
    columns: { ...INITIATOR, FileName: { from: 'TargetFilename', as: 'fileName' }, FolderPath: 'TargetFilename' },
  },
  {
    source: 'sysmon',
    eventId: 12,
    when: { EventType: 'CreateKey' },
    table: 'DeviceRegistryEvents',
    actionType: 'RegistryKeyCreated',
    columns: { ...INITIATOR, RegistryKey: { from: 'TargetObject', as: 'registryPath' } },
  },
  {
    source: 'sysmon',
    eventId: 12,
    when: { EventType: 'DeleteKey' },
    table: 'DeviceRegistryEvents',
    actionType: 'RegistryKeyDeleted',
    columns: { ...INITIATOR, RegistryKey: { from: 'TargetObject', as: 'registryPath' } },
  },
  {
    source: 'sysmon',
    eventId: 12,
    when: { EventType: 'DeleteValue' },
    table: 'DeviceRegistryEvents',
    actionType: 'RegistryValueDeleted',
    columns: REGISTRY_COMMON,
  },
  {
    source: 'sysmon',
    eventId: 13,
    table: 'DeviceRegistryEvents',
    actionType: 'RegistryValueSet',
    columns: { ...REGISTRY_COMMON, RegistryValueData: 'Details' },
  },
  {
    source: 'sysmon',
    eventId: 14,
    table: 'DeviceRegistryEvents',
    actionType: 'RegistryKeyRenamed',
    columns: {
      ...INITIATOR,
      RegistryKey: { from: 'NewName', as: 'registryPath' },
      PreviousRegistryKey: { from: 'TargetObject', as: 'registryPath' },
    },
  },
  {
    source: 'sysmon',
    eventId: 17,
    table: 'DeviceEvents',
    actionType: 'NamedPipeEvent',
    // Defender's NamedPipeEvent says in AdditionalFields.FileOperation whether the pipe was created or opened.
    columns: {
      ...INITIATOR,
      AdditionalFields: { bag: { PipeName: 'PipeName', FileOperation: { value: 'File created' } } },
    },
  },
  {
    source: 'sysmon',
    eventId: 18,
    table: 'DeviceEvents',
    actionType: 'NamedPipeEvent',
    columns: {
      ...INITIATOR,
      AdditionalFields: { bag: { PipeName: 'PipeName', FileOperation: { value: 'File opened' } } },
    },
  },
  ...WMI_EVENTS,
  {
    source: 'sysmon',
    eventId: 22,
    table: 'DeviceEvents',
    actionType: 'DnsQueryResponse',
    columns: {
      ...INITIATOR,
      RemoteUrl: 'QueryName',
      AdditionalFields: {
        bag: { DnsQueryString: 'QueryName', DnsQueryResult: 'QueryResults', QueryStatus: 'QueryStatus' },
      },
    },
  },
  {
    source: 'sysmon',
    eventId: 23,
    table: 'DeviceFileEvents',
    actionType: 'FileDeleted',
    columns: {
      ...INITIATOR,
      FileName: { from: 'TargetFilename', as: 'fileName' },
      FolderPath: 'TargetFilename',
      ...HASHES_OF('Hashes'),
    },
  },
  {
    source: 'sysmon',
    eventId: 26,
    table: 'DeviceFileEvents',
    actionType: 'FileDeleted',
    columns: {
      ...INITIATOR,
      FileName: { from: 'TargetFilename', as: 'fileName' },
      FolderPath: 'TargetFilename',
      ...HASHES_OF('Hashes'),
    },
  },
  {
    source: 'security',
    eventId: 4624,
    table: 'DeviceLogonEvents',
    actionType: 'LogonSuccess',
    columns: {
      AccountName: 'TargetUserName',
      AccountDomain: 'TargetDomainName',
      AccountSid: 'TargetUserSid',
      LogonType: { from: 'LogonType', as: 'logonType' },
      LogonId: { from: 'TargetLogonId', as: 'number' },
      RemoteIP: 'IpAddress',
      RemotePort: { from: 'IpPort', as: 'number' },
      RemoteDeviceName: 'WorkstationName',
      Protocol: 'AuthenticationPackageName',
      InitiatingProcessFileName: { from: 'ProcessName', as: 'fileName' },
      InitiatingProcessFolderPath: 'ProcessName',
      InitiatingProcessId: { from: 'ProcessId', as: 'number' },
    },
  },
  {
    source: 'security',
    eventId: 4625,
    table: 'DeviceLogonEvents',
    actionType: 'LogonFailed',
    columns: {
      AccountName: 'TargetUserName',
      AccountDomain: 'TargetDomainName',
      AccountSid: 'TargetUserSid',
      LogonType: { from: 'LogonType', as: 'logonType' },
      RemoteIP: 'IpAddress',
      RemotePort: { from: 'IpPort', as: 'number' },
      RemoteDeviceName: 'WorkstationName',
      Protocol: 'AuthenticationPackageName',
      FailureReason: 'FailureReason',
      InitiatingProcessFileName: { from: 'ProcessName', as: 'fileName' },
      InitiatingProcessFolderPath: 'ProcessName',
      InitiatingProcessId: { from: 'ProcessId', as: 'number' },
    },
  },
];

/** Windows logon type numbers → the names DeviceLogonEvents.LogonType uses. */
export const LOGON_TYPES: Readonly<Record<string, string>> = {
  '2': 'Interactive',
  '3': 'Network',
  '4': 'Batch',
  '5': 'Service',
  '7': 'Unlock',
  '8': 'NetworkCleartext',
  '9': 'NewCredentials',
  '10': 'RemoteInteractive',
  '11': 'CachedInteractive',
};

/** Registry hive abbreviations (Sysmon) → full names (Defender). */
export const REGISTRY_HIVES: Readonly<Record<string, string>> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKU: 'HKEY_USERS',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKCC: 'HKEY_CURRENT_CONFIG',
};
