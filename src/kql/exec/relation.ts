/**
 * A relation flowing between operators: a table plus an optional selection vector (the physical
 * rows that survive, in order). Filters and limits only produce new selection vectors; operators
 * that reshape rows materialise with `materialize` or gather columns themselves.
 */
import type { TableSchema } from '../types.js';
import { gatherColumn } from './gather.js';
import { makeTable, type Table } from './table.js';

export interface Relation {
  readonly table: Table;
  /** Physical row indexes in output order; undefined = every row, in order. */
  readonly sel: Int32Array | undefined;
}

export function relationOf(table: Table): Relation {
  return { table, sel: undefined };
}

export function rowCountOf(rel: Relation): number {
  return rel.sel === undefined ? rel.table.rowCount : rel.sel.length;
}

/** Physical row of output position i. */
export function physicalRow(rel: Relation, i: number): number {
  return rel.sel === undefined ? i : (rel.sel[i] as number);
}

/** The selection as an explicit index array (identity when unselected). */
export function rowIndexes(rel: Relation): Int32Array {
  if (rel.sel !== undefined) return rel.sel;
  const n = rel.table.rowCount;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** A plain table holding exactly the relation's rows. */
export function materialize(rel: Relation): Table {
  if (rel.sel === undefined) return rel.table;
  const sel = rel.sel;
  return makeTableWithCount(
    rel.table.schema,
    rel.table.columns.map((c) => gatherColumn(c, sel)),
    sel.length,
  );
}

/** makeTable that keeps the row count right for zero-column tables. */
export function makeTableWithCount(schema: TableSchema, columns: Table['columns'], rowCount: number): Table {
  if (columns.length > 0) return makeTable(schema, columns);
  return { schema, columns, rowCount };
}
