/**
 * Windows events as Log Analytics / Sentinel keeps them, for the events the Defender mapping
 * (windows-mapping.ts) has no table for — so Sigma rules converted onto those tables (docs/sigma.md)
 * fire on local data:
 * - the Security log → SecurityEvent: the System part as its columns (TimeGenerated, Computer,
 *   EventID, Channel, EventSourceName …) and each EventData field as the column of the same name
 *   where SecurityEvent has one (SubjectUserName, TargetUserName, ServiceFileName …); the fields
 *   without a column stay in EventData as `<EventData><Data Name="…">…</Data></EventData>` text;
 * - every other channel → WindowsEvent: Channel, EventID, Provider, Computer, TimeGenerated,
 *   EventLevel/EventLevelName, Task, Opcode, Keywords, EventRecordId, SystemProcessId,
 *   SystemThreadId, SystemUserId, and EventData as a property bag of the named Data elements
 *   (UserData's leaf elements too; unnamed Data elements as the list `Data`).
 * Inputs: evtx_dump-style JSON (what the .evtx reader yields too), Winlogbeat's nested `winlog`, and
 * flat Windows-event JSON (every key that is not a System field is an EventData field).
 */
import { tableSchema } from '../schemas.js';
import { attr, eventFields, eventOf, isEvtxJson, scalar } from './evtx-json.js';

type Flat = Readonly<Record<string, unknown>>;
type Row = Record<string, unknown>;

const isObj = (v: unknown): v is Flat => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One event split into its System part and its data fields. */
export interface SplitEvent {
  readonly channel: string;
  readonly provider: string;
  readonly eventId: unknown;
  readonly computer: string;
  readonly time: string;
  readonly recordId: unknown;
  readonly level: unknown;
  readonly task: unknown;
  readonly opcode: unknown;
  readonly keywords: unknown;
  readonly processId: unknown;
  readonly threadId: unknown;
  readonly userId: unknown;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Keys of flat Windows-event JSON (Winlogbeat-style, OTRF) that describe the record, not its data. */
const FLAT_SYSTEM = new Set(
  [
    'EventID',
    'Channel',
    'SourceName',
    'ProviderName',
    'ProviderGuid',
    'Hostname',
    'Computer',
    'TimeCreated',
    '@timestamp',
    'EventTime',
    'EventReceivedTime',
    'EventRecordID',
    'RecordNumber',
    'Level',
    'Severity',
    'SeverityValue',
    'Task',
    'Opcode',
    'OpcodeValue',
    'Keywords',
    'ExecutionProcessID',
    'ExecutionThreadID',
    'ProcessID',
    'ThreadID',
    'UserID',
    'Version',
    'Message',
    'EventType',
    'Category',
    'SourceModuleName',
    'SourceModuleType',
    '@version',
    'host',
    'port',
    'tags',
  ].map((k) => k.toLowerCase()),
);

export function splitEvent(rec: Flat): SplitEvent {
  if (isEvtxJson(rec)) {
    const ev = eventOf(rec) as Flat;
    const sys = ev.System as Flat;
    const data: Record<string, unknown> = {};
    eventFields(ev, data);
    unnamedAsList(data);
    return {
      channel: str(scalar(sys.Channel)),
      provider: str(attr(sys.Provider, 'Name')),
      eventId: scalar(sys.EventID),
      computer: str(scalar(sys.Computer)),
      time: str(attr(sys.TimeCreated, 'SystemTime')),
      recordId: scalar(sys.EventRecordID),
      level: scalar(sys.Level),
      task: scalar(sys.Task),
      opcode: scalar(sys.Opcode),
      keywords: scalar(sys.Keywords),
      processId: attr(sys.Execution, 'ProcessID'),
      threadId: attr(sys.Execution, 'ThreadID'),
      userId: attr(sys.Security, 'UserID'),
      data,
    };
  }
  const w = rec.winlog;
  if (isObj(w)) {
    const process = isObj(rec.process) ? rec.process : {};
    const host = isObj(rec.host) ? rec.host : {};
    const user = isObj(w.user) ? w.user : {};
    return {
      channel: str(w.channel),
      provider: str(w.provider_name),
      eventId: w.event_id,
      computer: str(w.computer_name ?? host.name),
      time: str(rec['@timestamp']),
      recordId: w.record_id,
      level: isObj(rec.log) ? rec.log.level : undefined,
      task: w.task,
      opcode: w.opcode,
      keywords: Array.isArray(w.keywords) ? w.keywords.join(', ') : w.keywords,
      processId: process.pid,
      threadId: isObj(process.thread) ? process.thread.id : undefined,
      userId: user.identifier,
      data: { ...(isObj(w.event_data) ? w.event_data : {}), ...(isObj(w.user_data) ? w.user_data : {}) },
    };
  }
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) if (!FLAT_SYSTEM.has(k.toLowerCase())) data[k] = v;
  return {
    channel: str(rec.Channel),
    provider: str(rec.SourceName ?? rec.ProviderName),
    eventId: rec.EventID,
    computer: str(rec.Hostname ?? rec.Computer),
    time: str(rec.TimeCreated ?? rec['@timestamp'] ?? rec.EventTime),
    recordId: rec.EventRecordID ?? rec.RecordNumber,
    level: rec.Level ?? rec.SeverityValue,
    task: rec.Task,
    opcode: rec.Opcode,
    keywords: rec.Keywords,
    processId: rec.ExecutionProcessID ?? rec.ProcessID,
    threadId: rec.ExecutionThreadID ?? rec.ThreadID,
    userId: rec.UserID,
    data,
  };
}

