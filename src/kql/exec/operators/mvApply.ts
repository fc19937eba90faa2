/**
 * MvApply: per input row, expands the items into a small table (`itemSchema`), runs the sub-plan
 * over it (its ImplicitInput; OuterColumn refs read the current input row), and emits the
 * pass-through input columns × the sub-result rows. Output columns that are not pass-through take
 * the sub-result column of the same name (or the next unclaimed one, in order).
 */
import type { MvApplyNode } from '../../plan/nodes.js';
import type { KqlValue, TableSchema } from '../../types.js';
import { buildColumn } from '../build.js';
import { castElement } from '../coerce.js';
import type { ExecContext, OuterFrame } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { gatherColumn } from '../gather.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';
import type { Column, Table } from '../table.js';
import { expandElements } from './expandItems.js';

export function runMvApply(node: MvApplyNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const evs = node.items.map((it) => compileExpr(it.expr, { table: input.table, ctx }));
  const outCols = node.schema.columns.map((_, c) => c).filter((c) => (node.passThrough[c] ?? -1) < 0);
  const srcRows: number[] = [];
  const subValues: KqlValue[][] = outCols.map(() => []);
  const frame: OuterFrame = { table: input.table, row: 0 };
  const limit = node.limit ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const parts = evs.map((ev) => expandElements(ev(r), 'bag'));
    const count = Math.min(limit, Math.max(0, ...parts.map((p) => p.length)));
    const itemTable = buildItemTable(node, parts, count, ctx);
    frame.row = r;
    ctx.inputs.push(itemTable);
    ctx.outer.push(frame);
    let sub: Relation;
    try {
      sub = ctx.run(node.subplan);
    } finally {
      ctx.inputs.pop();
      ctx.outer.pop();
    }
    const mapping = mapColumns(node.schema, outCols, sub.table.schema);
    const m = rowCountOf(sub);
    for (let j = 0; j < m; j++) {
      srcRows.push(r);
      const pr = physicalRow(sub, j);
      outCols.forEach((_, k) => {
        const col = sub.table.columns[mapping[k] ?? -1];
        (subValues[k] as KqlValue[]).push(col === undefined ? null : col.get(pr));
      });
    }
    ctx.checkRows(srcRows.length);
  }
  const idx = Int32Array.from(srcRows);
  const columns: Column[] = node.schema.columns.map((col, c) => {
    const src = node.passThrough[c] ?? -1;
    const inputCol = src >= 0 ? input.table.columns[src] : undefined;
    if (inputCol !== undefined) return gatherColumn(inputCol, idx);
    const k = outCols.indexOf(c);
    return buildColumn(col.type, idx.length, (i) => (subValues[k] as KqlValue[])[i] ?? null, ctx);
  });
  return relationOf({ schema: node.schema, columns, rowCount: idx.length });
}

function buildItemTable(
  node: MvApplyNode,
  parts: readonly (readonly KqlValue[])[],
  count: number,
  ctx: ExecContext,
): Table {
  const columns = node.itemSchema.columns.map((col, c) => {
    const k = node.items.findIndex((it) => it.outputIndex === c);
    if (k >= 0) {
      const item = node.items[k] as (typeof node.items)[number];
      const p = parts[k] as readonly KqlValue[];
      return buildColumn(col.type, count, (j) => castElement(p[j] ?? null, item.toType), ctx);
    }
    if (c === node.itemIndexColumn) return buildColumn(col.type, count, (j) => j, ctx);
    return buildColumn(col.type, count, () => null, ctx);
  });
  return { schema: node.itemSchema, columns, rowCount: count };
}

/** For each non-pass-through output column, the sub-result column feeding it. */
function mapColumns(out: TableSchema, outCols: readonly number[], sub: TableSchema): number[] {
  const claimed = new Set<number>();
  const byName = outCols.map((c) => {
    const name = out.columns[c]?.name;
    const j = sub.columns.findIndex((s) => s.name === name);
    if (j >= 0) claimed.add(j);
    return j;
  });
  let next = 0;
  return byName.map((j) => {
    if (j >= 0) return j;
    while (claimed.has(next)) next++;
    claimed.add(next);
    return next < sub.columns.length ? next : -1;
  });
}
