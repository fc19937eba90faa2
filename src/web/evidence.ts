/**
 * The raw events behind a finding and the evidence they carry. A rule's summarised row keeps the
 * ReportIds of its events (`Report = make_set(ReportId)` in the RMM pack); the events are looked up
 * by ReportId (and DeviceId: ReportIds are per device) in the rule's loaded tables. A row without
 * ReportIds falls back to the device's events in the rule's tables within the finding's time span.
 * Query text is built only from validated pieces (digits, table names from the catalog, a device id
 * of safe characters), never from free text.
 */

import { jsonText } from '../kql/engine.js';
import type { Finding, WebRule } from './model.js';
import { runInternalQuery } from './query.js';
import type { RunData, WebState } from './state.js';
import { usersOf } from './views.js';

/** Columns an analyst reads first, in this order, when the events have them. */
export const EVIDENCE_COLUMNS: readonly string[] = [
  'ProcessCommandLine',
  'InitiatingProcessCommandLine',
  'RemoteUrl',
  'RemoteIP',
  'RemotePort',
  'FileName',
  'FolderPath',
  'SHA256',
  'ProcessVersionInfoCompanyName',
  'InitiatingProcessFileName',
  'AccountName',
  'InitiatingProcessAccountName',
];

const MAX_EVENTS = 200;
const MAX_VALUES = 8;

export interface EventTable {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  readonly total: number;
}

export interface Evidence {
  /** How the events were found. */
  readonly by: 'report-id' | 'time-span' | 'none';
  readonly tables: readonly EventTable[];
  /** Distinct values of the evidence columns over the row and its events, per column. */
  readonly values: readonly { readonly column: string; readonly values: readonly string[] }[];
  /** Accounts in the row and the events. */
  readonly users: readonly string[];
  /** The finding's hunt ran on chosen data that is no longer in memory: its events cannot be looked up. */
  readonly dataGone?: boolean;
}

const SAFE_ID = /^[A-Za-z0-9._:@-]{1,200}$/;
const TABLE = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

function literal(s: string): string {
  return `'${s}'`;
}

function datetime(iso: string): string | undefined {
  return /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(iso) ? `datetime(${iso})` : undefined;
}

function eventQuery(data: RunData, f: Finding, table: string): { text: string; by: Evidence['by'] } | undefined {
  if (!TABLE.test(table) || !data.tables.has(table)) return undefined;
  const schema = data.provider.getSchema?.(table) ?? data.provider.getTable(table)?.schema;
  const columns = new Set(schema?.columns.map((c) => c.name) ?? []);
  const device =
    f.deviceId && SAFE_ID.test(f.deviceId) && columns.has('DeviceId')
      ? ` and DeviceId == ${literal(f.deviceId)}`
      : f.deviceName && SAFE_ID.test(f.deviceName) && columns.has('DeviceName')
        ? ` and DeviceName =~ ${literal(f.deviceName)}`
        : '';
  if (f.reportIds.length > 0 && columns.has('ReportId')) {
    const ids = f.reportIds.slice(0, 1000).join(', ');
    return { text: `${table} | where ReportId in (${ids})${device} | sort by Timestamp asc`, by: 'report-id' };
  }
  const a = datetime(f.firstSeen);
  const b = datetime(f.lastSeen);
  if (device && a && b && columns.has('Timestamp'))
    return {
      text: `${table} | where Timestamp between (${a} .. ${b})${device} | sort by Timestamp asc`,
      by: 'time-span',
    };
  return undefined;
}

function cellText(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : jsonText(v);
}

function computeEvidence(state: WebState, f: Finding, rule: WebRule | undefined): Evidence {
  const tables: EventTable[] = [];
  let by: Evidence['by'] = 'none';
  const data = state.dataOfRun(f.runId);
  for (const table of data ? (rule?.rule.tables ?? []) : []) {
    const q = data ? eventQuery(data, f, table) : undefined;
    if (!q || !data) continue;
    const out = runInternalQuery(q.text, data.provider, state.now, {
      timeoutMs: 5_000,
      maxRows: MAX_EVENTS,
      maxMemoryMb: 256,
    });
    if (out.diagnostics.some((d) => d.severity === 'error')) continue;
    by = by === 'report-id' ? by : q.by;
    if (out.totalRows > 0)
      tables.push({ table, columns: out.columns.map((c) => c.name), rows: out.rows, total: out.totalRows });
  }
  const values = new Map<string, Set<string>>();
  const add = (column: string, v: unknown) => {
    const t = cellText(v).trim();
    if (t === '' || !EVIDENCE_COLUMNS.includes(column)) return;
    const set = values.get(column) ?? new Set<string>();
    if (set.size < MAX_VALUES) set.add(t);
    values.set(column, set);
  };
  for (const [k, v] of Object.entries(f.row)) add(k, v);
  const users = new Set(f.users);
  for (const t of tables)
    for (const row of t.rows) {
      const obj: Record<string, unknown> = {};
      t.columns.forEach((c, i) => {
        obj[c] = row[i];
        add(c, row[i]);
      });
      for (const u of usersOf(obj)) users.add(u);
    }
  return {
    by,
    tables,
    values: EVIDENCE_COLUMNS.flatMap((c) => {
      const set = values.get(c);
      return set && set.size > 0 ? [{ column: c, values: [...set] }] : [];
    }),
    users: [...users].sort(),
    ...(data ? {} : { dataGone: true }),
  };
}

