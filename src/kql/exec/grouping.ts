/**
 * Hash grouping of a relation's rows on key expressions: assigns each row a dense group id in
 * first-seen order. A single dictionary-string key groups by code without hashing strings.
 */
import type { PExpr } from '../plan/nodes.js';
import type { KqlValue } from '../types.js';
import { compositeKey, keyOf } from './compare.js';
import type { ExecContext } from './context.js';
import { compileExpr, type Evaluator } from './expr/compile.js';
import { resolveColumn } from './expr/columns.js';
import { type Relation, rowCountOf } from './relation.js';
import { DictStringColumn } from './table.js';

export interface Grouping {
  /** Group id of each row position of the relation. */
  readonly groupOf: Int32Array;
  /** Key values of each group (row-major). */
  readonly keys: KqlValue[][];
  readonly count: number;
}

export function groupRows(keyExprs: readonly PExpr[], rel: Relation, ctx: ExecContext): Grouping {
  const n = rowCountOf(rel);
  const groupOf = new Int32Array(n);
  if (keyExprs.length === 0) return { groupOf, keys: n > 0 ? [[]] : [], count: n > 0 ? 1 : 0 };
  const first = keyExprs[0] as PExpr;
  if (keyExprs.length === 1 && first.kind === 'Column') {
    const col = resolveColumn(rel.table, first);
    if (col instanceof DictStringColumn) return groupByCode(col, rel, groupOf, ctx);
  }
  const evs = keyExprs.map((e) => compileExpr(e, { table: rel.table, ctx }));
  const ids = new Map<string, number>();
  const keys: KqlValue[][] = [];
  const sel = rel.sel;
  const single = evs.length === 1 ? (evs[0] as Evaluator) : undefined;
  for (let i = 0; i < n; i++) {
    ctx.tick();
    const r = sel === undefined ? i : (sel[i] as number);
    let values: KqlValue[];
    let key: string;
    if (single !== undefined) {
      const v = single(r);
      key = keyOf(v);
      values = [v];
    } else {
      values = evs.map((ev) => ev(r));
      key = compositeKey(values);
    }
    let g = ids.get(key);
    if (g === undefined) {
      g = keys.length;
      ids.set(key, g);
      keys.push(values);
    }
    groupOf[i] = g;
  }
  return { groupOf, keys, count: keys.length };
}

function groupByCode(col: DictStringColumn, rel: Relation, groupOf: Int32Array, ctx: ExecContext): Grouping {
  const { codes, dict } = col;
  const idOfCode = new Int32Array(dict.length).fill(-1);
  const keys: KqlValue[][] = [];
  const sel = rel.sel;
  // Readable form: groupOf[i] = idOf(dict[codes[row(i)]]); equal strings share a code.
  for (let i = 0; i < groupOf.length; i++) {
    ctx.tick();
    const c = codes[sel === undefined ? i : (sel[i] as number)] as number;
    let g = idOfCode[c] as number;
    if (g < 0) {
      g = keys.length;
      idOfCode[c] = g;
      keys.push([dict[c] as string]);
    }
    groupOf[i] = g;
  }
  // A dictionary may hold one string under two codes after concatenation; merge them by value.
  return mergeDuplicateKeys(groupOf, keys);
}

function mergeDuplicateKeys(groupOf: Int32Array, keys: KqlValue[][]): Grouping {
  const seen = new Map<KqlValue, number>();
  const remap = new Int32Array(keys.length);
  const merged: KqlValue[][] = [];
  let changed = false;
  keys.forEach((k, g) => {
    const existing = seen.get(k[0] as KqlValue);
    if (existing !== undefined) {
      remap[g] = existing;
      changed = true;
    } else {
      remap[g] = merged.length;
      seen.set(k[0] as KqlValue, merged.length);
      merged.push(k);
    }
  });
  if (changed) for (let i = 0; i < groupOf.length; i++) groupOf[i] = remap[groupOf[i] as number] as number;
  return { groupOf, keys: merged, count: merged.length };
}
