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
import type { WebState } from './state.js';
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
}

const SAFE_ID = /^[A-Za-z0-9._:@-]{1,200}$/;
const TABLE = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

function literal(s: string): string {
  return `'${s}'`;
}

function datetime(iso: string): string | undefined {
  return /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(iso) ? `datetime(${iso})` : undefined;
}

function eventQuery(state: WebState, f: Finding, table: string): { text: string; by: Evidence['by'] } | undefined {
  if (!TABLE.test(table) || !state.isLoaded(table)) return undefined;
  const schema = state.provider.getSchema?.(table) ?? state.provider.getTable(table)?.schema;
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
  for (const table of rule?.rule.tables ?? []) {
    const q = eventQuery(state, f, table);
    if (!q) continue;
    const out = runInternalQuery(q.text, state.provider, state.now, {
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

/** Accounts of a finding: from its row, else from its events. */
export function usersOfFinding(state: WebState, f: Finding): readonly string[] {
  return f.users.length > 0 ? f.users : evidenceOf(state, f).users;
}
