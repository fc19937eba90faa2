/**
 * Windows event-log channels Defender XDR does not record → the Log Analytics / Sentinel table
 * WindowsEvent (Windows Forwarded Events / Azure Monitor Agent). A WindowsEvent row keeps the
 * event's System part as columns (Channel, EventID, Provider, Computer, EventLevel) and its named
 * `<Data Name="…">` elements as properties of the dynamic column EventData, so a Sigma field that is
 * not a System field is `tostring(EventData.<Field>)`.
 *
 * Sources:
 * - Sigma taxonomy appendix 2.1, "Windows Folder" tables: category ps_* and Sysmon categories →
 *   channel + EventID, service → channel (CHANNELS and SYSMON_EVENT_IDS below copy those facts).
 *   Sysmon categories Defender records map to Defender tables (the other files); the rest read
 *   the Sysmon channel here, with Sysmon's own field names as the EventData names.
 * - WindowsEvent schema (src/telemetry/schemas.generated.ts, from the Azure Monitor table reference):
 *   Channel, Computer, EventData (dynamic), EventID (int), EventLevel (int), Provider.
 * - Event schemas of the channels (Data element names): PowerShell 4103 (ContextInfo, UserData,
 *   Payload) and 4104 (MessageNumber, MessageTotal, ScriptBlockText, ScriptBlockId, Path);
 *   Microsoft Defender Antivirus events name their Data elements with spaces ("Process Name",
 *   "New Value"), which the Sigma rules write without ("ProcessName", "NewValue").
 *
 * Left out on purpose (each with its reason on the rules that use it): Sigma's `Data` (the unnamed
 * `<Data>` elements of classic events such as PowerShell 400/600/800 and many Application events —
 * WindowsEvent does not document how it keeps unnamed elements, so no exact expression exists),
 * `Message` (WindowsEvent keeps no rendered message) and channels whose events carry `UserData`
 * instead of `EventData` (WMI-Activity 5861, PrintService 307).
 */
import { TAXONOMY } from './common.js';
import type { FieldTarget, LogsourceMapping } from './types.js';

const WINDOWS_EVENT_SCHEMA =
  'WindowsEvent table schema (Azure Monitor table reference; src/telemetry/schemas.generated.ts)';

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

