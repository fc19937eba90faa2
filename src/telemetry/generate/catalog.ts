/**
 * The benign software of the synthetic fleet: Windows, Office, Teams, browsers, Defender and the
 * sanctioned IT tooling (Configuration Manager, Intune). Names, folders and version-info strings are
 * the ones these products really ship with; hashes are derived (see binary.ts).
 *
 * Nothing here may name an RMM vendor, product, signer, process or domain (the test suite checks
 * every background row against the RMM facts), so that RMM hunting rules find only planted events.
 */
import { type Binary, defineBinary, type SignerSpec } from './binary.js';

const WINDOWS_SIGNER: SignerSpec = {
  signer: 'Microsoft Windows',
  issuer: 'Microsoft Windows Production PCA 2011',
  signerType: 'OsVendor',
  crlUrl: 'http://www.microsoft.com/pkiops/crl/MicWinProPCA2011_2011-10-19.crl',
  validFrom: '2023-02-02T19:14:33Z',
  validTo: '2024-02-01T19:14:33Z',
  rootMicrosoft: true,
};

const WINDOWS_PUBLISHER: SignerSpec = {
  signer: 'Microsoft Windows Publisher',
  issuer: 'Microsoft Windows Production PCA 2011',
  signerType: 'OsVendor',
  crlUrl: 'http://www.microsoft.com/pkiops/crl/MicWinProPCA2011_2011-10-19.crl',
  validFrom: '2023-05-11T19:56:20Z',
  validTo: '2024-05-08T19:56:20Z',
  rootMicrosoft: true,
};

const MICROSOFT_CODE: SignerSpec = {
  signer: 'Microsoft Corporation',
  issuer: 'Microsoft Code Signing PCA 2011',
  signerType: 'Microsoft',
  crlUrl: 'http://www.microsoft.com/pkiops/crl/MicCodSigPCA2011_2011-07-08.crl',
  validFrom: '2023-03-16T18:43:29Z',
  validTo: '2024-03-14T18:43:29Z',
  rootMicrosoft: true,
};

const GOOGLE_SIGNER: SignerSpec = {
  signer: 'Google LLC',
  issuer: 'DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1',
  signerType: 'ThirdParty',
  crlUrl: 'http://crl3.digicert.com/DigiCertTrustedG4CodeSigningRSA4096SHA3842021CA1.crl',
  validFrom: '2023-06-20T00:00:00Z',
  validTo: '2024-06-18T23:59:59Z',
  rootMicrosoft: false,
};

const SYS32 = 'C:\\Windows\\System32';
const WIN_PRODUCT = 'Microsoft® Windows® Operating System';
const WIN_VERSION = '10.0.22621.2506';
const COMPANY = 'Microsoft Corporation';

function windows(fileName: string, description: string, size: number, folder = SYS32): Binary {
  return defineBinary({
    fileName,
    folder,
    company: COMPANY,
    product: WIN_PRODUCT,
    version: WIN_VERSION,
    description,
    size,
    signer: WINDOWS_SIGNER,
  });
}

const OFFICE_ROOT = 'C:\\Program Files\\Microsoft Office\\root\\Office16';
const OFFICE_VERSION = '16.0.17126.20132';

function office(fileName: string, description: string, size: number): Binary {
  return defineBinary({
    fileName,
    folder: OFFICE_ROOT,
    company: COMPANY,
    product: 'Microsoft Office',
    version: OFFICE_VERSION,
    description,
    size,
    signer: MICROSOFT_CODE,
  });
}

function microsoftApp(
  fileName: string,
  folder: string,
  product: string,
  version: string,
  description: string,
  size: number,
): Binary {
  return defineBinary({
    fileName,
    folder,
    company: COMPANY,
    product,
    version,
    description,
    size,
    signer: MICROSOFT_CODE,
  });
}

const DEFENDER_PLATFORM = 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.23110.3-0';

