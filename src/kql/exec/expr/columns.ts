/**
 * Column resolution and typed accessors: the leaves of compiled expressions. Each accessor reads
 * the concrete column's typed arrays directly instead of going through `Column.get`.
 */

import type { PColumn, POuterColumn } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import {
  BoolColumn,
  type Column,
  DictStringColumn,
  exactAt,
  NumberColumn,
  StringColumn,
  type Table,
  TicksColumn,
  ValueColumn,
} from '../table.js';

export type Evaluator = (row: number) => KqlValue;

/**
 * The column a reference names. Plan refs are by index; when the actual table's schema differs
 * (an operator with a data-dependent schema upstream, such as bag_unpack) the name decides.
 */
export function resolveColumnIndex(table: Table, ref: PColumn | POuterColumn): number {
  const cols = table.schema.columns;
  if (ref.index >= 0 && ref.index < cols.length && cols[ref.index]?.name === ref.name) return ref.index;
  for (let i = 0; i < cols.length; i++) if (cols[i]?.name === ref.name) return i;
  if (ref.index >= 0 && ref.index < table.columns.length) return ref.index;
  return -1;
}

export function resolveColumn(table: Table, ref: PColumn | POuterColumn): Column | undefined {
  const i = resolveColumnIndex(table, ref);
  return i < 0 ? undefined : table.columns[i];
}

export function columnAccessor(col: Column): Evaluator {
  if (col instanceof NumberColumn) {
    const { values, nulls, exact } = col;
    if (exact !== undefined) return (r) => (nulls !== undefined && nulls[r] === 1 ? null : exactAt(values, exact, r));
    if (nulls === undefined) return (r) => values[r] as number;
    return (r) => (nulls[r] === 1 ? null : (values[r] as number));
  }
  if (col instanceof TicksColumn) {
    const { values, nulls } = col;
    if (nulls === undefined) return (r) => values[r] as bigint;
    return (r) => (nulls[r] === 1 ? null : (values[r] as bigint));
  }
  if (col instanceof BoolColumn) {
    const { values, nulls } = col;
    if (nulls === undefined) return (r) => values[r] === 1;
    return (r) => (nulls[r] === 1 ? null : values[r] === 1);
  }
  if (col instanceof DictStringColumn) {
    const { codes, dict } = col;
    return (r) => dict[codes[r] as number] as string;
  }
  if (col instanceof StringColumn || col instanceof ValueColumn) {
    const values = col.values;
    return (r) => values[r] ?? null;
  }
  return (r) => col.get(r);
}

export function columnEvaluator(table: Table, ref: PColumn): Evaluator {
  const col = resolveColumn(table, ref);
  // A name missing at run time (an open row after bag_unpack/pivot) reads as null, as in Kusto.
  if (col === undefined) return ref.type === 'string' ? () => '' : () => null;
  return columnAccessor(col);
}
