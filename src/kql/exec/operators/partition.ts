/** Partition: runs the sub-plan once per distinct key value (its ImplicitInput) and unions the results. */
import type { PartitionNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { tableFromValues } from '../build.js';
import type { ExecContext } from '../context.js';
import { groupRows } from '../grouping.js';
import { materialize, physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';

export function runPartition(node: PartitionNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const { groupOf, count } = groupRows([node.key], input, ctx);
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < groupOf.length; i++) (members[groupOf[i] as number] as number[]).push(physicalRow(input, i));
  const rows: KqlValue[][] = [];
  for (const m of members) {
    ctx.inputs.push(materialize({ table: input.table, sel: Int32Array.from(m) }));
    let sub: Relation;
    try {
      sub = ctx.run(node.subplan);
    } finally {
      ctx.inputs.pop();
    }
    const cols = node.schema.columns.map((c) => sub.table.schema.columns.findIndex((s) => s.name === c.name));
    for (let j = 0; j < rowCountOf(sub); j++) {
      const r = physicalRow(sub, j);
      rows.push(cols.map((ci, k) => sub.table.columns[ci >= 0 ? ci : k]?.get(r) ?? null));
    }
    ctx.checkRows(rows.length);
  }
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
