/**
 * Fork / facet: every branch runs over the same (materialised) input. The first branch is the
 * primary result; the executor collects the others as extra tables (see runForkBranches).
 */
import type { ForkNode } from '../../plan/nodes.js';
import type { ExecContext } from '../context.js';
import { materialize, type Relation, relationOf } from '../relation.js';
import type { Table } from '../table.js';

export function runForkBranches(node: ForkNode, ctx: ExecContext): { name: string; table: Table }[] {
  const input = materialize(ctx.run(node.input));
  return node.branches.map((b) => {
    ctx.inputs.push(input);
    try {
      return { name: b.name, table: materialize(ctx.run(b.plan)) };
    } finally {
      ctx.inputs.pop();
    }
  });
}

export function runFork(node: ForkNode, ctx: ExecContext): Relation {
  const branches = runForkBranches(node, ctx);
  const first = branches[0];
  if (first === undefined) return relationOf(materialize(ctx.run(node.input)));
  return relationOf(first.table);
}
