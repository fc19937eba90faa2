/**
 * Logsource → mapping. A Sigma rule's logsource selects the first mapping whose category (or
 * service) equals the rule's; product must be windows (or absent). Categories without an entry
 * here have no Defender XDR table (UNMAPPED_REASONS says why for the common ones).
 */
import type { SigmaLogsource } from '../types.js';
import { CREATE_REMOTE_THREAD, DNS_QUERY, PIPE_CREATED, PROCESS_ACCESS } from './device_events.js';
import { FILE_DELETE, FILE_EVENT, FILE_RENAME } from './file_event.js';
import { DRIVER_LOAD, IMAGE_LOAD } from './image_load.js';
import { NETWORK_CONNECTION } from './network_connection.js';
import { PROCESS_CREATION } from './process_creation.js';
import { REGISTRY_ADD, REGISTRY_DELETE, REGISTRY_EVENT, REGISTRY_SET } from './registry.js';
import { SECURITY } from './security.js';
import type { LogsourceMapping } from './types.js';

export type { FieldTarget, LogsourceMapping, ValueRule } from './types.js';

export const MAPPINGS: readonly LogsourceMapping[] = [
  PROCESS_CREATION,
  FILE_EVENT,
  FILE_DELETE,
  FILE_RENAME,
  REGISTRY_SET,
  REGISTRY_ADD,
  REGISTRY_DELETE,
  REGISTRY_EVENT,
  IMAGE_LOAD,
  DRIVER_LOAD,
  NETWORK_CONNECTION,
  DNS_QUERY,
  PIPE_CREATED,
  PROCESS_ACCESS,
  CREATE_REMOTE_THREAD,
  SECURITY,
];

/** Why a known Windows logsource has no mapping. */
export const UNMAPPED_REASONS: Readonly<Record<string, string>> = {
  ps_script: 'Defender XDR does not record PowerShell script block text (EventID 4104)',
  ps_module: 'Defender XDR does not record PowerShell module logging (EventID 4103)',
  ps_classic_start: 'Defender XDR does not record the classic PowerShell engine events',
  ps_classic_provider_start: 'Defender XDR does not record the classic PowerShell engine events',
  file_access: 'Defender XDR does not record file reads',
  file_change: 'Defender XDR does not record file time changes',
  create_stream_hash: 'Defender XDR does not record alternate data stream creation',
  raw_access_thread: 'Defender XDR does not record raw disk access',
  process_tampering: 'Defender XDR does not record process image tampering',
  wmi_event: 'Defender XDR records WMI filter-to-consumer bindings only, without the Sysmon WMI event fields',
  sysmon_status: 'Sysmon service state has no Defender XDR table',
  sysmon_error: 'Sysmon service errors have no Defender XDR table',
  file_executable_detected: 'Defender XDR does not record Sysmon executable-detection events',
  process_termination: 'Defender XDR does not record process termination',
};

export type LogsourceLookup =
  | { readonly ok: true; readonly mapping: LogsourceMapping }
  | { readonly ok: false; readonly reason: string };

export function mappingFor(ls: SigmaLogsource): LogsourceLookup {
  const describe = [
    ls.product && `product ${ls.product}`,
    ls.category && `category ${ls.category}`,
    ls.service && `service ${ls.service}`,
  ]
    .filter(Boolean)
    .join(', ');
  if (ls.product && ls.product !== 'windows')
    return {
      ok: false,
      reason: `unmapped logsource (${describe}): only Windows logsources map to Defender XDR tables`,
    };
  if (ls.category) {
    const m = MAPPINGS.find((x) => x.category === ls.category && !x.service);
    if (m && !ls.service) return { ok: true, mapping: m };
    const why = UNMAPPED_REASONS[ls.category];
    return { ok: false, reason: `unmapped logsource (${describe})${why ? `: ${why}` : ''}` };
  }
  const byService = MAPPINGS.find((x) => x.service !== undefined && x.service === ls.service && !x.category);
  if (byService) return { ok: true, mapping: byService };
  return {
    ok: false,
    reason: `unmapped logsource (${describe || 'none'}): this Windows event log channel has no Defender XDR or Sentinel table with its fields`,
  };
}
