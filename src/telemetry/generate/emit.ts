/**
 * Small verbs the activities are written in: start a process, connect somewhere, write a file, set
 * a registry value, log on. Each emits its rows into a slice (tagged when planted) and reports the
 * certificate of any binary it runs.
 */
import type { Binary } from './binary.js';
import { type Destination, ipFor } from './destinations.js';
import { type Proc, type SpawnOptions, spawn } from './process.js';
import {
  type FileSpec,
  fileRow,
  type LogonSpec,
  logonRow,
  networkRow,
  processRow,
  type RegSpec,
  registryRow,
} from './rows.js';
import type { PlantTag, Slice } from './slice.js';

export function startProcess(
  s: Slice,
  bin: Binary,
  cmd: string,
  parent: Proc,
  at: bigint,
  opts: SpawnOptions = {},
  tag: PlantTag | null = null,
): Proc {
  const proc = spawn(bin, cmd, parent, at, s.state.nextPid, opts);
  s.emit('DeviceProcessEvents', processRow(s.device, proc, at), tag);
  s.seeBinary(bin, at, tag);
  return proc;
}

export function connect(
  s: Slice,
  proc: Proc,
  dest: Destination,
  at: bigint,
  tag: PlantTag | null = null,
  remoteIp?: string,
): void {
  s.emit(
    'DeviceNetworkEvents',
    networkRow(s.device, proc, at, {
      remoteIp: remoteIp ?? ipFor(dest),
      remotePort: dest.port,
      remoteUrl: dest.host,
      localIp: s.device.localIp,
      localPort: s.rng.int(49_152, 65_535),
      remoteIpType: dest.provider === 'internal' ? 'Private' : 'Public',
    }),
    tag,
  );
}

/** Several connections from one process to a pool of hosts over a few minutes. */
export function connectBurst(
  s: Slice,
  proc: Proc,
  pool: readonly Destination[],
  at: bigint,
  count: number,
  tag: PlantTag | null = null,
): bigint {
  let t = at;
  for (let i = 0; i < count; i++) {
    t = s.after(t, 50, 20_000);
    connect(s, proc, s.rng.pick(pool), t, tag);
  }
  return t;
}

export function writeFile(s: Slice, proc: Proc, at: bigint, spec: FileSpec, tag: PlantTag | null = null): void {
  s.emit('DeviceFileEvents', fileRow(s.device, proc, at, spec), tag);
}

export function setRegistry(s: Slice, proc: Proc, at: bigint, spec: RegSpec, tag: PlantTag | null = null): void {
  s.emit('DeviceRegistryEvents', registryRow(s.device, proc, at, spec), tag);
}

export function logon(s: Slice, proc: Proc, at: bigint, spec: LogonSpec, tag: PlantTag | null = null): void {
  s.emit('DeviceLogonEvents', logonRow(s.device, proc, at, spec), tag);
}

/** File content hashes for a document or download that is not a catalogued binary. */
export function contentHashes(s: Slice): { sha1: string; sha256: string; md5: string } {
  return { sha1: s.rng.hex(40), sha256: s.rng.hex(64), md5: s.rng.hex(32) };
}
