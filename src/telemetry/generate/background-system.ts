/**
 * Benign system and IT activity: Windows Update, Defender, scheduled tasks (schtasks / taskeng /
 * taskhostw), Group Policy refresh (gpupdate), software deployment through Configuration Manager
 * (CcmExec → PowerShell → msiexec) and Intune, service registry writes, and on servers network
 * logons, SMB file writes and administrators' RDP sessions.
 */
import { BIN } from './catalog.js';
import { BROWSER_UPDATE_HOSTS, DEFENDER_HOSTS, INTUNE_HOSTS, internalHosts, UPDATE_HOSTS } from './destinations.js';
import { connect, connectBurst, contentHashes, logon, setRegistry, startProcess, writeFile } from './emit.js';
import { shortName } from './fleet.js';
import { guidFrom } from './ids.js';
import { spawn } from './process.js';
import type { Slice } from './slice.js';

const PACKAGES = [
  'Microsoft Visual C++ 2015-2022 Redistributable',
  'Microsoft .NET Desktop Runtime 8.0',
  'Microsoft Power BI Desktop',
  'Microsoft Teams Meeting Add-in',
  'Microsoft Windows Terminal',
] as const;
const CORP_TASKS = ['\\Corp\\InventoryRefresh', '\\Corp\\CertificateRenewal', '\\Corp\\DriveMappings'] as const;

export function windowsUpdate(s: Slice): void {
  const b = s.state.boot;
  const at = s.time('flat');
  const roll = s.rng.int(0, 3);
  if (roll === 0) {
    const uso = startProcess(s, BIN.usoclient, 'C:\\Windows\\system32\\usoclient.exe StartScan', b.svcSchedule, at);
    connectBurst(s, uso, UPDATE_HOSTS, at, 1);
    return;
  }
  if (roll === 1) {
    const worker = startProcess(s, BIN.tiWorker, `${BIN.tiWorker.folder}\\TiWorker.exe -Embedding`, b.svcDcom, at);
    writeFile(s, worker, s.after(at, 1_000, 60_000), {
      action: 'FileCreated',
      fileName: `${s.rng.hex(40)}.cab`,
      folder: `C:\\Windows\\SoftwareDistribution\\Download\\${s.rng.hex(32)}`,
      ...contentHashes(s),
      size: s.rng.int(200_000, 90_000_000),
    });
    return;
  }
  if (roll === 2) {
    startProcess(s, BIN.wuauclt, 'C:\\Windows\\system32\\wuauclt.exe /RunHandlerComServer', b.svcUpdate, at);
  }
  connectBurst(s, b.svcUpdate, UPDATE_HOSTS, at, s.rng.int(1, 4));
}

export function defender(s: Slice): void {
  const b = s.state.boot;
  const at = s.time('flat');
  const roll = s.rng.int(0, 3);
  if (roll === 0) {
    const cmd = `"${BIN.mpCmdRun.folder}\\MpCmdRun.exe" -SignatureUpdate -ScheduleJob -RestrictPrivileges`;
    const upd = startProcess(s, BIN.mpCmdRun, cmd, b.svcSchedule, at);
    connect(s, upd, DEFENDER_HOSTS[1]!, s.after(at, 200, 4_000));
    const folder = `C:\\ProgramData\\Microsoft\\Windows Defender\\Definition Updates\\{${guidFrom(s.rng.hex(8)).toUpperCase()}}`;
    writeFile(s, b.msMpEng, s.after(at, 5_000, 40_000), {
      action: 'FileCreated',
      fileName: s.rng.pick(['mpasbase.vdm', 'mpasdlta.vdm', 'mpavdlta.vdm']),
      folder,
      ...contentHashes(s),
      size: s.rng.int(100_000, 60_000_000),
    });
    return;
  }
  if (roll === 1) {
    setRegistry(s, b.msMpEng, at, {
      action: 'RegistryValueSet',
      key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates',
      valueType: 'Qword',
      valueName: 'SignaturesLastUpdated',
      valueData: String(s.rng.int(1e9, 2e9)),
      previousData: String(s.rng.int(1e9, 2e9)),
    });
    return;
  }
  connectBurst(s, roll === 2 ? b.msMpEng : b.msSense, DEFENDER_HOSTS, at, s.rng.int(1, 3));
}

