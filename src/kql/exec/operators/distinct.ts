/** Distinct: the first row of each distinct combination of the expressions, in input order. */
import type { DistinctNode } from '../../plan/nodes.js';
import { evalColumn } from '../build.js';
import type { ExecContext } from '../context.js';
import { groupRows } from '../grouping.js';
import { makeTableWithCount, physicalRow, type Relation, relationOf } from '../relation.js';

export function runDistinct(node: DistinctNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const { groupOf, count } = groupRows(node.exprs, input, ctx);
  const firstRows = new Int32Array(count);
  let seen = 0;
  for (let i = 0; i < groupOf.length && seen < count; i++) {
    if ((groupOf[i] as number) === seen) firstRows[seen++] = physicalRow(input, i);
  }
  const kept: Relation = { table: input.table, sel: firstRows };
  const columns = node.exprs.map((e, i) => evalColumn(e, node.schema.columns[i]?.type ?? e.type, kept, ctx));
  return relationOf(makeTableWithCount(node.schema, columns, count));
}
