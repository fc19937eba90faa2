/**
 * The user-activity plugins, all over (IdColumn, TimelineColumn, Start, End, …, dim1, dim2, …):
 * - sliding_window_counts(…, LookbackWindow, Bin, dims): per bin, count and distinct count of ids
 *   in the lookback window ending with that bin;
 * - activity_counts_metrics(…, Window, dims): per window, count, dcount, ids new compared with all
 *   earlier windows, and the running distinct count;
 * - active_users_count(…, LookbackWindow, Period, ActivePeriods, Bin, dims): per bin, distinct ids
 *   with an appearance that has at least ActivePeriods distinct periods in the lookback window
 *   (current appearance - LookbackWindow, current appearance].
 * Bins are aligned to Start (bin_at). Only bins with activity produce rows.
 */
import type { EvaluateNode, PExpr } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { tableFromValues } from '../build.js';
import { compositeKey, keyOf } from '../compare.js';
import { type ExecContext, unsupported } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';

/** One input row as the plugins see it. */
interface Event {
  readonly id: string;
  readonly t: bigint;
  readonly dimKey: string;
}

interface Prepared {
  readonly events: readonly Event[];
  /** Dimension values by key, in first-appearance order. */
  readonly dims: ReadonlyMap<string, readonly KqlValue[]>;
  readonly start: bigint;
  readonly end: bigint;
  /** The scalar parameters after Start and End, as ticks or numbers. */
  readonly params: readonly KqlValue[];
}

function prepare(node: EvaluateNode, input: Relation, ctx: ExecContext, fixed: number): Prepared {
  const table = input.table;
  const scalar = (e: PExpr | undefined) => (e === undefined ? null : compileExpr(e, { table, ctx })(0));
  const [idExpr, timeExpr] = node.args;
  const start = scalar(node.args[2]);
  const end = scalar(node.args[3]);
  if (idExpr === undefined || timeExpr === undefined || typeof start !== 'bigint' || typeof end !== 'bigint') {
    return unsupported(`${node.plugin}() without datetime Start and End`);
  }
  const params = node.args.slice(4, fixed).map(scalar);
  const id = compileExpr(idExpr, { table, ctx });
  const time = compileExpr(timeExpr, { table, ctx });
  const dimEvals = node.args.slice(fixed).map((d) => compileExpr(d, { table, ctx }));
  const events: Event[] = [];
  const dims = new Map<string, readonly KqlValue[]>();
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const t = time(r);
    const v = id(r);
    if (typeof t !== 'bigint' || v === null || v === '') continue;
    const dimValues = dimEvals.map((d) => d(r));
    const dimKey = compositeKey(dimValues);
    if (!dims.has(dimKey)) dims.set(dimKey, dimValues);
    events.push({ id: keyOf(v), t, dimKey });
  }
  return { events, dims, start, end, params };
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

function ticksParam(p: Prepared, i: number, plugin: string, what: string): bigint {
  const v = p.params[i];
  if (typeof v !== 'bigint' || v <= 0n)
    return unsupported(`${plugin}() with a ${what} that is not a positive timespan`);
  return v;
}

/** bin_at(t, step, start): the bin of t in steps aligned to start. */
function binAt(t: bigint, step: bigint, start: bigint): bigint {
  const d = t - start;
  const q = d / step;
  return start + (d < 0n && d % step !== 0n ? q - 1n : q) * step;
}

/** Rows: [bin, ...dims, ...metrics] for each (dims, bin) group, ordered by bin then dims. */
function output(
  node: EvaluateNode,
  p: Prepared,
  groups: Map<string, { bin: bigint; dimKey: string; metrics: KqlValue[] }>,
  ctx: ExecContext,
): Relation {
  const order = [...p.dims.keys()];
  const rows = [...groups.values()]
    .sort((a, b) => (a.bin < b.bin ? -1 : a.bin > b.bin ? 1 : order.indexOf(a.dimKey) - order.indexOf(b.dimKey)))
    .map((g) => [g.bin, ...(p.dims.get(g.dimKey) ?? []), ...g.metrics]);
  return relationOf(tableFromValues(node.schema, rows, ctx));
}

export function slidingWindowCounts(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const p = prepare(node, input, ctx, 6);
  const lookback = ticksParam(p, 0, node.plugin, 'LookbackWindow');
  const step = ticksParam(p, 1, node.plugin, 'Bin');
  const acc = new Map<string, { bin: bigint; dimKey: string; count: number; ids: Set<string> }>();
  for (const e of p.events) {
    const b = binAt(e.t, step, p.start);
    // The event counts for every bin whose lookback window (bin - lookback, bin] holds its bin.
    for (let w = b; w < b + lookback && w <= p.end; w += step) {
      if (w < p.start) continue;
      const key = `${w}|${e.dimKey}`;
      const g = getOrCreate(acc, key, () => ({ bin: w, dimKey: e.dimKey, count: 0, ids: new Set() }));
      g.count++;
      g.ids.add(e.id);
    }
    ctx.tick();
  }
  const groups = new Map(
    [...acc].map(([k, g]) => [k, { bin: g.bin, dimKey: g.dimKey, metrics: [g.count, g.ids.size] }]),
  );
  return output(node, p, groups, ctx);
}

