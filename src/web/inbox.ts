/**
 * The findings inbox: every finding across rules and runs, filtered, sorted, de-duplicated and
 * paged. Two findings are one "thing" when they are on the same device and share raw events
 * (ReportIds) — the RMM pack's "All tools" sweep and the per-tool rule both find the same process
 * — so the inbox shows one row per group, with the others listed as "also found by".
 */
import { usersOfFinding } from './evidence.js';
import type { Finding, TriageState, WebRule } from './model.js';
import { triageStateOf } from './model.js';
import { originOf } from './search.js';
import type { WebState } from './state.js';

export const INBOX_SORTS = ['newest', 'oldest', 'severity', 'count', 'device', 'rule'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
export const PAGE_SIZE = 50;

export interface InboxQuery {
  readonly state?: TriageState;
  readonly severity?: string;
  readonly rule?: string;
  readonly device?: string;
  readonly user?: string;
  readonly source?: string;
  readonly assignee?: string;
  /** The data label of the finding's latest hunt. */
  readonly data?: string;
  /** ISO dates (inclusive): findings last seen on or after `from`, first seen on or before `to`. */
  readonly from?: string;
  readonly to?: string;
  readonly sort: InboxSort;
  readonly page: number;
  /** Group duplicates (default on). */
  readonly group: boolean;
}

export interface InboxItem {
  readonly finding: Finding;
  readonly rule: WebRule | undefined;
  readonly severity: string;
  readonly source: string;
  readonly users: readonly string[];
  /** What the finding's latest hunt ran on (its run's data label). */
  readonly data: string;
  /** Other findings of the same thing (same device, shared events), by other rules. */
  readonly duplicates: readonly Finding[];
}

export interface InboxPage {
  readonly items: readonly InboxItem[];
  /** Items (groups) after filtering, before paging. */
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  /** Counts of each filter value over the unfiltered inbox (state, severity, source, rule, device, user, assignee). */
  readonly facets: Readonly<Record<InboxFacet, readonly (readonly [string, number])[]>>;
}

export const INBOX_FACETS = ['state', 'severity', 'source', 'rule', 'device', 'user', 'assignee', 'data'] as const;
export type InboxFacet = (typeof INBOX_FACETS)[number];

const SEVERITY_RANK: Readonly<Record<string, number>> = { high: 0, medium: 1, low: 2, informational: 3, info: 3 };

const str = (v: unknown, max = 200) => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : undefined);
const isoDate = (v: unknown) => {
  const s = str(v, 40);
  return s && /^\d{4}-\d\d-\d\d(T[\d:.]+Z?)?$/.test(s) ? s : undefined;
};

/** The inbox query from URL parameters; unknown values are dropped, never errors. */
export function inboxQueryFrom(p: Readonly<Record<string, unknown>>): InboxQuery {
  const sort = INBOX_SORTS.find((s) => s === p.sort) ?? 'newest';
  const page = typeof p.page === 'string' && /^\d{1,6}$/.test(p.page) ? Math.max(1, Number(p.page)) : 1;
  const state = triageStateOf(p.state);
  const q: Record<string, unknown> = { sort, page, group: p.group !== '0' };
  if (state) q.state = state;
  for (const k of ['severity', 'rule', 'device', 'user', 'source', 'assignee', 'data'] as const) {
    const v = str(p[k], k === 'data' ? 1000 : 200);
    if (v !== undefined) q[k] = v;
  }
  const from = isoDate(p.from);
  const to = isoDate(p.to);
  if (from) q.from = from;
  if (to) q.to = to;
  return q as unknown as InboxQuery;
}

/** The query as URL parameters (for links that keep the filters: pages, sorting, return after a POST). */
export function inboxParams(q: InboxQuery, change: Partial<Record<string, string | number | undefined>> = {}): string {
  const p = new URLSearchParams();
  const all: Record<string, unknown> = { ...q, group: q.group ? undefined : '0', ...change };
  for (const [k, v] of Object.entries(all)) {
    if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'sort' && v === 'newest')) continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Union-find over findings: same device and at least one shared ReportId. */
