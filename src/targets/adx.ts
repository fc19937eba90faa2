/**
 * Azure Data Explorer (and Fabric Eventhouse, the Kusto emulator) through azure-kusto-data, loaded
 * only when an adx:// target is used. Each query goes to the v2 REST endpoint with request
 * properties: `servertimeout` (the rule's time limit), `query_now` (so now()/ago() mean the hunt's
 * now, as locally) and `truncationmaxrecords` (the row limit). The raw v2 frames are read so that a
 * result the service cut short (row/size limit, a partial failure) is kept and reported as partial
 * rather than dropped.
 */

import type { TokenCredential } from '@azure/core-auth';
import { formatDatetime } from '../kql/engine.js';
import type { TargetAddress } from './address.js';
import { targetDiagnostics } from './capabilities.js';
import { remoteTable } from './cells.js';
import { classify, malformed } from './failures.js';
import { withRetry } from './retry.js';
import type { QueryTarget, TargetOutcome, TargetQuery } from './types.js';

/** ADX's default result limits (500,000 records / 64 MB) unless the query says otherwise. */
export const ADX_MAX_ROWS = 500_000;

interface Frame {
  FrameType?: string;
  TableKind?: string;
  TableName?: string;
  Columns?: { ColumnName: string; ColumnType?: string; DataType?: string }[];
  Rows?: unknown[];
  HasErrors?: boolean;
  Cancelled?: boolean;
  OneApiErrors?: { error?: { message?: string; '@message'?: string; code?: string } }[];
}

export async function adxTarget(
  addr: Extract<TargetAddress, { kind: 'adx' }>,
  credential: TokenCredential | undefined,
): Promise<QueryTarget> {
  const kusto = await import('azure-kusto-data');
  const kcsb = credential
    ? kusto.KustoConnectionStringBuilder.withTokenCredential(addr.cluster, credential)
    : new kusto.KustoConnectionStringBuilder(addr.cluster);
  const client = new kusto.Client(kcsb);
  const where = addr.text;
  return {
    kind: 'adx',
    address: addr.text,
    remote: true,
    limits: `ADX: up to ${ADX_MAX_ROWS} rows or 64 MB per result (more is reported as partial), server timeout per rule, 429 retried with back-off`,
    check: (text) => targetDiagnostics('adx', addr.text, text),
    async run(q: TargetQuery): Promise<TargetOutcome> {
      const props = new kusto.ClientRequestProperties();
      props.raw = true;
      if (q.timeoutMs) {
        props.setTimeout(q.timeoutMs);
        props.setClientTimeout(q.timeoutMs + 5_000);
      }
      if (q.now !== undefined) props.setOption('query_now', formatDatetime(q.now));
      props.setOption('truncationmaxrecords', ADX_MAX_ROWS);
      let raw: unknown;
      try {
        raw = await withRetry(() => client.execute(addr.database, q.text, props));
      } catch (e) {
        return { ok: false, failure: classify(e, where) };
      }
      return readFrames(raw, where);
    },
    async close() {
      client.close();
    },
  };
}

/** The v2 response: DataSetHeader, DataTable frames (one PrimaryResult), DataSetCompletion. */
export function readFrames(raw: unknown, where: string): TargetOutcome {
  const frames = typeof raw === 'string' ? safeJson(raw) : raw;
  if (!Array.isArray(frames)) return { ok: false, failure: malformed(where, 'expected a JSON array of v2 frames') };
  const primary = (frames as Frame[]).find((f) => f?.FrameType === 'DataTable' && f.TableKind === 'PrimaryResult');
  const completion = (frames as Frame[]).find((f) => f?.FrameType === 'DataSetCompletion');
  const errors = (completion?.OneApiErrors ?? [])
    .map((x) => x.error?.['@message'] ?? x.error?.message ?? x.error?.code)
    .filter((m): m is string => typeof m === 'string');
  if (!primary) {
    if (completion?.HasErrors)
      return { ok: false, failure: { kind: 'query', code: 'TGT100', message: errors[0] ?? 'the query failed' } };
    return { ok: false, failure: malformed(where, 'no PrimaryResult table') };
  }
  if (!Array.isArray(primary.Columns) || !Array.isArray(primary.Rows))
    return { ok: false, failure: malformed(where, 'a PrimaryResult table without Columns/Rows') };
  // Rows may carry in-band error objects (a failure after some rows were sent).
  const rows = primary.Rows.filter((r) => Array.isArray(r));
  const inband = primary.Rows.filter((r) => !Array.isArray(r)).map((r) => JSON.stringify(r).slice(0, 200));
  const table = remoteTable(
    primary.Columns.map((c) => ({ name: c.ColumnName, type: c.ColumnType ?? c.DataType })),
    rows,
  );
  const problems = [...errors, ...inband];
  if (completion?.HasErrors || completion?.Cancelled || inband.length > 0) {
    if (rows.length === 0 && !completion?.Cancelled)
      return { ok: false, failure: { kind: 'query', code: 'TGT100', message: problems[0] ?? 'the query failed' } };
    return { ok: true, table, partial: problems[0] ?? 'the service cut the result short', diagnostics: [] };
  }
  return { ok: true, table, diagnostics: [] };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
