/**
 * Join: hash equi-join of all nine kinds. The right side is hashed on its keys (the left side for
 * right semi/anti); rows whose key has a null never match. `innerunique` (the default) first keeps
 * one left row per key, the first one, then joins like `inner`. Outer kinds emit matched pairs in
 * left order, then (for right/full outer) the unmatched right rows.
 */
import type { JoinNode, PExpr } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { tableWithSchema } from '../build.js';
import { compositeKey } from '../compare.js';
import type { ExecContext } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { gatherColumn } from '../gather.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';

/** The join key of every row position (undefined when a key value is null). */
function rowKeys(exprs: readonly PExpr[], rel: Relation, ctx: ExecContext): (string | undefined)[] {
  const evs = exprs.map((e) => compileExpr(e, { table: rel.table, ctx }));
  const n = rowCountOf(rel);
  const out = new Array<string | undefined>(n);
  const vals = new Array<KqlValue>(evs.length);
  for (let i = 0; i < n; i++) {
    ctx.tick();
    const r = physicalRow(rel, i);
    let hasNull = false;
    for (let k = 0; k < evs.length; k++) {
      const v = (evs[k] as (typeof evs)[number])(r);
      if (v === null) hasNull = true;
      vals[k] = v;
    }
    out[i] = hasNull ? undefined : compositeKey(vals);
  }
  return out;
}

function hashPositions(keys: readonly (string | undefined)[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k === undefined) return;
    const list = map.get(k);
    if (list === undefined) map.set(k, [i]);
    else list.push(i);
  });
  return map;
}

export function runJoin(node: JoinNode, ctx: ExecContext): Relation {
  const left = ctx.run(node.left);
  const right = ctx.run(node.right);
  const lk = rowKeys(node.leftKeys, left, ctx);
  const rk = rowKeys(node.rightKeys, right, ctx);
  switch (node.joinKind) {
    case 'leftsemi':
    case 'leftanti':
      return semi(left, lk, new Set(rk.filter((k) => k !== undefined)), node.joinKind === 'leftsemi');
    case 'rightsemi':
    case 'rightanti':
      return semi(right, rk, new Set(lk.filter((k) => k !== undefined)), node.joinKind === 'rightsemi');
    case 'innerunique':
    case 'inner':
    case 'leftouter':
    case 'rightouter':
    case 'fullouter':
      return pairs(node, left, right, lk, rk, ctx);
    default: {
      const never: never = node.joinKind;
      throw new Error(`unknown join kind ${String(never)}`);
    }
  }
}

/** Semi/anti: the kept side's rows with (semi) or without (anti) a match; a selection, no copy. */
function semi(
  side: Relation,
  keys: readonly (string | undefined)[],
  other: Set<string>,
  keepMatched: boolean,
): Relation {
  const out: number[] = [];
  keys.forEach((k, i) => {
    const matched = k !== undefined && other.has(k);
    if (matched === keepMatched) out.push(physicalRow(side, i));
  });
  return { table: side.table, sel: Int32Array.from(out) };
}

function pairs(
  node: JoinNode,
  left: Relation,
  right: Relation,
  lk: readonly (string | undefined)[],
  rk: readonly (string | undefined)[],
  ctx: ExecContext,
): Relation {
  const kind = node.joinKind;
  const index = hashPositions(rk);
  const li: number[] = [];
  const ri: number[] = [];
  const rightMatched = new Uint8Array(rk.length);
  const seenLeft = kind === 'innerunique' ? new Set<string>() : undefined;
  const keepUnmatchedLeft = kind === 'leftouter' || kind === 'fullouter';
  for (let i = 0; i < lk.length; i++) {
    const k = lk[i];
    if (seenLeft !== undefined && k !== undefined) {
      if (seenLeft.has(k)) continue;
      seenLeft.add(k);
    }
    const matches = k === undefined ? undefined : index.get(k);
    if (matches === undefined) {
      if (keepUnmatchedLeft) push(li, ri, physicalRow(left, i), -1, ctx);
      continue;
    }
    const l = physicalRow(left, i);
    for (const j of matches) {
      rightMatched[j] = 1;
      push(li, ri, l, physicalRow(right, j), ctx);
    }
  }
  if (kind === 'rightouter' || kind === 'fullouter') {
    for (let j = 0; j < rk.length; j++) if (rightMatched[j] === 0) push(li, ri, -1, physicalRow(right, j), ctx);
  }
  const lIdx = Int32Array.from(li);
  const rIdx = Int32Array.from(ri);
  const columns = [
    ...left.table.columns.map((c) => gatherColumn(c, lIdx)),
    ...node.rightOutput.map((c) => {
      const col = right.table.columns[c];
      if (col === undefined) throw new Error(`join: right column ${c} out of range`);
      return gatherColumn(col, rIdx);
    }),
  ];
  return relationOf(tableWithSchema(node.schema, columns, lIdx.length, ctx));
}

function push(li: number[], ri: number[], l: number, r: number, ctx: ExecContext): void {
  li.push(l);
  ri.push(r);
  ctx.tick();
  if ((li.length & 4095) === 0) {
    ctx.checkRows(li.length);
    // Two row indexes plus the gathered cells later: about 32 bytes per output row.
    ctx.allocate(4096 * 32);
  }
}
