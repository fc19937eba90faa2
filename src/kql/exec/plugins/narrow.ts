/** narrow(): unpivots every row into (Row, Column, Value) triples, values as strings. */
import type { EvaluateNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { formatCell } from '../../values.js';
import { tableFromValues } from '../build.js';
import type { ExecContext } from '../context.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';

export function narrow(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const rows: KqlValue[][] = [];
  for (let i = 0; i < rowCountOf(input); i++) {
    const r = physicalRow(input, i);
    input.table.schema.columns.forEach((c, j) => {
      rows.push([i, c.name, formatCell(input.table.columns[j]?.get(r) ?? null, c.type)]);
    });
    ctx.checkRows(rows.length);
  }
  const schema =
    node.schema.columns.length === 3
      ? node.schema
      : {
          columns: [
            { name: 'Row', type: 'int' as const },
            { name: 'Column', type: 'string' as const },
            { name: 'Value', type: 'string' as const },
          ],
        };
  return relationOf(tableFromValues(schema, rows, ctx));
}
