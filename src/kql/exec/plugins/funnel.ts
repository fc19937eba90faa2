/**
 * Sequence plugins:
 * - funnel_sequence(Id, T, Start, End, MaxStepWindow, Step, State, Sequence): per id, occurrences
 *   of Sequence as consecutive events (by time) with at most MaxStepWindow between steps; the state
 *   just before (prev) and just after (next), each within MaxStepWindow of the sequence, or empty.
 *   Rows: (Step bin of the first step, prev, next) with the distinct ids and up to 128 samples,
 *   by bin then dcount descending. Kusto also returns the prev-only and next-only tables; a query
 *   sees the first table, as here.
 * - funnel_sequence_completion(Id, T, Start, End, BinSize, State, Sequence, Periods): per bin of
 *   the first step, per period P (as listed) and per step k, the distinct ids that reached step k
 *   with steps in time order and the whole sequence within P of its first step (the page's
 *   "overall time" reading of the example).
 * - sequence_detect(T, MaxStepWindow, MaxSpan, Expr1, …, Dim1, …): every chain of rows with the
 *   same dimensions where row k satisfies Expr k, each step at most MaxStepWindow after the one
 *   before and the last at most MaxSpan after the first (all such chains, as the page's example
 *   pairs one heat event with two wildfires). Rows ordered by the step times.
 */
import type { EvaluateNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { parseTimespan } from '../../values.js';
import { tableFromValues } from '../build.js';
import { compositeKey, keyOf } from '../compare.js';
import { type ExecContext, unsupported } from '../context.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';
import { argEvaluator, binAt, byTick, fromTick, getOrCreate, timelineType, toTick } from './timeline.js';

interface StateEvent {
  readonly t: bigint;
  readonly state: KqlValue;
  readonly key: string;
}

interface PerId {
  readonly id: KqlValue;
  readonly events: StateEvent[];
}

function eventsById(node: EvaluateNode, input: Relation, ctx: ExecContext, stateArg: number): Map<string, PerId> {
  const ev = argEvaluator(input, ctx);
  const start = toTick(ev.scalar(node.args[2]));
  const end = toTick(ev.scalar(node.args[3]));
  if (start === null || end === null) return unsupported(`${node.plugin}() without Start and End`);
  const id = ev.row(node.args[0]!);
  const time = ev.row(node.args[1]!);
  const state = ev.row(node.args[stateArg]!);
  const byId = new Map<string, PerId>();
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const t = toTick(time(r));
    const v = id(r);
    if (t === null || v === null || t < start || t > end) continue;
    const s = state(r);
    getOrCreate(byId, keyOf(v), () => ({ id: v, events: [] })).events.push({ t, state: s, key: keyOf(s) });
  }
  // Stable: events at the same time keep their input order.
  for (const p of byId.values()) p.events.sort((a, b) => byTick(a.t, b.t));
  return byId;
}

function sequenceKeys(v: KqlValue, plugin: string): { keys: string[]; values: KqlValue[] } {
  if (!Array.isArray(v) || v.length === 0) return unsupported(`${plugin}() without a non-empty Sequence array`);
  const values = v as KqlValue[];
  return { keys: values.map((x) => keyOf(x)), values };
}

function positiveTick(v: KqlValue, plugin: string, what: string): bigint {
  const t = toTick(v);
  if (t === null || t <= 0n) return unsupported(`${plugin}() with a ${what} that is not positive`);
  return t;
}

export function funnelSequence(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const ev = argEvaluator(input, ctx);
  const start = toTick(ev.scalar(node.args[2])) ?? 0n;
  const maxStep = positiveTick(ev.scalar(node.args[4]), node.plugin, 'MaxSequenceStepWindow');
  const step = positiveTick(ev.scalar(node.args[5]), node.plugin, 'Step');
  const seq = sequenceKeys(ev.scalar(node.args[7]), node.plugin).keys;
  const groups = new Map<
    string,
    { bin: bigint; prev: KqlValue; next: KqlValue; ids: Map<string, KqlValue>; order: number }
  >();
  for (const [idKey, p] of eventsById(node, input, ctx, 6)) {
    const e = p.events;
    for (let i = 0; i + seq.length <= e.length; i++) {
      ctx.tick();
      let ok = true;
      for (let k = 0; ok && k < seq.length; k++) {
        const cur = e[i + k] as StateEvent;
        ok = cur.key === seq[k] && (k === 0 || cur.t - (e[i + k - 1] as StateEvent).t <= maxStep);
      }
      if (!ok) continue;
      const first = e[i] as StateEvent;
      const last = e[i + seq.length - 1] as StateEvent;
      const before = e[i - 1];
      const after = e[i + seq.length];
      const prev = before && first.t - before.t <= maxStep ? before.state : null;
      const next = after && after.t - last.t <= maxStep ? after.state : null;
      const bin = binAt(first.t, step, start);
      const key = `${bin}|${keyOf(prev)}|${keyOf(next)}`;
      getOrCreate(groups, key, () => ({ bin, prev, next, ids: new Map(), order: groups.size })).ids.set(idKey, p.id);
    }
  }
  const type = timelineType(node);
  const rows = [...groups.values()]
    .sort((a, b) => byTick(a.bin, b.bin) || b.ids.size - a.ids.size || a.order - b.order)
    .map((g) => [fromTick(g.bin, type), g.prev, g.next, g.ids.size, [...g.ids.values()].slice(0, 128)]);
  return relationOf(tableFromValues(node.schema, rows as KqlValue[][], ctx));
}

