/**
 * Store records → the web's Finding and Run views. The store keeps a finding's entity keys and its
 * latest row; the page wants a device, a time span and a count, read from the usual column names.
 */

import { jsonText } from '../kql/engine.js';
import type { FindingRecord, RuleResultRecord, RunRecord } from '../store/types.js';
import type { Finding, Run } from './model.js';

const FIRST_COLUMNS = ['FirstSeen', 'StartTime', 'Timestamp', 'TimeGenerated'] as const;
const LAST_COLUMNS = ['LastSeen', 'EndTime', 'Timestamp', 'TimeGenerated'] as const;
const DEVICE_ID_COLUMNS = ['DeviceId', 'Computer', 'AadDeviceId'] as const;
const DEVICE_NAME_COLUMNS = ['DeviceName', 'Computer', 'HostName'] as const;
const COUNT_COLUMNS = ['Count', 'count_', 'Connections', 'Events'] as const;

function pick(row: Readonly<Record<string, unknown>>, names: readonly string[]): unknown {
  for (const n of names) {
    const v = row[n];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

function text(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : jsonText(v);
}

function countOf(row: Readonly<Record<string, unknown>>): number {
  const v = pick(row, COUNT_COLUMNS);
  // Long cells may arrive as numeric strings from the JSON cell encoding.
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : undefined;
  return n ?? 1;
}

const ACCOUNT_COLUMNS = [
  'AccountName',
  'AccountUpn',
  'InitiatingProcessAccountName',
  'InitiatingProcessAccountUpn',
  'UserPrincipalName',
] as const;

/** ReportIds from a `Report`/`ReportIds` list or a `ReportId` cell (numbers or digit strings). */
export function reportIdsOf(row: Readonly<Record<string, unknown>>): number[] {
  const out: number[] = [];
  const add = (v: unknown) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : Number.NaN;
    if (Number.isSafeInteger(n) && !out.includes(n)) out.push(n);
  };
  for (const key of ['Report', 'ReportIds', 'ReportId']) {
    const v = row[key];
    if (Array.isArray(v)) v.forEach(add);
    else if (v !== undefined && v !== null) add(v);
  }
  return out;
}

/** Account names in a row, lower-cased and de-duplicated (system accounts included: they are real). */
export function usersOf(row: Readonly<Record<string, unknown>>): string[] {
  const out = new Set<string>();
  for (const c of ACCOUNT_COLUMNS) {
    const v = row[c];
    // A UPN and an account name of the same person are one user: keep the name before the @.
    if (typeof v === 'string' && v.trim() !== '') out.add(v.trim().toLowerCase().split('@')[0]!);
  }
  return [...out];
}

export function findingView(f: FindingRecord): Finding {
  const row = f.row;
  const both = { ...f.keys, ...row };
  return {
    id: f.id,
    runId: String(f.lastRun),
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    deviceId: text(pick(both, DEVICE_ID_COLUMNS)),
    deviceName: text(pick(both, DEVICE_NAME_COLUMNS)) || '(unknown device)',
    firstSeen: text(pick(row, FIRST_COLUMNS)),
    lastSeen: text(pick(row, LAST_COLUMNS)),
    count: countOf(row),
    row,
    triage: f.state,
    note: f.comment,
    assignee: f.assignee,
    updatedAt: f.updatedAt,
    reportIds: reportIdsOf(row),
    users: usersOf(both),
  };
}

export function runView(r: RunRecord, results: readonly RuleResultRecord[], findingCount: number): Run {
  return {
    id: String(r.id),
    startedAt: r.startedAt,
    finishedAt: r.finishedAt ?? '',
    status: r.status,
    now: r.now ?? '',
    rulesRun: r.rulesRun,
    rulesWithFindings: r.rulesWithFindings,
    errors: results.flatMap((x) => (x.error ? [{ ruleId: x.ruleId, message: x.error }] : [])),
    findingCount,
    tuned: results.flatMap((x) => {
      const list = x.exclusions ?? [];
      if (list.length === 0) return [];
      return [
        {
          ruleId: x.ruleId,
          ruleName: x.ruleName,
          baselineRows: x.baselineRows ?? 0,
          suppressedRows: x.suppressedRows ?? 0,
          exclusions: list.map((e) => ({
            id: e.exclusionId,
            scenario: e.scenario,
            applied: e.applied,
            suppressed: e.suppressed,
            benign: e.benign,
            malicious: e.malicious,
            error: e.error,
          })),
        },
      ];
    }),
    groundTruth: r.groundTruth === true,
    dataLabel: runDataLabel(r),
    ...(r.dataKind ? { dataKind: r.dataKind } : {}),
    ...(r.load ? { load: r.load } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

/** What a run hunted, for people: its recorded label, else one made from what older runs recorded. */
export function runDataLabel(r: RunRecord): string {
  if (r.dataLabel) return r.dataLabel;
  if (r.dataKind === 'remote') return `${r.target} (remote)`;
  const paths = r.dataPaths.join(', ');
  if (r.dataKind === 'demo') return `demo fleet${paths ? ` (${paths})` : ''}`;
  return paths || '(no data)';
}

/** A run id from a URL segment: digits only, else undefined. */
export function runIdOf(s: string): number | undefined {
  return /^\d{1,12}$/.test(s) ? Number(s) : undefined;
}
