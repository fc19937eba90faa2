/**
 * Logsource → mapping. A Sigma rule's logsource selects the first mapping whose category (or
 * service) equals the rule's; product must be windows (or absent). Sysmon categories Defender
 * records map to Defender XDR tables; the Security log to SecurityEvent; the other channels of the
 * taxonomy (and the Sysmon events Defender lacks) to WindowsEvent (./windows_event.ts). Logsources
 * without an entry have no table (UNMAPPED_REASONS says why for the known ones).
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
import { CHANNEL_MAPPINGS, USERDATA_SERVICES } from './windows_event.js';

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
  ...CHANNEL_MAPPINGS,
];

/** Why a known Windows logsource has no mapping. */
export const UNMAPPED_REASONS: Readonly<Record<string, string>> = {
  file_access:
    'file reads come from the ETW provider Microsoft-Windows-Kernel-File, which no Defender XDR or Sentinel table records',
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
  const userData = ls.service ? USERDATA_SERVICES[ls.service] : undefined;
  if (userData) return { ok: false, reason: `unmapped logsource (${describe}): ${userData}` };
  return {
    ok: false,
    reason: `unmapped logsource (${describe || 'none'}): the Sigma taxonomy names no Windows event-log channel for it`,
  };
}
