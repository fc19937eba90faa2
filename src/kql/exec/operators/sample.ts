/**
 * Sample and sample-distinct. Kusto picks arbitrary rows; a fixed-seed generator keeps local
 * results reproducible run to run.
 */
import type { SampleDistinctNode, SampleNode } from '../../plan/nodes.js';
import { evalColumn } from '../build.js';
import type { ExecContext } from '../context.js';
import { groupRows } from '../grouping.js';
import { physicalRow, type Relation, relationOf, rowCountOf, rowIndexes } from '../relation.js';
import { countValue } from './limit.js';

/** xorshift32 with a fixed seed: deterministic "random" picks. */
function generator(seed = 0x9e3779b9): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

/** k positions out of n (partial Fisher–Yates), kept in input order. */
function pick(n: number, k: number): number[] {
  const rand = generator();
  const pos = Array.from({ length: n }, (_, i) => i);
  const m = Math.min(k, n);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [pos[i], pos[j]] = [pos[j] as number, pos[i] as number];
  }
  return pos.slice(0, m).sort((a, b) => a - b);
}

export function runSample(node: SampleNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const rows = rowIndexes(input);
  const chosen = pick(rowCountOf(input), countValue(node.count, ctx));
  return { table: input.table, sel: Int32Array.from(chosen, (i) => rows[i] as number) };
}

export function runSampleDistinct(node: SampleDistinctNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const { groupOf, count } = groupRows([node.expr], input, ctx);
  const first = new Int32Array(count);
  let seen = 0;
  for (let i = 0; i < groupOf.length && seen < count; i++) {
    if (groupOf[i] === seen) first[seen++] = physicalRow(input, i);
  }
  const chosen = pick(count, countValue(node.count, ctx));
  const kept: Relation = { table: input.table, sel: Int32Array.from(chosen, (g) => first[g] as number) };
  const type = node.schema.columns[0]?.type ?? node.expr.type;
  const col = evalColumn(node.expr, type, kept, ctx);
  return relationOf({ schema: node.schema, columns: [col], rowCount: chosen.length });
}
