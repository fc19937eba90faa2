/** Project (project, extend, project-away/-rename/-keep/-reorder): one expression per output column. */
import type { ProjectNode } from '../../plan/nodes.js';
import { evalColumn } from '../build.js';
import type { ExecContext } from '../context.js';
import { makeTableWithCount, type Relation, relationOf, rowCountOf } from '../relation.js';

export function runProject(node: ProjectNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const columns = node.exprs.map((e, i) => evalColumn(e, node.schema.columns[i]?.type ?? e.type, input, ctx));
  return relationOf(makeTableWithCount(node.schema, columns, rowCountOf(input)));
}
