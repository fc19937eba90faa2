/**
 * Legitimate SyncroMSP management, the benign scenarios listed for the SyncroMSP "Create Process"
 * rule (seed 000): the agent services, a scheduled sync job started through `schtasks /run`, an
 * administrator's deployment via `Invoke-Command -ScriptBlock`, remote execution through PowerShell,
 * a configuration update through `gpupdate /force`, log collection (`SyncroMSP LogCollector`), and
 * the agent's traffic to syncromsp.com / syncroapi.com / servably.com. Every row is tagged.
 */
import type { Binary } from '../binary.js';
import { BIN } from '../catalog.js';
import type { Destination } from '../destinations.js';
import { connect, contentHashes, setRegistry, startProcess, writeFile } from '../emit.js';
import { shortName } from '../fleet.js';
import type { Plant } from '../plan.js';
import type { Proc } from '../process.js';
import { profile, type RmmProfile, SYNCRO_KEY, vendorFile } from '../rmm-profiles.js';
import type { PlantTag, Slice } from '../slice.js';

export interface PlantedRun {
  slice(s: Slice): void;
}

const TOOL = 'SyncroMSP';

function tag(scenario: string): PlantTag {
  return { tool: TOOL, scenario, verdict: 'benign' };
}

export function syncroBenign(plant: Plant): PlantedRun {
  const p = profile(SYNCRO_KEY);
  const overmind = vendorFile(p, 'Syncro.Overmind.Service.exe', p.installDir, 'Syncro Overmind Service', 1_204_224);
  const dests: Destination[] = p.hosts.map((host) => ({ host, provider: 'cdn', port: p.port }));
  let installed = plant.startDay < 0;
  return {
    slice(s: Slice) {
      if (s.dayIndex < plant.startDay) return;
      let deployedAt: bigint | null = null;
      if (!installed) {
        deployedAt = adminDeploy(s, p);
        installed = true;
      }
      const service = startServices(s, p, overmind, deployedAt);
      heartbeat(s, service, dests);
      scheduledSync(s, p, service);
      if (s.rng.chance(0.5)) remotePowerShell(s, p, service);
      if (s.dayIndex === Math.max(0, plant.startDay) + 1 || s.rng.chance(0.1)) gpoUpdate(s, p, service);
      if (s.rng.chance(0.6)) logCollection(s, p, dests, service);
    },
  };
}

function startServices(s: Slice, p: RmmProfile, overmind: Binary, deployedAt: bigint | null): Proc {
  const services = s.state.boot.services;
  // A fresh install starts its service right away; otherwise the agent restarts after its nightly self-update.
  const at = deployedAt === null ? s.time('night') : s.after(deployedAt, 15_000, 60_000);
  const t = tag('syncro-agent-service');
  const service = startProcess(s, p.agent, `"${p.installDir}\\${p.agent.fileName}"`, services, at, {}, t);
  startProcess(s, overmind, `"${p.installDir}\\${overmind.fileName}"`, services, s.after(at, 200, 3_000), {}, t);
  return service;
}

function heartbeat(s: Slice, service: Proc, dests: readonly Destination[]): void {
  const t = tag('syncro-agent-network');
  const n = s.rng.int(4, 10);
  for (let i = 0; i < n; i++) {
    const at = s.time('flat');
    if (at > service.created)
      connect(s, service, s.rng.pick(dests), at, t, `104.18.${s.rng.int(10, 40)}.${s.rng.int(1, 254)}`);
  }
}

function scheduledSync(s: Slice, p: RmmProfile, service: Proc): void {
  const t = tag('syncro-scheduled-sync');
  const at = s.after(service.created, 600_000, 3_600_000);
  const sched = startProcess(s, BIN.schtasks, 'schtasks /run /tn "\\Syncro\\Syncro Agent Sync"', service, at, {}, t);
  startProcess(
    s,
    p.session,
    `"${p.installDir}\\app\\${p.session.fileName}" --sync`,
    sched,
    s.after(at, 300, 3_000),
    { folder: `${p.installDir}\\app` },
    t,
  );
}

function remotePowerShell(s: Slice, p: RmmProfile, service: Proc): void {
  const t = tag('syncro-remote-powershell');
  const at = s.time('office');
  if (at <= service.created) return;
  const script = `SyncroMSP_script_${s.rng.int(1000, 9999)}`;
  const ps = startProcess(
    s,
    BIN.powershell,
    `powershell.exe -NoProfile -ExecutionPolicy Bypass -File "C:\\ProgramData\\Syncro\\bin\\${script}.ps1"`,
    service,
    at,
    {},
    t,
  );
  startProcess(
    s,
    p.session,
    `"${p.installDir}\\app\\${p.session.fileName}" --report-result "${script}" SyncroMSP`,
    ps,
    s.after(at, 2_000, 60_000),
    { folder: `${p.installDir}\\app` },
    t,
  );
}

