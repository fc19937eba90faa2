/**
 * pivot(col): one output column per distinct value of `col`, counting rows per combination of the
 * remaining columns. Other aggregation functions are not supported locally (KQL503).
 */
import type { EvaluateNode } from '../../plan/nodes.js';
import type { ColumnSchema, KqlValue } from '../../types.js';
import { tableFromValues } from '../build.js';
import { coerceValue } from '../coerce.js';
import { compositeKey } from '../compare.js';
import { type ExecContext, unsupported } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';

export function pivot(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const source = node.args[0];
  if (source === undefined || source.kind !== 'Column') return unsupported('pivot() without a column argument');
  if (node.args.length > 1) return unsupported('pivot() with an aggregation other than count()');
  const ev = compileExpr(source, { table: input.table, ctx });
  const otherCols = input.table.schema.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.name !== source.name);
  const pivotNames: string[] = [];
  const groups = new Map<string, { keys: KqlValue[]; counts: Map<string, number> }>();
  for (let k = 0; k < rowCountOf(input); k++) {
    ctx.tick();
    const r = physicalRow(input, k);
    const name = coerceValue(ev(r), 'string') as string;
    if (!pivotNames.includes(name)) pivotNames.push(name);
    const keys = otherCols.map(({ i }) => input.table.columns[i]?.get(r) ?? null);
    const key = compositeKey(keys);
    let g = groups.get(key);
    if (g === undefined) {
      g = { keys, counts: new Map() };
      groups.set(key, g);
    }
    g.counts.set(name, (g.counts.get(name) ?? 0) + 1);
  }
  const columns: ColumnSchema[] = [
    ...otherCols.map(({ c }) => c),
    ...pivotNames.map((n) => ({ name: n, type: 'long' as const })),
  ];
  const rows = [...groups.values()].map((g) => [...g.keys, ...pivotNames.map((n) => g.counts.get(n) ?? 0)]);
  return relationOf(tableFromValues({ columns }, rows, ctx));
}
