/** materialize(): the input is computed once per query and shared by every reference to its id. */
import type { MaterializedRefNode, MaterializeNode } from '../../plan/nodes.js';
import { type ExecContext, fail } from '../context.js';
import { materialize, type Relation, relationOf } from '../relation.js';

export function runMaterialize(node: MaterializeNode, ctx: ExecContext): Relation {
  const cached = ctx.materialized.get(node.id);
  if (cached !== undefined) return relationOf(cached);
  const table = materialize(ctx.run(node.input));
  ctx.materialized.set(node.id, table);
  return relationOf(table);
}

export function runMaterializedRef(node: MaterializedRefNode, ctx: ExecContext): Relation {
  const cached = ctx.materialized.get(node.id);
  if (cached !== undefined) return relationOf(cached);
  const source = ctx.materializeNodes.get(node.id);
  if (source === undefined) return fail(`materialized result #${node.id} is not defined in this query.`);
  return ctx.run(source);
}
