/** Scan: a table from the provider, by name. */
import { DIAG } from '../../diagnostics.js';
import type { ScanNode } from '../../plan/nodes.js';
import { type ExecContext, ExecError } from '../context.js';
import { type Relation, relationOf } from '../relation.js';

export function runScan(node: ScanNode, ctx: ExecContext): Relation {
  const table = ctx.options.provider.getTable(node.table);
  if (table === undefined) throw new ExecError(DIAG.unknownTable(node.table));
  ctx.rowsScanned += table.rowCount;
  return relationOf(table);
}
