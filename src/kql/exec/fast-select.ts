/**
 * Filter fast paths (used by predicate.ts; the rows they keep are exactly those the general path
 * keeps):
 *
 * - Time ranges. `t between (lo .. hi)`, `t > c`, `t >= c`, `t < c`, `t <= c` on a datetime or
 *   timespan column with bounds constant for the query (`now(-5d)`, `ago(1h)` …). Every column
 *   gets, once, the min/max of each block of BLOCK rows: a block wholly outside the range is
 *   skipped and a block wholly inside (and without nulls) is taken whole, so only blocks that
 *   straddle a bound compare ticks row by row. Over a whole table the selection is kept per
 *   (column, lo, hi) and shared by every later query — a hunt's rules all filter on the same
 *   `now(-5d)..now()` window of the same tables, so it is computed once per hunt. Columns are
 *   immutable and selection vectors are never written after they are made, so sharing is safe.
 * - Dictionary predicates. A predicate whose only input is one dictionary-encoded string column
 *   (`has`, `has_any`, `==`, `contains`, `in`, and any and/or/not of those) is evaluated once per
 *   dictionary entry into a bitmap; rows are then kept by their code. When no entry matches, no
 *   row is read at all.
 *
 * $KQLHUNT_FAST_FILTERS=0 turns both off (for comparisons).
 */
import type { PExpr } from '../plan/nodes.js';
import { usesRowContext } from './build.js';
import type { ExecContext } from './context.js';
import { resolveColumnIndex } from './expr/columns.js';
import { compileExpr, constValueOf } from './expr/compile.js';
import { soleColumn } from './expr/specialize.js';
import { type Relation, rowCountOf } from './relation.js';
import { DictStringColumn, StringColumn, type Table, TicksColumn } from './table.js';

export const BLOCK_SHIFT = 12;
/** Rows per block of the time index (4096). */
export const BLOCK = 1 << BLOCK_SHIFT;

export function fastFiltersOn(): boolean {
  return process.env.KQLHUNT_FAST_FILTERS !== '0';
}

/* ------------------------------------------------------------------------------------------------
 * Time ranges
 * ---------------------------------------------------------------------------------------------- */

interface TimeIndex {
  /** Per block: min and max of the non-null ticks (min > max when every value is null). */
  readonly mins: BigInt64Array;
  readonly maxs: BigInt64Array;
  /** Per block: 1 when it holds a null. */
  readonly hasNull: Uint8Array;
  /** Whole-table selections by `${lo}:${hi}` (a few per column; see MAX_RANGES). */
  readonly ranges: Map<string, Int32Array>;
}

const MAX_RANGES = 8;
const indexes = new WeakMap<TicksColumn, TimeIndex>();

function timeIndex(col: TicksColumn): TimeIndex {
  let ix = indexes.get(col);
  if (ix) return ix;
  const { values, nulls } = col;
  const n = values.length;
  const blocks = (n + BLOCK - 1) >> BLOCK_SHIFT;
  const mins = new BigInt64Array(blocks);
  const maxs = new BigInt64Array(blocks);
  const hasNull = new Uint8Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const end = Math.min(n, (b + 1) << BLOCK_SHIFT);
    let lo = 0n;
    let hi = 0n;
    let any = false;
    for (let r = b << BLOCK_SHIFT; r < end; r++) {
      if (nulls !== undefined && nulls[r] === 1) {
        hasNull[b] = 1;
        continue;
      }
      const v = values[r] as bigint;
      if (!any) {
        lo = v;
        hi = v;
        any = true;
      } else if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    mins[b] = any ? lo : 1n;
    maxs[b] = any ? hi : 0n;
  }
  ix = { mins, maxs, hasNull, ranges: new Map() };
  indexes.set(col, ix);
  return ix;
}

export interface TimeRange {
  readonly col: TicksColumn;
  /** Inclusive bounds. */
  readonly lo: bigint;
  readonly hi: bigint;
}

const MIN_TICKS = -(2n ** 63n);
const MAX_TICKS = 2n ** 63n - 1n;

