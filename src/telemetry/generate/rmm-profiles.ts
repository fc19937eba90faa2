/**
 * The RMM tools the generator plants, each built from the RMM facts module (src/data): the PE
 * company/product names, signer, process names and vendor domains the hunting rules look for. The
 * few values the facts leave open (installer file name, install folder, concrete host for a
 * wildcard domain) are chosen here; the tests check every name against the facts.
 */
import { RMM_TOOLS, type RmmTool } from '../../data/rmm.generated.js';
import { type Binary, defineBinary, type SignerSpec } from './binary.js';

export interface RmmProfile {
  /** Stable key used in ground truth and summaries (the facts slug). */
  readonly key: string;
  /** Display name used in ground truth `tool` (e.g. "SyncroMSP"). */
  readonly display: string;
  readonly facts: RmmTool;
  readonly installer: Binary;
  readonly agent: Binary;
  /** The process that hosts a remote operator's session (may be the agent itself). */
  readonly session: Binary;
  readonly installDir: string;
  readonly serviceName: string;
  readonly agentArgs: string;
  /** Concrete vendor hosts the agent talks to (each matches a facts domain). */
  readonly hosts: readonly string[];
  readonly port: number;
  readonly signer: SignerSpec;
}

interface ProfileSpec {
  readonly tool: string;
  readonly display: string;
  readonly company: string;
  readonly product: string;
  readonly signer: string;
  readonly issuer: string;
  readonly version: string;
  readonly installer: string;
  readonly agent: string;
  readonly session?: string;
  readonly installDir: string;
  readonly serviceName: string;
  readonly agentArgs: string;
  readonly hosts: readonly string[];
  readonly port: number;
}

const DIGICERT = 'DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1';
const SECTIGO = 'Sectigo Public Code Signing CA R36';
const GLOBALSIGN = 'GlobalSign GCC R45 EV CodeSigning CA 2020';

const SPECS: readonly ProfileSpec[] = [
  {
    tool: 'Syncro',
    display: 'SyncroMSP',
    company: 'Servably, Inc.',
    product: 'Syncro',
    signer: 'Servably, Inc.',
    issuer: DIGICERT,
    version: '1.0.187.0',
    installer: 'Syncro.Installer.exe',
    agent: 'Syncro.Service.exe',
    session: 'Syncro.App.Runner.exe',
    installDir: 'C:\\Program Files\\RepairTech\\Syncro',
    serviceName: 'Syncro',
    agentArgs: '',
    hosts: ['rmm.syncromsp.com', 'realtime.syncroapi.com', 'attachments.servably.com'],
    port: 443,
  },
  {
    tool: 'AnyDesk',
    display: 'AnyDesk',
    company: 'AnyDesk Software GmbH',
    product: 'AnyDesk',
    signer: 'AnyDesk Software GmbH',
    issuer: DIGICERT,
    version: '8.0.8',
    installer: 'AnyDesk.exe',
    agent: 'AnyDesk.exe',
    installDir: 'C:\\Program Files (x86)\\AnyDesk',
    serviceName: 'AnyDesk',
    agentArgs: '--service',
    hosts: ['boot.net.anydesk.com', 'relay-3f9c21ab.net.anydesk.com', 'api.playanext.com'],
    port: 443,
  },
  {
    tool: 'ScreenConnect',
    display: 'ScreenConnect',
    company: 'ScreenConnect Software',
    product: 'ScreenConnect',
    signer: 'ConnectWise, LLC',
    issuer: DIGICERT,
    version: '23.9.8.8811',
    installer: 'ScreenConnect.ClientSetup.exe',
    agent: 'ScreenConnect.ClientService.exe',
    session: 'ScreenConnect.WindowsClient.exe',
    installDir: 'C:\\Program Files (x86)\\ScreenConnect Client (7d1e2f40c6a9b853)',
    serviceName: 'ScreenConnect Client (7d1e2f40c6a9b853)',
    agentArgs: '"?e=Access&y=Guest&h=instance-k2x9wq-relay.screenconnect.com&p=443&s=6c9f"',
    hosts: ['instance-k2x9wq-relay.screenconnect.com', 'control.connectwise.com'],
    port: 443,
  },
  {
    tool: 'Atera',
    display: 'Atera',
    company: 'Atera Networks Ltd',
    product: 'AteraAgent',
    signer: 'Atera Networks Ltd',
    issuer: DIGICERT,
    version: '1.8.7.2',
    installer: 'AteraAgentSetup.exe',
    agent: 'AteraAgent.exe',
    installDir: 'C:\\Program Files\\ATERA Networks\\AteraAgent',
    serviceName: 'AteraAgent',
    agentArgs: '',
    hosts: ['pubsub.atera.com', 'agent-api.atera.com', 'agenthb.atera.com'],
    port: 443,
  },
  {
    tool: 'TeamViewer',
    display: 'TeamViewer',
    company: 'TeamViewer Germany GmbH',
    product: 'TeamViewer',
    signer: 'TeamViewer Germany GmbH',
    issuer: DIGICERT,
    version: '15.49.2.0',
    installer: 'TeamViewer_Setup_x64.exe',
    agent: 'TeamViewer_Service.exe',
    session: 'TeamViewer.exe',
    installDir: 'C:\\Program Files\\TeamViewer',
    serviceName: 'TeamViewer',
    agentArgs: '',
    hosts: ['router15.teamviewer.com', 'client.teamviewer.com', 'taf.teamviewer.com'],
    port: 5938,
  },
  {
    tool: 'Splashtop',
    display: 'Splashtop',
    company: 'Splashtop Inc.',
    product: 'Splashtop Streamer',
    signer: 'Splashtop Inc.',
    issuer: SECTIGO,
    version: '3.6.2.0',
    installer: 'Splashtop_Streamer_Windows_DEPLOY_INSTALLER.exe',
    agent: 'strwinclt.exe',
    installDir: 'C:\\Program Files (x86)\\Splashtop\\Splashtop Remote\\Client for RMM',
    serviceName: 'SplashtopRemoteService',
    agentArgs: '-service',
    hosts: ['api.splashtop.com', 'relay.splashtop.eu'],
    port: 443,
  },
  {
    tool: 'NetSupport Manager',
    display: 'NetSupport Manager',
    company: 'NetSupport Ltd',
    product: 'NetSupport Remote Control',
    signer: 'NetSupport Ltd',
    issuer: GLOBALSIGN,
    version: '12.10.0.0',
    installer: 'client32setup.exe',
    agent: 'client32.exe',
    installDir: 'C:\\ProgramData\\NetSupport\\Client32',
    serviceName: 'Client32',
    agentArgs: '/service',
    hosts: ['geo.netsupportsoftware.com', 'activate.netsupportsoftware.com'],
    port: 443,
  },
  {
    tool: 'NinjaRMM',
    display: 'NinjaRMM',
    company: 'NinjaRMM, LLC',
    product: 'NinjaRMM Agent',
    signer: 'NinjaOne LLC',
    issuer: DIGICERT,
    version: '5.8.9154',
    installer: 'NinjaOneAgent-x86.exe',
    agent: 'NinjaRMMAgent.exe',
    installDir: 'C:\\ProgramData\\NinjaRMMAgent',
    serviceName: 'NinjaRMMAgent',
    agentArgs: '/service',
    hosts: ['resources.ninjarmm.com', 'app.ninjarmm.com'],
    port: 443,
  },
];

