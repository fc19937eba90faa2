/** Aggregate calls compiled against a table: library accumulator factories plus argument evaluators. */
import { DIAG } from '../diagnostics.js';
import { getAggregate } from '../library/index.js';
import type { Accumulator } from '../library/types.js';
import type { PAggregate } from '../plan/nodes.js';
import type { KqlValue } from '../types.js';
import { type ExecContext, ExecError } from './context.js';
import { compileExpr, type Evaluator } from './expr/compile.js';
import type { Table } from './table.js';

export interface CompiledAggregate {
  readonly create: () => Accumulator;
  readonly args: readonly Evaluator[];
  readonly outputs: number;
}

export function compileAggregate(agg: PAggregate, table: Table, ctx: ExecContext): CompiledAggregate {
  const entry = getAggregate(agg.fn);
  if (entry === undefined) throw new ExecError(DIAG.unsupportedLocally(`Aggregate '${agg.fn}'`));
  const args = agg.args.map((a) => compileExpr(a, { table, ctx }));
  const constArgs = liftedConsts(agg);
  const create = entry.create(
    agg.args.map((a) => a.type),
    constArgs,
  );
  return { create, args, outputs: agg.outputs.length };
}

/**
 * Constant arguments by position. When the binder kept constants among the args (percentile's p as
 * a Const arg), those are used; when it lifted them out into `constArgs`, they follow the args.
 */
function liftedConsts(agg: PAggregate): readonly (KqlValue | undefined)[] {
  const positional = agg.args.map((a) => (a.kind === 'Const' ? a.value : undefined));
  if (agg.constArgs.length === 0 || positional.some((c) => c !== undefined)) return positional;
  return [...positional, ...agg.constArgs];
}

/** Feeds row `r` to an accumulator. */
export function feed(acc: Accumulator, args: readonly Evaluator[], r: number): void {
  switch (args.length) {
    case 0:
      acc.add();
      return;
    case 1:
      acc.add((args[0] as Evaluator)(r));
      return;
    case 2:
      acc.add((args[0] as Evaluator)(r), (args[1] as Evaluator)(r));
      return;
    default:
      acc.add(...args.map((a) => a(r)));
  }
}

/** The output values of one accumulator, one per output column. */
export function results(acc: Accumulator, outputs: number): KqlValue[] {
  const v = acc.result();
  // A single output that is an array is a dynamic value (make_list), not several outputs.
  if (outputs === 1) return [v as KqlValue];
  return Array.isArray(v) ? (v as KqlValue[]).slice(0, outputs) : [v as KqlValue];
}
