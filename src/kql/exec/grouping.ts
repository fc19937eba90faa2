/**
 * Hash grouping of a relation's rows on key expressions: assigns each row a dense group id in
 * first-seen order.
 *
 * Keys are grouped one at a time: each key gives every row a small local id (a dictionary column by
 * code, other values through a Map on the value itself), and the ids of successive keys are
 * combined as numbers (`group * cardinality + local`). No per-row string keys are built, which is
 * what made multi-key summarize slow.
 */
import type { PExpr } from '../plan/nodes.js';
import { DynReal, type KqlValue } from '../types.js';
import { keyOf } from './compare.js';
import type { ExecContext } from './context.js';
import { resolveColumn } from './expr/columns.js';
import { compileExpr } from './expr/compile.js';
import { physicalRow, type Relation, rowCountOf } from './relation.js';
import { DictStringColumn } from './table.js';

export interface Grouping {
  /** Group id of each row position of the relation. */
  readonly groupOf: Int32Array;
  /** Key values of each group (row-major). */
  readonly keys: KqlValue[][];
  readonly count: number;
}

interface LocalIds {
  readonly ids: Int32Array;
  readonly cardinality: number;
}

export function groupRows(keyExprs: readonly PExpr[], rel: Relation, ctx: ExecContext): Grouping {
  const n = rowCountOf(rel);
  if (keyExprs.length === 0) return { groupOf: new Int32Array(n), keys: n > 0 ? [[]] : [], count: n > 0 ? 1 : 0 };
  let groupOf: Int32Array | undefined;
  let count = 0;
  for (const e of keyExprs) {
    const local = localIds(e, rel, ctx);
    if (groupOf === undefined) {
      groupOf = local.ids;
      count = local.cardinality;
    } else {
      count = combine(groupOf, count, local, ctx);
    }
  }
  const g = groupOf as Int32Array;
  count = renumberFirstSeen(g, count);
  // Key values: evaluate each key once, at the first row of its group.
  const firstRow = new Int32Array(count).fill(-1);
  for (let i = 0; i < n; i++)
    if ((firstRow[g[i] as number] as number) < 0) firstRow[g[i] as number] = physicalRow(rel, i);
  const evs = keyExprs.map((e) => compileExpr(e, { table: rel.table, ctx }));
  const keys: KqlValue[][] = new Array(count);
  for (let k = 0; k < count; k++) keys[k] = evs.map((ev) => ev(firstRow[k] as number));
  return { groupOf: g, keys, count };
}

/** Per-row ids of one key's distinct values (not yet in first-seen order). */
function localIds(e: PExpr, rel: Relation, ctx: ExecContext): LocalIds {
  const n = rowCountOf(rel);
  const ids = new Int32Array(n);
  const sel = rel.sel;
  if (e.kind === 'Column') {
    const col = resolveColumn(rel.table, e);
    if (col instanceof DictStringColumn) {
      // Equal strings may sit under two codes (after concatenating dictionaries): map by value.
      const byValue = new Map<string, number>();
      const idOfCode = new Int32Array(col.dict.length);
      col.dict.forEach((s, c) => {
        let id = byValue.get(s);
        if (id === undefined) {
          id = byValue.size;
          byValue.set(s, id);
        }
        idOfCode[c] = id;
      });
      const { codes } = col;
      // Readable form: ids[i] = idOf(dict[codes[row(i)]]).
      for (let i = 0; i < n; i++) {
        ctx.tick();
        ids[i] = idOfCode[codes[sel === undefined ? i : (sel[i] as number)] as number] as number;
      }
      return { ids, cardinality: byValue.size };
    }
  }
  const ev = compileExpr(e, { table: rel.table, ctx });
  const byValue = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    ctx.tick();
    const v = ev(sel === undefined ? i : (sel[i] as number));
    // Primitives are Map keys by value (NaN included), a DynReal by its number (1.0 groups with 1);
    // dynamic arrays/bags by their stable text.
    const key = v instanceof DynReal ? v.value : v !== null && typeof v === 'object' ? `\u0000${keyOf(v)}` : v;
    let id = byValue.get(key);
    if (id === undefined) {
      id = byValue.size;
      byValue.set(key, id);
    }
    ids[i] = id;
  }
  return { ids, cardinality: byValue.size };
}

/** Combines current group ids with another key's local ids in place; returns the new count. */
function combine(groupOf: Int32Array, count: number, local: LocalIds, ctx: ExecContext): number {
  const { ids, cardinality } = local;
  const pairs = new Map<number | string, number>();
  const numeric = count * cardinality < 2 ** 52;
  for (let i = 0; i < groupOf.length; i++) {
    ctx.tick();
    const key = numeric ? (groupOf[i] as number) * cardinality + (ids[i] as number) : `${groupOf[i]},${ids[i]}`;
    let g = pairs.get(key);
    if (g === undefined) {
      g = pairs.size;
      pairs.set(key, g);
    }
    groupOf[i] = g;
  }
  return pairs.size;
}

/** Renumbers group ids in order of first appearance (deterministic output order). */
function renumberFirstSeen(groupOf: Int32Array, count: number): number {
  const remap = new Int32Array(count).fill(-1);
  let next = 0;
  for (let i = 0; i < groupOf.length; i++) {
    const g = groupOf[i] as number;
    let m = remap[g] as number;
    if (m < 0) {
      m = next++;
      remap[g] = m;
    }
    groupOf[i] = m;
  }
  return next;
}
