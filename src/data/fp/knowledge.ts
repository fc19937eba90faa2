/**
 * False-positive knowledge base, kept as data: benign situations that make hunting rules fire, per
 * table and per tool family, each with an exclusion in the exclusion language (see
 * docs/exclusions.md). Written for this project from how Windows and IT tooling behave; the wording
 * is ours.
 *
 * Templates may use placeholders filled from the tool facts: {tool} (display name), {agent} (the
 * agent's image name), {domain} (a vendor domain), {company} (PE company name). A scenario whose
 * placeholders cannot be filled is skipped. `needsInput` marks exclusions holding an example value
 * the user must replace (they match nothing until then, and are suggested disabled).
 */

export type FpFamily =
  | 'scheduled-task'
  | 'software-deployment'
  | 'gpo-refresh'
  | 'log-collection'
  | 'remote-administration'
  | 'agent-service'
  | 'sanctioned-tenant'
  | 'approved-build'
  | 'managed-devices';

export interface FpTemplate {
  readonly id: string;
  readonly family: FpFamily;
  /** `rmm`: rules about RMM / remote-access tools; `any`: every rule on the table. */
  readonly appliesTo: 'rmm' | 'any';
  readonly tables: readonly string[];
  readonly scenario: string;
  readonly description: string;
  readonly expression: string;
  readonly needsInput: boolean;
}

const PROCESS = ['DeviceProcessEvents'];
const INITIATED = [
  'DeviceNetworkEvents',
  'DeviceFileEvents',
  'DeviceRegistryEvents',
  'DeviceImageLoadEvents',
  'DeviceEvents',
];
const ALL_DEVICE = [
  ...PROCESS,
  ...INITIATED,
  'DeviceLogonEvents',
  'DeviceFileCertificateInfo',
  'DeviceInfo',
  'DeviceNetworkInfo',
];

export const FP_TEMPLATES: readonly FpTemplate[] = [
  {
    id: 'scheduled-agent-job',
    family: 'scheduled-task',
    appliesTo: 'rmm',
    tables: PROCESS,
    scenario: 'Scheduled {tool} agent job',
    description:
      'The installed {tool} agent registers scheduled tasks (sync, self-update, maintenance) that start its binaries from the install folder.',
    expression:
      'process.parent_process_name in ("schtasks.exe", "taskhostw.exe", "taskeng.exe") and process.executable startswith "C:\\Program Files"',
    needsInput: false,
  },
  {
    id: 'admin-deployment',
    family: 'software-deployment',
    appliesTo: 'rmm',
    tables: PROCESS,
    scenario: 'Administrator deploys the {tool} agent',
    description:
      "IT pushes the {tool} installer to new endpoints with PowerShell remoting, Configuration Manager or an MSI; the installer runs from a staging folder, not from a user's Downloads.",
    expression:
      '(process.parent_process_name in ("ccmexec.exe", "msiexec.exe") or (process.parent_process_name in ("powershell.exe", "pwsh.exe") and process.parent_command_line contains "Invoke-Command")) and not process.executable contains "\\Downloads"',
    needsInput: false,
  },
  {
    id: 'agent-remote-script',
    family: 'remote-administration',
    appliesTo: 'rmm',
    tables: PROCESS,
    scenario: "{tool} runs an administrator's script",
    description:
      "Technicians run scripts through {tool}: the agent ({agent}) starts PowerShell, which starts the tool's helper to report the result.",
    expression:
      'process.parent_process_name in ("powershell.exe", "pwsh.exe") and process.grandparent_name == "{agent}"',
    needsInput: false,
  },
  {
    id: 'gpo-refresh',
    family: 'gpo-refresh',
    appliesTo: 'rmm',
    tables: PROCESS,
    scenario: 'Group Policy refresh applies {tool} settings',
    description:
      'A Group Policy update (gpupdate) applies the {tool} configuration and restarts its helper on many devices at once.',
    expression: 'process.parent_process_name == "gpupdate.exe"',
    needsInput: false,
  },
  {
    id: 'log-collection',
    family: 'log-collection',
    appliesTo: 'rmm',
    tables: PROCESS,
    scenario: '{tool} log collection task',
    description:
      'The agent collects its logs on a schedule; Task Scheduler (taskhostw.exe or the Schedule service) starts the collector from the install folder.',
    expression:
      'process.parent_process_name in ("taskhostw.exe", "svchost.exe") and process.executable startswith "C:\\Program Files" and process.command_line contains "LogCollector"',
    needsInput: false,
  },
  {
    id: 'sanctioned-devices',
    family: 'managed-devices',
    appliesTo: 'rmm',
    tables: ALL_DEVICE,
    scenario: 'Devices where {tool} is sanctioned',
    description:
      'Your IT (or your MSP) manages these devices with {tool}. List them here; every other device remains in scope, which is where abuse shows.',
    expression: 'host.name in ("replace-with-managed-device-name")',
    needsInput: true,
  },
  {
    id: 'agent-heartbeat',
    family: 'agent-service',
    appliesTo: 'rmm',
    tables: ['DeviceNetworkEvents'],
    scenario: '{tool} agent heartbeat',
    description:
      'The installed {tool} agent service ({agent}) keeps a connection to the vendor cloud; a service started by services.exe from Program Files is the normal shape.',
    expression:
      'process.name == "{agent}" and process.parent_process_name == "services.exe" and process.executable startswith "C:\\Program Files"',
    needsInput: false,
  },
  {
    id: 'sanctioned-tenant',
    family: 'sanctioned-tenant',
    appliesTo: 'rmm',
    tables: ['DeviceNetworkEvents'],
    scenario: "Your organisation's {tool} tenant",
    description:
      'Connections to your own {tool} tenant (instance host name under {domain}) are sanctioned; connections to any other tenant are what the rule is for.',
    expression: 'destination.domain endswith "your-tenant.{domain}"',
    needsInput: true,
  },
  {
    id: 'approved-build',
    family: 'approved-build',
    appliesTo: 'rmm',
    tables: ['DeviceFileCertificateInfo'],
    scenario: 'Approved {tool} build on managed devices',
    description:
      'The software inventory sees the signed {tool} binaries IT installed. Exclude the approved builds by hash so an unapproved copy still shows.',
    expression: 'file.hash.sha1 in ("0000000000000000000000000000000000000000")',
    needsInput: true,
  },
  {
    id: 'config-manager-deployment',
    family: 'software-deployment',
    appliesTo: 'any',
    tables: PROCESS,
    scenario: 'Software deployment by Configuration Manager',
    description: 'Configuration Manager (ccmexec.exe) installs and runs packages as SYSTEM on managed devices.',
    expression: 'process.parent_process_name == "ccmexec.exe" and user.name =~ "system"',
    needsInput: false,
  },
  {
    id: 'scheduled-maintenance',
    family: 'scheduled-task',
    appliesTo: 'any',
    tables: INITIATED,
    scenario: 'Scheduled maintenance task',
    description:
      'A scheduled task run by the Task Scheduler host performs routine maintenance from a Program Files or Windows folder.',
    expression: 'process.parent_process_name == "svchost.exe" and process.executable startswith "C:\\Program Files"',
    needsInput: false,
  },
];