/** The flattener's `Data`, `Data_1` … (unnamed Data elements) → one list `Data`. */
function unnamedAsList(data: Record<string, unknown>): void {
  const keys = Object.keys(data).filter((k) => k === 'Data' || /^Data_\d+$/.test(k));
  if (keys.length < 2) return;
  data.Data = keys.map((k) => data[k]);
  for (const k of keys) if (k !== 'Data') delete data[k];
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

const LEVEL_NAMES: Readonly<Record<string, string>> = {
  '0': 'Information',
  '1': 'Critical',
  '2': 'Error',
  '3': 'Warning',
  '4': 'Information',
  '5': 'Verbose',
};

const setIf = (row: Row, column: string, v: unknown) => {
  if (v !== undefined && v !== null && v !== '') row[column] = v;
};

/** The WindowsEvent row of an event. */
export function windowsEventRow(e: SplitEvent): Row {
  const row: Row = {
    TimeGenerated: e.time,
    Computer: e.computer,
    Channel: e.channel,
    Provider: e.provider,
    EventID: e.eventId,
    EventData: e.data,
    Type: 'WindowsEvent',
  };
  setSystemFields(row, e);
  setIf(row, 'EventLevel', e.level);
  setIf(row, 'EventLevelName', LEVEL_NAMES[str(e.level)]);
  setIf(row, 'Opcode', textOf(e.opcode));
  return row;
}

/** The System fields WindowsEvent and SecurityEvent both keep, under the same names. */
function setSystemFields(row: Row, e: SplitEvent): void {
  setIf(row, 'EventRecordId', textOf(e.recordId));
  setIf(row, 'Task', e.task);
  setIf(row, 'Keywords', textOf(e.keywords));
  setIf(row, 'SystemProcessId', e.processId);
  setIf(row, 'SystemThreadId', e.threadId);
  setIf(row, 'SystemUserId', e.userId);
}

const textOf = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

let securityColumns: ReadonlySet<string> | undefined;

/** The SecurityEvent row of a Security-log event. */
export function securityEventRow(e: SplitEvent): Row {
  securityColumns ??= new Set((tableSchema('SecurityEvent')?.columns ?? []).map((c) => c.name));
  const row: Row = {
    TimeGenerated: e.time,
    Computer: e.computer,
    Channel: e.channel,
    EventSourceName: e.provider,
    EventID: e.eventId,
    Type: 'SecurityEvent',
  };
  setSystemFields(row, e);
  setIf(row, 'EventLevelName', LEVEL_NAMES[str(e.level)]);
  const rest: string[] = [];
  for (const [k, v] of Object.entries(e.data)) {
    if (v === undefined || v === null) continue;
    if (securityColumns.has(k) && !(k in row)) row[k] = typeof v === 'object' ? JSON.stringify(v) : v;
    else rest.push(`<Data Name="${xml(k)}">${xml(typeof v === 'object' ? JSON.stringify(v) : String(v))}</Data>`);
  }
  if (rest.length > 0)
    row.EventData = `<EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">${rest.join('')}</EventData>`;
  return row;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
