/**
 * Malicious RMM abuse (ATT&CK T1219) on a device that never had the tool: a phishing mail opens a
 * lure page in the browser, the user downloads the vendor's installer into Downloads and runs it
 * (parent explorer.exe or the browser), the installer drops the agent and registers its service, the
 * agent calls home to the vendor's domains, and later a remote operator runs discovery commands
 * through it. The agent keeps calling home every following day. Every row is tagged malicious.
 */
import { BIN } from '../catalog.js';
import type { Destination } from '../destinations.js';
import { connect, setRegistry, startProcess, writeFile } from '../emit.js';
import type { Plant } from '../plan.js';
import type { Proc } from '../process.js';
import { profile, type RmmProfile } from '../rmm-profiles.js';
import type { PlantTag, Slice } from '../slice.js';
import type { PlantedRun } from './syncro-benign.js';

const LURE_WORDS = ['invoice', 'payroll', 'docsign', 'shipment', 'benefits', 'voicemail', 'statement'];
const LURE_TLDS = ['.top', '.xyz', '.online', '.site'];

export function rmmAbuse(plant: Plant): PlantedRun {
  const p = profile(plant.key);
  const dests: Destination[] = p.hosts.map((host) => ({ host, provider: 'cdn', port: p.port }));
  let agent: Proc | null = null;
  return {
    slice(s: Slice) {
      if (s.dayIndex < plant.startDay) return;
      const tag = (scenario: string): PlantTag => ({ tool: p.display, scenario, verdict: 'malicious' });
      if (agent === null) {
        const sess = s.state.boot.session;
        if (!sess) return;
        agent = install(s, p, tag);
        handsOnKeyboard(s, p, agent, tag);
      } else {
        // The installed agent survives: its service restarts with the machine and beacons all day.
        agent = startProcess(s, p.agent, agentCmd(p), s.state.boot.services, s.time('night'), {}, tag('agent-service'));
      }
      beacon(s, agent, dests, tag);
    },
  };
}

function agentCmd(p: RmmProfile): string {
  return `"${p.installDir}\\${p.agent.fileName}"${p.agentArgs ? ` ${p.agentArgs}` : ''}`;
}

function vendorIp(s: Slice): string {
  return `${s.rng.pick(['185.229', '195.181', '45.60', '37.252'])}.${s.rng.int(0, 255)}.${s.rng.int(1, 254)}`;
}

function install(s: Slice, p: RmmProfile, tag: (scenario: string) => PlantTag): Proc {
  const sess = s.state.boot.session!;
  const at = s.time('office');
  const lureHost = `${s.rng.pick(LURE_WORDS)}-${s.rng.pick(LURE_WORDS)}-${s.rng.hex(4)}${s.rng.pick(LURE_TLDS)}`;
  const lureUrl = `https://${lureHost}/view/${s.rng.hex(12)}`;
  const lureIp = `${s.rng.int(80, 199)}.${s.rng.int(0, 255)}.${s.rng.int(0, 255)}.${s.rng.int(1, 254)}`;
  const lure = tag('phishing-lure');
  // The mail client opens the link in the default browser.
  const browserBin = s.rng.chance(0.5) ? BIN.msedge : BIN.chrome;
  const browser = startProcess(
    s,
    browserBin,
    `"${browserBin.folder}\\${browserBin.fileName}" --single-argument ${lureUrl}`,
    sess.outlook,
    at,
    {},
    lure,
  );
  connect(s, browser, { host: lureHost, provider: 'cdn', port: 443 }, s.after(at, 100, 900), lure, lureIp);

  const download = tag('installer-download');
  const dlAt = s.after(at, 5_000, 40_000);
  const downloads = `C:\\Users\\${sess.user.profile}\\Downloads`;
  const fromVendor = s.rng.chance(0.5);
  const originUrl = fromVendor
    ? `https://${p.hosts[0]}/download/${p.installer.fileName}`
    : `https://${lureHost}/dl/${p.installer.fileName}`;
  if (fromVendor) connect(s, browser, { host: p.hosts[0]!, provider: 'cdn', port: 443 }, dlAt, download, vendorIp(s));
  writeFile(
    s,
    browser,
    s.after(dlAt, 500, 8_000),
    {
      action: 'FileCreated',
      fileName: p.installer.fileName,
      folder: downloads,
      sha1: p.installer.sha1,
      sha256: p.installer.sha256,
      md5: p.installer.md5,
      size: p.installer.size,
      originUrl,
      referrerUrl: lureUrl,
      originIp: fromVendor ? '' : lureIp,
    },
    download,
  );

  const exec = tag('installer-execution');
  const runAt = s.after(dlAt, 10_000, 120_000);
  const parent = s.rng.chance(0.6) ? sess.explorer : browser;
  const installer = startProcess(
    s,
    p.installer,
    `"${downloads}\\${p.installer.fileName}"`,
    parent,
    runAt,
    { folder: downloads },
    exec,
  );
  writeFile(
    s,
    installer,
    s.after(runAt, 2_000, 9_000),
    {
      action: 'FileCreated',
      fileName: p.agent.fileName,
      folder: p.installDir,
      sha1: p.agent.sha1,
      sha256: p.agent.sha256,
      md5: p.agent.md5,
      size: p.agent.size,
    },
    exec,
  );
  const regAt = s.after(runAt, 9_000, 15_000);
  setRegistry(
    s,
    installer,
    regAt,
    {
      action: 'RegistryKeyCreated',
      key: `HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\${p.serviceName}`,
      valueType: 'ExpandString',
      valueName: 'ImagePath',
      valueData: agentCmd(p),
    },
    exec,
  );
  return startProcess(
    s,
    p.agent,
    agentCmd(p),
    s.state.boot.services,
    s.after(regAt, 1_000, 5_000),
    {},
    tag('agent-service'),
  );
}

function beacon(s: Slice, agent: Proc, dests: readonly Destination[], tag: (scenario: string) => PlantTag): void {
  const t = tag('c2-connection');
  connect(s, agent, dests[0]!, s.after(agent.created, 500, 5_000), t, vendorIp(s));
  const n = s.rng.int(3, 9);
  for (let i = 0; i < n; i++) {
    const at = s.time('flat');
    if (at > agent.created) connect(s, agent, s.rng.pick(dests), at, t, vendorIp(s));
  }
}

/** An operator connects through the tool and runs discovery commands. */
function handsOnKeyboard(s: Slice, p: RmmProfile, agent: Proc, tag: (scenario: string) => PlantTag): void {
  const t = tag('hands-on-keyboard');
  const at = s.after(agent.created, 600_000, 5_400_000);
  const session =
    p.session === p.agent
      ? agent
      : startProcess(s, p.session, `"${p.installDir}\\${p.session.fileName}" --session`, agent, at, {}, t);
  const cmd = startProcess(s, BIN.cmd, 'C:\\Windows\\system32\\cmd.exe', session, s.after(at, 5_000, 60_000), {}, t);
  const domain = s.state.org.netbios.toLowerCase();
  const steps = ['whoami.exe /all', 'net.exe group "domain admins" /domain', `nltest.exe /dclist:${domain}`];
  let when = cmd.created;
  for (const line of steps) {
    when = s.after(when, 3_000, 90_000);
    const bin = line.startsWith('whoami') ? BIN.whoami : line.startsWith('net') ? BIN.net : BIN.nltest;
    startProcess(s, bin, line, cmd, when, {}, t);
  }
}
