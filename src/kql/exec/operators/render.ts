/** Render: rows pass through unchanged; the executor records the chart on the result. */
import type { RenderNode } from '../../plan/nodes.js';
import type { ExecContext } from '../context.js';
import type { Relation } from '../relation.js';

export function runRender(node: RenderNode, ctx: ExecContext): Relation {
  return ctx.run(node.input);
}