export function activityCountsMetrics(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const p = prepare(node, input, ctx, 5);
  const step = ticksParam(p, 0, node.plugin, 'Window');
  const windows = new Map<string, { bin: bigint; dimKey: string; count: number; ids: Set<string> }>();
  for (const e of p.events) {
    if (e.t < p.start || e.t > p.end) continue;
    const bin = binAt(e.t, step, p.start);
    const key = `${bin}|${e.dimKey}`;
    const w = getOrCreate(windows, key, () => ({ bin, dimKey: e.dimKey, count: 0, ids: new Set() }));
    w.count++;
    w.ids.add(e.id);
  }
  const seen = new Map<string, Set<string>>();
  const groups = new Map<string, { bin: bigint; dimKey: string; metrics: KqlValue[] }>();
  const ordered = [...windows.entries()].sort(([, a], [, b]) => (a.bin < b.bin ? -1 : a.bin > b.bin ? 1 : 0));
  for (const [key, w] of ordered) {
    const before = getOrCreate(seen, w.dimKey, () => new Set<string>());
    let fresh = 0;
    for (const id of w.ids) {
      if (before.has(id)) continue;
      before.add(id);
      fresh++;
    }
    groups.set(key, { bin: w.bin, dimKey: w.dimKey, metrics: [w.count, w.ids.size, fresh, before.size] });
  }
  return output(node, p, groups, ctx);
}

export function activeUsersCount(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const p = prepare(node, input, ctx, 8);
  const lookback = ticksParam(p, 0, node.plugin, 'LookbackWindow');
  const period = ticksParam(p, 1, node.plugin, 'Period');
  const needed = Number(p.params[2] ?? 1);
  const step = ticksParam(p, 3, node.plugin, 'Bin');
  // Appearance times per (dims, id), sorted; appearances before Start still count in lookbacks.
  const byUser = new Map<string, { dimKey: string; id: string; times: bigint[] }>();
  for (const e of p.events) {
    const key = `${e.dimKey}|${e.id}`;
    const u = getOrCreate(byUser, key, () => ({ dimKey: e.dimKey, id: e.id, times: [] }));
    u.times.push(e.t);
  }
  const active = new Map<string, { bin: bigint; dimKey: string; ids: Set<string> }>();
  for (const u of byUser.values()) {
    u.times.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const periods = new Map<bigint, number>();
    let from = 0;
    for (let i = 0; i < u.times.length; i++) {
      const t = u.times[i] as bigint;
      // Sliding window (t - lookback, t]: drop what fell out, add the current appearance.
      while ((u.times[from] as bigint) <= t - lookback) {
        const old = binAt(u.times[from++] as bigint, period, 0n);
        const n = (periods.get(old) ?? 1) - 1;
        if (n === 0) periods.delete(old);
        else periods.set(old, n);
      }
      const cur = binAt(t, period, 0n);
      periods.set(cur, (periods.get(cur) ?? 0) + 1);
      if (t < p.start || t > p.end || periods.size < needed) continue;
      const bin = binAt(t, step, p.start);
      const key = `${bin}|${u.dimKey}`;
      const g = getOrCreate(active, key, () => ({ bin, dimKey: u.dimKey, ids: new Set() }));
      g.ids.add(u.id);
    }
    ctx.tick();
  }
  const groups = new Map(
    [...active].map(([k, g]) => [k, { bin: g.bin, dimKey: g.dimKey, metrics: [g.ids.size] as KqlValue[] }]),
  );
  return output(node, p, groups, ctx);
}

/**
 * activity_metrics(…, Window, dims): per window, the distinct ids, the ids never seen in an
 * earlier window, and the retention rate (share of the previous window's ids seen again; churn is
 * its complement). A window whose previous window had no ids has rates 0.
 */
export function activityMetrics(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const p = prepare(node, input, ctx, 5);
  const step = ticksParam(p, 0, node.plugin, 'Window');
  const windows = new Map<string, { bin: bigint; dimKey: string; ids: Set<string> }>();
  for (const e of p.events) {
    if (e.t < p.start || e.t > p.end) continue;
    const bin = binAt(e.t, step, p.start);
    getOrCreate(windows, `${bin}|${e.dimKey}`, () => ({ bin, dimKey: e.dimKey, ids: new Set<string>() })).ids.add(e.id);
  }
  const seen = new Map<string, Set<string>>();
  const groups = new Map<string, { bin: bigint; dimKey: string; metrics: KqlValue[] }>();
  const ordered = [...windows.entries()].sort(([, a], [, b]) => (a.bin < b.bin ? -1 : a.bin > b.bin ? 1 : 0));
  for (const [key, w] of ordered) {
    const before = getOrCreate(seen, w.dimKey, () => new Set<string>());
    let fresh = 0;
    for (const id of w.ids) if (!before.has(id)) fresh++;
    for (const id of w.ids) before.add(id);
    const previous = windows.get(`${w.bin - step}|${w.dimKey}`)?.ids;
    let retained = 0;
    if (previous) for (const id of previous) if (w.ids.has(id)) retained++;
    const retention = previous && previous.size > 0 ? retained / previous.size : 0;
    const churn = previous && previous.size > 0 ? 1 - retention : 0;
    groups.set(key, { bin: w.bin, dimKey: w.dimKey, metrics: [w.ids.size, fresh, retention, churn] });
  }
  return output(node, p, groups, ctx);
}
