/** Filter (where): narrows the selection vector; columns are not copied. */
import type { FilterNode, PExpr, PlanNode } from '../../plan/nodes.js';
import { usesRowContext } from '../build.js';
import type { ExecContext } from '../context.js';
import { fastFiltersOn } from '../fast-select.js';
import { selectAll, selectRows } from '../predicate.js';
import type { Relation } from '../relation.js';

export function runFilter(node: FilterNode, ctx: ExecContext): Relation {
  // `| where a | where b` keeps the rows `| where a and b` keeps: a chain of filters runs as one
  // conjunction, so its cheapest conjuncts go first (see predicate.ts selectAll).
  if (fastFiltersOn() && node.input.kind === 'Filter') {
    const preds: PExpr[] = [];
    let n: PlanNode = node;
    while (n.kind === 'Filter') {
      preds.unshift(n.predicate);
      n = n.input;
    }
    if (!preds.some(usesRowContext)) {
      const input = ctx.run(n);
      return { table: input.table, sel: selectAll(preds, input, ctx) };
    }
  }
  const input = ctx.run(node.input);
  return { table: input.table, sel: selectRows(node.predicate, input, ctx) };
}
