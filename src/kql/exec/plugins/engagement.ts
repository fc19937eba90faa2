/**
 * User-engagement plugins over (IdColumn, TimelineColumn, …):
 * - activity_engagement(Id, T, [Start, End,] Inner, Outer, dims…): per inner window (bins of Inner,
 *   aligned to Start when given), the distinct ids in the window, the distinct ids in the outer
 *   window that ends with it ([bin + Inner - Outer, bin + Inner)), and their ratio (DAU/WAU …).
 *   Only windows with activity produce rows; with Start/End only events inside them count.
 * - new_activity_metrics(Id, T, Start, End, Window [, Cohort] [, dims…] [, Lookback]): for each
 *   cohort window F (the ids first seen in F; ids of the Lookback table are never new) and each
 *   window T from F to End: ids of T not seen before F (T = F) or up to F (T > F), the cohort's ids
 *   retained in T and churned, and the retention and churn rates (both 0 for an empty cohort).
 *   This reproduces the page's worked example exactly. Window is a step (aligned to Start) or
 *   `week`/`month`/`year` (calendar periods: startofweek/startofmonth/startofyear).
 */
import type { EvaluateNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { tableFromValues } from '../build.js';
import { compositeKey, keyOf } from '../compare.js';
import { type ExecContext, unsupported } from '../context.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';
import {
  argEvaluator,
  binAt,
  byTick,
  fromTick,
  getOrCreate,
  nextWindow,
  timelineType,
  toTick,
  windowOf,
  windowStart,
} from './timeline.js';

interface Event {
  readonly id: string;
  readonly t: bigint;
}

interface Groups {
  /** Events per dimension key, in first-appearance order of the keys. */
  readonly events: Map<string, Event[]>;
  readonly dims: Map<string, readonly KqlValue[]>;
}

function collect(
  node: EvaluateNode,
  input: Relation,
  ctx: ExecContext,
  dimFrom: number,
  range: { start: bigint | null; end: bigint | null },
): Groups {
  const ev = argEvaluator(input, ctx);
  const id = ev.row(node.args[0]!);
  const time = ev.row(node.args[1]!);
  const dimEvals = node.args.slice(dimFrom).map((d) => ev.row(d));
  const events = new Map<string, Event[]>();
  const dims = new Map<string, readonly KqlValue[]>();
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const t = toTick(time(r));
    const v = id(r);
    if (t === null || v === null || v === '') continue;
    if ((range.start !== null && t < range.start) || (range.end !== null && t > range.end)) continue;
    const dimValues = dimEvals.map((d) => d(r));
    const key = compositeKey(dimValues);
    if (!dims.has(key)) dims.set(key, dimValues);
    getOrCreate(events, key, () => []).push({ id: keyOf(v), t });
  }
  for (const list of events.values()) list.sort((a, b) => byTick(a.t, b.t));
  return { events, dims };
}

/** Index of the first event at or after t in a list sorted by time. */
function lowerBound(list: readonly Event[], t: bigint): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as Event).t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function distinctIn(list: readonly Event[], from: bigint, to: bigint): number {
  const ids = new Set<string>();
  for (let i = lowerBound(list, from); i < list.length && (list[i] as Event).t < to; i++)
    ids.add((list[i] as Event).id);
  return ids.size;
}

const positive = (v: KqlValue, plugin: string, what: string): bigint => {
  const t = toTick(v);
  if (t === null || t <= 0n) return unsupported(`${plugin}() with a ${what} that is not positive`);
  return t;
};

