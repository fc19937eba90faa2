/**
 * Field mapping: generic field names (`process.parent_process_name`, `destination.domain`, …, close
 * to the Elastic Common Schema names that false-positive guidance is written in) to the columns of
 * each Defender XDR table. Declared as data; docs/exclusions.md renders the same table.
 *
 * Which process a `process.*` name means depends on the table: on DeviceProcessEvents the row is
 * the created process (FileName, ProcessCommandLine) and its parent is the initiating process; on
 * every other table the acting process is the initiating process, and its parent is only known by
 * file name (InitiatingProcessParentFileName).
 *
 * Each generic field also declares the shape of its values (used to spot exclusions that can never
 * match) and how far an attacker controls it (used to spot exclusions an attacker can satisfy).
 */

import type { ScalarType } from '../../kql/engine.js';
import { suggest } from '../../kql/engine.js';
import { tableSchema } from '../../telemetry/schemas.js';

export type ValueShape =
  | 'file-name'
  | 'path'
  | 'command-line'
  | 'domain'
  | 'ip'
  | 'port'
  | 'sha256'
  | 'sha1'
  | 'md5'
  | 'account'
  | 'host'
  | 'pe-metadata'
  | 'signer'
  | 'registry-key'
  | 'text';

/**
 * How much of the value an attacker decides: `attacker` — free text they write (command lines);
 * `spoofable` — names they can copy or fake (file names, parent names via PPID spoofing, PE version
 * info); `partial` — they need some privilege or infrastructure (paths, domains, accounts);
 * `trusted` — set by the sensor or a verified signature (host, hashes, signer, action type).
 */
export type Control = 'attacker' | 'spoofable' | 'partial' | 'trusted';

export interface GenericField {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly shape: ValueShape;
  readonly control: Control;
  readonly description: string;
}

const f = (
  name: string,
  shape: ValueShape,
  control: Control,
  description: string,
  aliases: readonly string[] = [],
): GenericField => ({ name, aliases, shape, control, description });

export const GENERIC_FIELDS: readonly GenericField[] = [
  f('process.name', 'file-name', 'spoofable', 'image file name of the process', ['process.file_name']),
  f('process.executable', 'path', 'partial', 'full path of the process image', ['process.path']),
  f('process.command_line', 'command-line', 'attacker', 'command line of the process', ['process.commandline']),
  f('process.pid', 'text', 'trusted', 'process id'),
  f('process.hash.sha256', 'sha256', 'trusted', 'SHA-256 of the process image'),
  f('process.hash.sha1', 'sha1', 'trusted', 'SHA-1 of the process image'),
  f('process.hash.md5', 'md5', 'trusted', 'MD5 of the process image'),
  f('process.pe.company', 'pe-metadata', 'spoofable', 'PE version-info company name'),
  f('process.pe.product', 'pe-metadata', 'spoofable', 'PE version-info product name'),
  f('process.pe.original_file_name', 'file-name', 'spoofable', 'PE version-info original file name'),
  f('process.pe.description', 'pe-metadata', 'spoofable', 'PE version-info file description'),
  f('process.integrity_level', 'text', 'partial', 'integrity level of the process'),
  f('process.parent_process_name', 'file-name', 'spoofable', 'image file name of the parent process', [
    'process.parent.name',
    'parent.name',
  ]),
  f('process.parent.executable', 'path', 'partial', 'full path of the parent image', ['process.parent_executable']),
  f('process.parent_command_line', 'command-line', 'attacker', 'command line of the parent process', [
    'process.parent.command_line',
  ]),
  f('process.parent.pid', 'text', 'trusted', 'process id of the parent'),
  f('process.parent.hash.sha256', 'sha256', 'trusted', 'SHA-256 of the parent image'),
  f('process.parent.pe.company', 'pe-metadata', 'spoofable', 'PE company name of the parent image'),
  f('process.grandparent_name', 'file-name', 'spoofable', 'image file name of the parent of the parent', [
    'process.parent.parent.name',
  ]),
  f('user.name', 'account', 'partial', 'account name', ['user']),
  f('user.domain', 'account', 'partial', 'account domain'),
  f('user.id', 'account', 'partial', 'account SID'),
  f('host.name', 'host', 'trusted', 'device name', ['device.name']),
  f('host.id', 'host', 'trusted', 'device id', ['device.id']),
  f('event.action', 'text', 'trusted', 'Defender action type'),
  f('destination.domain', 'domain', 'partial', 'remote URL or host name', ['url.domain', 'url.full']),
  f('destination.ip', 'ip', 'partial', 'remote IP address'),
  f('destination.port', 'port', 'attacker', 'remote port'),
  f('source.ip', 'ip', 'partial', 'local (or, for logons, remote) IP address'),
  f('source.port', 'port', 'attacker', 'local port'),
  f('network.protocol', 'text', 'partial', 'network protocol'),
  f('file.name', 'file-name', 'spoofable', 'file name'),
  f('file.path', 'path', 'partial', 'full path of the file'),
  f('file.hash.sha256', 'sha256', 'trusted', 'SHA-256 of the file'),
  f('file.hash.sha1', 'sha1', 'trusted', 'SHA-1 of the file'),
  f('file.origin_url', 'domain', 'partial', 'URL the file was downloaded from'),
  f('file.signer', 'signer', 'trusted', 'subject of the signing certificate', ['code_signature.subject_name']),
  f('file.issuer', 'signer', 'trusted', 'issuer of the signing certificate'),
  f('registry.key', 'registry-key', 'partial', 'registry key'),
  f('registry.value', 'text', 'partial', 'registry value name'),
  f('registry.data', 'text', 'attacker', 'registry value data'),
];

