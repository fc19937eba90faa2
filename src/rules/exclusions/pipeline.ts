/**
 * Where exclusions go in a query: the main pipeline of the last statement, its source table, and the
 * insertion point — right after the last `where` before the first `summarize` (or, with no `where`
 * there, right before the `summarize`; with no `summarize`, after the last `where`). Works on the
 * engine's syntax-tree spans so the rest of the query text stays byte-identical.
 */

import type { Expr, ExprStatement, LetStatement, Query, Span, TabularOperator } from '../../kql/engine.js';
import { parse } from '../../kql/engine.js';
import { tablesOfTree } from '../tables.js';

export interface PipelineShape {
  /** Offset in the query text where `| where not(...)` lines go. */
  readonly insertAt: number;
  /** The table whose columns exclusions name; undefined when it cannot be told. */
  readonly table: string | undefined;
  /** The operators of the main pipeline, in order. */
  readonly operators: readonly { readonly kind: TabularOperator['kind']; readonly span: Span }[];
  readonly hasSummarize: boolean;
}

function flatten(e: Expr): { source: Expr; ops: TabularOperator[] } {
  const ops: TabularOperator[] = [];
  let cur = e;
  while (cur.kind === 'Pipe') {
    ops.unshift(cur.operator);
    cur = cur.source;
  }
  while (cur.kind === 'Paren') cur = cur.expr;
  return { source: cur, ops };
}

/** The table a pipeline source names, following `let x = Table | ...` chains. */
function sourceTable(source: Expr, query: Query, depth = 0): string | undefined {
  if (source.kind !== 'NameRef' || depth > 16) return undefined;
  const binding = query.statements.find(
    (s): s is LetStatement => s.kind === 'Let' && s.name.name === source.name && s.value.kind !== 'FunctionDecl',
  );
  if (!binding) return source.name;
  const value = binding.value as Expr;
  return sourceTable(flatten(value).source, query, depth + 1);
}

/** Finds the main pipeline of `text`; undefined when the query has no tabular expression statement. */
export function pipelineShape(text: string): PipelineShape | undefined {
  const { query } = parse(text);
  const last = [...query.statements].reverse().find((s): s is ExprStatement => s.kind === 'ExprStatement');
  if (!last) return undefined;
  const { source, ops } = flatten(last.expr);
  const summarize = ops.findIndex((o) => o.kind === 'Summarize');
  const before = summarize < 0 ? ops.length : summarize;
  let where = -1;
  for (let i = 0; i < before; i++) if (ops[i]?.kind === 'Where') where = i;
  const anchor = where >= 0 ? ops[where] : before > 0 ? ops[before - 1] : undefined;
  const insertAt = anchor ? anchor.span.end : source.span.end;
  const tables = tablesOfTree(query);
  const table = sourceTable(source, query) ?? (tables.length === 1 ? tables[0] : undefined);
  return {
    insertAt,
    table,
    operators: ops.map((o) => ({ kind: o.kind, span: o.span })),
    hasSummarize: summarize >= 0,
  };
}