/** Sigma service → event-log channel(s), from the taxonomy appendix. */
export const CHANNELS: Readonly<Record<string, readonly string[]>> = {
  application: ['Application'],
  'application-experience': [
    'Microsoft-Windows-Application-Experience/Program-Telemetry',
    'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
  ],
  applocker: [
    'Microsoft-Windows-AppLocker/MSI and Script',
    'Microsoft-Windows-AppLocker/EXE and DLL',
    'Microsoft-Windows-AppLocker/Packaged app-Deployment',
    'Microsoft-Windows-AppLocker/Packaged app-Execution',
  ],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  capi2: ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': [
    'Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational',
  ],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  dhcp: ['Microsoft-Windows-DHCP-Server/Operational'],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'dns-client': ['Microsoft-Windows-DNS Client Events/Operational'],
  'dns-server': ['DNS Server'],
  'dns-server-analytic': ['Microsoft-Windows-DNS-Server/Analytical'],
  'dns-server-audit': ['Microsoft-Windows-DNS-Server/Audit'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  'kernel-shimengine': [
    'Microsoft-Windows-Kernel-ShimEngine/Operational',
    'Microsoft-Windows-Kernel-ShimEngine/Diagnostic',
  ],
  ldap: ['Microsoft-Windows-LDAP-Client/Debug'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  'msexchange-management': ['MSExchange Management'],
  ntfs: ['Microsoft-Windows-Ntfs/Operational'],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  openssh: ['OpenSSH/Operational'],
  powershell: ['Microsoft-Windows-PowerShell/Operational'],
  'powershell-classic': ['Windows PowerShell'],
  'security-mitigations': [
    'Microsoft-Windows-Security-Mitigations/Kernel Mode',
    'Microsoft-Windows-Security-Mitigations/User Mode',
  ],
  sense: ['Microsoft-Windows-SENSE/Operational'],
  'servicebus-client': ['Microsoft-ServiceBus-Client/Operational', 'Microsoft-ServiceBus-Client/Admin'],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  sysmon: [SYSMON],
  system: ['System'],
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  'terminalservices-localsessionmanager': ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'],
  vhdmp: ['Microsoft-Windows-VHDMP/Operational'],
  windefend: ['Microsoft-Windows-Windows Defender/Operational'],
};

/** Channels whose Sigma-used events carry `UserData`, not `EventData` (see the header). */
export const USERDATA_SERVICES: Readonly<Record<string, string>> = {
  wmi: 'WMI-Activity events (5857–5861) carry their fields in UserData, whose WindowsEvent form is not documented',
  'printservice-operational':
    'PrintService events carry their fields in UserData, whose WindowsEvent form is not documented',
  'printservice-admin': 'PrintService events carry their fields in UserData, whose WindowsEvent form is not documented',
};

const POWERSHELL_CHANNELS = ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'] as const;

const UNNAMED_DATA =
  "Sigma's Data is the event's unnamed <Data> elements; WindowsEvent does not document how it keeps them, so no expression is exactly equivalent";

/** System fields of every event (columns of WindowsEvent), and fields with no WindowsEvent equivalent. */
const SYSTEM_FIELDS: Readonly<Record<string, FieldTarget>> = {
  EventID: { column: 'EventID' },
  Provider_Name: { column: 'Provider' },
  Channel: { column: 'Channel' },
  Computer: { column: 'Computer' },
  Level: { column: 'EventLevel' },
  Data: { unmapped: UNNAMED_DATA },
  Message: { unmapped: 'WindowsEvent keeps no rendered event message' },
  Binary: { unmapped: "WindowsEvent does not document where an event's Binary data goes" },
  Keywords: { unmapped: "WindowsEvent's Keywords column does not document its value format" },
};

/** Microsoft Defender Antivirus: Sigma's field names → the events' Data names (which contain spaces). */
const WINDEFEND_FIELDS: Readonly<Record<string, FieldTarget>> = {
  ProcessName: { bag: 'Process Name', of: 'EventData', type: 'string' },
  NewValue: { bag: 'New Value', of: 'EventData', type: 'string' },
  OldValue: { bag: 'Old Value', of: 'EventData', type: 'string' },
  ThreatName: { bag: 'Threat Name', of: 'EventData', type: 'string' },
  SourceName: { bag: 'Source Name', of: 'EventData', type: 'string' },
  Feature_Name: { bag: 'Feature Name', of: 'EventData', type: 'string' },
  Path: { bag: 'Path', of: 'EventData', type: 'string' },
  Value: { unmapped: 'no Microsoft Defender Antivirus event has a Data element this field names' },
  Reason: { unmapped: 'no Microsoft Defender Antivirus event has a Data element this field names' },
};

function channelMapping(
  key: { readonly category?: string; readonly service?: string },
  channels: readonly string[],
  eventIds: readonly number[] = [],
  fields: Readonly<Record<string, FieldTarget>> = {},
): LogsourceMapping {
  const list = channels.map((c) => JSON.stringify(c)).join(', ');
  const channel = channels.length === 1 ? `Channel == ${list}` : `Channel in (${list})`;
  const ids =
    eventIds.length === 0
      ? ''
      : eventIds.length === 1
        ? ` and EventID == ${eventIds[0]}`
        : ` and EventID in (${eventIds.join(', ')})`;
  return {
    ...key,
    table: 'WindowsEvent',
    filter: channel + ids,
    defaults: { Channel: channels[0], ...(eventIds.length > 0 ? { EventID: eventIds[0] } : {}) },
    bagFields: 'EventData',
    fields: { ...SYSTEM_FIELDS, ...fields },
    sources: [TAXONOMY, WINDOWS_EVENT_SCHEMA],
  };
}

/** PowerShell script block logging (4104) and module logging (4103), both PowerShell channels. */
export const PS_SCRIPT = channelMapping({ category: 'ps_script' }, POWERSHELL_CHANNELS, [4104]);
export const PS_MODULE = channelMapping({ category: 'ps_module' }, POWERSHELL_CHANNELS, [4103]);
/** The classic engine events: every Sigma rule on them reads the unnamed Data, so they refuse by field. */
export const PS_CLASSIC_START = channelMapping({ category: 'ps_classic_start' }, ['Windows PowerShell'], [400]);
export const PS_CLASSIC_PROVIDER_START = channelMapping(
  { category: 'ps_classic_provider_start' },
  ['Windows PowerShell'],
  [600],
);
export const PS_CLASSIC_SCRIPT = channelMapping({ category: 'ps_classic_script' }, ['Windows PowerShell'], [800]);

/**
 * Sysmon categories Defender XDR does not record (the others map to Defender tables): their events
 * are in WindowsEvent with the Sysmon field names as EventData properties (taxonomy: EventIDs).
 */
export const SYSMON_EVENT_IDS: Readonly<Record<string, readonly number[]>> = {
  file_change: [2],
  sysmon_status: [4, 16],
  process_termination: [5],
  raw_access_thread: [9],
  registry_rename: [14],
  create_stream_hash: [15],
  wmi_event: [19, 20, 21],
  clipboard_capture: [24],
  process_tampering: [25],
  file_delete_detected: [26],
  file_block_executable: [27],
  file_block_shredding: [28],
  file_executable_detected: [29],
  sysmon_error: [255],
};

export const CHANNEL_MAPPINGS: readonly LogsourceMapping[] = [
  PS_SCRIPT,
  PS_MODULE,
  PS_CLASSIC_START,
  PS_CLASSIC_PROVIDER_START,
  PS_CLASSIC_SCRIPT,
  ...Object.entries(SYSMON_EVENT_IDS).map(([category, ids]) => channelMapping({ category }, [SYSMON], ids)),
  ...Object.entries(CHANNELS).map(([service, channels]) =>
    channelMapping({ service }, channels, [], service === 'windefend' ? WINDEFEND_FIELDS : {}),
  ),
];
