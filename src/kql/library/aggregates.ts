/**
 * The aggregate table: basic (count, sum, avg, min, max, take_any …), collecting (make_set,
 * make_list, make_bag, dcount, hll …) and statistical/multi-output (arg_max, percentiles, stdev …)
 * aggregates, plus output naming for multi-output calls.
 */
import type { KqlValue } from '../types.js';
import type { LibAggregate } from './aggregate-define.js';
import { basicAggregates } from './aggregates-basic.js';
import { collectAggregates } from './aggregates-collect.js';
import { moreAggregates } from './aggregates-more.js';
import { statsAggregates } from './aggregates-stats.js';
import { tdigestAggregates } from './tdigest.js';
import type { AggregateFunction } from './types.js';

export const aggregateFunctions: readonly LibAggregate[] = [
  ...basicAggregates,
  ...collectAggregates,
  ...statsAggregates,
  ...moreAggregates,
  ...tdigestAggregates,
];

/**
 * Default names of every output of a call: one name for ordinary aggregates (`defaultName`),
 * one per percent for `percentiles(x, 50, 95)` → percentile_x_50, percentile_x_95. For
 * arg_max/arg_min the binder names the extra outputs after their columns; this gives the first.
 */
export function aggregateOutputNames(
  agg: AggregateFunction,
  argName: string | undefined,
  constArgs: readonly (KqlValue | undefined)[],
): string[] {
  const multi = (agg as LibAggregate).outputNames;
  return multi ? multi(argName, constArgs) : [agg.defaultName(argName, constArgs)];
}
