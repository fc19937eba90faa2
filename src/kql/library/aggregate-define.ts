/**
 * Helpers for writing aggregate entries compactly, plus output naming shared by all aggregates.
 *
 * Contract (see index.ts): `create(argTypes, constArgs)` returns a factory of accumulators;
 * `add(...values)` receives ALL argument values of the call for one row (constant arguments
 * included, in their positions), `result()` the group's value (an array for multi-output).
 */
import type { KqlValue, ScalarType } from '../types.js';
import type { AggregateFunction, ParamKind } from './types.js';

export interface AggSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly doc: string;
  readonly params: readonly ParamKind[];
  readonly min?: number;
  readonly max?: number;
  readonly constArgs?: readonly number[];
  readonly returns: AggregateFunction['returns'];
  /** Output name prefix: `sum` → `sum_x`; `count` → `count_`. */
  readonly prefix: string;
  /** Overrides the default `${prefix}_${arg}` naming. */
  readonly name_?: AggregateFunction['defaultName'];
  readonly create: AggregateFunction['create'];
  /** Names of all outputs, for multi-output aggregates (percentiles, arg_max). */
  readonly outputNames?: LibAggregate['outputNames'];
}

/** Output names of a multi-output aggregate (or the one default name). */
export interface LibAggregate extends AggregateFunction {
  readonly outputNames?: (argName: string | undefined, constArgs: readonly (KqlValue | undefined)[]) => string[];
}

export function defineAggregates(specs: readonly AggSpec[]): LibAggregate[] {
  return specs.map((s) => ({
    name: s.name,
    doc: s.doc,
    minArgs: s.min ?? s.params.length,
    maxArgs: s.max ?? s.params.length,
    params: s.params,
    returns: s.returns,
    defaultName: s.name_ ?? ((arg) => `${s.prefix}_${arg ?? ''}`),
    create: s.create,
    ...(s.aliases ? { aliases: s.aliases } : {}),
    ...(s.constArgs ? { constArgs: s.constArgs } : {}),
    ...(s.outputNames ? { outputNames: s.outputNames } : {}),
  }));
}

/** `true` only for a true predicate value (null and false both exclude the row). */
export const isTrue = (v: KqlValue | undefined): boolean => v === true;

export type ArgTypes = readonly ScalarType[];
