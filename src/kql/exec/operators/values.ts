/** Values: `datatable` and `print` rows, each expression evaluated once. */
import type { ValuesNode } from '../../plan/nodes.js';
import { tableFromValues } from '../build.js';
import type { ExecContext } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { type Relation, relationOf } from '../relation.js';
import type { Table } from '../table.js';

/** A one-row table without columns: the input of expressions that read no columns. */
export const ONE_ROW: Table = { schema: { columns: [] }, columns: [], rowCount: 1 };

export function runValues(node: ValuesNode, ctx: ExecContext): Relation {
  const rows = node.rows.map((row) => row.map((e) => compileExpr(e, { table: ONE_ROW, ctx })(0)));
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
