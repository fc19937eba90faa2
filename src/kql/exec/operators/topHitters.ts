/**
 * TopHitters: the N most frequent values of `of` (or with the largest sum of `by`). Kusto uses an
 * approximation; locally the exact counts are cheap, so results are exact.
 */
import type { TopHittersNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { tableFromValues } from '../build.js';
import type { ExecContext } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { groupRows } from '../grouping.js';
import { physicalRow, type Relation, relationOf } from '../relation.js';
import { countValue } from './limit.js';

export function runTopHitters(node: TopHittersNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const { groupOf, keys, count } = groupRows([node.of], input, ctx);
  const weight = node.by === undefined ? undefined : compileExpr(node.by, { table: input.table, ctx });
  const totals = new Float64Array(count);
  for (let i = 0; i < groupOf.length; i++) {
    ctx.tick();
    const w = weight === undefined ? 1 : Number(weight(physicalRow(input, i)) ?? 0);
    totals[groupOf[i] as number] += Number.isFinite(w) ? w : 0;
  }
  const order = Array.from({ length: count }, (_, g) => g).sort(
    (a, b) => (totals[b] as number) - (totals[a] as number) || a - b,
  );
  const rows: KqlValue[][] = order
    .slice(0, countValue(node.count, ctx))
    .map((g) => [(keys[g] as KqlValue[])[0] ?? null, totals[g] as number]);
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