const CACHE = new WeakMap<WebState, Map<string, Evidence>>();

/** The finding's events and evidence, computed once per finding and row (a later hunt may change it). */
export function evidenceOf(state: WebState, f: Finding): Evidence {
  let cache = CACHE.get(state);
  if (!cache) {
    cache = new Map();
    CACHE.set(state, cache);
  }
  const key = `${f.id}:${f.runId}:${f.reportIds.length}:${f.lastSeen}`;
  let e = cache.get(key);
  if (!e) {
    e = computeEvidence(state, f, state.rule(f.ruleId));
    cache.set(key, e);
  }
  return e;
}

/** Account columns looked up in a run's events (the ones `usersOf` reads). */
const USER_COLUMNS = ['AccountName', 'AccountUpn', 'InitiatingProcessAccountName', 'InitiatingProcessAccountUpn'];
/** ReportIds per batch query (the `in (…)` list stays a reasonable size). */
const BATCH_IDS = 5_000;

const RUN_USERS = new WeakMap<WebState, Map<string, ReadonlyMap<string, readonly string[]>>>();

/**
 * Accounts of every finding whose latest run is `runId`, from that run's events: one query per
 * table and batch of ReportIds for the whole run (not one per finding), kept once the run is over.
 * Findings without ReportIds are looked up one by one (by device and time span), as the finding
 * page does.
 */
function runUsers(state: WebState, runId: string): ReadonlyMap<string, readonly string[]> {
  let byRun = RUN_USERS.get(state);
  if (!byRun) {
    byRun = new Map();
    RUN_USERS.set(state, byRun);
  }
  const cached = byRun.get(runId);
  if (cached) return cached;
  const out = new Map<string, readonly string[]>();
  const findings = state.findingsOfRun(runId).filter((f) => f.runId === runId && f.users.length === 0);
  const data = state.dataOfRun(runId);
  if (data) {
    // table → ReportIds wanted; rows come back keyed by device and ReportId.
    const wanted = new Map<string, Set<number>>();
    for (const f of findings)
      for (const t of state.rule(f.ruleId)?.rule.tables ?? [])
        if (f.reportIds.length > 0 && TABLE.test(t) && data.tables.has(t)) {
          const set = wanted.get(t) ?? new Set<number>();
          for (const id of f.reportIds) set.add(id);
          wanted.set(t, set);
        }
    const seen = new Map<string, Set<string>>();
    for (const [table, idSet] of wanted) {
      const schema = data.provider.getSchema?.(table) ?? data.provider.getTable(table)?.schema;
      const columns = new Set(schema?.columns.map((c) => c.name) ?? []);
      const users = USER_COLUMNS.filter((c) => columns.has(c));
      const devices = ['DeviceId', 'DeviceName'].filter((c) => columns.has(c));
      if (!columns.has('ReportId') || devices.length === 0 || users.length === 0) continue;
      const ids = [...idSet].filter((n) => Number.isSafeInteger(n));
      for (let i = 0; i < ids.length; i += BATCH_IDS) {
        const text = `${table} | where ReportId in (${ids.slice(i, i + BATCH_IDS).join(', ')}) | project ReportId, ${devices.join(', ')}, ${users.join(', ')}`;
        const res = runInternalQuery(text, data.provider, state.now, {
          timeoutMs: 10_000,
          maxRows: 1_000_000,
          maxMemoryMb: 256,
        });
        if (res.diagnostics.some((d) => d.severity === 'error')) continue;
        for (const row of res.rows) {
          const obj: Record<string, unknown> = {};
          res.columns.forEach((c, k) => {
            obj[c.name] = row[k];
          });
          const names = usersOf(obj);
          // Indexed by DeviceId and by DeviceName: a finding's row may carry either.
          for (const d of devices) {
            const key = `${String(obj[d] ?? '').toLowerCase()}\u0000${String(obj.ReportId)}`;
            const set = seen.get(key) ?? new Set<string>();
            for (const u of names) set.add(u);
            seen.set(key, set);
          }
        }
      }
    }
    for (const f of findings) {
      if (f.reportIds.length === 0) {
        out.set(f.id, evidenceOf(state, f).users);
        continue;
      }
      // As the finding page: by DeviceId when the finding has one, else by DeviceName.
      const device = (f.deviceId || f.deviceName).toLowerCase();
      const names = new Set<string>();
      for (const id of f.reportIds) for (const u of seen.get(`${device}\u0000${id}`) ?? []) names.add(u);
      out.set(f.id, [...names].sort());
    }
  }
  // A running hunt still adds findings: only a finished run's answer is kept.
  if (state.run(runId)?.status !== 'running') byRun.set(runId, out);
  return out;
}

/** Accounts of a finding: from its row, else from its run's events (looked up once per run). */
export function usersOfFinding(state: WebState, f: Finding): readonly string[] {
  if (f.users.length > 0) return f.users;
  return runUsers(state, f.runId).get(f.id) ?? [];
}
