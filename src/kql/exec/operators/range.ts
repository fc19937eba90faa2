/** Range: one column from `from` to `to` (inclusive) by `step`; numbers or datetime/timespan ticks. */

import { longOf } from '../../long.js';
import type { RangeNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { type ExecContext, fail } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { type Relation, relationOf } from '../relation.js';
import { columnBuilder, NumberColumn, TicksColumn } from '../table.js';
import { ONE_ROW } from './values.js';

export function runRange(node: RangeNode, ctx: ExecContext): Relation {
  const value = (e: RangeNode['from']): KqlValue => compileExpr(e, { table: ONE_ROW, ctx })(0);
  const from = value(node.from);
  const to = value(node.to);
  const step = value(node.step);
  const col = node.schema.columns[0];
  const type = col?.type ?? 'long';
  if (from === null || to === null || step === null) return empty(node, type);
  // A long beyond 2^53 is a bigint too (long.ts): the column type tells it from ticks.
  if (type === 'long' && (typeof from === 'bigint' || typeof to === 'bigint' || typeof step === 'bigint'))
    return exactLongRange(node, ctx, BigInt(from as number | bigint), BigInt(to as number | bigint), step);
  if (typeof from === 'bigint' || typeof to === 'bigint' || typeof step === 'bigint') {
    return ticksRange(node, ctx, BigInt(from as bigint), BigInt(to as bigint), BigInt(step as bigint));
  }
  const f = Number(from);
  const t = Number(to);
  const s = Number(step);
  if (s === 0 || !Number.isFinite(s)) fail('range step must be a non-zero number.');
  const count = (s > 0 ? t >= f : t <= f) ? Math.floor((t - f) / s + 1e-9) + 1 : 0;
  ctx.checkRows(count);
  ctx.allocate(count * 8);
  const values = new Float64Array(count);
  // Multiplying rather than accumulating keeps real steps (0.1) from drifting.
  for (let i = 0; i < count; i++) {
    ctx.tick();
    values[i] = f + i * s;
  }
  const numType = type === 'int' || type === 'long' || type === 'real' || type === 'decimal' ? type : 'long';
  return relationOf({ schema: node.schema, columns: [new NumberColumn(numType, values, undefined)], rowCount: count });
}

/** A long range with a bound beyond 2^53: exact values (the column keeps them in its exact store). */
function exactLongRange(node: RangeNode, ctx: ExecContext, f: bigint, t: bigint, step: KqlValue): Relation {
  if (typeof step !== 'bigint' && (typeof step !== 'number' || !Number.isInteger(step)))
    fail('range step of a long range must be a whole number.');
  const s = BigInt(step as number | bigint);
  if (s === 0n) fail('range step must not be zero.');
  const countBig = (s > 0n ? t >= f : t <= f) ? (t - f) / s + 1n : 0n;
  ctx.checkRows(Number(countBig));
  const count = Number(countBig);
  ctx.allocate(count * 16);
  const b = columnBuilder('long');
  for (let i = 0; i < count; i++) {
    ctx.tick();
    b.append(longOf(f + BigInt(i) * s));
  }
  return relationOf({ schema: node.schema, columns: [b.build()], rowCount: count });
}

function ticksRange(node: RangeNode, ctx: ExecContext, f: bigint, t: bigint, s: bigint): Relation {
  if (s === 0n) fail('range step must not be zero.');
  const countBig = (s > 0n ? t >= f : t <= f) ? (t - f) / s + 1n : 0n;
  ctx.checkRows(Number(countBig));
  const count = Number(countBig);
  ctx.allocate(count * 8);
  const values = new BigInt64Array(count);
  for (let i = 0; i < count; i++) {
    ctx.tick();
    values[i] = f + BigInt(i) * s;
  }
  const type = node.schema.columns[0]?.type === 'timespan' ? 'timespan' : 'datetime';
  return relationOf({ schema: node.schema, columns: [new TicksColumn(type, values, undefined)], rowCount: count });
}

function empty(node: RangeNode, type: string): Relation {
  const col =
    type === 'datetime' || type === 'timespan'
      ? new TicksColumn(type, new BigInt64Array(0), undefined)
      : new NumberColumn('long', new Float64Array(0), undefined);
  return relationOf({ schema: node.schema, columns: [col], rowCount: 0 });
}
