/**
 * Maps Windows event records (Winlogbeat-style flattened JSON as in OTRF Security-Datasets, or
 * nested `winlog.event_data`) onto Defender XDR rows by interpreting WINDOWS_EVENT_MAPPINGS, and the
 * events Defender has no table for onto SecurityEvent / WindowsEvent.
 */
import { createHash } from 'node:crypto';
import { flattenEvtxJson, isEvtxJson } from './evtx-json.js';
import { securityEventRow, splitEvent, windowsEventRow } from './windows-event-table.js';
import {
  type EventMapping,
  type EventSource,
  type FieldSource,
  LOGON_TYPES,
  REGISTRY_HIVES,
  type Transform,
  WINDOWS_EVENT_MAPPINGS,
} from './windows-mapping.js';

export type WindowsEventResult =
  | {
      readonly kind: 'row';
      readonly table: string;
      readonly row: Record<string, unknown>;
      /** The same event as Log Analytics keeps it, where Sigma rules read it there too (see below). */
      readonly also?: { readonly table: string; readonly row: Record<string, unknown> };
    }
  | { readonly kind: 'unmapped'; readonly key: string };

/**
 * Sysmon events the Defender mapping loads (registry rename 14 → DeviceRegistryEvents, WMI 19–21 →
 * DeviceEvents, FileDeleteDetected 26 → DeviceFileEvents) whose Sigma categories (registry_rename,
 * wmi_event, file_delete_detected) convert onto WindowsEvent: they load into both.
 */
const SYSMON_ALSO_WINDOWS_EVENT = new Set([14, 19, 20, 21, 26]);

type Flat = Readonly<Record<string, unknown>>;

const SYSMON_CHANNEL = 'microsoft-windows-sysmon/operational';

/**
 * True for records that look like Windows events: an EventID plus a channel or provider (flat), or
 * Winlogbeat's `winlog`, or evtx_dump's `{"Event": {"System": …}}` (what the .evtx reader yields too).
 */
export function isWindowsEvent(rec: Flat): boolean {
  if (isEvtxJson(rec)) return true;
  const w = rec.winlog;
  if (w !== null && typeof w === 'object' && 'event_id' in w) return true;
  return (
    rec.EventID !== undefined &&
    (typeof rec.Channel === 'string' || typeof rec.SourceName === 'string' || typeof rec.ProviderName === 'string')
  );
}

/** Flattens Winlogbeat's and evtx_dump's nested layouts onto the flat field names the mapping uses. */
function flatten(rec: Flat): Flat {
  if (isEvtxJson(rec)) return flattenEvtxJson(rec);
  const w = rec.winlog as Record<string, unknown> | null | undefined;
  if (w === null || typeof w !== 'object') return rec;
  const data = (w.event_data ?? {}) as Record<string, unknown>;
  const host = rec.host as Record<string, unknown> | undefined;
  return {
    ...data,
    EventID: w.event_id,
    Channel: w.channel,
    SourceName: (w.provider_name as string | undefined) ?? '',
    Hostname: w.computer_name ?? host?.name,
    EventRecordID: w.record_id,
    '@timestamp': rec['@timestamp'],
  };
}

function sourceOf(ev: Flat): EventSource | undefined {
  const channel = String(ev.Channel ?? '').toLowerCase();
  const provider = String(ev.SourceName ?? ev.ProviderName ?? '').toLowerCase();
  if (channel === SYSMON_CHANNEL || provider === 'microsoft-windows-sysmon') return 'sysmon';
  if (channel === 'security') return 'security';
  return undefined;
}

const BY_KEY = new Map<string, EventMapping[]>();
for (const m of WINDOWS_EVENT_MAPPINGS) {
  const key = `${m.source}/${m.eventId}`;
  BY_KEY.set(key, [...(BY_KEY.get(key) ?? []), m]);
}

function findMapping(source: EventSource, eventId: number, ev: Flat): EventMapping | undefined {
  return BY_KEY.get(`${source}/${eventId}`)?.find(
    (m) => !m.when || Object.entries(m.when).every(([f, v]) => text(ev[f]).toLowerCase() === v.toLowerCase()),
  );
}

/** Sysmon writes '-' for "no value". */
function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : String(v);
  return s === '-' ? '' : s;
}

const deviceIds = new Map<string, string>();
/** A stable 40-hex DeviceId per host (sha1 of the lower-cased host name), like Defender's ids. */
export function deviceIdFor(host: string): string {
  const key = host.toLowerCase();
  let id = deviceIds.get(key);
  if (!id) {
    id = createHash('sha1').update(key).digest('hex');
    deviceIds.set(key, id);
  }
  return id;
}

/**
 * A Windows event → its Defender XDR row (windows-mapping.ts); an event Defender has no table for →
 * SecurityEvent (the Security log) or WindowsEvent (any other channel), as Log Analytics keeps them
 * (windows-event-table.ts). Security events with a Defender row (logons) load into SecurityEvent too.
 */
