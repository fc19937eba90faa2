/**
 * Filters produce selection vectors directly: a conjunction narrows the selection one conjunct at
 * a time (each later conjunct only sees rows the earlier ones kept, the vector form of
 * short-circuiting), and every conjunct runs as a tight loop over physical rows.
 */
import type { PExpr } from './../plan/nodes.js';
import { usesRowContext } from './build.js';
import type { ExecContext } from './context.js';
import { compileExpr, type RowCursor } from './expr/compile.js';
import { conjunctRank, dictMatchOf, fastFiltersOn, selectByDict, selectTimeRange, timeRangeOf } from './fast-select.js';
import { type Relation, rowCountOf } from './relation.js';

export function selectRows(pred: PExpr, rel: Relation, ctx: ExecContext): Int32Array {
  // Window functions see the whole input in order, so they must not be narrowed conjunct-wise.
  if (pred.kind === 'And' && !usesRowContext(pred)) return selectAll(pred.args, rel, ctx);
  return selectOne(pred, rel, ctx);
}

/**
 * The rows every predicate keeps (none may use row context). With the fast paths on, the
 * conjuncts run cheapest first — dictionary predicates, then time ranges, then the rest (see
 * fast-select.ts); the rows kept are the same in any order, and an empty selection ends early.
 */
export function selectAll(preds: readonly PExpr[], rel: Relation, ctx: ExecContext): Int32Array {
  const flat = preds.flatMap((p) => (p.kind === 'And' ? flatten(p) : [p]));
  const ordered = fastFiltersOn()
    ? flat
        .map((p, i) => ({ p, i, rank: conjunctRank(p, rel.table, ctx) }))
        .sort((a, b) => a.rank - b.rank || a.i - b.i)
        .map((x) => x.p)
    : flat;
  let current = rel;
  for (const p of ordered) {
    current = { table: rel.table, sel: selectOne(p, current, ctx) };
    if (current.sel?.length === 0) break;
  }
  return current.sel ?? identityOrSel(current);
}

function flatten(p: PExpr): PExpr[] {
  return p.kind === 'And' ? p.args.flatMap(flatten) : [p];
}

function selectOne(pred: PExpr, rel: Relation, ctx: ExecContext): Int32Array {
  if (pred.kind === 'Const') return pred.value === true ? identityOrSel(rel) : new Int32Array(0);
  if (fastFiltersOn()) {
    const range = timeRangeOf(pred, rel.table, ctx);
    if (range) return selectTimeRange(range, rel, ctx);
    const dict = dictMatchOf(pred, rel, ctx);
    if (dict) return selectByDict(dict, rel, ctx);
  }
  const n = rowCountOf(rel);
  const sel = rel.sel;
  const cursor: RowCursor | undefined = usesRowContext(pred) ? { pos: 0, rows: sel, count: n } : undefined;
  const test = compileExpr(pred, { table: rel.table, ctx, cursor });
  const out = new Int32Array(n);
  let k = 0;
  // Readable form: out = rows.filter((r) => test(r) === true)
  for (let i = 0; i < n; i++) {
    ctx.tick();
    const r = sel === undefined ? i : (sel[i] as number);
    if (cursor !== undefined) cursor.pos = i;
    if (test(r) === true) out[k++] = r;
  }
  return out.subarray(0, k);
}

function identityOrSel(rel: Relation): Int32Array {
  if (rel.sel !== undefined) return rel.sel;
  const out = new Int32Array(rel.table.rowCount);
  for (let i = 0; i < out.length; i++) out[i] = i;
  return out;
}
