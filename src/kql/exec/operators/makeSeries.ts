/**
 * MakeSeries: per group of keys, one dynamic array per aggregate over the axis bins
 * [from, to) by step (from/to default to the data's min/max), empty bins holding the default.
 * Output = keys, aggregate arrays, with the axis array inserted at `axisColumn`.
 */

import type { Accumulator } from '../../library/types.js';
import type { MakeSeriesNode } from '../../plan/nodes.js';
import { dynReal, type KqlValue } from '../../types.js';
import { compileAggregate, feed, results } from '../aggregates.js';
import { tableFromValues } from '../build.js';
import { type ExecContext, fail } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { groupRows } from '../grouping.js';
import { physicalRow, type Relation, relationOf } from '../relation.js';
import { ONE_ROW } from './values.js';

type Num = number | bigint;

export function runMakeSeries(node: MakeSeriesNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const constant = (e: MakeSeriesNode['step']): KqlValue => compileExpr(e, { table: ONE_ROW, ctx })(0);
  const step = constant(node.step);
  if (typeof step !== 'number' && typeof step !== 'bigint') return fail('make-series step must be a constant.');
  const axis = compileExpr(node.axis, { table: input.table, ctx });
  const grouping = groupRows(node.keys, input, ctx);
  const axisValues: (Num | null)[] = [];
  for (let i = 0; i < grouping.groupOf.length; i++) axisValues.push(toNum(axis(physicalRow(input, i))));
  const present = axisValues.filter((v): v is Num => v !== null);
  const from = node.from !== undefined ? toNum(constant(node.from)) : minOf(present);
  if (from === null) return relationOf(tableFromValues(node.schema, [], ctx));
  const to = node.to !== undefined ? toNum(constant(node.to)) : null;
  const maxV = maxOf(present);
  const bins = binCount(from, to, maxV, step);
  ctx.checkRows(bins);
  const aggs = node.aggregates.map((a) => compileAggregate(a, input.table, ctx));
  const groupCount = node.keys.length === 0 ? (grouping.groupOf.length > 0 ? 1 : 0) : grouping.count;
  // Every group holds one slot per bin and aggregate, then one output cell per bin (~16 bytes each).
  ctx.allocate((groupCount * Math.max(1, aggs.length) + 1) * bins * 16);
  // cells[g][a][bin]: accumulator, created on first use.
  const cells: (Accumulator | undefined)[][][] = Array.from({ length: groupCount }, () =>
    aggs.map(() => new Array(bins)),
  );
  for (let i = 0; i < grouping.groupOf.length; i++) {
    ctx.tick();
    const v = axisValues[i];
    if (v === null || v === undefined) continue;
    const b = binIndex(v, from, step);
    if (b < 0 || b >= bins) continue;
    const g = grouping.groupOf[i] as number;
    aggs.forEach((agg, a) => {
      const slot = (cells[g] as (Accumulator | undefined)[][])[a] as (Accumulator | undefined)[];
      slot[b] ??= agg.create();
      const acc = slot[b] as Accumulator;
      feed(acc, agg.args, physicalRow(input, i));
    });
  }
  const axisArray = Array.from({ length: bins }, (_, b) => addSteps(from, step, b)) as unknown as KqlValue;
  const rows: KqlValue[][] = [];
  for (let g = 0; g < groupCount; g++) {
    const row: KqlValue[] = node.keys.length === 0 ? [] : [...(grouping.keys[g] as KqlValue[])];
    aggs.forEach((_, a) => {
      const slot = (cells[g] as (Accumulator | undefined)[][])[a] as (Accumulator | undefined)[];
      const series: KqlValue[] = [];
      // A real aggregate's series holds reals (avg with default 0 prints 0.0, as Kusto's does).
      const type = node.aggregates[a]?.outputs[0]?.type;
      const real = type === 'real' || type === 'decimal';
      for (let b = 0; b < bins; b++) {
        ctx.tick();
        const acc = slot[b];
        const v = acc === undefined ? (node.defaults[a] ?? null) : (results(acc, 1)[0] ?? null);
        series.push(real && typeof v === 'number' ? (dynReal(v) as KqlValue) : v);
      }
      row.push(series as unknown as KqlValue);
    });
    row.splice(node.axisColumn, 0, axisArray);
    rows.push(row);
  }
  return relationOf(tableFromValues(node.schema, rows, ctx));
}

function toNum(v: KqlValue): Num | null {
  return typeof v === 'number' || typeof v === 'bigint' ? v : null;
}

function minOf(vs: readonly Num[]): Num | null {
  let m: Num | null = null;
  for (const v of vs) if (m === null || v < m) m = v;
  return m;
}

function maxOf(vs: readonly Num[]): Num | null {
  let m: Num | null = null;
  for (const v of vs) if (m === null || v > m) m = v;
  return m;
}

function binIndex(v: Num, from: Num, step: Num): number {
  if (typeof v === 'bigint' || typeof from === 'bigint' || typeof step === 'bigint') {
    const d = BigInt(v) - BigInt(from);
    const s = BigInt(step);
    if (d < 0n) return -1;
    return Number(d / s);
  }
  return Math.floor((v - from) / step);
}

/** Bins for [from, to) when `to` is given, else up to and including the data's maximum. */
function binCount(from: Num, to: Num | null, max: Num | null, step: Num): number {
  if (to !== null) {
    const n = binIndex(to, from, step);
    const exact = addSteps(from, step, n) === to || Number(addSteps(from, step, n)) === Number(to);
    return Math.max(0, exact ? n : n + 1);
  }
  return max === null ? 0 : binIndex(max, from, step) + 1;
}

function addSteps(from: Num, step: Num, n: number): Num {
  if (typeof from === 'bigint' || typeof step === 'bigint') return BigInt(from) + BigInt(step) * BigInt(n);
  return from + step * n;
}