export function mapWindowsEvent(record: Flat, line: number): WindowsEventResult {
  const ev = flatten(record);
  const eventId = Number(ev.EventID);
  const source = sourceOf(ev);
  const mapping = source && Number.isInteger(eventId) ? findMapping(source, eventId, ev) : undefined;
  const logAnalytics = () => {
    const split = splitEvent(record);
    return source === 'security'
      ? { table: 'SecurityEvent', row: securityEventRow(split) }
      : { table: 'WindowsEvent', row: windowsEventRow(split) };
  };
  if (!mapping) {
    if (Number.isInteger(eventId) && (text(ev.Channel) || text(ev.SourceName ?? ev.ProviderName)))
      return { kind: 'row', ...logAnalytics() };
    return { kind: 'unmapped', key: `${text(ev.Channel) || text(ev.SourceName) || '?'}/${text(ev.EventID)}` };
  }
  const host = text(ev.Hostname ?? ev.Computer ?? ev.computer_name).toLowerCase();
  const row: Record<string, unknown> = {
    Timestamp: text(ev.UtcTime) || text(ev['@timestamp']) || text(ev.TimeCreated),
    DeviceName: host,
    DeviceId: host ? deviceIdFor(host) : '',
    ActionType: mapping.actionType,
    ReportId: numberOf(text(ev.EventRecordID ?? ev.RecordNumber)) ?? line,
  };
  for (const [column, src] of Object.entries(mapping.columns)) row[column] = resolve(src, ev);
  const twin = source === 'security' || (source === 'sysmon' && SYSMON_ALSO_WINDOWS_EVENT.has(eventId));
  return { kind: 'row', table: mapping.table, row, ...(twin ? { also: logAnalytics() } : {}) };
}

function resolve(src: FieldSource, ev: Flat): unknown {
  if (typeof src === 'string') return text(ev[src]);
  if ('value' in src) return src.value;
  if ('bag' in src) {
    const bag: Record<string, unknown> = {};
    for (const [k, f] of Object.entries(src.bag)) {
      // A plain field keeps its value as read (a number stays a number); others resolve as columns do.
      const v = typeof f === 'string' ? ev[f] : resolve(f, ev);
      if (v !== undefined && v !== null && text(v) !== '') bag[k] = v;
    }
    return bag;
  }
  return transform(src.as, text(ev[src.from]));
}

function transform(t: Transform, s: string): unknown {
  switch (t) {
    case 'fileName':
      return s.slice(Math.max(s.lastIndexOf('\\'), s.lastIndexOf('/')) + 1);
    case 'number':
      return numberOf(s);
    case 'sha1':
    case 'sha256':
    case 'md5':
      return hashOf(s, t);
    case 'userDomain':
      return s.includes('\\') ? s.slice(0, s.indexOf('\\')) : '';
    case 'userName':
      return s.includes('\\') ? s.slice(s.indexOf('\\') + 1) : s;
    case 'protocol':
      return s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : '';
    case 'registryPath':
      return expandHive(s);
    case 'registryKey': {
      const full = expandHive(s);
      const cut = full.lastIndexOf('\\');
      return cut < 0 ? full : full.slice(0, cut);
    }
    case 'registryValueName': {
      const cut = s.lastIndexOf('\\');
      return cut < 0 ? '' : s.slice(cut + 1);
    }
    case 'logonType':
      return LOGON_TYPES[s] ?? s;
    default: {
      const never: never = t;
      throw new Error(`unknown transform ${String(never)}`);
    }
  }
}

/** Decimal or 0x-hex text → number; undefined when empty or not a number. */
function numberOf(s: string): number | undefined {
  const t = s.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t.slice(2), 16);
  if (/^-?\d+$/.test(t)) return Number(t);
  return undefined;
}

function hashOf(hashes: string, kind: 'sha1' | 'sha256' | 'md5'): string {
  for (const part of hashes.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim().toLowerCase() === kind)
      return part
        .slice(eq + 1)
        .trim()
        .toLowerCase();
  }
  return '';
}

/**
 * Sysmon's registry path → Defender's spelling: hives in full (HKLM → HKEY_LOCAL_MACHINE); a user's own
 * hive `HKU\<user SID>` (Sysmon resolves HKCU to it) → `HKEY_CURRENT_USER\<SID>`, as Defender writes
 * the current user's keys (other hives, `.DEFAULT` and the service accounts' S-1-5-18/19/20, stay under
 * HKEY_USERS); `HKLM\System\CurrentControlSet` (Sysmon's name for the active set) → `ControlSet001`,
 * the key Defender reports.
 */
export function expandHive(path: string): string {
  const cut = path.indexOf('\\');
  const head = cut < 0 ? path : path.slice(0, cut);
  const hive = REGISTRY_HIVES[head.toUpperCase()];
  let full = hive ? hive + path.slice(head.length) : path;
  if (/^HKEY_USERS\\S-1-(5-21|12-1)-[0-9-]+(_Classes)?(\\|$)/i.test(full))
    full = `HKEY_CURRENT_USER${full.slice('HKEY_USERS'.length)}`;
  return full.replace(/^(HKEY_LOCAL_MACHINE\\SYSTEM\\)CurrentControlSet(?=\\|$)/i, '$1ControlSet001');
}
