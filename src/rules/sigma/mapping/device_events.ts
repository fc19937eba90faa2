/**
 * Sigma categories Defender records in DeviceEvents, one ActionType each:
 * - `dns_query` (Sysmon 22) → DnsQueryResponse; the name is AdditionalFields.DnsQueryString
 * - `pipe_created` (Sysmon 17) → NamedPipeEvent with AdditionalFields.FileOperation "File created";
 *   the pipe name (AdditionalFields.PipeName) carries the `\Device\NamedPipe` prefix
 * - `process_access` (Sysmon 10) → OpenProcessApiCall; the access mask is AdditionalFields.DesiredAccess
 * - `create_remote_thread` (Sysmon 8) → CreateRemoteThreadApiCall
 * In the last two the source process is the initiating process and the target is the row's process.
 */
import { INITIATING_USER, INITIATING_USER_COLUMNS, INITIATOR, SCHEMAS, TAXONOMY } from './common.js';
import type { FieldTarget, LogsourceMapping } from './types.js';

const SOURCE_TARGET: Readonly<Record<string, FieldTarget>> = {
  SourceImage: { column: 'InitiatingProcessFolderPath' },
  SourceProcessId: { column: 'InitiatingProcessId' },
  SourceCommandLine: { column: 'InitiatingProcessCommandLine' },
  SourceUser: { expr: INITIATING_USER, type: 'string', inverse: INITIATING_USER_COLUMNS },
  TargetImage: { column: 'FolderPath' },
  TargetProcessId: { column: 'ProcessId' },
  SourceParentImage: { unmapped: 'Defender keeps only the file name of the initiating process parent' },
  TargetParentProcessId: { unmapped: "Defender does not record the target process's parent" },
  SourceProcessGUID: { unmapped: 'Defender has no process GUID' },
  TargetProcessGUID: { unmapped: 'Defender has no process GUID' },
  TargetUser: { unmapped: "Defender does not record the target process's account in this event" },
};

export const DNS_QUERY: LogsourceMapping = {
  category: 'dns_query',
  table: 'DeviceEvents',
  actionTypes: ['DnsQueryResponse'],
  fields: {
    ...INITIATOR,
    QueryName: { bag: 'DnsQueryString', type: 'string' },
    QueryResults: { bag: 'DnsQueryResult', type: 'string' },
    QueryStatus: { unmapped: 'Defender does not record the DNS query status' },
  },
  sources: [TAXONOMY, SCHEMAS],
};

export const PIPE_CREATED: LogsourceMapping = {
  category: 'pipe_created',
  table: 'DeviceEvents',
  actionTypes: ['NamedPipeEvent'],
  filter: 'tostring(AdditionalFields.FileOperation) == "File created"',
  fields: {
    ...INITIATOR,
    PipeName: { bag: 'PipeName', type: 'string', values: 'pipeName' },
    EventType: { predicates: { createpipe: 'true' } },
  },
  sources: [TAXONOMY, SCHEMAS],
};

export const PROCESS_ACCESS: LogsourceMapping = {
  category: 'process_access',
  table: 'DeviceEvents',
  actionTypes: ['OpenProcessApiCall'],
  fields: {
    ...SOURCE_TARGET,
    GrantedAccess: { bag: 'DesiredAccess', type: 'long', values: 'hexNumber' },
    CallTrace: { unmapped: 'Defender does not record the call stack of the access' },
  },
  sources: [TAXONOMY, SCHEMAS],
};

export const CREATE_REMOTE_THREAD: LogsourceMapping = {
  category: 'create_remote_thread',
  table: 'DeviceEvents',
  actionTypes: ['CreateRemoteThreadApiCall'],
  fields: {
    ...SOURCE_TARGET,
    StartAddress: { unmapped: "Defender does not record the thread's start address" },
    StartModule: { unmapped: "Defender does not record the thread's start module" },
    StartFunction: { unmapped: "Defender does not record the thread's start function" },
  },
  sources: [TAXONOMY, SCHEMAS],
};
