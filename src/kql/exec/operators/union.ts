/**
 * Union: concatenates inputs into the merged schema. `mappings[i][c]` names the column of input i
 * feeding output column c (-1 = null); `withsource=` fills `sourceColumn` with the input's name.
 */
import type { UnionNode } from '../../plan/nodes.js';
import { coerceValue } from '../coerce.js';
import type { ExecContext } from '../context.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';
import { type Column, columnBuilder } from '../table.js';

export function runUnion(node: UnionNode, ctx: ExecContext): Relation {
  const inputs = node.inputs.map((p) => ctx.run(p));
  const total = inputs.reduce((n, r) => n + rowCountOf(r), 0);
  ctx.checkRows(total);
  const columns: Column[] = node.schema.columns.map((out, c) => {
    const b = columnBuilder(out.type);
    inputs.forEach((rel, i) => {
      const n = rowCountOf(rel);
      if (c === node.sourceColumn) {
        const name = node.sourceNames[i] ?? '';
        for (let k = 0; k < n; k++) b.append(name);
        return;
      }
      const src = node.mappings[i]?.[c] ?? -1;
      const col = src < 0 ? undefined : rel.table.columns[src];
      const same = col !== undefined && col.type === out.type;
      for (let k = 0; k < n; k++) {
        ctx.tick();
        if (col === undefined) b.append(null);
        else {
          const v = col.get(physicalRow(rel, k));
          b.append(same || out.type === 'dynamic' ? v : coerceValue(v, out.type));
        }
      }
    });
    return b.build();
  });
  return relationOf({ schema: node.schema, columns, rowCount: total });
}
