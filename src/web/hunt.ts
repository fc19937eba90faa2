/**
 * A hunt: every rule runs on the loaded data with `now()` at the data's end; each result row becomes
 * a finding (one per rule and device when the rule summarises by device, as the RMM rules do).
 * Stands in for src/hunts/runHunt until that lands.
 */
import { randomUUID } from 'node:crypto';
import { formatDatetime } from '../kql/values.js';
import type { Finding, Run, WebRule } from './model.js';
import { runWebQuery } from './query.js';
import type { WebState } from './state.js';

const PER_RULE = { timeoutMs: 10_000, maxRows: 500 };
const FIRST_COLUMNS = ['FirstSeen', 'StartTime', 'Timestamp', 'TimeGenerated'];
const LAST_COLUMNS = ['LastSeen', 'EndTime', 'Timestamp', 'TimeGenerated'];

function pick(row: Readonly<Record<string, unknown>>, names: readonly string[]): unknown {
  for (const n of names) if (row[n] !== undefined && row[n] !== null && row[n] !== '') return row[n];
  return undefined;
}

function text(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}

function findingsOf(run: Run, r: WebRule, state: WebState): Finding[] {
  const out = runWebQuery(r.rule.query, state.provider, state.now, PER_RULE);
  const error = out.diagnostics.find((d) => d.severity === 'error');
  if (error) {
    run.errors.push({ ruleId: r.rule.id, message: `${error.code}: ${error.message}` });
    return [];
  }
  return out.rows.map((cells, i) => {
    const row: Record<string, unknown> = {};
    out.columns.forEach((c, j) => {
      row[c.name] = cells[j];
    });
    const count = typeof row.Count === 'number' ? row.Count : typeof row.count_ === 'number' ? row.count_ : 1;
    return {
      id: `${run.id}.${state.rules.indexOf(r)}.${i}`,
      runId: run.id,
      ruleId: r.rule.id,
      ruleName: r.rule.name,
      deviceId: text(pick(row, ['DeviceId', 'Computer', 'AadDeviceId'])),
      deviceName: text(pick(row, ['DeviceName', 'Computer', 'HostName'])) || '(unknown device)',
      firstSeen: text(pick(row, FIRST_COLUMNS)),
      lastSeen: text(pick(row, LAST_COLUMNS)),
      count,
      row,
      triage: 'new',
      note: '',
    };
  });
}

/** Runs `rules` (default: every rule whose tables are loaded) and records the run in `state`. */
export function runHunt(state: WebState, rules: readonly WebRule[] = state.rules.filter((r) => state.hasData(r))): Run {
  const run: Run = {
    id: randomUUID().slice(0, 8),
    startedAt: new Date().toISOString(),
    finishedAt: '',
    now: state.now === undefined ? '' : formatDatetime(state.now),
    rulesRun: 0,
    errors: [],
    findingIds: [],
  };
  const findings: Finding[] = [];
  for (const r of rules) {
    findings.push(...findingsOf(run, r, state));
    run.rulesRun++;
  }
  run.findingIds.push(...findings.map((f) => f.id));
  run.finishedAt = new Date().toISOString();
  state.addRun(run, findings);
  return run;
}
