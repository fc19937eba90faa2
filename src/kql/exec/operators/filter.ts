/** Filter (where): narrows the selection vector; columns are not copied. */
import type { FilterNode } from '../../plan/nodes.js';
import type { ExecContext } from '../context.js';
import { selectRows } from '../predicate.js';
import type { Relation } from '../relation.js';

export function runFilter(node: FilterNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  return { table: input.table, sel: selectRows(node.predicate, input, ctx) };
}
