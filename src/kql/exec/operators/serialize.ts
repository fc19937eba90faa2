/**
 * Serialize: fixes the row order and computes its items, which may use row_number(), prev(),
 * next(), row_cumsum() over that order (evalColumn gives them a row cursor).
 */
import type { SerializeNode } from '../../plan/nodes.js';
import { evalColumn } from '../build.js';
import type { ExecContext } from '../context.js';
import { makeTableWithCount, type Relation, relationOf, rowCountOf } from '../relation.js';

export function runSerialize(node: SerializeNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  if (node.exprs.length === 0) return input;
  const columns = node.exprs.map((e, i) => evalColumn(e, node.schema.columns[i]?.type ?? e.type, input, ctx));
  return relationOf(makeTableWithCount(node.schema, columns, rowCountOf(input)));
}
