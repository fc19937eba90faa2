/**
 * Helpers shared by the timeline plugins (engagement, funnels, sequence_detect): plugin arguments
 * evaluated once or per row, and timeline values as bigint ticks whatever the column's type
 * (datetime/timespan ticks, or whole numbers of a long timeline), converted back on output.
 */
import type { EvaluateNode, PExpr } from '../../plan/nodes.js';
import type { KqlValue, ScalarType } from '../../types.js';
import type { ExecContext } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import type { Relation } from '../relation.js';

export function argEvaluator(input: Relation, ctx: ExecContext) {
  const table = input.table;
  return {
    row: (e: PExpr) => compileExpr(e, { table, ctx }),
    scalar: (e: PExpr | undefined): KqlValue => (e === undefined ? null : compileExpr(e, { table, ctx })(0)),
  };
}

/** A timeline value as ticks: datetime/timespan as they are, numbers truncated to integers. */
export function toTick(v: KqlValue): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  return null;
}

/** A tick back in the timeline column's type. */
export function fromTick(t: bigint, type: ScalarType): KqlValue {
  return type === 'datetime' || type === 'timespan' ? t : Number(t);
}

/** bin_at(t, step, start): the start of t's bin in steps aligned to start. */
export function binAt(t: bigint, step: bigint, start: bigint): bigint {
  const d = t - start;
  const q = d / step;
  return start + (d < 0n && d % step !== 0n ? q - 1n : q) * step;
}

export const byTick = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** The timeline column's type: the first output column of the plugin. */
export function timelineType(node: EvaluateNode, column = 0): ScalarType {
  return node.schema.columns[column]?.type ?? 'datetime';
}

export function getOrCreate<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

/** A window: fixed ticks, or calendar periods (`week` starts on Sunday, as startofweek). */
export type Window = bigint | 'week' | 'month' | 'year';

const TICKS_PER_MS = 10000n;

export function windowOf(v: KqlValue): Window | null {
  if (typeof v === 'string') {
    const w = v.trim().toLowerCase();
    return w === 'week' || w === 'month' || w === 'year' ? w : null;
  }
  const t = toTick(v);
  return t !== null && t > 0n ? t : null;
}

/** The start of t's window: aligned to start for fixed windows, to the calendar otherwise. */
export function windowStart(t: bigint, w: Window, start: bigint): bigint {
  if (typeof w === 'bigint') return binAt(t, w, start);
  const d = new Date(Number(t / TICKS_PER_MS));
  const utc =
    w === 'year'
      ? Date.UTC(d.getUTCFullYear(), 0, 1)
      : w === 'month'
        ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
        : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - d.getUTCDay());
  return BigInt(utc) * TICKS_PER_MS;
}

/** The window after the one starting at b. */
export function nextWindow(b: bigint, w: Window): bigint {
  if (typeof w === 'bigint') return b + w;
  const d = new Date(Number(b / TICKS_PER_MS));
  const utc =
    w === 'year'
      ? Date.UTC(d.getUTCFullYear() + 1, 0, 1)
      : w === 'month'
        ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
        : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 7);
  return BigInt(utc) * TICKS_PER_MS;
}