/** The time range `pred` tests, when it is one of the forms above; undefined otherwise. */
export function timeRangeOf(pred: PExpr, table: Table, ctx: ExecContext): TimeRange | undefined {
  if (pred.kind !== 'Call') return undefined;
  const colOf = (e: PExpr): TicksColumn | undefined => {
    if (e.kind !== 'Column') return undefined;
    const i = resolveColumnIndex(table, e);
    const c = i < 0 ? undefined : table.columns[i];
    return c instanceof TicksColumn && c.type === e.type ? c : undefined;
  };
  const tick = (e: PExpr, type: string): bigint | undefined => {
    if (e.type !== type) return undefined;
    const v = constValueOf(e, ctx);
    return typeof v === 'bigint' ? v : undefined;
  };
  if (pred.fn === 'between' && pred.args.length === 3) {
    const [x, loE, hiE] = pred.args as [PExpr, PExpr, PExpr];
    const col = colOf(x);
    if (!col) return undefined;
    const lo = tick(loE, x.type);
    const hi = tick(hiE, x.type);
    return lo === undefined || hi === undefined ? undefined : { col, lo, hi };
  }
  if (pred.args.length !== 2) return undefined;
  const [a, b] = pred.args as [PExpr, PExpr];
  let op = pred.fn;
  let col = colOf(a);
  let c = col ? tick(b, a.type) : undefined;
  if (!col) {
    col = colOf(b);
    c = col ? tick(a, b.type) : undefined;
    op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[op] ?? '';
  }
  if (!col || c === undefined) return undefined;
  switch (op) {
    case '>':
      return c === MAX_TICKS ? { col, lo: 1n, hi: 0n } : { col, lo: c + 1n, hi: MAX_TICKS };
    case '>=':
      return { col, lo: c, hi: MAX_TICKS };
    case '<':
      return c === MIN_TICKS ? { col, lo: 1n, hi: 0n } : { col, lo: MIN_TICKS, hi: c - 1n };
    case '<=':
      return { col, lo: MIN_TICKS, hi: c };
    default:
      return undefined;
  }
}

/** Block classes for one range: 0 = no row can match, 1 = every row matches, 2 = test each row. */
function classify(ix: TimeIndex, lo: bigint, hi: bigint): Uint8Array {
  const blocks = ix.mins.length;
  const cls = new Uint8Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const mn = ix.mins[b] as bigint;
    const mx = ix.maxs[b] as bigint;
    if (mn > mx || mx < lo || mn > hi) cls[b] = 0;
    else if (mn >= lo && mx <= hi && ix.hasNull[b] === 0) cls[b] = 1;
    else cls[b] = 2;
  }
  return cls;
}

/** The rows of `rel` whose value lies in [lo, hi] (nulls never do), in `rel`'s order. */
export function selectTimeRange(range: TimeRange, rel: Relation, ctx: ExecContext): Int32Array {
  const { col, lo, hi } = range;
  if (lo > hi) return new Int32Array(0);
  const ix = timeIndex(col);
  const { values, nulls } = col;
  const sel = rel.sel;
  const key = `${lo}:${hi}`;
  if (sel === undefined) {
    const cached = ix.ranges.get(key);
    if (cached) return cached;
  }
  const cls = classify(ix, lo, hi);
  const n = rowCountOf(rel);
  const out = new Int32Array(n);
  let k = 0;
  if (sel === undefined) {
    for (let b = 0; b < cls.length; b++) {
      const start = b << BLOCK_SHIFT;
      const end = Math.min(n, start + BLOCK);
      ctx.tickMany(end - start);
      const c = cls[b];
      if (c === 0) continue;
      if (c === 1) {
        for (let r = start; r < end; r++) out[k++] = r;
        continue;
      }
      for (let r = start; r < end; r++) {
        if (nulls !== undefined && nulls[r] === 1) continue;
        const v = values[r] as bigint;
        if (v >= lo && v <= hi) out[k++] = r;
      }
    }
    const result = out.slice(0, k);
    if (ix.ranges.size >= MAX_RANGES) ix.ranges.clear();
    ix.ranges.set(key, result);
    return result;
  }
  ctx.tickMany(n);
  for (let i = 0; i < n; i++) {
    const r = sel[i] as number;
    const c = cls[r >> BLOCK_SHIFT];
    if (c === 0) continue;
    if (c === 2) {
      if (nulls !== undefined && nulls[r] === 1) continue;
      const v = values[r] as bigint;
      if (v < lo || v > hi) continue;
    }
    out[k++] = r;
  }
  return out.subarray(0, k);
}

/* ------------------------------------------------------------------------------------------------
 * Dictionary predicates
 * ---------------------------------------------------------------------------------------------- */

export interface DictMatch {
  readonly col?: DictStringColumn;
  readonly codes: Int32Array;
  /** 1 = the dictionary entry satisfies the predicate. */
  readonly match: Uint8Array;
  readonly any: boolean;
}

