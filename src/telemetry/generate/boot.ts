/**
 * The long-lived processes of a device, started at its last boot (before the window): the service
 * tree under services.exe, the security and management agents, and the interactive user's shell.
 * Short-lived processes of the activities hang below these, so every tree reaches a real root.
 */
import { BIN } from './catalog.js';
import { type Account, type Device, LOCAL_SERVICE, NETWORK_SERVICE, SYSTEM_ACCOUNT } from './fleet.js';
import type { Rng } from './prng.js';
import { type PidSource, type Proc, spawn } from './process.js';

export interface BootProcs {
  readonly bootTime: bigint;
  readonly wininit: Proc;
  readonly services: Proc;
  readonly lsass: Proc;
  readonly winlogon: Proc;
  readonly svcSchedule: Proc;
  readonly svcUpdate: Proc;
  readonly svcGroupPolicy: Proc;
  readonly svcDns: Proc;
  readonly svcLocal: Proc;
  readonly svcDcom: Proc;
  readonly msMpEng: Proc;
  readonly msSense: Proc;
  readonly ccmExec: Proc;
  readonly intune: Proc;
  readonly searchIndexer: Proc;
  /** Interactive session of the primary user (workstations only). */
  readonly session: UserSession | null;
}

export interface UserSession {
  readonly user: Account;
  readonly logonTime: bigint;
  readonly userinit: Proc;
  readonly explorer: Proc;
  readonly taskhostw: Proc;
  readonly outlook: Proc;
  readonly teams: Proc;
  readonly oneDrive: Proc;
}

const MS = 10_000n;

function svchost(services: Proc, group: string, service: string, at: bigint, pid: PidSource, account: Account): Proc {
  return spawn(BIN.svchost, `svchost.exe -k ${group} -p -s ${service}`, services, at, pid, { account });
}

export function bootDevice(device: Device, rng: Rng, windowStart: bigint, nextPid: PidSource): BootProcs {
  const bootTime = windowStart - BigInt(rng.int(3_600, 5 * 86_400)) * 1000n * MS;
  const t = (ms: number) => bootTime + BigInt(ms) * MS;
  const sys = { account: SYSTEM_ACCOUNT, integrity: 'System' as const, logonId: 999, sessionId: 0 };
  const wininit = spawn(BIN.wininit, 'wininit.exe', null, t(900), nextPid, sys);
  const services = spawn(BIN.services, 'C:\\Windows\\system32\\services.exe', wininit, t(1_100), nextPid);
  const lsass = spawn(BIN.lsass, 'C:\\Windows\\system32\\lsass.exe', wininit, t(1_150), nextPid);
  const winlogon = spawn(BIN.winlogon, 'winlogon.exe', null, t(1_000), nextPid, { ...sys, sessionId: 1 });
  const at = (ms: number) => t(2_000 + ms);
  const boot: Omit<BootProcs, 'session'> = {
    bootTime,
    wininit,
    services,
    lsass,
    winlogon,
    svcSchedule: svchost(services, 'netsvcs', 'Schedule', at(100), nextPid, SYSTEM_ACCOUNT),
    svcUpdate: svchost(services, 'netsvcs', 'wuauserv', at(300), nextPid, SYSTEM_ACCOUNT),
    svcGroupPolicy: svchost(services, 'netsvcs', 'gpsvc', at(350), nextPid, SYSTEM_ACCOUNT),
    svcDns: svchost(services, 'NetworkService', 'Dnscache', at(120), nextPid, NETWORK_SERVICE),
    svcLocal: svchost(services, 'LocalServiceNetworkRestricted', 'EventLog', at(90), nextPid, LOCAL_SERVICE),
    svcDcom: svchost(services, 'DcomLaunch', 'DcomLaunch', at(60), nextPid, SYSTEM_ACCOUNT),
    msMpEng: spawn(BIN.msMpEng, `"${BIN.msMpEng.folder}\\MsMpEng.exe"`, services, at(900), nextPid),
    msSense: spawn(BIN.msSense, `"${BIN.msSense.folder}\\MsSense.exe"`, services, at(1_400), nextPid),
    ccmExec: spawn(BIN.ccmExec, 'C:\\Windows\\CCM\\CcmExec.exe', services, at(2_600), nextPid),
    intune: spawn(
      BIN.intuneAgent,
      `"${BIN.intuneAgent.folder}\\${BIN.intuneAgent.fileName}"`,
      services,
      at(3_100),
      nextPid,
    ),
    searchIndexer: spawn(
      BIN.searchIndexer,
      'C:\\Windows\\system32\\SearchIndexer.exe /Embedding',
      services,
      at(4_000),
      nextPid,
    ),
  };
  const session = device.role === 'workstation' ? startSession(device.users[0]!, boot, rng, nextPid) : null;
  return { ...boot, session };
}

function startSession(user: Account, boot: Omit<BootProcs, 'session'>, rng: Rng, nextPid: PidSource): UserSession {
  const logonTime = boot.bootTime + BigInt(rng.int(60, 900)) * 1000n * MS;
  const t = (ms: number) => logonTime + BigInt(ms) * MS;
  const userCtx = {
    account: user,
    integrity: 'Medium' as const,
    elevation: 'TokenElevationTypeLimited' as const,
    logonId: rng.int(0x100000, 0x7fffffff),
    sessionId: 1,
    remote: null,
  };
  const userinit = spawn(BIN.userinit, 'C:\\Windows\\system32\\userinit.exe', boot.winlogon, t(0), nextPid, userCtx);
  const explorer = spawn(BIN.explorer, 'C:\\Windows\\Explorer.EXE', userinit, t(400), nextPid);
  const taskhostw = spawn(
    BIN.taskhostw,
    'taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}',
    boot.svcSchedule,
    t(700),
    nextPid,
    userCtx,
  );
  const outlook = spawn(BIN.outlook, `"${BIN.outlook.folder}\\OUTLOOK.EXE" `, explorer, t(30_000), nextPid);
  const teams = spawn(
    BIN.teams,
    `"${BIN.teams.folder}\\ms-teams.exe" msteams:system-initiated`,
    explorer,
    t(9_000),
    nextPid,
  );
  const oneDrive = spawn(
    BIN.oneDrive,
    `"C:\\Users\\${user.profile}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe" /background`,
    explorer,
    t(6_000),
    nextPid,
  );
  return { user, logonTime, userinit, explorer, taskhostw, outlook, teams, oneDrive };
}
