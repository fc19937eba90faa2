/** The executor: runs a plan over columnar tables. */
import type { Diagnostic } from '../diagnostics.js';
import type { PlanNode } from '../plan/nodes.js';
import type { TableSchema } from '../types.js';
import type { Table, TableProvider } from './table.js';

export interface ExecuteOptions {
  readonly provider: TableProvider;
  /** The instant `now()` returns for the whole query (ticks since 1970); defaults to the wall clock. */
  readonly now?: bigint;
  /** Wall-clock limit; exceeding it fails with KQL601. */
  readonly timeoutMs?: number;
  /** Limit on rows any operator may produce; exceeding it fails with KQL602. */
  readonly maxRows?: number;
  /** Set `cancelled` to true (e.g. from a signal handler) to stop the query with KQL603. */
  readonly cancel?: { cancelled: boolean };
  /** Local files `externaldata` may read (absolute paths or directories); nothing else is read. */
  readonly allowFiles?: readonly string[];
}

export interface QueryResult {
  readonly schema: TableSchema;
  readonly table: Table;
  /** Set when the query ends in `render`. */
  readonly chart?: { readonly kind: string; readonly properties: Readonly<Record<string, string>> };
  /** Extra named results (fork/facet branches beyond the first). */
  readonly extraTables?: readonly { readonly name: string; readonly table: Table }[];
  readonly diagnostics: readonly Diagnostic[];
  readonly stats: { readonly elapsedMs: number; readonly rowsScanned: number };
}

export function executePlan(plan: PlanNode, options: ExecuteOptions): QueryResult {
  void plan;
  void options;
  throw new Error('not implemented');
}
