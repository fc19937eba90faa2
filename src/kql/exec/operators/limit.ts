/** Limit (take): the first N rows of the selection. */
import type { LimitNode, PExpr } from '../../plan/nodes.js';
import type { ExecContext } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { type Relation, rowCountOf, rowIndexes } from '../relation.js';
import { ONE_ROW } from './values.js';

/** A constant row count (take/top/sample); negative or null counts mean zero. */
export function countValue(e: PExpr, ctx: ExecContext): number {
  const v = compileExpr(e, { table: ONE_ROW, ctx })(0);
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0;
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

export function runLimit(node: LimitNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const k = countValue(node.count, ctx);
  if (k >= rowCountOf(input)) return input;
  return { table: input.table, sel: rowIndexes(input).slice(0, k) };
}
