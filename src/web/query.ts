/**
 * Runs user or rule KQL for the web app with a time limit and a row limit, and turns the result into
 * JSON-safe columns and rows. Never throws: engine failures become diagnostics.
 */

import type { TableProvider } from '../kql/engine.js';
import {
  bind,
  catalogFromProvider,
  DIAG,
  type Diagnostic,
  parse,
  runQuery,
  tableRows,
  toJsonCell,
} from '../kql/engine.js';

export interface QueryLimits {
  readonly timeoutMs: number;
  /** Rows returned to the client; the engine's own operator limit is larger. */
  readonly maxRows: number;
}

export const DEFAULT_LIMITS: QueryLimits = { timeoutMs: 10_000, maxRows: 1_000 };
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
}

function internal(e: unknown): Diagnostic {
  // The detail goes to the server log; the client sees a stable code and a generic message.
  console.error('kqlhunt web: query failed internally:', e);
  return { ...DIAG.internal('the query could not be run'), line: 1, column: 1, length: 0, offset: 0 };
}

export function runWebQuery(
  text: string,
  provider: TableProvider,
  now: bigint | undefined,
  limits: QueryLimits = DEFAULT_LIMITS,
): QueryOutcome {
  const started = performance.now();
  try {
    const out = runQuery(text, {
      provider,
      timeoutMs: limits.timeoutMs,
      maxRows: ENGINE_MAX_ROWS,
      ...(now === undefined ? {} : { now }),
    });
    const elapsedMs = Math.round(performance.now() - started);
    if (!out.result)
      return { columns: [], rows: [], totalRows: 0, truncated: false, diagnostics: out.diagnostics, elapsedMs };
    const schema = out.result.table.schema.columns;
    const all = tableRows(out.result.table);
    const rows = all.slice(0, limits.maxRows).map((r) => r.map((v, i) => toJsonCell(v, schema[i]?.type ?? 'dynamic')));
    return {
      columns: schema.map((c) => ({ name: c.name, type: c.type })),
      rows,
      totalRows: all.length,
      truncated: all.length > limits.maxRows,
      diagnostics: out.diagnostics,
      elapsedMs,
    };
  } catch (e) {
    return { columns: [], rows: [], totalRows: 0, truncated: false, diagnostics: [internal(e)], elapsedMs: 0 };
  }
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
