/** toscalar() and tabular `in` operands: sub-plans run once per query, cached by node identity. */
import type { PSubqueryList, PSubqueryScalar } from '../../plan/nodes.js';
import type { KqlDynamic, KqlValue } from '../../types.js';
import type { ExecContext } from '../context.js';
import { physicalRow, rowCountOf } from '../relation.js';

export function subqueryScalar(expr: PSubqueryScalar, ctx: ExecContext): KqlValue {
  if (ctx.subqueries.has(expr)) return ctx.subqueries.get(expr) as KqlValue;
  const rel = ctx.run(expr.plan);
  const col = rel.table.columns[0];
  let v: KqlValue = expr.type === 'string' ? '' : null;
  if (col !== undefined && rowCountOf(rel) > 0) v = col.get(physicalRow(rel, 0));
  ctx.subqueries.set(expr, v);
  return v;
}

export function subqueryList(expr: PSubqueryList, ctx: ExecContext): KqlDynamic {
  if (ctx.subqueries.has(expr)) return ctx.subqueries.get(expr) as KqlDynamic;
  const rel = ctx.run(expr.plan);
  const col = rel.table.columns[0];
  const out: KqlValue[] = [];
  if (col !== undefined) {
    const n = rowCountOf(rel);
    for (let i = 0; i < n; i++) out.push(col.get(physicalRow(rel, i)));
  }
  const list = out as unknown as KqlDynamic;
  ctx.subqueries.set(expr, list);
  return list;
}
