/** Operators the local engine does not run: they end the query with KQL503, never a crash. */
import type { ReduceNode } from '../../plan/nodes.js';
import { type ExecContext, unsupported } from '../context.js';
import type { Relation } from '../relation.js';

export function runReduce(_node: ReduceNode, _ctx: ExecContext): Relation {
  return unsupported("The 'reduce' operator");
}