export function funnelSequenceCompletion(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const ev = argEvaluator(input, ctx);
  const start = toTick(ev.scalar(node.args[2])) ?? 0n;
  const step = positiveTick(ev.scalar(node.args[4]), node.plugin, 'BinSize');
  const seq = sequenceKeys(ev.scalar(node.args[6]), node.plugin);
  const periodsValue = ev.scalar(node.args[7]);
  // Timespans inside a dynamic array are their text ("01:00:00").
  const periods = (Array.isArray(periodsValue) ? periodsValue : []).map((p) =>
    typeof p === 'string' ? parseTimespan(p) : toTick(p as KqlValue),
  );
  if (periods.length === 0 || periods.some((p) => p === null || p < 0n))
    return unsupported(`${node.plugin}() without an array of timespan periods`);
  // reach[bin][period index][id] = the furthest step reached from a first step in that bin.
  const reach = new Map<bigint, Map<string, number>[]>();
  for (const [idKey, p] of eventsById(node, input, ctx, 5)) {
    const e = p.events;
    for (let i = 0; i < e.length; i++) {
      if ((e[i] as StateEvent).key !== seq.keys[0]) continue;
      const t0 = (e[i] as StateEvent).t;
      const perPeriod = getOrCreate(reach, binAt(t0, step, start), () => periods.map(() => new Map<string, number>()));
      periods.forEach((period, pi) => {
        // Earliest matches first: taking the first event of each next step reaches furthest.
        let k = 1;
        for (let j = i + 1; j < e.length && k < seq.keys.length; j++) {
          ctx.tick();
          const cur = e[j] as StateEvent;
          if (cur.t - t0 > (period as bigint)) break;
          if (cur.key === seq.keys[k]) k++;
        }
        const m = perPeriod[pi] as Map<string, number>;
        m.set(idKey, Math.max(m.get(idKey) ?? 0, k - 1));
      });
    }
  }
  const type = timelineType(node);
  const rows: KqlValue[][] = [];
  for (const bin of [...reach.keys()].sort(byTick)) {
    const perPeriod = reach.get(bin) as Map<string, number>[];
    periods.forEach((period, pi) => {
      const reached = [...(perPeriod[pi] as Map<string, number>).values()];
      seq.values.forEach((state, k) => {
        rows.push([
          fromTick(bin, type),
          typeof state === 'string' ? state : JSON.stringify(state),
          period,
          reached.filter((r) => r >= k).length,
        ]);
      });
    });
  }
  return relationOf(tableFromValues(node.schema, rows, ctx));
}

interface Occurrence {
  readonly t: bigint;
  readonly steps: readonly boolean[];
}

export function sequenceDetect(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const ev = argEvaluator(input, ctx);
  const maxStep = positiveTick(ev.scalar(node.args[1]), node.plugin, 'MaxSequenceStepWindow');
  const maxSpan = positiveTick(ev.scalar(node.args[2]), node.plugin, 'MaxSequenceSpan');
  const n = Number(ev.scalar(node.args[3]));
  const time = ev.row(node.args[0]!);
  const steps = node.args.slice(4, 4 + n).map((e) => ev.row(e));
  const dims = node.args.slice(4 + n).map((e) => ev.row(e));
  const groups = new Map<string, { dims: KqlValue[]; rows: Occurrence[] }>();
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const t = toTick(time(r));
    if (t === null) continue;
    const matches = steps.map((s) => s(r) === true);
    if (!matches.some(Boolean)) continue;
    const dimValues = dims.map((d) => d(r));
    getOrCreate(groups, compositeKey(dimValues), () => ({ dims: dimValues, rows: [] })).rows.push({
      t,
      steps: matches,
    });
  }
  const type = timelineType(node, dims.length);
  const found: { times: bigint[]; dims: KqlValue[]; order: number }[] = [];
  let order = 0;
  for (const g of groups.values()) {
    const list = g.rows.sort((a, b) => byTick(a.t, b.t));
    const chain: bigint[] = [];
    const extend = (from: number, k: number) => {
      if (k === n) {
        found.push({ times: [...chain], dims: g.dims, order });
        return;
      }
      for (let j = from; j < list.length; j++) {
        ctx.tick();
        const o = list[j] as Occurrence;
        if (k > 0 && (o.t - (chain[k - 1] as bigint) > maxStep || o.t - (chain[0] as bigint) > maxSpan)) break;
        if (!o.steps[k]) continue;
        chain.push(o.t);
        extend(j + 1, k + 1);
        chain.pop();
      }
    };
    for (let j = 0; j < list.length; j++) {
      if (!(list[j] as Occurrence).steps[0]) continue;
      chain.push((list[j] as Occurrence).t);
      extend(j + 1, 1);
      chain.pop();
    }
    order++;
  }
  found.sort((a, b) => {
    for (let k = 0; k < n; k++) {
      const c = byTick(a.times[k] as bigint, b.times[k] as bigint);
      if (c !== 0) return c;
    }
    return a.order - b.order;
  });
  const rows = found.map((f) => [
    ...f.dims,
    ...f.times.map((t) => fromTick(t, type)),
    (f.times[n - 1] as bigint) - (f.times[0] as bigint),
  ]);
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
