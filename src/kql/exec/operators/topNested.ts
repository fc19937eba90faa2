/**
 * TopNested: hierarchical top-N. At each level the current rows are grouped on `of`, each group is
 * aggregated, the best `count` groups are kept (by the aggregate, descending unless asc) and, with
 * `others`, the rest collapse into one row; kept groups recurse into the next level.
 * Output per level: the `of` value then the aggregate output(s).
 */
import type { TopNestedLevel, TopNestedNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { compileAggregate, feed, results } from '../aggregates.js';
import { tableFromValues } from '../build.js';
import { compareNonNull } from '../compare.js';
import type { ExecContext } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { groupRows } from '../grouping.js';
import { type Relation, relationOf, rowIndexes } from '../relation.js';
import type { Table } from '../table.js';
import { countValue } from './limit.js';
import { ONE_ROW } from './values.js';

export function runTopNested(node: TopNestedNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const out: KqlValue[][] = [];
  nest(node.levels, 0, input.table, rowIndexes(input), [], out, ctx);
  return relationOf(tableFromValues(node.schema, out, ctx));
}

function nest(
  levels: readonly TopNestedLevel[],
  depth: number,
  table: Table,
  rows: Int32Array,
  prefix: readonly KqlValue[],
  out: KqlValue[][],
  ctx: ExecContext,
): void {
  const level = levels[depth];
  if (level === undefined) {
    out.push([...prefix]);
    return;
  }
  const rel: Relation = { table, sel: rows };
  const { groupOf, keys, count } = groupRows([level.of], rel, ctx);
  const agg = compileAggregate(level.aggregate, table, ctx);
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < groupOf.length; i++) (members[groupOf[i] as number] as number[]).push(rows[i] as number);
  const aggregateOf = (m: readonly number[]): KqlValue[] => {
    const acc = agg.create();
    for (const r of m) feed(acc, agg.args, r);
    return results(acc, agg.outputs);
  };
  const groups = members.map((m, g) => ({ key: (keys[g] as KqlValue[])[0] ?? null, rows: m, values: aggregateOf(m) }));
  groups.sort((a, b) => orderBy(a.values[0] ?? null, b.values[0] ?? null, level.descending));
  const limit = level.count === undefined ? groups.length : countValue(level.count, ctx);
  for (const g of groups.slice(0, limit)) {
    nest(levels, depth + 1, table, Int32Array.from(g.rows), [...prefix, g.key, ...g.values], out, ctx);
  }
  const rest = groups.slice(limit);
  if (level.others !== undefined && rest.length > 0) {
    const othersKey = compileExpr(level.others, { table: ONE_ROW, ctx })(0);
    const restRows = rest.flatMap((g) => g.rows);
    nest(
      levels,
      depth + 1,
      table,
      Int32Array.from(restRows),
      [...prefix, othersKey, ...aggregateOf(restRows)],
      out,
      ctx,
    );
  }
}

/** Nulls last whatever the direction. */
function orderBy(a: KqlValue, b: KqlValue, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const c = compareNonNull(a, b);
  return descending ? -c : c;
}
