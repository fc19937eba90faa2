/**
 * `findings export-test`: a triaged finding → a rule test. The evidence is found again in the data
 * of the run that last saw the finding: the rule's rows before it summarises (the same cut
 * exclusions use), narrowed to the rows whose columns equal the finding's keys, and cut down to the
 * columns the rule reads (the engine's `readColumns`). A true positive becomes "fires, with these
 * keys"; a false positive or benign finding becomes "does not fire" — with the rule's exclusions
 * enabled, so the test holds the tuning to what the team decided.
 */
import { catalogFromProvider, formatDatetime, readColumns, runQuery } from '../../kql/engine.js';
import { pipelineShape } from '../../rules/exclusions/pipeline.js';
import type { Rule } from '../../rules/model.js';
import type { FindingRecord } from '../../store/types.js';
import { overlayCatalog } from '../../telemetry/schemas.js';
import type { TelemetryStore } from '../../telemetry/store.js';
import { rowObject } from '../entities.js';
import { huntProvider } from '../provider.js';
import { cellMatches } from './compare.js';

/** Evidence rows kept at most (the first ones, in data order). */
export const MAX_EVIDENCE_ROWS = 100;

export interface Evidence {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
  /** Finding keys that are columns of the evidence (the ones used to find it). */
  readonly matchedOn: readonly string[];
  /** More rows matched than were kept. */
  readonly truncated: boolean;
}

export type EvidenceResult =
  | { readonly ok: true; readonly value: Evidence }
  | { readonly ok: false; readonly error: string };

export function findEvidence(
  rule: Rule,
  keys: Readonly<Record<string, unknown>>,
  data: TelemetryStore,
  now: bigint,
): EvidenceResult {
  const shape = pipelineShape(rule.query);
  if (!shape?.table) return { ok: false, error: 'the rule has no single source table to take rows from' };
  const provider = huntProvider(data);
  const catalog = overlayCatalog(catalogFromProvider(data));
  const read = readColumns(rule.query, catalog)?.get(shape.table);
  if (!read || (read !== 'all' && read.size === 0))
    return { ok: false, error: `the rule reads no column of ${shape.table}` };
  const prefix = rule.query.slice(0, shape.insertAt);
  const r = runQuery(prefix, { provider, catalog, now, timeoutMs: 60_000 });
  const err = r.diagnostics.find((d) => d.severity === 'error');
  if (err || !r.result)
    return { ok: false, error: `the rule's rows could not be read: ${err?.code ?? ''} ${err?.message ?? 'no result'}` };
  const table = r.result.table;
  const types = new Map(table.schema.columns.map((c) => [c.name, c.type as string]));
  const sourceColumns = new Set((provider.getSchema?.(shape.table)?.columns ?? []).map((c) => c.name));
  const matchedOn = Object.keys(keys).filter((k) => types.has(k));
  if (matchedOn.length === 0)
    return {
      ok: false,
      error: `none of the finding's keys (${Object.keys(keys).join(', ')}) is a column of ${shape.table}`,
    };
  // In the result's column order; 'all' (an operator the projection cannot see through) keeps every source column.
  const columns = [...types.keys()].filter((c) => sourceColumns.has(c) && (read === 'all' || read.has(c)));
  const rows: Record<string, unknown>[] = [];
  let matched = 0;
  for (let i = 0; i < table.rowCount; i++) {
    const row = rowObject(table, i);
    if (!matchedOn.every((k) => cellMatches(keys[k], row[k], types.get(k)!))) continue;
    matched++;
    if (rows.length < MAX_EVIDENCE_ROWS) rows.push(Object.fromEntries(columns.map((c) => [c, row[c]])));
  }
  if (rows.length === 0) return { ok: false, error: `no ${shape.table} row of the data matches the finding's keys` };
  return { ok: true, value: { table: shape.table, columns, rows, matchedOn, truncated: matched > rows.length } };
}

/** The test (tests-file form) for a triaged finding; undefined for an untriaged one. */
export function testForFinding(
  finding: FindingRecord,
  evidence: Evidence,
  now: bigint,
): Record<string, unknown> | undefined {
  const keysText = Object.values(finding.keys).map(String).join(', ');
  const input = { tables: { [evidence.table]: evidence.rows } };
  const base = { now: formatDatetime(now), exclusions: 'enabled', input };
  switch (finding.state) {
    case 'true_positive':
      return {
        name: `true positive ${finding.id.slice(0, 8)} fires: ${keysText}`,
        ...base,
        expect: { fires: true, rows: [{ ...finding.keys }] },
      };
    case 'false_positive':
    case 'benign':
      return {
        name: `${finding.state.replace('_', ' ')} ${finding.id.slice(0, 8)} does not fire once tuned: ${keysText}`,
        ...base,
        expect: { fires: false },
      };
    case 'new':
      return undefined;
    default: {
      const never: never = finding.state;
      return never;
    }
  }
}