/** The dictionary column `pred` alone reads, when it reads exactly one (and no row context). */
export function dictColumnOf(pred: PExpr, table: Table): DictStringColumn | undefined {
  if (pred.kind === 'Const' || pred.kind === 'Column' || usesRowContext(pred)) return undefined;
  const idx = soleColumn(pred, table);
  if (typeof idx !== 'number') return undefined;
  const col = table.columns[idx];
  return col instanceof DictStringColumn ? col : undefined;
}

/**
 * `pred` evaluated on every dictionary entry of its one column. Undefined when it does not fit,
 * when the dictionary is larger than the rows to test (then per-row memoisation reads fewer
 * entries), or when evaluating an entry fails (the general path then meets the error, if a row
 * reaches it).
 */
export function dictMatchOf(pred: PExpr, rel: Relation, ctx: ExecContext): DictMatch | undefined {
  const col = dictColumnOf(pred, rel.table);
  if (!col || col.dict.length > rowCountOf(rel)) return undefined;
  const idx = rel.table.columns.indexOf(col);
  const columns = rel.table.columns.slice();
  columns[idx] = new StringColumn(col.dict);
  const standIn: Table = { schema: rel.table.schema, columns, rowCount: col.dict.length };
  const match = new Uint8Array(col.dict.length);
  let any = false;
  try {
    const test = compileExpr(pred, { table: standIn, ctx });
    for (let c = 0; c < match.length; c++) {
      ctx.tick();
      if (test(c) === true) {
        match[c] = 1;
        any = true;
      }
    }
  } catch {
    return undefined;
  }
  return { col, codes: col.codes, match, any };
}

/**
 * Rows by code for a dictionary column (built once per column, shared like the time index):
 * the rows of code c are `rows[starts[c] .. starts[c + 1])`, ascending.
 */
interface CodeIndex {
  readonly starts: Int32Array;
  readonly rows: Int32Array;
}

const codeIndexes = new WeakMap<DictStringColumn, CodeIndex>();

function codeIndex(col: DictStringColumn): CodeIndex {
  let ix = codeIndexes.get(col);
  if (ix) return ix;
  const { codes, dict } = col;
  const starts = new Int32Array(dict.length + 1);
  for (let r = 0; r < codes.length; r++) starts[(codes[r] as number) + 1]++;
  for (let c = 0; c < dict.length; c++) starts[c + 1] = (starts[c + 1] as number) + (starts[c] as number);
  const fill = starts.slice(0, dict.length);
  const rows = new Int32Array(codes.length);
  for (let r = 0; r < codes.length; r++) {
    const c = codes[r] as number;
    rows[fill[c] as number] = r;
    fill[c] = (fill[c] as number) + 1;
  }
  ix = { starts, rows };
  codeIndexes.set(col, ix);
  return ix;
}

/** Whole-table selections read from the code index when the matched rows are at most this share. */
const INDEX_SHARE = 1 / 16;

export function selectByDict(m: DictMatch, rel: Relation, ctx: ExecContext): Int32Array {
  if (!m.any) return new Int32Array(0);
  const { codes, match } = m;
  const n = rowCountOf(rel);
  const sel = rel.sel;
  if (sel === undefined && m.col) {
    // Over a whole table, few matching rows are gathered from the rows-by-code index.
    const ix = codeIndex(m.col);
    let total = 0;
    let matched = 0;
    for (let c = 0; c < match.length; c++)
      if (match[c] === 1) {
        total += (ix.starts[c + 1] as number) - (ix.starts[c] as number);
        matched++;
      }
    if (total <= n * INDEX_SHARE) {
      const out = new Int32Array(total);
      let k = 0;
      for (let c = 0; c < match.length; c++)
        if (match[c] === 1) {
          out.set(ix.rows.subarray(ix.starts[c] as number, ix.starts[c + 1] as number), k);
          k += (ix.starts[c + 1] as number) - (ix.starts[c] as number);
        }
      ctx.tickMany(total);
      // Several codes' rows interleave: back to table order.
      return matched > 1 ? out.sort() : out;
    }
  }
  const out = new Int32Array(n);
  let k = 0;
  ctx.tickMany(n);
  if (sel === undefined) {
    for (let r = 0; r < n; r++) if (match[codes[r] as number] === 1) out[k++] = r;
  } else {
    for (let i = 0; i < n; i++) {
      const r = sel[i] as number;
      if (match[codes[r] as number] === 1) out[k++] = r;
    }
  }
  return out.subarray(0, k);
}

/** Order in which conjuncts run: dictionary predicates first, then time ranges, then the rest. */
export function conjunctRank(pred: PExpr, table: Table, ctx: ExecContext): number {
  if (dictColumnOf(pred, table)) return 0;
  if (timeRangeOf(pred, table, ctx)) return 1;
  return 2;
}
