/**
 * Row builders, one per Defender table. A row is a plain record of KQL runtime values (datetime =
 * bigint ticks); ReportId is filled in later, when a device's day is sorted by time (slice.ts).
 * Builders may set a few columns a table lacks: the writer keeps only the table's own columns.
 *
 * Each builder is one flat object literal. Built by spreading a common base and a field record
 * (`{...base(), ...fields}`), a row took several intermediate objects and a property-by-property
 * copy into a dictionary-mode object: rows were the bulk of the generator's allocation.
 */
import type { KqlValue } from '../../kql/engine.js';
import type { Binary } from './binary.js';
import type { Device } from './fleet.js';
import { initiatingFields, type Proc } from './process.js';

/**
 * The InitiatingProcess* columns of a row live in one record shared by every row the process
 * causes (under this key) instead of being copied into each row: copying ~35 columns per row was
 * the generator's main cost. The writer reads a column from the row first, then from this record.
 */
export const INIT: unique symbol = Symbol('initiating');

export type Row = Record<string, KqlValue> & { [INIT]?: Readonly<Record<string, KqlValue>> };

export const TABLES = [
  'DeviceProcessEvents',
  'DeviceNetworkEvents',
  'DeviceFileEvents',
  'DeviceRegistryEvents',
  'DeviceLogonEvents',
  'DeviceFileCertificateInfo',
  'DeviceInfo',
] as const;
export type TableName = (typeof TABLES)[number];

export function processRow(device: Device, child: Proc, at: bigint): Row {
  const parent = child.parent;
  if (!parent) throw new Error('a created process needs its parent');
  const b = child.bin;
  const a = child.account;
  return {
    Timestamp: at,
    DeviceId: device.id,
    DeviceName: device.name,
    ActionType: 'ProcessCreated',
    ReportId: 0,
    AppGuardContainerId: '',
    FileName: b.fileName,
    FolderPath: child.folderPath,
    SHA1: b.sha1,
    SHA256: b.sha256,
    MD5: b.md5,
    FileSize: b.size,
    ProcessVersionInfoCompanyName: b.company,
    ProcessVersionInfoProductName: b.product,
    ProcessVersionInfoProductVersion: b.version,
    ProcessVersionInfoInternalFileName: b.internalName,
    ProcessVersionInfoOriginalFileName: b.originalName,
    ProcessVersionInfoFileDescription: b.description,
    ProcessId: child.pid,
    ProcessCommandLine: child.cmd,
    ProcessIntegrityLevel: child.integrity,
    ProcessTokenElevation: child.elevation,
    ProcessCreationTime: child.created,
    AccountDomain: a.domain,
    AccountName: a.name,
    AccountSid: a.sid,
    AccountUpn: a.upn,
    AccountObjectId: a.objectId,
    LogonId: child.logonId,
    CreatedProcessSessionId: child.sessionId,
    IsProcessRemoteSession: child.remote !== null,
    ProcessRemoteSessionDeviceName: child.remote?.deviceName ?? '',
    ProcessRemoteSessionIP: child.remote?.ip ?? '',
    [INIT]: initiatingFields(parent),
    AdditionalFields: null,
  };
}

export interface NetSpec {
  readonly action?: 'ConnectionSuccess' | 'ConnectionFailed' | 'ConnectionRequest' | 'InboundConnectionAccepted';
  readonly remoteIp: string;
  readonly remotePort: number;
  readonly remoteUrl: string;
  readonly localIp: string;
  readonly localPort: number;
  readonly protocol?: 'Tcp' | 'Udp';
  readonly remoteIpType?: 'Public' | 'Private';
}

export function networkRow(device: Device, proc: Proc, at: bigint, net: NetSpec): Row {
  return {
    Timestamp: at,
    DeviceId: device.id,
    DeviceName: device.name,
    ActionType: net.action ?? 'ConnectionSuccess',
    ReportId: 0,
    AppGuardContainerId: '',
    RemoteIP: net.remoteIp,
    RemotePort: net.remotePort,
    RemoteUrl: net.remoteUrl,
    LocalIP: net.localIp,
    LocalPort: net.localPort,
    Protocol: net.protocol ?? 'Tcp',
    LocalIPType: 'Private',
    RemoteIPType: net.remoteIpType ?? 'Public',
    [INIT]: initiatingFields(proc),
    AdditionalFields: null,
  };
}

export interface FileSpec {
  readonly action: 'FileCreated' | 'FileModified' | 'FileRenamed' | 'FileDeleted';
  readonly fileName: string;
  readonly folder: string;
  readonly sha1: string;
  readonly sha256: string;
  readonly md5: string;
  readonly size: number;
  readonly originUrl?: string;
  readonly referrerUrl?: string;
  readonly originIp?: string;
  readonly previousFileName?: string;
  readonly previousFolder?: string;
  /** SMB write from another host (file servers). */
  readonly share?: {
    readonly name: string;
    readonly sourceIp: string;
    readonly sourcePort: number;
    readonly account: string;
    readonly domain: string;
    readonly sid: string;
  };
  readonly sensitivityLabel?: string;
}