function gpoUpdate(s: Slice, p: RmmProfile, service: Proc): void {
  const t = tag('syncro-gpo-update');
  const b = s.state.boot;
  const at = s.time('office');
  if (at <= service.created) return;
  const cmd = startProcess(s, BIN.cmd, 'C:\\Windows\\system32\\cmd.exe /c gpupdate /force', b.ccmExec, at, {}, t);
  const gp = startProcess(s, BIN.gpupdate, 'gpupdate /force', cmd, s.after(at, 50, 800), {}, t);
  setRegistry(
    s,
    b.svcGroupPolicy,
    s.after(at, 1_000, 5_000),
    {
      action: 'RegistryValueSet',
      key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Syncro\\Agent',
      valueType: 'String',
      valueName: 'PolicyFolder',
      valueData: `Managed-${s.state.org.netbios}`,
    },
    t,
  );
  startProcess(
    s,
    p.session,
    `"${p.installDir}\\app\\${p.session.fileName}" --apply-policy`,
    gp,
    s.after(at, 5_000, 20_000),
    { folder: `${p.installDir}\\app` },
    t,
  );
}

function logCollection(s: Slice, p: RmmProfile, dests: readonly Destination[], service: Proc): void {
  const t = tag('syncro-log-collection');
  const host = s.state.boot.session?.taskhostw ?? s.state.boot.svcSchedule;
  const at = s.time('night');
  if (at <= service.created) return;
  const proc = startProcess(
    s,
    p.session,
    `"${p.installDir}\\app\\${p.session.fileName}" --task "SyncroMSP LogCollector"`,
    host,
    at,
    { folder: `${p.installDir}\\app`, account: s.state.boot.services.account, integrity: 'System' },
    t,
  );
  const name = `logs_${shortName(s.device)}_${s.dayIndex}.zip`;
  writeFile(
    s,
    proc,
    s.after(at, 1_000, 30_000),
    {
      action: 'FileCreated',
      fileName: name,
      folder: 'C:\\ProgramData\\Syncro\\logs',
      ...contentHashes(s),
      size: s.rng.int(50_000, 3_000_000),
    },
    t,
  );
  connect(
    s,
    proc,
    dests[dests.length - 1]!,
    s.after(at, 31_000, 60_000),
    t,
    `104.18.${s.rng.int(10, 40)}.${s.rng.int(1, 254)}`,
  );
}

function adminDeploy(s: Slice, p: RmmProfile): bigint {
  const t = tag('syncro-admin-deploy');
  const b = s.state.boot;
  const admin = s.state.org.admins[0]!;
  const at = s.time('office');
  const stage = 'C:\\Windows\\Temp\\SyncroDeploy';
  const ps = startProcess(
    s,
    BIN.powershell,
    `powershell.exe -NoProfile -Command "Invoke-Command -ScriptBlock { Start-Process '${stage}\\${p.installer.fileName}' -ArgumentList '--console --customerid 48213 --folderid 1180' -Wait }"`,
    b.svcDcom,
    at,
    {
      account: admin,
      integrity: 'High',
      elevation: 'TokenElevationTypeFull',
      logonId: s.rng.int(0x100000, 0x7fffffff),
    },
    t,
  );
  const inst = startProcess(
    s,
    p.installer,
    `"${stage}\\${p.installer.fileName}" --console --customerid 48213 --folderid 1180`,
    ps,
    s.after(at, 500, 3_000),
    { folder: stage },
    t,
  );
  writeFile(
    s,
    inst,
    s.after(at, 4_000, 9_000),
    {
      action: 'FileCreated',
      fileName: p.agent.fileName,
      folder: p.installDir,
      sha1: p.agent.sha1,
      sha256: p.agent.sha256,
      md5: p.agent.md5,
      size: p.agent.size,
    },
    t,
  );
  setRegistry(
    s,
    inst,
    s.after(at, 9_000, 12_000),
    {
      action: 'RegistryKeyCreated',
      key: `HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\${p.serviceName}`,
      valueType: 'ExpandString',
      valueName: 'ImagePath',
      valueData: `"${p.installDir}\\${p.agent.fileName}"`,
    },
    t,
  );
  return s.after(at, 12_000, 13_000);
}