function groups(findings: readonly Finding[]): Finding[][] {
  const parent = findings.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const owner = new Map<string, number>();
  findings.forEach((f, i) => {
    const device = f.deviceId || f.deviceName;
    for (const id of f.reportIds) {
      const key = `${device}\u0000${id}`;
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const out = new Map<number, Finding[]>();
  findings.forEach((f, i) => {
    const root = find(i);
    const list = out.get(root);
    if (list) list.push(f);
    else out.set(root, [f]);
  });
  return [...out.values()];
}

/** A sweep over many tools ("All tools") is less specific than a rule for one tool. */
function specificity(f: Finding, rule: WebRule | undefined): number {
  const sweep = /\ball tools\b/i.test(f.ruleName) ? 1 : 0;
  const tools = rule?.rule.tags.filter((t) => /^rmm:/i.test(t)).length ?? 0;
  return sweep * 1000 + (tools === 0 ? 100 : tools) + f.reportIds.length / 1e6;
}

function severityOf(rule: WebRule | undefined): string {
  return rule?.enrichment.severity.level ?? 'unknown';
}

/** Every inbox item (grouped or not), unfiltered, in the store's order. */
export function inboxItems(state: WebState, group: boolean): InboxItem[] {
  const findings = state.allFindings();
  const sets = group ? groups(findings) : findings.map((f) => [f]);
  return sets.map((set) => {
    const ranked = [...set].sort(
      (a, b) =>
        specificity(a, state.rule(a.ruleId)) - specificity(b, state.rule(b.ruleId)) ||
        a.ruleName.localeCompare(b.ruleName),
    );
    const finding = ranked[0]!;
    const rule = state.rule(finding.ruleId);
    const users = new Set<string>();
    for (const f of set) for (const u of usersOfFinding(state, f)) users.add(u);
    return {
      finding,
      rule,
      severity: severityOf(rule),
      source: rule ? originOf(rule) : 'unknown',
      users: [...users].sort(),
      data: state.runLabel(finding.runId),
      duplicates: ranked.slice(1),
    };
  });
}

function facetValues(item: InboxItem, f: InboxFacet): readonly string[] {
  switch (f) {
    case 'state':
      return [item.finding.triage];
    case 'severity':
      return [item.severity];
    case 'source':
      return [item.source];
    case 'rule':
      return [item.finding.ruleName, ...item.duplicates.map((d) => d.ruleName)];
    case 'device':
      return [item.finding.deviceName];
    case 'user':
      return item.users;
    case 'assignee':
      return [item.finding.assignee || '(nobody)'];
    case 'data':
      return [item.data];
    default: {
      const never: never = f;
      return never;
    }
  }
}

function matches(item: InboxItem, q: InboxQuery): boolean {
  const f = item.finding;
  if (q.state && f.triage !== q.state) return false;
  if (q.severity && item.severity !== q.severity) return false;
  if (q.source && item.source !== q.source) return false;
  if (q.rule && !facetValues(item, 'rule').includes(q.rule) && f.ruleId !== q.rule) return false;
  if (q.device && f.deviceName.toLowerCase() !== q.device.toLowerCase() && f.deviceId !== q.device) return false;
  if (q.user && !item.users.includes(q.user.toLowerCase())) return false;
  if (q.assignee && (f.assignee || '(nobody)') !== q.assignee) return false;
  if (q.data && item.data !== q.data) return false;
  if (q.from && f.lastSeen && f.lastSeen < q.from) return false;
  // A bare date means the whole day.
  if (q.to && f.firstSeen && f.firstSeen > (q.to.length === 10 ? `${q.to}T23:59:59.9999999Z` : q.to)) return false;
  return true;
}

const COMPARE: Readonly<Record<InboxSort, (a: InboxItem, b: InboxItem) => number>> = {
  newest: (a, b) => (b.finding.lastSeen < a.finding.lastSeen ? -1 : b.finding.lastSeen > a.finding.lastSeen ? 1 : 0),
  oldest: (a, b) =>
    a.finding.firstSeen < b.finding.firstSeen ? -1 : a.finding.firstSeen > b.finding.firstSeen ? 1 : 0,
  severity: (a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) || COMPARE.newest(a, b),
  count: (a, b) => b.finding.count - a.finding.count || COMPARE.newest(a, b),
  device: (a, b) => a.finding.deviceName.localeCompare(b.finding.deviceName) || COMPARE.newest(a, b),
  rule: (a, b) => a.finding.ruleName.localeCompare(b.finding.ruleName) || COMPARE.newest(a, b),
};

export function inboxPage(state: WebState, q: InboxQuery): InboxPage {
  const all = inboxItems(state, q.group);
  const facets = {} as Record<InboxFacet, (readonly [string, number])[]>;
  for (const f of INBOX_FACETS) {
    const counts = new Map<string, number>();
    for (const item of all) for (const v of new Set(facetValues(item, f))) counts.set(v, (counts.get(v) ?? 0) + 1);
    facets[f] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }
  const filtered = all.filter((i) => matches(i, q)).sort(COMPARE[q.sort]);
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const page = Math.min(q.page, pages);
  return {
    items: filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    total: filtered.length,
    page,
    pages,
    facets,
  };
}

/** The group a finding belongs to (itself first), for the finding page's "also found by". */
export function groupOf(state: WebState, f: Finding): InboxItem | undefined {
  return inboxItems(state, true).find((i) => i.finding.id === f.id || i.duplicates.some((d) => d.id === f.id));
}
