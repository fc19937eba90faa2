/**
 * MvExpand: one output row per element of the expanded values; several items expand in parallel
 * (shorter ones padded with null). Elements are cast to `to typeof(T)` (mismatches become null).
 */
import type { MvExpandNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { buildColumn } from '../build.js';
import { castElement } from '../coerce.js';
import type { ExecContext } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { gatherColumn, nullColumn } from '../gather.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';
import type { Column } from '../table.js';
import { expandElements } from './expandItems.js';

export function runMvExpand(node: MvExpandNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const evs = node.items.map((it) => compileExpr(it.expr, { table: input.table, ctx }));
  const srcRows: number[] = [];
  const itemIndex: number[] = [];
  const values: KqlValue[][] = node.items.map(() => []);
  const n = rowCountOf(input);
  const limit = node.limit ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const parts = evs.map((ev) => expandElements(ev(r), node.bagExpansion));
    const count = Math.min(limit, Math.max(0, ...parts.map((p) => p.length)));
    if (count > 64) ctx.allocate(count * (parts.length + 2) * 16);
    for (let j = 0; j < count; j++) {
      srcRows.push(r);
      itemIndex.push(j);
      parts.forEach((p, k) => {
        const item = node.items[k] as (typeof node.items)[number];
        (values[k] as KqlValue[]).push(castElement(p[j] ?? null, item.toType));
      });
    }
    if (srcRows.length > 4096) ctx.checkRows(srcRows.length);
  }
  ctx.checkRows(srcRows.length);
  const idx = Int32Array.from(srcRows);
  const columns: Column[] = node.schema.columns.map((col, c) => {
    const src = node.passThrough[c] ?? -1;
    const inputCol = src >= 0 ? input.table.columns[src] : undefined;
    if (inputCol !== undefined) return gatherColumn(inputCol, idx);
    const k = node.items.findIndex((it) => it.outputIndex === c);
    if (k >= 0) return buildColumn(col.type, idx.length, (i) => (values[k] as KqlValue[])[i] ?? null, ctx);
    if (c === node.itemIndexColumn) return buildColumn(col.type, idx.length, (i) => itemIndex[i] ?? null, ctx);
    return nullColumn(col.type, idx.length);
  });
  return relationOf({ schema: node.schema, columns, rowCount: idx.length });
}