export function scheduledTask(s: Slice): void {
  const b = s.state.boot;
  const at = s.time('flat');
  const roll = s.rng.int(0, 3);
  if (roll === 0) {
    const upd = startProcess(
      s,
      BIN.edgeUpdate,
      `"${BIN.edgeUpdate.folder}\\MicrosoftEdgeUpdate.exe" /ua /installsource scheduler`,
      b.svcSchedule,
      at,
    );
    connect(s, upd, BROWSER_UPDATE_HOSTS[1]!, s.after(at, 300, 5_000));
    return;
  }
  if (roll === 1) {
    const upd = startProcess(
      s,
      BIN.googleUpdate,
      `"${BIN.googleUpdate.folder}\\GoogleUpdate.exe" /ua /installsource scheduler`,
      b.svcSchedule,
      at,
    );
    connect(s, upd, BROWSER_UPDATE_HOSTS[0]!, s.after(at, 300, 5_000));
    return;
  }
  if (roll === 2) {
    // Legacy task host on servers, the modern one on workstations.
    const host =
      s.device.role === 'server'
        ? startProcess(
            s,
            BIN.taskeng,
            `taskeng.exe {${guidFrom(`te${s.dayIndex}`).toUpperCase()}} S-1-5-18:NT AUTHORITY\\System:Service:`,
            b.svcSchedule,
            at,
          )
        : (b.session?.taskhostw ?? b.svcSchedule);
    startProcess(
      s,
      BIN.compatTelRunner,
      'C:\\Windows\\system32\\compattelrunner.exe -maintenance',
      host,
      s.after(at, 100, 2_000),
    );
    return;
  }
  // An IT script asks the scheduler to run a corporate task now.
  const cmd = startProcess(
    s,
    BIN.cmd,
    'C:\\Windows\\system32\\cmd.exe /c "C:\\Windows\\CCM\\ScriptStore\\refresh.cmd"',
    b.ccmExec,
    at,
  );
  startProcess(s, BIN.schtasks, `schtasks /run /tn "${s.rng.pick(CORP_TASKS)}"`, cmd, s.after(at, 100, 1_500));
}

export function groupPolicy(s: Slice): void {
  const b = s.state.boot;
  const at = s.time('office');
  if (s.rng.chance(0.4)) {
    const cmd = startProcess(
      s,
      BIN.cmd,
      'C:\\Windows\\system32\\cmd.exe /c gpupdate /target:computer /force',
      b.ccmExec,
      at,
    );
    startProcess(s, BIN.gpupdate, 'gpupdate /target:computer /force', cmd, s.after(at, 50, 800));
  }
  setRegistry(s, b.svcGroupPolicy, s.after(at, 1_000, 30_000), {
    action: 'RegistryValueSet',
    key: `HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\${s.rng.pick(['Windows\\WindowsUpdate\\AU', 'Windows Defender\\Real-Time Protection', 'Edge', 'Office\\16.0\\Common'])}`,
    valueType: 'Dword',
    valueName: s.rng.pick([
      'NoAutoRebootWithLoggedOnUsers',
      'DisableRealtimeMonitoring',
      'SmartScreenEnabled',
      'QMEnable',
    ]),
    valueData: String(s.rng.int(0, 1)),
  });
}