type Mapping = Readonly<Record<string, string>>;

const COMMON: Mapping = { 'host.name': 'DeviceName', 'host.id': 'DeviceId', 'event.action': 'ActionType' };

/** DeviceProcessEvents: the row is the created process; its parent is the initiating process. */
const CREATED_PROCESS: Mapping = {
  'process.name': 'FileName',
  'process.executable': 'FolderPath',
  'process.command_line': 'ProcessCommandLine',
  'process.pid': 'ProcessId',
  'process.hash.sha256': 'SHA256',
  'process.hash.sha1': 'SHA1',
  'process.hash.md5': 'MD5',
  'process.pe.company': 'ProcessVersionInfoCompanyName',
  'process.pe.product': 'ProcessVersionInfoProductName',
  'process.pe.original_file_name': 'ProcessVersionInfoOriginalFileName',
  'process.pe.description': 'ProcessVersionInfoFileDescription',
  'process.integrity_level': 'ProcessIntegrityLevel',
  'process.parent_process_name': 'InitiatingProcessFileName',
  'process.parent.executable': 'InitiatingProcessFolderPath',
  'process.parent_command_line': 'InitiatingProcessCommandLine',
  'process.parent.pid': 'InitiatingProcessId',
  'process.parent.hash.sha256': 'InitiatingProcessSHA256',
  'process.parent.pe.company': 'InitiatingProcessVersionInfoCompanyName',
  'process.grandparent_name': 'InitiatingProcessParentFileName',
  'user.name': 'AccountName',
  'user.domain': 'AccountDomain',
  'user.id': 'AccountSid',
};

/** Every other table: the acting process is the initiating process. */
const INITIATING_PROCESS: Mapping = {
  'process.name': 'InitiatingProcessFileName',
  'process.executable': 'InitiatingProcessFolderPath',
  'process.command_line': 'InitiatingProcessCommandLine',
  'process.pid': 'InitiatingProcessId',
  'process.hash.sha256': 'InitiatingProcessSHA256',
  'process.hash.sha1': 'InitiatingProcessSHA1',
  'process.hash.md5': 'InitiatingProcessMD5',
  'process.pe.company': 'InitiatingProcessVersionInfoCompanyName',
  'process.pe.product': 'InitiatingProcessVersionInfoProductName',
  'process.pe.original_file_name': 'InitiatingProcessVersionInfoOriginalFileName',
  'process.pe.description': 'InitiatingProcessVersionInfoFileDescription',
  'process.integrity_level': 'InitiatingProcessIntegrityLevel',
  'process.parent_process_name': 'InitiatingProcessParentFileName',
  'process.parent.pid': 'InitiatingProcessParentId',
  'user.name': 'InitiatingProcessAccountName',
  'user.domain': 'InitiatingProcessAccountDomain',
  'user.id': 'InitiatingProcessAccountSid',
};

const NETWORK: Mapping = {
  'destination.domain': 'RemoteUrl',
  'destination.ip': 'RemoteIP',
  'destination.port': 'RemotePort',
  'source.ip': 'LocalIP',
  'source.port': 'LocalPort',
  'network.protocol': 'Protocol',
};

const IMAGE: Mapping = {
  'file.name': 'FileName',
  'file.path': 'FolderPath',
  'file.hash.sha256': 'SHA256',
  'file.hash.sha1': 'SHA1',
};

const FILE: Mapping = { ...IMAGE, 'file.origin_url': 'FileOriginUrl' };

/** DeviceEvents carries remote endpoints but no protocol column. */
const EVENT_NETWORK: Mapping = {
  'destination.domain': 'RemoteUrl',
  'destination.ip': 'RemoteIP',
  'destination.port': 'RemotePort',
  'source.ip': 'LocalIP',
  'source.port': 'LocalPort',
};

const REGISTRY: Mapping = {
  'registry.key': 'RegistryKey',
  'registry.value': 'RegistryValueName',
  'registry.data': 'RegistryValueData',
};

