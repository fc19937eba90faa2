/**
 * The binder, planner and executor recurse over the tree they are given. The parser builds long
 * chains in loops and bounds nesting (MAX_DEPTH), but a chain of N links (`x + y + …`,
 * `T | op | op …`) is still a tree N levels deep. Before binding, this walk (an explicit stack, no
 * recursion) measures the deepest path; past MAX_BIND_DEPTH the query gets KQL208 at the node where
 * the limit is crossed instead of exhausting the call stack later.
 *
 * `and` / `or` chains do not count: the binder flattens them into one n-ary node.
 */
import type { Span } from '../syntax/ast.js';

/** Deepest syntax tree (nodes on one path, and/or chains counted once) the binder accepts. */
export const MAX_BIND_DEPTH = 1000;

type Node = { readonly kind: string; readonly span?: Span } & Record<string, unknown>;

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';
}

/** The span of the first node deeper than `limit`, or undefined when the tree is within it. */
export function tooDeepAt(root: unknown, limit: number = MAX_BIND_DEPTH): Span | undefined {
  const nodes: Node[] = [];
  const depths: number[] = [];
  if (isNode(root)) {
    nodes.push(root);
    depths.push(1);
  }
  while (nodes.length > 0) {
    const node = nodes.pop() as Node;
    const depth = depths.pop() as number;
    if (depth > limit) return node.span;
    const flat = node.kind === 'Binary' && (node.op === 'and' || node.op === 'or');
    for (const [key, value] of Object.entries(node)) {
      if (key === 'span' || key === 'opSpan') continue;
      const items = Array.isArray(value) ? value : [value];
      for (const child of items) {
        if (!isNode(child)) continue;
        // `a or b or c`: the left operand continuing the same chain stays at this level.
        const same = flat && key === 'left' && child.kind === 'Binary' && child.op === node.op;
        nodes.push(child);
        depths.push(same ? depth : depth + 1);
      }
    }
  }
  return undefined;
}