export function softwareDeployment(s: Slice): void {
  const b = s.state.boot;
  const at = s.time('office');
  const { sccm } = internalHosts(s.state.org.dnsDomain);
  if (s.rng.chance(0.35)) {
    const agent = startProcess(
      s,
      BIN.agentExecutor,
      `"${BIN.agentExecutor.folder}\\AgentExecutor.exe" -remediationScript`,
      b.intune,
      at,
    );
    connect(s, b.intune, s.rng.pick(INTUNE_HOSTS), s.after(at, 10, 2_000));
    const ps = `powershell.exe -NoProfile -ExecutionPolicy Bypass -File "C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Policies\\Scripts\\${guidFrom(`ime${s.rng.int(1, 9)}`)}_1.ps1"`;
    startProcess(s, BIN.powershell, ps, agent, s.after(at, 200, 2_000));
    return;
  }
  const pkg = s.rng.pick(PACKAGES);
  const cache = `C:\\Windows\\ccmcache\\${s.rng.hex(2)}`;
  connect(s, b.ccmExec, sccm, at, null, `10.10.1.${20 + (s.rng.nextU32() % 3)}`);
  const msi = `${pkg.replace(/[^A-Za-z0-9]+/g, '')}.msi`;
  writeFile(s, b.ccmExec, s.after(at, 1_000, 60_000), {
    action: 'FileCreated',
    fileName: msi,
    folder: cache,
    ...contentHashes(s),
    size: s.rng.int(1_000_000, 120_000_000),
  });
  const ps = startProcess(
    s,
    BIN.powershell,
    `powershell.exe -NoProfile -ExecutionPolicy Bypass -File "${cache}\\Install-Package.ps1" -Name "${pkg}"`,
    b.ccmExec,
    s.after(at, 60_000, 120_000),
  );
  startProcess(s, BIN.msiexec, `msiexec.exe /i "${cache}\\${msi}" /qn /norestart`, ps, s.after(at, 121_000, 130_000));
}

export function serviceRegistry(s: Slice): void {
  const b = s.state.boot;
  const at = s.time('flat');
  const user = s.device.users[0]!;
  setRegistry(s, b.svcLocal, at, {
    action: 'RegistryValueSet',
    key: `HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\bam\\State\\UserSettings\\${user.sid}`,
    valueType: 'Binary',
    valueName: s.rng.pick([
      '\\Device\\HarddiskVolume3\\Windows\\System32\\notepad.exe',
      '\\Device\\HarddiskVolume3\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      '\\Device\\HarddiskVolume3\\Windows\\explorer.exe',
    ]),
    valueData: s.rng.hex(48),
  });
  if (s.rng.chance(0.3)) {
    setRegistry(s, b.services, s.after(at, 10, 900), {
      action: 'RegistryValueSet',
      key: `HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\${s.rng.pick(['wuauserv', 'BITS', 'edgeupdate', 'gupdate', 'WinDefend'])}`,
      valueType: 'Dword',
      valueName: 'Start',
      valueData: String(s.rng.int(2, 3)),
      previousData: String(s.rng.int(2, 3)),
    });
  }
}

/** Servers: Kerberos network logons from workstations, SMB writes, and now and then an admin's RDP session. */
export function serverTraffic(s: Slice): void {
  const b = s.state.boot;
  const at = s.time('office');
  const peer = s.rng.int(0, 4000);
  const peerIp = `10.${10 + (peer % 4)}.${20 + ((peer >> 8) % 200)}.${1 + (peer % 250)}`;
  const peerName = `ws-${s.rng.pick(['fin', 'hr', 'eng', 'ops'])}-${String(peer).padStart(4, '0')}`;
  const org = s.state.org;
  const user = {
    domain: org.netbios.toLowerCase(),
    name: `${peerName.split('-')[1]}.svc`,
    sid: `${org.domainSid}-${5000 + (peer % 300)}`,
  };
  const roll = s.rng.int(0, 5);
  if (roll <= 2) {
    logon(s, b.lsass, at, {
      action: 'LogonSuccess',
      logonType: 'Network',
      account: user,
      protocol: 'Kerberos',
      isLocalAdmin: false,
      logonId: s.rng.int(0x100000, 0x7fffffff),
      remoteDeviceName: peerName,
      remoteIp: peerIp,
      remotePort: s.rng.int(49_152, 65_535),
    });
    return;
  }
  if (roll <= 4) {
    const smb = spawn(BIN.svchost, 'svchost.exe -k smbsvcs -s LanmanServer', b.services, b.bootTime, s.state.nextPid);
    writeFile(s, smb, at, {
      action: s.rng.chance(0.7) ? 'FileModified' : 'FileCreated',
      fileName: `${s.rng.pick(['q3', 'q4', 'plan', 'export', 'roster'])}_${s.rng.int(1, 99)}.xlsx`,
      folder: `D:\\Shares\\${s.rng.pick(['Finance', 'HR', 'Projects'])}`,
      ...contentHashes(s),
      size: s.rng.int(10_000, 2_000_000),
      share: {
        name: 'Shares',
        sourceIp: peerIp,
        sourcePort: s.rng.int(49_152, 65_535),
        account: user.name,
        domain: user.domain,
        sid: user.sid,
      },
    });
    return;
  }
  adminRdp(s, at);
}