const LOGON: Mapping = {
  'user.name': 'AccountName',
  'user.domain': 'AccountDomain',
  'user.id': 'AccountSid',
  'source.ip': 'RemoteIP',
  'source.port': 'RemotePort',
  'network.protocol': 'Protocol',
};

const CERTIFICATE: Mapping = {
  'file.hash.sha1': 'SHA1',
  'file.signer': 'Signer',
  'file.issuer': 'Issuer',
};

/** Later mappings override earlier ones (a logon's user is the account that logged on). */
export const TABLE_FIELD_MAP: Readonly<Record<string, readonly Mapping[]>> = {
  DeviceProcessEvents: [COMMON, CREATED_PROCESS],
  DeviceNetworkEvents: [COMMON, INITIATING_PROCESS, NETWORK],
  DeviceFileEvents: [COMMON, INITIATING_PROCESS, FILE],
  DeviceRegistryEvents: [COMMON, INITIATING_PROCESS, REGISTRY],
  DeviceImageLoadEvents: [COMMON, INITIATING_PROCESS, IMAGE],
  DeviceLogonEvents: [COMMON, INITIATING_PROCESS, LOGON],
  DeviceEvents: [COMMON, INITIATING_PROCESS, FILE, REGISTRY, EVENT_NETWORK],
  DeviceFileCertificateInfo: [COMMON, CERTIFICATE],
  DeviceInfo: [COMMON],
  DeviceNetworkInfo: [COMMON],
};

const FIELD_BY_NAME: ReadonlyMap<string, GenericField> = new Map(
  GENERIC_FIELDS.flatMap((g) => [g.name, ...g.aliases].map((n) => [n.toLowerCase(), g] as const)),
);

/** The generic field a name (or alias) denotes, case-insensitively. */
export function genericField(name: string): GenericField | undefined {
  return FIELD_BY_NAME.get(name.toLowerCase());
}

export interface ResolvedField {
  /** The name as written. */
  readonly written: string;
  readonly column: string;
  readonly type: ScalarType;
  /** The generic field, when a generic name was used (undefined for a raw column name). */
  readonly generic: GenericField | undefined;
  readonly shape: ValueShape;
  readonly control: Control;
}

/** The generic-name → column table of one table (only columns the table's schema has). */
export function fieldMapOf(table: string): ReadonlyMap<string, string> {
  const columns = new Set(tableSchema(table)?.columns.map((c) => c.name) ?? []);
  const out = new Map<string, string>();
  for (const m of TABLE_FIELD_MAP[table] ?? []) {
    for (const [k, v] of Object.entries(m)) if (columns.has(v)) out.set(k, v);
  }
  return out;
}

/** Shape and control of a raw column written directly, guessed from its name. */
function rawColumnTraits(column: string): { shape: ValueShape; control: Control } {
  if (/CommandLine$/.test(column)) return { shape: 'command-line', control: 'attacker' };
  if (/FileName$/.test(column)) return { shape: 'file-name', control: 'spoofable' };
  if (/FolderPath$/.test(column)) return { shape: 'path', control: 'partial' };
  if (/(SHA256|SHA1|MD5)$/.test(column))
    return { shape: column.endsWith('MD5') ? 'md5' : column.endsWith('SHA1') ? 'sha1' : 'sha256', control: 'trusted' };
  if (/VersionInfo/.test(column)) return { shape: 'pe-metadata', control: 'spoofable' };
  if (column === 'RemoteUrl') return { shape: 'domain', control: 'partial' };
  if (/IP$/.test(column)) return { shape: 'ip', control: 'partial' };
  if (/Port$/.test(column)) return { shape: 'port', control: 'attacker' };
  if (column === 'DeviceName' || column === 'DeviceId') return { shape: 'host', control: 'trusted' };
  if (column === 'Signer' || column === 'Issuer') return { shape: 'signer', control: 'trusted' };
  return { shape: 'text', control: 'partial' };
}

/**
 * Resolves a field as written against a table: a generic name through the table's mapping, or a
 * column of the table written directly. Undefined when neither applies.
 */
export function resolveField(table: string, written: string): ResolvedField | undefined {
  const schema = tableSchema(table);
  if (!schema) return undefined;
  const generic = genericField(written);
  if (generic) {
    const column = fieldMapOf(table).get(generic.name);
    const type = schema.columns.find((c) => c.name === column)?.type;
    if (!column || !type) return undefined;
    return { written, column, type, generic, shape: generic.shape, control: generic.control };
  }
  const col = schema.columns.find((c) => c.name === written);
  if (!col) return undefined;
  return { written, column: col.name, type: col.type, generic: undefined, ...rawColumnTraits(col.name) };
}

/** A close field name for an unknown one: generic names the table maps, then its columns. */
export function suggestField(table: string, written: string): string | undefined {
  const names = [...fieldMapOf(table).keys(), ...(tableSchema(table)?.columns.map((c) => c.name) ?? [])];
  return suggest(written, names);
}
