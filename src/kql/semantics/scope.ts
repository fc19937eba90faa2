/**
 * Name scopes of the binder: `let` symbols (scalar, tabular, user function), query parameters, and
 * the row scope an expression is evaluated in (the input columns of the current operator).
 */
import type { RawDiagnostic } from '../diagnostics.js';
import type { PExpr, PlanNode } from '../plan/nodes.js';
import type { FunctionDecl } from '../syntax/ast.js';
import type { ColumnSchema } from '../types.js';
import type { Catalog } from './binder.js';

export type NameSymbol =
  | { readonly kind: 'scalar'; readonly expr: PExpr }
  | { readonly kind: 'tabular'; readonly plan: PlanNode; readonly row: RowType }
  | { readonly kind: 'function'; readonly decl: FunctionDecl; readonly scope: Scope; readonly name: string };

/** Lexical scope of `let` names; inner scopes shadow outer ones. */
export class Scope {
  private readonly symbols = new Map<string, NameSymbol>();
  constructor(readonly parent: Scope | undefined) {}
  define(name: string, symbol: NameSymbol): void {
    this.symbols.set(name, symbol);
  }
  lookup(name: string): NameSymbol | undefined {
    return this.symbols.get(name) ?? this.parent?.lookup(name);
  }
  names(): string[] {
    return [...this.symbols.keys(), ...(this.parent?.names() ?? [])];
  }
}

/**
 * The columns of a tabular value as the binder sees them. `open` rows come from operators whose
 * output columns depend on the data (bag_unpack, pivot) or from an unresolved source after an
 * error: unknown names resolve (by name, at run time) instead of failing.
 */
export interface RowType {
  readonly columns: readonly ColumnSchema[];
  readonly open: boolean;
  /** What diagnostics call this row while it still has every column of its source ("table X"). */
  readonly label?: string;
}

export function rowType(columns: readonly ColumnSchema[], open = false): RowType {
  return { columns, open };
}

export function findColumn(row: RowType, name: string): number {
  for (let i = 0; i < row.columns.length; i++) if ((row.columns[i] as ColumnSchema).name === name) return i;
  return -1;
}

/** Shared state of one binding run. */
export interface BindContext {
  readonly diagnostics: RawDiagnostic[];
  readonly catalog: Catalog | undefined;
  /** Next id for materialize() nodes. */
  nextMaterializeId: number;
  /** Guards against runaway recursion through user functions. */
  depth: number;
  /** Values of `set name = value;` request properties (query_bin_auto_size …). */
  readonly requestProperties: Map<string, PExpr>;
  /** After `restrict access to (…)`: the only tables and tabular lets the query may name. */
  restrictedTo?: ReadonlySet<string>;
}

/**
 * Where an expression is bound: the input row, the let scope, and for sub-queries (mv-apply,
 * partition) the enclosing rows reachable through OuterColumn.
 */
export interface ExprEnv {
  readonly ctx: BindContext;
  readonly scope: Scope;
  readonly row: RowType;
  readonly outer: readonly RowType[];
  /** Set inside `join ... on` / `lookup ... on`: the two sides for $left/$right. */
  readonly joinSides?: { readonly left: RowType; readonly right: RowType };
  /** True where aggregate calls are allowed (summarize, make-series, top-nested). */
  readonly aggregates?: AggregateSink;
  /** True inside `serialize`/after sort, where row_number()/prev()/next() are valid. */
  readonly serialized?: boolean;
}

/** Collects aggregate calls met while binding a summarize expression. */
export interface AggregateSink {
  add(call: import('../plan/nodes.js').PAggregate): PExpr;
}
