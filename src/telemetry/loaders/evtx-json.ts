/**
 * Windows events as evtx_dump-style tools write them — `{"Event":{"System":{…},"EventData":{…}}}`,
 * one object per record (NDJSON) or an array — flattened onto the field names the Windows mapping
 * reads (EventID, Channel, ProviderName, Computer, TimeCreated, EventRecordID, and each EventData
 * field). The shapes those tools produce for one value vary (`"EventID": 4624`, `"EventID": "4624"`,
 * `"EventID": {"#attributes": {"Qualifiers": 0}, "#text": 4624}`); all read the same.
 */

type Obj = Readonly<Record<string, unknown>>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The event object of a record: `rec.Event` (evtx_dump), or `rec` itself when it has `System`. */
export function eventOf(rec: Obj): Obj | undefined {
  const e = rec.Event;
  if (isObj(e) && isObj(e.System)) return e;
  if (isObj(rec.System) && (isObj(rec.EventData) || isObj(rec.UserData) || 'EventID' in rec.System)) return rec;
  return undefined;
}

export function isEvtxJson(rec: Obj): boolean {
  return eventOf(rec) !== undefined;
}

/** `{"#text": v}` / `{"#attributes": …, "#text": v}` / v → v. */
export function scalar(v: unknown): unknown {
  if (isObj(v)) {
    if ('#text' in v) return scalar(v['#text']);
    if ('#attributes' in v) return undefined;
    return v;
  }
  return v;
}

export const attr = (v: unknown, name: string): unknown =>
  isObj(v) && isObj(v['#attributes']) ? (v['#attributes'] as Obj)[name] : undefined;

/** The event's field/value pairs: those of EventData and of the element(s) inside UserData. */
export function eventFields(ev: Obj, out: Record<string, unknown>): void {
  dataFields(ev.EventData, out);
  const user = ev.UserData;
  if (isObj(user)) for (const inner of Object.values(user)) if (isObj(inner)) dataFields(inner, out);
}

/** Field/value pairs of EventData or of the one element inside UserData. */
function dataFields(data: unknown, out: Record<string, unknown>): void {
  if (!isObj(data)) return;
  for (const [k, v] of Object.entries(data)) {
    if (k === '#attributes' || k === 'xmlns') continue;
    if (k === 'Data') {
      // unnamed <Data> elements: keep them in order as Data, Data_1 …
      const list = scalar(v);
      const items = Array.isArray(list) ? list : [list];
      items.forEach((item, i) => {
        out[i === 0 ? 'Data' : `Data_${i}`] = item;
      });
      continue;
    }
    out[k] = scalar(v);
  }
}

export function flattenEvtxJson(rec: Obj): Record<string, unknown> {
  const ev = eventOf(rec) as Obj;
  const sys = ev.System as Obj;
  const out: Record<string, unknown> = {};
  eventFields(ev, out);
  out.EventID = scalar(sys.EventID);
  out.Channel = scalar(sys.Channel) ?? '';
  out.ProviderName = attr(sys.Provider, 'Name') ?? '';
  out.Computer = scalar(sys.Computer) ?? '';
  out.TimeCreated = attr(sys.TimeCreated, 'SystemTime') ?? '';
  out.EventRecordID = scalar(sys.EventRecordID);
  const pid = attr(sys.Execution, 'ProcessID');
  if (pid !== undefined) out.ExecutionProcessID = pid;
  const userId = attr(sys.Security, 'UserID');
  if (userId !== undefined) out.UserID = userId;
  return out;
}
