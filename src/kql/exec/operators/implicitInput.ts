/** ImplicitInput: the rows handed to a sub-plan (mv-apply body, partition body, fork branch). */
import type { ImplicitInputNode } from '../../plan/nodes.js';
import type { ExecContext } from '../context.js';
import { type Relation, relationOf } from '../relation.js';

export function runImplicitInput(_node: ImplicitInputNode, ctx: ExecContext): Relation {
  return relationOf(ctx.currentInput());
}