function adminRdp(s: Slice, at: bigint): void {
  const b = s.state.boot;
  const admin = s.device.users[0]!;
  const remote = { deviceName: 'WS-IT-0003', ip: '10.10.20.3' };
  const logonId = s.rng.int(0x100000, 0x7fffffff);
  logon(s, b.lsass, at, {
    action: 'LogonSuccess',
    logonType: 'RemoteInteractive',
    account: admin,
    protocol: 'Kerberos',
    isLocalAdmin: true,
    logonId,
    remoteDeviceName: remote.deviceName,
    remoteIp: remote.ip,
    remotePort: 0,
  });
  const ctx = {
    account: admin,
    integrity: 'High' as const,
    elevation: 'TokenElevationTypeFull' as const,
    logonId,
    sessionId: 2,
    remote,
  };
  const userinit = spawn(
    BIN.userinit,
    'C:\\Windows\\system32\\userinit.exe',
    b.winlogon,
    s.after(at, 500, 2_000),
    s.state.nextPid,
    ctx,
  );
  const explorer = startProcess(s, BIN.explorer, 'C:\\Windows\\Explorer.EXE', userinit, s.after(at, 2_000, 4_000));
  // "Run as administrator": an elevated token for the same admin, requested from the RDP shell.
  const psAt = s.after(at, 10_000, 60_000);
  logon(s, explorer, psAt, {
    action: 'LogonSuccess',
    logonType: 'Interactive',
    account: admin,
    protocol: 'Negotiate',
    isLocalAdmin: true,
    logonId: logonId + 1,
    remoteDeviceName: remote.deviceName,
    remoteIp: remote.ip,
    remotePort: 0,
  });
  const ps = startProcess(
    s,
    BIN.powershell,
    '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" ',
    explorer,
    s.after(psAt, 500, 3_000),
  );
  const { fileServer } = internalHosts(s.state.org.dnsDomain);
  connect(s, ps, fileServer, s.after(ps.created, 5_000, 60_000), null, '10.10.1.15');
  writeFile(s, ps, s.after(ps.created, 1_000, 5_000), {
    action: 'FileCreated',
    fileName: `PowerShell_transcript.${shortName(s.device)}.${s.rng.hex(8)}.txt`,
    folder: `C:\\Users\\${admin.profile}\\Documents`,
    ...contentHashes(s),
    size: s.rng.int(1_000, 40_000),
  });
  setRegistry(s, explorer, s.after(at, 4_000, 9_000), {
    action: 'RegistryValueSet',
    key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU',
    valueType: 'String',
    valueName: 'a',
    valueData: 'powershell\\1',
  });
  startProcess(
    s,
    BIN.net,
    `"C:\\Windows\\system32\\net.exe" session \\\\${shortName(s.device)}`,
    ps,
    s.after(ps.created, 61_000, 300_000),
  );
}
