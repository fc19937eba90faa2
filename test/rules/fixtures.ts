/**
 * Rule-file fixtures, written to a temporary directory by the tests. They live in code, not as
 * files, because the formatter would "fix" the very quirks (BOM, CRLF, tabs, bad indentation)
 * the loader must accept.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const FIXTURE_FILES: Readonly<Record<string, string>> = {
  'Detections/Identity/valid_scheduled.yaml':
    'id: 0b1d9e7c-3f4a-4c56-8e21-7a9b0c1d2e3f\nname: Sign-ins from many countries\ndescription: |\n  Finds accounts that sign in from more countries than usual.\n  See https://learn.microsoft.com/azure/sentinel/ for background.\nseverity: Medium\nrequiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    dataTypes:\n      - SigninLogs\nqueryFrequency: 1h\nqueryPeriod: 14d\ntriggerOperator: gt\ntriggerThreshold: 0\ntactics:\n  - InitialAccess\n  - CredentialAccess\nrelevantTechniques:\n  - T1078\n  - t1110.003\ntags:\n  - Identity\nquery: |\n  SigninLogs\n  | where ResultType == 0\n  | summarize Countries = dcount(Location) by UserPrincipalName\n  | where Countries > 3\nentityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: FullName\n        columnName: UserPrincipalName\ncustomDetails:\n  Countries: Countries\nversion: 1.0.2\nkind: Scheduled\n',
  'Hunting Queries/broken_missing_query.yaml':
    'id: 7e0a1c55-1111-4a2b-9c3d-000000000005\nname: No query here\ndescription: This rule forgot its query.\n',
  'Hunting Queries/broken_syntax.yaml':
    'id: 7e0a1c55-1111-4a2b-9c3d-000000000004\nname: Broken\nquery: |\n  DeviceEvents\ntactics: [Execution\n',
  'Hunting Queries/quirk_bom_tabs.yaml':
    '\ufeffid: 7e0a1c55-1111-4a2b-9c3d-000000000002\nname: BOM and tabs rule\nquery: |\n\tDeviceNetworkEvents\n\t| where RemotePort == 3389\n',
  'Hunting Queries/quirk_connectors.yaml':
    "id: 7e0a1c55-1111-4a2b-9c3d-000000000003\nname: Mis-indented connectors\nrequiredDataConnectors:\n- connectorId: MicrosoftThreatProtection\ndataTypes:\n- DeviceFileEvents\nquery: |\n  DeviceFileEvents\n  | where FileName endswith '.ps1'\n",
  'Hunting Queries/quirk_crlf_strings.yaml':
    'id: 7e0a1c55-1111-4a2b-9c3d-000000000001\r\nname: CRLF rule\r\ntactics: Persistence, Execution\r\nrelevantTechniques: T1543\r\nquery: |\r\n  DeviceProcessEvents\r\n  | take 10\r\n',
  'docs/hunting.md':
    "# Suspicious PowerShell downloads\n\nFinds PowerShell command lines that download and run code. Background: https://attack.mitre.org/techniques/T1059/001/\n\n## Query\n\n```kql\nDeviceProcessEvents\n| where FileName =~ 'powershell.exe'\n| where ProcessCommandLine has 'DownloadString'\n```\n\n## Variant with network events\n\n```kusto\nDeviceNetworkEvents\n| where InitiatingProcessFileName =~ 'powershell.exe'\n```\n\n## Mitre ATT&CK mapping\n\n| Technique, tactic, or state | Covered? (v=yes) | Notes     |\n| --------------------------- | ---------------- | --------- |\n| Initial access              |                  |           |\n| Execution                   | v                | T1059.001 |\n| Command and control         | v                |           |\n",
};

/** Writes the fixtures into a fresh temporary directory and returns its path. */
export function writeFixtureRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-rules-fixtures-'));
  for (const [rel, text] of Object.entries(FIXTURE_FILES)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}
