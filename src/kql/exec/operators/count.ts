/** Count: one row, one long column holding the number of input rows. */
import type { CountNode } from '../../plan/nodes.js';
import type { ExecContext } from '../context.js';
import { type Relation, relationOf, rowCountOf } from '../relation.js';
import { NumberColumn } from '../table.js';

export function runCount(node: CountNode, ctx: ExecContext): Relation {
  const n = rowCountOf(ctx.run(node.input));
  const type = node.schema.columns[0]?.type === 'int' ? 'int' : 'long';
  return relationOf({
    schema: node.schema,
    columns: [new NumberColumn(type, Float64Array.of(n), undefined)],
    rowCount: 1,
  });
}
