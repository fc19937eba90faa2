/**
 * The binder: syntax tree → bound query (a typed logical plan). Resolves tables, columns, let
 * names, user functions and $left/$right; infers every operator's output schema; type-checks calls
 * against the function library. Never throws on user input.
 *
 * Layout: statements.ts (let/declare/set), tabular.ts (sources, names, calls), operators.ts and
 * ops/*.ts (one binding function per pipeline operator), scalar.ts (expressions), naming.ts
 * (Kusto's output column names), user-functions.ts (inlining), cloud.ts (cloud-only names).
 */
import { DIAG, type Diagnostic, locate } from '../diagnostics.js';
import type { ParseResult } from '../engine.js';
import type { PlanNode } from '../plan/nodes.js';
import type { TableSchema } from '../types.js';
import { report } from './report.js';
import { type BindContext, Scope } from './scope.js';
import { bindStatementsTo } from './statements.js';

/** What the binder knows about tables. */
export interface Catalog {
  getTable(name: string): TableSchema | undefined;
  tableNames(): readonly string[];
  /**
   * For a table the catalog has no schema for but knows to exist in a cloud product: that
   * product's name (the binder then reports KQL502 instead of "unknown table").
   */
  cloudOnlyTable?(name: string): string | undefined;
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
  const ctx: BindContext = { diagnostics: [], catalog, nextMaterializeId: 0, depth: 0, requestProperties: new Map() };
  let root: PlanNode | undefined;
  try {
    const scope = new Scope(undefined);
    const result = bindStatementsTo(parsed.query.statements, scope, ctx, {
      kind: 'tabular',
      env: { ctx, scope, implicit: undefined, outer: [] },
    });
    if (result.kind === 'tabular') root = result.bound.plan;
    else if (parsed.diagnostics.length === 0) report(ctx, DIAG.emptyQuery(), parsed.query.span);
  } catch (e) {
    // A binder bug must not take the caller down: report it as an internal diagnostic.
    report(ctx, DIAG.internal(e instanceof Error ? e.message : String(e)), parsed.query.span);
    root = undefined;
  }
  const diagnostics = [...parsed.diagnostics, ...locate(ctx.diagnostics, parsed.text)];
  return { parsed, root, schema: root?.schema, diagnostics };
}
