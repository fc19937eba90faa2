/**
 * Row-analytics plugins:
 * - preview(N): the first N rows;
 * - rows_near(Condition, NumRows [, RowsAfter]): rows within NumRows before (RowsAfter after) a row
 *   where the condition holds, in input order;
 * - rolling_percentile(Value, Percentile, Index, BinSize, BinsPerWindow, dims…): per bin and
 *   dimensions, the nearest-rank percentile of the values in the window of the last BinsPerWindow
 *   bins (inclusive), for bins from the first to the last bin with data;
 * - dcount_intersect(hll_1, …, hll_n): per row, s0 = |S1|, s1 = |S1 ∩ S2|, …;
 * - session_count(Id, Timeline, Start, End, Bin, LookBackWindow, dims…): per bin, the ids seen in
 *   the bin whose session (activity within LookBackWindow) is counted once, at its start.
 */
import type { EvaluateNode, PExpr } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { tableFromValues } from '../build.js';
import { compositeKey, keyOf } from '../compare.js';
import { type ExecContext, unsupported } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';

function evaluator(input: Relation, ctx: ExecContext) {
  const table = input.table;
  return {
    row: (e: PExpr) => compileExpr(e, { table, ctx }),
    scalar: (e: PExpr | undefined) => (e === undefined ? null : compileExpr(e, { table, ctx })(0)),
  };
}

const asNumber = (v: KqlValue): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);

export function preview(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const n = asNumber(evaluator(input, ctx).scalar(node.args[0]));
  if (n === null || n < 0) return unsupported('preview() with a row count that is not a non-negative number');
  const count = Math.min(rowCountOf(input), Math.trunc(n));
  const sel = new Int32Array(count);
  for (let i = 0; i < count; i++) sel[i] = physicalRow(input, i);
  return { table: input.table, sel };
}

export function rowsNear(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const ev = evaluator(input, ctx);
  const [condExpr, beforeExpr, afterExpr] = node.args;
  const before = asNumber(ev.scalar(beforeExpr));
  const after = afterExpr === undefined ? before : asNumber(ev.scalar(afterExpr));
  if (condExpr === undefined || before === null || after === null || before < 0 || after < 0)
    return unsupported('rows_near() without a condition and non-negative row counts');
  const cond = ev.row(condExpr);
  const n = rowCountOf(input);
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    ctx.tick();
    if (cond(physicalRow(input, i)) !== true) continue;
    for (let k = Math.max(0, i - before); k <= Math.min(n - 1, i + after); k++) keep[k] = 1;
  }
  const sel: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) sel.push(physicalRow(input, i));
  return { table: input.table, sel: Int32Array.from(sel) };
}

/** bin(value, size) for numbers or ticks. */
function binOf(v: KqlValue, size: KqlValue): KqlValue {
  if (typeof v === 'bigint' && typeof size === 'bigint' && size > 0n) {
    const q = v / size;
    return (v < 0n && v % size !== 0n ? q - 1n : q) * size;
  }
  const x = asNumber(v);
  const s = asNumber(size);
  return x === null || s === null || s <= 0 ? null : Math.floor(x / s) * s;
}

export function rollingPercentile(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const ev = evaluator(input, ctx);
  const [valueExpr, pctExpr, indexExpr, sizeExpr, perWindowExpr, ...dimExprs] = node.args;
  const pct = asNumber(ev.scalar(pctExpr));
  const size = ev.scalar(sizeExpr);
  const perWindow = asNumber(ev.scalar(perWindowExpr));
  if (valueExpr === undefined || indexExpr === undefined || pct === null || perWindow === null || perWindow < 1)
    return unsupported('rolling_percentile() without a value, percentile, index, bin size and window');
  const value = ev.row(valueExpr);
  const index = ev.row(indexExpr);
  const dims = dimExprs.map((d) => ev.row(d));
  // Values per dimension group and bin.
  const groups = new Map<string, { dims: KqlValue[]; bins: Map<string, { bin: KqlValue; values: number[] }> }>();
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const v = asNumber(value(r));
    const b = binOf(index(r), size);
    if (v === null || b === null) continue;
    const dimValues = dims.map((d) => d(r));
    const key = compositeKey(dimValues);
    let g = groups.get(key);
    if (!g) {
      g = { dims: dimValues, bins: new Map() };
      groups.set(key, g);
    }
    const bk = keyOf(b);
    let bin = g.bins.get(bk);
    if (!bin) {
      bin = { bin: b, values: [] };
      g.bins.set(bk, bin);
    }
    bin.values.push(v);
  }
  const rows: KqlValue[][] = [];
  for (const g of groups.values()) {
    const bins = [...g.bins.values()].sort((a, b) => ((a.bin as number) < (b.bin as number) ? -1 : 1));
    const first = bins[0]?.bin;
    const last = bins[bins.length - 1]?.bin;
    if (first === undefined || last === undefined || first === null || last === null) continue;
    const step = size as number | bigint;
    const byKey = new Map(bins.map((b) => [keyOf(b.bin), b.values]));
    const window: number[][] = [];
    for (let b: number | bigint = first as number | bigint; b <= (last as number | bigint); b = add(b, step)) {
      window.push(byKey.get(keyOf(b)) ?? []);
      if (window.length > perWindow) window.shift();
      const values = window.flat().sort((x, y) => x - y);
      if (values.length === 0) continue;
      const rank = Math.max(1, Math.ceil((Math.min(100, Math.max(0, pct)) / 100) * values.length));
      rows.push([b, ...g.dims, values[rank - 1] as number]);
    }
  }
  return relationOf(tableFromValues(node.schema, rows, ctx));
}

