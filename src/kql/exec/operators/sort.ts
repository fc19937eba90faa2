/**
 * Sort and Top: a stable sort of row positions on evaluated keys; the result is a reordered
 * selection vector over the same columns. Nulls go first or last as each key says (Kusto: asc →
 * nulls first, desc → nulls last, unless `nulls first|last` is written); strings compare ordinally.
 */
import type { SortKey, SortNode, TopNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { compareNonNull } from '../compare.js';
import type { ExecContext } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { type Relation, rowCountOf, rowIndexes } from '../relation.js';
import { countValue } from './limit.js';

export function runSort(node: SortNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  return { table: input.table, sel: sortedRows(node.keys, input, ctx) };
}

export function runTop(node: TopNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const k = countValue(node.count, ctx);
  return { table: input.table, sel: sortedRows(node.keys, input, ctx).slice(0, k) };
}

/** Physical rows of `rel` in sorted order. */
export function sortedRows(keys: readonly SortKey[], rel: Relation, ctx: ExecContext): Int32Array {
  const rows = rowIndexes(rel);
  const n = rowCountOf(rel);
  if (keys.length === 0 || n < 2) return rows.slice();
  // Keys are evaluated once per row up front; the comparator then only reads arrays.
  const columns: KqlValue[][] = keys.map((k) => {
    const ev = compileExpr(k.expr, { table: rel.table, ctx });
    const vals = new Array<KqlValue>(n);
    for (let i = 0; i < n; i++) {
      ctx.tick();
      vals[i] = ev(rows[i] as number);
    }
    return vals;
  });
  const order = Array.from({ length: n }, (_, i) => i);
  ctx.tickMany(n * Math.ceil(Math.log2(n)));
  order.sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as SortKey;
      const c = compareKey(columns[k] as KqlValue[], a, b, key);
      if (c !== 0) return c;
    }
    return a - b; // stable
  });
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = rows[order[i] as number] as number;
  return out;
}

function compareKey(vals: readonly KqlValue[], a: number, b: number, key: SortKey): number {
  const x = vals[a] as KqlValue;
  const y = vals[b] as KqlValue;
  const xn = x === null || (typeof x === 'number' && Number.isNaN(x));
  const yn = y === null || (typeof y === 'number' && Number.isNaN(y));
  if (xn || yn) {
    if (xn && yn) return 0;
    return xn === key.nullsFirst ? -1 : 1;
  }
  const c = compareNonNull(x, y);
  return key.descending ? -c : c;
}