/** Every benign binary, by a short key the activity code uses. */
export const BIN = {
  wininit: windows('wininit.exe', 'Windows Start-Up Application', 436_224),
  winlogon: windows('winlogon.exe', 'Windows Logon Application', 910_336),
  services: windows('services.exe', 'Services and Controller app', 724_512),
  lsass: windows('lsass.exe', 'Local Security Authority Process', 84_000),
  userinit: windows('userinit.exe', 'Userinit Logon Application', 36_864),
  explorer: windows('explorer.exe', 'Windows Explorer', 5_393_232, 'C:\\Windows'),
  svchost: windows('svchost.exe', 'Host Process for Windows Services', 57_360),
  taskhostw: windows('taskhostw.exe', 'Host Process for Windows Tasks', 101_720),
  taskeng: windows('taskeng.exe', 'Task Scheduler Engine', 464_384),
  sihost: windows('sihost.exe', 'Shell Infrastructure Host', 126_976),
  runtimeBroker: windows('RuntimeBroker.exe', 'Runtime Broker', 139_264),
  searchIndexer: windows('SearchIndexer.exe', 'Microsoft Windows Search Indexer', 1_064_960),
  wmiPrvSe: windows('WmiPrvSE.exe', 'WMI Provider Host', 496_640, `${SYS32}\\wbem`),
  dllhost: windows('dllhost.exe', 'COM Surrogate', 21_312),
  conhost: windows('conhost.exe', 'Console Window Host', 1_001_472),
  cmd: windows('cmd.exe', 'Windows Command Processor', 323_584),
  powershell: windows('powershell.exe', 'Windows PowerShell', 455_680, `${SYS32}\\WindowsPowerShell\\v1.0`),
  schtasks: windows('schtasks.exe', 'Task Scheduler Configuration Tool', 235_008),
  gpupdate: windows('gpupdate.exe', 'Microsoft® Group Policy Update Utility', 30_208),
  wuauclt: windows('wuauclt.exe', 'Windows Update', 131_584),
  usoclient: windows('usoclient.exe', 'UsoClient', 57_344),
  moUsoCoreWorker: windows('MoUsoCoreWorker.exe', 'MoUSO Core Worker Process', 1_458_176),
  tiWorker: windows(
    'TiWorker.exe',
    'Windows Modules Installer Worker',
    258_048,
    'C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.22621.2500_none_8e2dd1a5d4c5ed4f',
  ),
  trustedInstaller: windows('TrustedInstaller.exe', 'Windows Modules Installer', 180_224, 'C:\\Windows\\servicing'),
  msiexec: windows('msiexec.exe', 'Windows® installer', 69_632),
  rundll32: windows('rundll32.exe', 'Windows host process (Rundll32)', 71_680),
  backgroundTaskHost: windows('backgroundTaskHost.exe', 'Background Task Host', 40_960),
  compatTelRunner: windows('CompatTelRunner.exe', 'Microsoft Compatibility Telemetry', 204_800),
  smartscreen: windows('smartscreen.exe', 'Windows Defender SmartScreen', 2_621_440),
  notepad: windows('notepad.exe', 'Notepad', 201_216),
  net: windows('net.exe', 'Net Command', 57_344),
  whoami: windows('whoami.exe', 'whoami - displays logged on user information', 73_728),
  nltest: windows('nltest.exe', 'Microsoft® Logon Server Test Utility', 495_104),
  consent: windows('consent.exe', 'Consent UI for administrative applications', 160_256),
  msMpEng: defineBinary({
    fileName: 'MsMpEng.exe',
    folder: DEFENDER_PLATFORM,
    company: COMPANY,
    product: WIN_PRODUCT,
    version: '4.18.23110.3',
    description: 'Antimalware Service Executable',
    size: 133_576,
    signer: WINDOWS_PUBLISHER,
  }),
  mpCmdRun: defineBinary({
    fileName: 'MpCmdRun.exe',
    folder: DEFENDER_PLATFORM,
    company: COMPANY,
    product: WIN_PRODUCT,
    version: '4.18.23110.3',
    description: 'Microsoft Malware Protection Command Line Utility',
    size: 1_500_504,
    signer: WINDOWS_PUBLISHER,
  }),
  msSense: defineBinary({
    fileName: 'MsSense.exe',
    folder: 'C:\\Program Files\\Windows Defender Advanced Threat Protection',
    company: COMPANY,
    product: WIN_PRODUCT,
    version: '10.8560.22621.1016',
    description: 'Windows Defender Advanced Threat Protection Service Executable',
    size: 4_710_232,
    signer: WINDOWS_PUBLISHER,
  }),
  winword: office('WINWORD.EXE', 'Microsoft Word', 1_621_384),
  excel: office('EXCEL.EXE', 'Microsoft Excel', 66_049_920),
  outlook: office('OUTLOOK.EXE', 'Microsoft Outlook', 44_370_792),
  powerpnt: office('POWERPNT.EXE', 'Microsoft PowerPoint', 1_912_704),
  officeC2R: microsoftApp(
    'OfficeClickToRun.exe',
    'C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun',
    'Microsoft Office',
    OFFICE_VERSION,
    'Microsoft Office Click-to-Run (SxS)',
    11_712_424,
  ),
  teams: microsoftApp(
    'ms-teams.exe',
    'C:\\Program Files\\WindowsApps\\MSTeams_23320.3027.2591.1505_x64__8wekyb3d8bbwe',
    'Microsoft Teams',
    '23320.3027.2591.1505',
    'Microsoft Teams',
    1_010_528,
  ),
  oneDrive: microsoftApp(
    'OneDrive.exe',
    'C:\\Users\\{user}\\AppData\\Local\\Microsoft\\OneDrive',
    'Microsoft OneDrive',
    '23.246.1127.0002',
    'Microsoft OneDrive',
    3_412_296,
  ),
  msedge: microsoftApp(
    'msedge.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application',
    'Microsoft Edge',
    '120.0.2210.91',
    'Microsoft Edge',
    4_115_880,
  ),
  edgeUpdate: microsoftApp(
    'MicrosoftEdgeUpdate.exe',
    'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate',
    'Microsoft Edge Update',
    '1.3.183.29',
    'Microsoft Edge Update',
    213_400,
  ),
  ccmExec: microsoftApp(
    'CcmExec.exe',
    'C:\\Windows\\CCM',
    'System Center Configuration Manager',
    '5.00.9122.1000',
    'Host Process for Microsoft Configuration Manager',
    3_118_512,
  ),
  intuneAgent: microsoftApp(
    'Microsoft.Management.Services.IntuneWindowsAgent.exe',
    'C:\\Program Files (x86)\\Microsoft Intune Management Extension',
    'Microsoft Intune Management Extension',
    '1.73.104.0',
    'Microsoft Intune Management Extension',
    60_824,
  ),
  agentExecutor: microsoftApp(
    'AgentExecutor.exe',
    'C:\\Program Files (x86)\\Microsoft Intune Management Extension',
    'Microsoft Intune Management Extension',
    '1.73.104.0',
    'AgentExecutor',
    46_488,
  ),
  chrome: defineBinary({
    fileName: 'chrome.exe',
    folder: 'C:\\Program Files\\Google\\Chrome\\Application',
    company: 'Google LLC',
    product: 'Google Chrome',
    version: '120.0.6099.130',
    description: 'Google Chrome',
    size: 2_873_624,
    signer: GOOGLE_SIGNER,
  }),
  googleUpdate: defineBinary({
    fileName: 'GoogleUpdate.exe',
    folder: 'C:\\Program Files (x86)\\Google\\Update',
    company: 'Google LLC',
    product: 'Google Update',
    version: '1.3.36.352',
    description: 'Google Installer',
    size: 155_728,
    signer: GOOGLE_SIGNER,
  }),
} as const satisfies Record<string, Binary>;

export type BinKey = keyof typeof BIN;

export const ALL_BENIGN_BINARIES: readonly Binary[] = Object.values(BIN);
