/**
 * Process trees. Every row names the process that caused it (InitiatingProcess*) and that process's
 * parent (InitiatingProcessParent*); a process-creation row adds the new process itself. Keeping real
 * parent links means those three levels are always consistent: the same pid, name and creation time
 * appear wherever a process shows up.
 */
import type { KqlValue } from '../../kql/engine.js';
import { type Binary, binaryFolder } from './binary.js';
import type { Account } from './fleet.js';

export type Integrity = 'System' | 'High' | 'Medium' | 'Low';
export type Elevation = 'TokenElevationTypeDefault' | 'TokenElevationTypeFull' | 'TokenElevationTypeLimited';

export interface RemoteSession {
  readonly deviceName: string;
  readonly ip: string;
}

export interface Proc {
  readonly bin: Binary;
  readonly pid: number;
  readonly cmd: string;
  readonly created: bigint;
  readonly account: Account;
  readonly integrity: Integrity;
  readonly elevation: Elevation;
  readonly logonId: number;
  readonly sessionId: number;
  readonly folderPath: string;
  readonly parent: Proc | null;
  readonly remote: RemoteSession | null;
  /** InitiatingProcess* columns of rows this process causes; built once on first use. */
  initiating?: Readonly<Record<string, KqlValue>>;
}

export interface SpawnOptions {
  readonly account?: Account;
  readonly integrity?: Integrity;
  readonly elevation?: Elevation;
  readonly logonId?: number;
  readonly sessionId?: number;
  readonly remote?: RemoteSession | null;
  /** Overrides the folder (e.g. an installer run from a Downloads folder). */
  readonly folder?: string;
}

export type PidSource = () => number;

/** A new process; account, integrity, session and remote-session context default to the parent's. */
export function spawn(
  bin: Binary,
  cmd: string,
  parent: Proc | null,
  at: bigint,
  nextPid: PidSource,
  opts: SpawnOptions = {},
): Proc {
  const account = opts.account ?? parent?.account;
  if (!account) throw new Error(`process ${bin.fileName} needs an account or a parent`);
  const profile = account.profile || 'Default';
  const folder = opts.folder ?? binaryFolder(bin, profile);
  return {
    bin,
    pid: nextPid(),
    cmd,
    created: at,
    account,
    integrity: opts.integrity ?? parent?.integrity ?? 'System',
    elevation: opts.elevation ?? parent?.elevation ?? 'TokenElevationTypeDefault',
    logonId: opts.logonId ?? parent?.logonId ?? 999,
    sessionId: opts.sessionId ?? parent?.sessionId ?? 0,
    folderPath: `${folder}\\${bin.fileName}`,
    parent,
    remote: opts.remote === undefined ? (parent?.remote ?? null) : opts.remote,
  };
}

/** Quoted image path, the way Windows records most command lines. */
export function quotedImage(proc: Pick<Proc, 'folderPath'>): string {
  return `"${proc.folderPath}"`;
}

/** The InitiatingProcess* columns (shared by every Device* event table) for rows `proc` causes. */
export function initiatingFields(proc: Proc): Readonly<Record<string, KqlValue>> {
  if (proc.initiating) return proc.initiating;
  const b = proc.bin;
  const a = proc.account;
  const p = proc.parent;
  const fields: Record<string, KqlValue> = {
    InitiatingProcessAccountDomain: a.domain,
    InitiatingProcessAccountName: a.name,
    InitiatingProcessAccountSid: a.sid,
    InitiatingProcessAccountUpn: a.upn,
    InitiatingProcessAccountObjectId: a.objectId,
    InitiatingProcessLogonId: proc.logonId,
    InitiatingProcessIntegrityLevel: proc.integrity,
    InitiatingProcessTokenElevation: proc.elevation,
    InitiatingProcessSHA1: b.sha1,
    InitiatingProcessSHA256: b.sha256,
    InitiatingProcessMD5: b.md5,
    InitiatingProcessFileName: b.fileName,
    InitiatingProcessFileSize: b.size,
    InitiatingProcessVersionInfoCompanyName: b.company,
    InitiatingProcessVersionInfoProductName: b.product,
    InitiatingProcessVersionInfoProductVersion: b.version,
    InitiatingProcessVersionInfoInternalFileName: b.internalName,
    InitiatingProcessVersionInfoOriginalFileName: b.originalName,
    InitiatingProcessVersionInfoFileDescription: b.description,
    InitiatingProcessId: proc.pid,
    InitiatingProcessCommandLine: proc.cmd,
    InitiatingProcessCreationTime: proc.created,
    InitiatingProcessFolderPath: proc.folderPath,
    InitiatingProcessParentId: p ? p.pid : 4,
    InitiatingProcessParentFileName: p ? p.bin.fileName : 'System',
    InitiatingProcessParentCreationTime: p ? p.created : proc.created,
    InitiatingProcessSignerType: b.signerType,
    InitiatingProcessSignatureStatus: 'Valid',
    InitiatingProcessSessionId: proc.sessionId,
    IsInitiatingProcessRemoteSession: proc.remote !== null,
    InitiatingProcessRemoteSessionDeviceName: proc.remote?.deviceName ?? '',
    InitiatingProcessRemoteSessionIP: proc.remote?.ip ?? '',
  };
  proc.initiating = fields;
  return fields;
}