const add = (a: number | bigint, b: number | bigint): number | bigint =>
  typeof a === 'bigint' ? a + (b as bigint) : a + (b as number);

export function dcountIntersect(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const ev = evaluator(input, ctx);
  const sketches = node.args.map((a) => ev.row(a));
  if (sketches.length < 2 || sketches.length > 16)
    return unsupported('dcount_intersect() with other than 2..16 hll values');
  const inputColumns = node.schema.columns.length - sketches.length;
  const rows: KqlValue[][] = [];
  for (let i = 0; i < rowCountOf(input); i++) {
    const r = physicalRow(input, i);
    const own = input.table.columns.slice(0, inputColumns).map((c) => c.get(r));
    let common: Set<string> | undefined;
    const counts: number[] = [];
    for (const s of sketches) {
      const v = s(r);
      const set = new Set(Array.isArray(v) ? v.map((x) => keyOf(x as KqlValue)) : []);
      common = common === undefined ? set : new Set([...common].filter((x) => set.has(x)));
      counts.push(common.size);
    }
    rows.push([...own, ...counts]);
  }
  return relationOf(tableFromValues(node.schema, rows, ctx));
}

export function sessionCount(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const ev = evaluator(input, ctx);
  const [idExpr, timeExpr, startExpr, endExpr, binExpr, lookbackExpr, ...dimExprs] = node.args;
  const start = ev.scalar(startExpr);
  const end = ev.scalar(endExpr);
  const bin = ev.scalar(binExpr);
  const lookback = ev.scalar(lookbackExpr);
  if (
    idExpr === undefined ||
    timeExpr === undefined ||
    start === null ||
    end === null ||
    bin === null ||
    lookback === null
  )
    return unsupported('session_count() without Id, Timeline, Start, End, Bin and LookBackWindow');
  const id = ev.row(idExpr);
  const time = ev.row(timeExpr);
  const dims = dimExprs.map((d) => ev.row(d));
  // Appearances per (dims, id), then per bin: sessions alive in that bin.
  const seen = new Map<string, { dims: KqlValue[]; times: (number | bigint)[] }>();
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const t = time(r);
    const v = id(r);
    if (v === null || (typeof t !== 'bigint' && typeof t !== 'number')) continue;
    if (t < (start as number | bigint) || t > (end as number | bigint)) continue;
    const dimValues = dims.map((d) => d(r));
    const key = `${compositeKey(dimValues)}|${keyOf(v)}`;
    let s = seen.get(key);
    if (!s) {
      s = { dims: dimValues, times: [] };
      seen.set(key, s);
    }
    s.times.push(t as number | bigint);
  }
  // A session is active in a bin when the id appeared within LookBackWindow before the bin's end.
  const counts = new Map<string, { bin: KqlValue; dims: KqlValue[]; n: number }>();
  for (const s of seen.values()) {
    const bins = new Set<string>();
    for (const t of s.times) {
      const first = binOf(t, bin);
      // The appearance keeps the session alive in every bin whose end is within the lookback.
      for (
        let b = first as number | bigint;
        b <= add(t, lookback as number | bigint) && b <= (end as number | bigint);
        b = add(b, bin as number | bigint)
      ) {
        const k = keyOf(b);
        if (bins.has(k)) continue;
        bins.add(k);
        const ck = `${k}|${compositeKey(s.dims)}`;
        const c = counts.get(ck) ?? { bin: b, dims: s.dims, n: 0 };
        c.n++;
        counts.set(ck, c);
      }
    }
  }
  const rows = [...counts.values()]
    .sort((a, b) => ((a.bin as number) < (b.bin as number) ? -1 : (a.bin as number) > (b.bin as number) ? 1 : 0))
    .map((c) => [c.bin, ...c.dims, c.n]);
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
