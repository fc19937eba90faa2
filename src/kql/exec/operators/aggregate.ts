/**
 * Aggregate (summarize): hash grouping on the keys, one accumulator per group and aggregate.
 * Output = key columns then aggregate outputs (multi-output aggregates such as arg_max return
 * arrays). Without keys there is always exactly one row, even for empty input.
 */
import type { AggregateNode } from '../../plan/nodes.js';
import type { Accumulator } from '../../library/types.js';
import type { KqlValue } from '../../types.js';
import { compileAggregate, feed, results } from '../aggregates.js';
import { tableFromValues } from '../build.js';
import type { ExecContext } from '../context.js';
import { groupRows } from '../grouping.js';
import { physicalRow, type Relation, relationOf } from '../relation.js';

export function runAggregate(node: AggregateNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const grouping = groupRows(node.keys, input, ctx);
  const aggs = node.aggregates.map((a) => compileAggregate(a, input.table, ctx));
  const groupCount = node.keys.length === 0 ? 1 : grouping.count;
  // accs[a][g]: accumulator of aggregate a for group g.
  const accs: Accumulator[][] = aggs.map((a) => Array.from({ length: groupCount }, () => a.create()));
  const { groupOf } = grouping;
  for (let i = 0; i < groupOf.length; i++) {
    ctx.tick();
    const r = physicalRow(input, i);
    const g = groupOf[i] as number;
    for (let a = 0; a < aggs.length; a++) {
      const agg = aggs[a] as (typeof aggs)[number];
      feed((accs[a] as Accumulator[])[g] as Accumulator, agg.args, r);
    }
  }
  const rows: KqlValue[][] = [];
  for (let g = 0; g < groupCount; g++) {
    const row: KqlValue[] = node.keys.length === 0 ? [] : [...(grouping.keys[g] as KqlValue[])];
    aggs.forEach((agg, a) => {
      row.push(...results((accs[a] as Accumulator[])[g] as Accumulator, agg.outputs));
    });
    rows.push(row);
  }
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