function factsFor(name: string): RmmTool {
  const t = RMM_TOOLS.find((x) => x.name === name);
  if (!t) throw new Error(`RMM facts have no tool named ${name}`);
  return t;
}

function signerSpec(spec: ProfileSpec): SignerSpec {
  return {
    signer: spec.signer,
    issuer: spec.issuer,
    signerType: 'ThirdParty',
    crlUrl:
      spec.issuer === DIGICERT
        ? 'http://crl3.digicert.com/DigiCertTrustedG4CodeSigningRSA4096SHA3842021CA1.crl'
        : spec.issuer === SECTIGO
          ? 'http://crl.sectigo.com/SectigoPublicCodeSigningCAR36.crl'
          : 'http://crl.globalsign.com/gsgccr45evcodesignca2020.crl',
    validFrom: '2023-04-12T00:00:00Z',
    validTo: '2026-04-11T23:59:59Z',
    rootMicrosoft: false,
  };
}

function vendorBinary(spec: ProfileSpec, fileName: string, folder: string, description: string, size: number): Binary {
  return defineBinary({
    fileName,
    folder,
    company: spec.company,
    product: spec.product,
    version: spec.version,
    description,
    size,
    signer: signerSpec(spec),
  });
}

function build(spec: ProfileSpec): RmmProfile {
  const facts = factsFor(spec.tool);
  const agent = vendorBinary(spec, spec.agent, spec.installDir, `${spec.product} Service`, 5_873_152);
  const session = spec.session ? vendorBinary(spec, spec.session, spec.installDir, spec.product, 2_311_680) : agent;
  return {
    key: facts.slug,
    display: spec.display,
    facts,
    installer: vendorBinary(spec, spec.installer, 'C:\\Users\\{user}\\Downloads', `${spec.product} Setup`, 4_188_672),
    agent,
    session,
    installDir: spec.installDir,
    serviceName: spec.serviceName,
    agentArgs: spec.agentArgs,
    hosts: spec.hosts,
    port: spec.port,
    signer: signerSpec(spec),
  };
}

/** Another file of the same vendor build (same company, product, version and certificate). */
export function vendorFile(p: RmmProfile, fileName: string, folder: string, description: string, size: number): Binary {
  return defineBinary({
    fileName,
    folder,
    company: p.agent.company,
    product: p.agent.product,
    version: p.agent.version,
    description,
    size,
    signer: p.signer,
  });
}

export const RMM_PROFILES: readonly RmmProfile[] = SPECS.map(build);

export function profile(key: string): RmmProfile {
  const p = RMM_PROFILES.find((x) => x.key === key);
  if (!p) throw new Error(`no RMM profile ${key}`);
  return p;
}

export const SYNCRO_KEY = 'syncro';
