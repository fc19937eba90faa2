/**
 * Row builders, one per Defender table. A row is a plain record of KQL runtime values (datetime =
 * bigint ticks); ReportId is filled in later, when a device's day is sorted by time (slice.ts).
 * Builders may set a few columns a table lacks: the writer keeps only the table's own columns.
 */
import type { KqlValue } from '../../kql/types.js';
import type { Binary } from './binary.js';
import type { Device } from './fleet.js';
import { createdProcessFields, initiatingFields, type Proc } from './process.js';

/**
 * The InitiatingProcess* columns of a row live in one record shared by every row the process
 * causes (under this key) instead of being copied into each row: copying ~35 columns per row was
 * the generator's main cost. The sink reads a column from the row first, then from this record.
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

function base(device: Device, at: bigint, actionType: string): Row {
  return {
    Timestamp: at,
    DeviceId: device.id,
    DeviceName: device.name,
    ActionType: actionType,
    ReportId: 0,
    AppGuardContainerId: '',
  };
}

export function processRow(device: Device, child: Proc, at: bigint): Row {
  if (!child.parent) throw new Error('a created process needs its parent');
  return {
    ...base(device, at, 'ProcessCreated'),
    ...createdProcessFields(child),
    [INIT]: initiatingFields(child.parent),
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
    ...base(device, at, net.action ?? 'ConnectionSuccess'),
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
    ...base(device, at, f.action),
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
    ...base(device, at, r.action),
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
    ...base(device, at, l.action),
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