export function activityEngagement(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const ev = argEvaluator(input, ctx);
  const start = toTick(ev.scalar(node.args[2]));
  const end = toTick(ev.scalar(node.args[3]));
  const inner = positive(ev.scalar(node.args[4]), node.plugin, 'InnerActivityWindow');
  const outer = positive(ev.scalar(node.args[5]), node.plugin, 'OuterActivityWindow');
  const g = collect(node, input, ctx, 6, { start, end });
  const type = timelineType(node);
  const rows: { bin: bigint; order: number; row: KqlValue[] }[] = [];
  let order = 0;
  for (const [key, list] of g.events) {
    const bins = [...new Set(list.map((e) => binAt(e.t, inner, start ?? 0n)))].sort(byTick);
    for (const b of bins) {
      ctx.tick();
      const nIn = distinctIn(list, b, b + inner);
      const nOut = distinctIn(list, b + inner - outer, b + inner);
      rows.push({
        bin: b,
        order,
        row: [fromTick(b, type), ...(g.dims.get(key) ?? []), nIn, nOut, nOut === 0 ? 0 : nIn / nOut],
      });
    }
    order++;
  }
  rows.sort((a, b) => byTick(a.bin, b.bin) || a.order - b.order);
  return relationOf(
    tableFromValues(
      node.schema,
      rows.map((r) => r.row),
      ctx,
    ),
  );
}

export function newActivityMetrics(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const ev = argEvaluator(input, ctx);
  const start = toTick(ev.scalar(node.args[2]));
  const end = toTick(ev.scalar(node.args[3]));
  if (start === null || end === null) return unsupported(`${node.plugin}() without Start and End`);
  const window = windowOf(ev.scalar(node.args[4]));
  if (window === null) return unsupported(`${node.plugin}() with a Window that is not positive or week/month/year`);
  const cohortArg = toTick(ev.scalar(node.args[5]));
  const cohortOnly = cohortArg === null ? null : windowStart(cohortArg, window, start);
  const lookIdx = Number(ev.scalar(node.args[6]) ?? -1);
  const earlier = new Set<string>();
  const lookback = node.tables[0];
  if (lookback !== undefined && lookIdx >= 0) {
    const rel = ctx.run(lookback);
    const col = rel.table.columns[lookIdx];
    for (let i = 0; col && i < rowCountOf(rel); i++) {
      const v = col.get(physicalRow(rel, i));
      if (v !== null && v !== '') earlier.add(keyOf(v));
    }
  }
  const g = collect(node, input, ctx, 7, { start, end });
  const type = timelineType(node);
  const bins: bigint[] = [];
  for (let b = windowStart(start, window, start); b <= end; b = nextWindow(b, window)) bins.push(b);
  const rows: KqlValue[][] = [];
  const byDims: { key: string; perBin: Map<bigint, Set<string>> }[] = [];
  for (const [key, list] of g.events) {
    const perBin = new Map<bigint, Set<string>>();
    for (const e of list) getOrCreate(perBin, windowStart(e.t, window, start), () => new Set()).add(e.id);
    byDims.push({ key, perBin });
  }
  for (const { key, perBin } of byDims) {
    const seenBefore = new Set(earlier);
    for (let f = 0; f < bins.length; f++) {
      const fromBin = bins[f] as bigint;
      const fromIds = perBin.get(fromBin) ?? new Set<string>();
      const cohort = [...fromIds].filter((id) => !seenBefore.has(id));
      const seenThrough = new Set([...seenBefore, ...fromIds]);
      if (fromIds.size > 0 && (cohortOnly === null || cohortOnly === fromBin)) {
        for (let t = f; t < bins.length; t++) {
          ctx.tick();
          const toIds = perBin.get(bins[t] as bigint) ?? new Set<string>();
          const known = t === f ? seenBefore : seenThrough;
          let fresh = 0;
          for (const id of toIds) if (!known.has(id)) fresh++;
          const retained = cohort.filter((id) => toIds.has(id)).length;
          const churned = cohort.length - retained;
          const rate = (n: number) => (cohort.length === 0 ? 0 : n / cohort.length);
          rows.push([
            fromTick(fromBin, type),
            fromTick(bins[t] as bigint, type),
            ...(g.dims.get(key) ?? []),
            fresh,
            retained,
            churned,
            rate(retained),
            rate(churned),
          ]);
        }
      }
      for (const id of fromIds) seenBefore.add(id);
    }
  }
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
