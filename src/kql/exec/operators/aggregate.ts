/**
 * Aggregate (summarize): hash grouping on the keys, then per aggregate either a typed kernel (the
 * common hunting aggregates: count(), min/max of a number or datetime column) or one library
 * accumulator per group. Output = key columns then aggregate outputs (multi-output aggregates such
 * as arg_max return arrays). Without keys there is always exactly one row, even for empty input.
 */
import type { Accumulator } from '../../library/types.js';
import type { AggregateNode, PAggregate } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { compileAggregate, feed, results } from '../aggregates.js';
import { tableFromValues } from '../build.js';
import type { ExecContext } from '../context.js';
import { resolveColumn } from '../expr/columns.js';
import { groupRows } from '../grouping.js';
import { physicalRow, type Relation, relationOf } from '../relation.js';
import { DictStringColumn, NumberColumn, type Table, TicksColumn } from '../table.js';

/** Per-group values of one aggregate computed without accumulators; undefined when not applicable. */
type Kernel = (groupOf: Int32Array, groups: number, rel: Relation) => KqlValue[];

export function runAggregate(node: AggregateNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const grouping = groupRows(node.keys, input, ctx);
  const groupCount = node.keys.length === 0 ? 1 : grouping.count;
  const { groupOf } = grouping;
  // columns[a][g]: output values of aggregate a for group g (each an array of its outputs).
  const perAggregate: KqlValue[][][] = node.aggregates.map((agg) => {
    const kernel = kernelFor(agg, input.table);
    if (kernel !== undefined) return kernel(groupOf, groupCount, input).map((v) => [v]);
    return accumulate(agg, input, groupOf, groupCount, ctx);
  });
  const rows: KqlValue[][] = [];
  for (let g = 0; g < groupCount; g++) {
    const row: KqlValue[] = node.keys.length === 0 ? [] : [...(grouping.keys[g] as KqlValue[])];
    for (const values of perAggregate) row.push(...(values[g] as KqlValue[]));
    rows.push(row);
  }
  return relationOf(tableFromValues(node.schema, rows, ctx));
}

function accumulate(
  agg: PAggregate,
  input: Relation,
  groupOf: Int32Array,
  groups: number,
  ctx: ExecContext,
): KqlValue[][] {
  const compiled = compileAggregate(agg, input.table, ctx);
  const accs: Accumulator[] = Array.from({ length: groups }, () => compiled.create());
  for (let i = 0; i < groupOf.length; i++) {
    ctx.tick();
    feed(accs[groupOf[i] as number] as Accumulator, compiled.args, physicalRow(input, i));
  }
  return accs.map((acc) => results(acc, compiled.outputs));
}

function kernelFor(agg: PAggregate, table: Table): Kernel | undefined {
  if (agg.fn === 'count' && agg.args.length === 0) return countKernel;
  if (agg.fn === 'make_set' && agg.args.length === 1 && agg.args[0]!.kind === 'Column') {
    const col = resolveColumn(table, agg.args[0]!);
    // Kernels read the doubles: a long column with values beyond 2^53 (col.exact) takes the library path.
    if ((col instanceof NumberColumn && col.exact === undefined) || col instanceof DictStringColumn)
      return makeSetKernel(col);
  }
  if (agg.fn === 'dcount' && agg.args.length === 1 && agg.args[0]!.kind === 'Column') {
    const col = resolveColumn(table, agg.args[0]!);
    if (col instanceof DictStringColumn) return dcountDictKernel(col);
  }
  if ((agg.fn === 'min' || agg.fn === 'max') && agg.args.length === 1 && agg.args[0]!.kind === 'Column') {
    const col = resolveColumn(table, agg.args[0]!);
    if (col instanceof TicksColumn || (col instanceof NumberColumn && col.exact === undefined))
      return extremeKernel(col, agg.fn === 'max');
  }
  return undefined;
}

function countKernel(groupOf: Int32Array, groups: number): KqlValue[] {
  const counts = new Float64Array(groups);
  for (let i = 0; i < groupOf.length; i++) counts[groupOf[i] as number]++;
  return Array.from(counts);
}

/** min/max of a typed column ignoring nulls; a group with only nulls gives null (as the library does). */
function extremeKernel(col: TicksColumn | NumberColumn, max: boolean): Kernel {
  return (groupOf, groups, rel) => {
    const best: (number | bigint | null)[] = new Array(groups).fill(null);
    const { values, nulls } = col;
    const sel = rel.sel;
    // Readable form: best[g] = max(best[g], values[row]) over non-null rows of group g.
    for (let i = 0; i < groupOf.length; i++) {
      const r = sel === undefined ? i : (sel[i] as number);
      if (nulls !== undefined && nulls[r] === 1) continue;
      const v = values[r] as number | bigint;
      if (col instanceof NumberColumn && Number.isNaN(v as number)) continue;
      const g = groupOf[i] as number;
      const b = best[g] as number | bigint | null;
      if (b === null || (max ? v > b : v < b)) best[g] = v;
    }
    return best;
  };
}

/**
 * make_set of a number or dictionary-string column: distinct values per group in first-seen order,
 * nulls skipped — what the library accumulator does, without a call and an argument array per row.
 */
function makeSetKernel(col: NumberColumn | DictStringColumn): Kernel {
  return (groupOf, groups, rel) => {
    const sets: Set<number | string>[] = Array.from({ length: groups }, () => new Set());
    const sel = rel.sel;
    if (col instanceof NumberColumn) {
      const { values, nulls } = col;
      for (let i = 0; i < groupOf.length; i++) {
        const r = sel === undefined ? i : (sel[i] as number);
        if (nulls === undefined || nulls[r] !== 1)
          (sets[groupOf[i] as number] as Set<number | string>).add(values[r] as number);
      }
    } else {
      const { codes, dict } = col;
      for (let i = 0; i < groupOf.length; i++) {
        const r = sel === undefined ? i : (sel[i] as number);
        (sets[groupOf[i] as number] as Set<number | string>).add(dict[codes[r] as number] as string);
      }
    }
    return sets.map((s) => [...s]);
  };
}

/**
 * dcount of a dictionary-string column: distinct dictionary values per group, counted through
 * per-group sets of value ids (equal strings under two codes share an id). Counts exactly, as the
 * library's dcount does (empty strings included).
 */
function dcountDictKernel(col: DictStringColumn): Kernel {
  return (groupOf, groups, rel) => {
    const byValue = new Map<string, number>();
    const idOfCode = new Int32Array(col.dict.length);
    col.dict.forEach((v, c) => {
      let id = byValue.get(v);
      if (id === undefined) {
        id = byValue.size;
        byValue.set(v, id);
      }
      idOfCode[c] = id;
    });
    const sets: Set<number>[] = Array.from({ length: groups }, () => new Set());
    const { codes } = col;
    const sel = rel.sel;
    // Readable form: sets[g].add(valueId(codes[row])) for every row of group g.
    for (let i = 0; i < groupOf.length; i++) {
      const r = sel === undefined ? i : (sel[i] as number);
      (sets[groupOf[i] as number] as Set<number>).add(idOfCode[codes[r] as number] as number);
    }
    return sets.map((s) => s.size);
  };
}