export function fileRow(device: Device, proc: Proc, at: bigint, f: FileSpec): Row {
  return {
    Timestamp: at,
    DeviceId: device.id,
    DeviceName: device.name,
    ActionType: f.action,
    ReportId: 0,
    AppGuardContainerId: '',
    FileName: f.fileName,
    FolderPath: `${f.folder}\\${f.fileName}`,
    SHA1: f.sha1,
    SHA256: f.sha256,
    MD5: f.md5,
    FileOriginUrl: f.originUrl ?? '',
    FileOriginReferrerUrl: f.referrerUrl ?? '',
    FileOriginIP: f.originIp ?? '',
    PreviousFolderPath: f.previousFolder ?? '',
    PreviousFileName: f.previousFileName ?? '',
    FileSize: f.size,
    [INIT]: initiatingFields(proc),
    RequestProtocol: f.share ? 'SMB' : 'Local',
    RequestSourceIP: f.share?.sourceIp ?? '',
    RequestSourcePort: f.share ? f.share.sourcePort : null,
    RequestAccountName: f.share?.account ?? proc.account.name,
    RequestAccountDomain: f.share?.domain ?? proc.account.domain,
    RequestAccountSid: f.share?.sid ?? proc.account.sid,
    ShareName: f.share?.name ?? '',
    SensitivityLabel: f.sensitivityLabel ?? '',
    SensitivitySubLabel: '',
    IsAzureInfoProtectionApplied: f.sensitivityLabel !== undefined,
    AdditionalFields: f.originUrl ? { FileType: f.fileName.endsWith('.exe') ? 'PortableExecutable' : 'Unknown' } : null,
  };
}

export interface RegSpec {
  readonly action: 'RegistryValueSet' | 'RegistryKeyCreated' | 'RegistryValueDeleted' | 'RegistryKeyDeleted';
  readonly key: string;
  readonly valueType: 'String' | 'Dword' | 'Qword' | 'Binary' | 'ExpandString' | 'MultiString' | 'None';
  readonly valueName: string;
  readonly valueData: string;
  readonly previousData?: string;
}

export function registryRow(device: Device, proc: Proc, at: bigint, r: RegSpec): Row {
  return {
    Timestamp: at,
    DeviceId: device.id,
    DeviceName: device.name,
    ActionType: r.action,
    ReportId: 0,
    AppGuardContainerId: '',
    RegistryKey: r.key,
    RegistryValueType: r.valueType,
    RegistryValueName: r.valueName,
    RegistryValueData: r.valueData,
    PreviousRegistryKey: r.previousData !== undefined ? r.key : '',
    PreviousRegistryValueName: r.previousData !== undefined ? r.valueName : '',
    PreviousRegistryValueData: r.previousData ?? '',
    [INIT]: initiatingFields(proc),
  };
}

export interface LogonSpec {
  readonly action: 'LogonSuccess' | 'LogonFailed';
  readonly logonType:
    | 'Interactive'
    | 'RemoteInteractive'
    | 'Network'
    | 'Unlock'
    | 'Service'
    | 'Batch'
    | 'CachedInteractive';
  readonly account: { readonly domain: string; readonly name: string; readonly sid: string };
  readonly protocol: 'Kerberos' | 'NTLM' | 'Negotiate';
  readonly failureReason?: string;
  readonly isLocalAdmin: boolean;
  readonly logonId: number;
  readonly remoteDeviceName: string;
  readonly remoteIp: string;
  readonly remotePort: number | null;
}

export function logonRow(device: Device, proc: Proc, at: bigint, l: LogonSpec): Row {
  return {
    Timestamp: at,
    DeviceId: device.id,
    DeviceName: device.name,
    ActionType: l.action,
    ReportId: 0,
    AppGuardContainerId: '',
    LogonType: l.logonType,
    AccountDomain: l.account.domain,
    AccountName: l.account.name,
    AccountSid: l.account.sid,
    Protocol: l.protocol,
    FailureReason: l.failureReason ?? '',
    IsLocalAdmin: l.isLocalAdmin,
    LogonId: l.logonId,
    RemoteDeviceName: l.remoteDeviceName,
    RemoteIP: l.remoteIp,
    RemoteIPType: l.remoteIp === '' ? '' : l.remoteIp.startsWith('10.') ? 'Private' : 'Public',
    RemotePort: l.remotePort,
    [INIT]: initiatingFields(proc),
    AdditionalFields:
      l.logonType === 'Network' ? JSON.stringify({ IsLocalLogon: false }) : JSON.stringify({ IsLocalLogon: true }),
  };
}

/** DeviceFileCertificateInfo: the signing certificate of a file the device has seen. */
export function certificateRow(device: Device, bin: Binary, at: bigint): Row {
  const c = bin.cert;
  return {
    Timestamp: at,
    DeviceId: device.id,
    DeviceName: device.name,
    SHA1: bin.sha1,
    IsSigned: true,
    SignatureType: 'Embedded',
    Signer: c.signer,
    SignerHash: c.signerHash,
    Issuer: c.issuer,
    IssuerHash: c.issuerHash,
    CertificateSerialNumber: c.serial,
    CrlDistributionPointUrls: JSON.stringify([c.crlUrls]),
    CertificateCreationTime: c.created,
    CertificateExpirationTime: c.expires,
    CertificateCountersignatureTime: c.created + 864_000_000_000n * 30n,
    IsTrusted: true,
    IsRootSignerMicrosoft: c.rootMicrosoft,
    ReportId: 0,
  };
}
