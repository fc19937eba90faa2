/**
 * Sigma `process_creation` (Sysmon EventID 1, Security 4688) → DeviceProcessEvents. The new
 * process is the row's process; its parent is the initiating process.
 */
import { HASH_FIELDS, INITIATING_USER, INITIATING_USER_COLUMNS, SCHEMAS, TAXONOMY } from './common.js';
import type { LogsourceMapping } from './types.js';

export const PROCESS_CREATION: LogsourceMapping = {
  category: 'process_creation',
  table: 'DeviceProcessEvents',
  fields: {
    Image: { column: 'FolderPath' },
    OriginalFileName: { column: 'ProcessVersionInfoOriginalFileName' },
    CommandLine: { column: 'ProcessCommandLine' },
    ParentImage: { column: 'InitiatingProcessFolderPath' },
    ParentCommandLine: { column: 'InitiatingProcessCommandLine' },
    Description: { column: 'ProcessVersionInfoFileDescription' },
    Product: { column: 'ProcessVersionInfoProductName' },
    Company: { column: 'ProcessVersionInfoCompanyName' },
    FileVersion: { column: 'ProcessVersionInfoProductVersion' },
    IntegrityLevel: { column: 'ProcessIntegrityLevel' },
    ProcessId: { column: 'ProcessId' },
    ParentProcessId: { column: 'InitiatingProcessId' },
    LogonId: { column: 'LogonId', values: 'hexNumber' },
    TerminalSessionId: { column: 'CreatedProcessSessionId' },
    User: {
      expr: 'strcat(AccountDomain, @"\\", AccountName)',
      type: 'string',
      inverse: { split: ['AccountDomain', 'AccountName'] },
    },
    ParentUser: { expr: INITIATING_USER, type: 'string', inverse: INITIATING_USER_COLUMNS },
    ...HASH_FIELDS,
    CurrentDirectory: { unmapped: 'Defender does not record the working directory of a process' },
    GrandParentImage: { unmapped: "Defender keeps only the file name of the parent's parent, not its path" },
    ProcessGuid: { unmapped: 'Defender has no process GUID' },
    ParentProcessGuid: { unmapped: 'Defender has no process GUID' },
    LogonGuid: { unmapped: 'Defender has no logon GUID' },
  },
  sources: [TAXONOMY, SCHEMAS],
};
