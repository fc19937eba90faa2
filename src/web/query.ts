/**
 * Runs user or rule KQL for the web app in a query worker (time, row and memory limits; the event
 * loop stays free), and turns the result into JSON-safe columns and rows. Never throws: engine
 * failures become diagnostics.
 */

import { estimateWorkerDataMb, exportProvider, QueryPool } from '../hunts/query-pool.js';
import {
  bind,
  catalogFromProvider,
  DIAG,
  type Diagnostic,
  parse,
  runQuery,
  type Table,
  type TableProvider,
  toJsonCell,
} from '../kql/engine.js';

export interface QueryLimits {
  readonly timeoutMs: number;
  /** Rows returned to the client; the engine's own operator limit is larger. */
  readonly maxRows: number;
  /** The engine's memory budget per query (KQL605), in MiB; the worker heap is sized above it. */
  readonly maxMemoryMb?: number;
}

export const DEFAULT_LIMITS: QueryLimits = { timeoutMs: 10_000, maxRows: 1_000, maxMemoryMb: 512 };
const ENGINE_MAX_ROWS = 5_000_000;

export interface QueryColumn {
  readonly name: string;
  readonly type: string;
}

export interface QueryOutcome {
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly (readonly unknown[])[];
  /** Rows the query produced (rows beyond maxRows are not sent). */
  readonly totalRows: number;
  readonly truncated: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly elapsedMs: number;
  /** Set when every query worker was busy and the queue full (KQL607): try again later. */
  readonly busy?: boolean;
  /** The query ended in `render KIND`: the chart to draw (timechart, columnchart, piechart …). */
  readonly chart?: { readonly kind: string; readonly properties: Readonly<Record<string, string>> };
}

function internal(e: unknown): Diagnostic {
  // The detail goes to the server log; the client sees a stable code and a generic message.
  console.error('kqlhunt web: query failed internally:', e);
  return { ...DIAG.internal('the query could not be run'), line: 1, column: 1, length: 0, offset: 0 };
}

/**
 * One worker pool per loaded dataset, shared by the servers built over it (tests build several)
 * and closed when the last of them closes.
 */
const pools = new Map<TableProvider, { pool: QueryPool; users: number }>();

/** The pool for `provider`, created (and its workers started) on first use. */
export function acquireQueryPool(provider: TableProvider, limits: QueryLimits = DEFAULT_LIMITS): QueryPool {
  let entry = pools.get(provider);
  if (!entry) {
    const init = exportProvider(provider);
    // Each worker holds its own copy of the string data, then the query's budget, plus room for
    // the engine itself and garbage not yet collected.
    const heapMb = estimateWorkerDataMb(init) + (limits.maxMemoryMb ?? 512) + 256;
    const pool = new QueryPool(init, { heapMb, log: (line) => console.error(line) });
    pool.warm();
    entry = { pool, users: 0 };
    pools.set(provider, entry);
  }
  entry.users++;
  return entry.pool;
}

export async function releaseQueryPool(provider: TableProvider): Promise<void> {
  const entry = pools.get(provider);
  if (!entry || --entry.users > 0) return;
  pools.delete(provider);
  await entry.pool.close();
}

/** Runs `text` in a query worker (see src/hunts/query-pool.ts); never rejects. */
export async function runWebQuery(
  text: string,
  provider: TableProvider,
  now: bigint | undefined,
  limits: QueryLimits = DEFAULT_LIMITS,
): Promise<QueryOutcome> {
  const started = performance.now();
  const entry = pools.get(provider);
  const pool = entry?.pool ?? acquireQueryPool(provider, limits);
  try {
    const out = await pool.run({
      text,
      timeoutMs: limits.timeoutMs,
      maxRows: ENGINE_MAX_ROWS,
      ...(limits.maxMemoryMb !== undefined ? { maxMemoryMb: limits.maxMemoryMb } : {}),
      ...(now === undefined ? {} : { now }),
      headRows: limits.maxRows,
    });
    const elapsedMs = Math.round(performance.now() - started);
    const answer = out.result
      ? shape(out.result.table, out.result.totalRows, limits.maxRows, out.diagnostics, elapsedMs, out.result.chart)
      : failed(out.diagnostics, elapsedMs);
    return out.busy ? { ...answer, busy: true } : answer;
  } catch (e) {
    return failed([internal(e)], 0);
  } finally {
    // A query made without a server (tests of this module) does not keep workers alive.
    if (!entry) await releaseQueryPool(provider);
  }
}

/**
 * Runs one of the app's own queries in process (the evidence lookups of a finding: a filter on
 * ReportId/DeviceId with small limits). Never user text: that goes through `runWebQuery`'s workers.
 */
export function runInternalQuery(
  text: string,
  provider: TableProvider,
  now: bigint | undefined,
  limits: QueryLimits,
): QueryOutcome {
  const started = performance.now();
  try {
    const out = runQuery(text, {
      provider,
      timeoutMs: limits.timeoutMs,
      maxRows: ENGINE_MAX_ROWS,
      ...(limits.maxMemoryMb !== undefined ? { maxMemoryMb: limits.maxMemoryMb } : {}),
      ...(now === undefined ? {} : { now }),
    });
    const elapsedMs = Math.round(performance.now() - started);
    return out.result
      ? shape(out.result.table, out.result.table.rowCount, limits.maxRows, out.diagnostics, elapsedMs)
      : failed(out.diagnostics, elapsedMs);
  } catch (e) {
    return failed([internal(e)], 0);
  }
}

function failed(diagnostics: readonly Diagnostic[], elapsedMs: number): QueryOutcome {
  return { columns: [], rows: [], totalRows: 0, truncated: false, diagnostics, elapsedMs };
}

/** The first `maxRows` rows of a result as JSON-safe cells (only those are converted). */
function shape(
  table: Table,
  totalRows: number,
  maxRows: number,
  diagnostics: readonly Diagnostic[],
  elapsedMs: number,
  chart?: QueryOutcome['chart'],
): QueryOutcome {
  const schema = table.schema.columns;
  const rows: unknown[][] = [];
  for (let r = 0; r < Math.min(table.rowCount, maxRows); r++)
    rows.push(table.columns.map((c, i) => toJsonCell(c.get(r), schema[i]?.type ?? 'dynamic')));
  return {
    columns: schema.map((c) => ({ name: c.name, type: c.type })),
    rows,
    totalRows,
    truncated: totalRows > rows.length,
    diagnostics,
    elapsedMs,
    ...(chart ? { chart } : {}),
  };
}

/** Parse + bind only: the as-you-type check. */
export function checkQuery(text: string, provider: TableProvider): readonly Diagnostic[] {
  try {
    const parsed = parse(text);
    const bound = bind(parsed, { catalog: catalogFromProvider(provider) });
    const seen = new Set(parsed.diagnostics);
    return [...parsed.diagnostics, ...bound.diagnostics.filter((d) => !seen.has(d))];
  } catch (e) {
    return [internal(e)];
  }
}
