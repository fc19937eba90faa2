/**
 * schema_merge([PreserveOrder]): merges schemas in getschema's shape (ColumnName, ColumnOrdinal,
 * DataType, ColumnType; e.g. a union of several `| getschema`) into one.
 *
 * Columns keep the order they first appear in and are numbered from 0. Numeric types widen to the
 * widest one seen (int < long < real < decimal); other differing types are an error on that
 * column. With PreserveOrder (the default), a column whose ordinal differs from its ordinal in the
 * first schema it appeared in is an error ("columns are out of order"). Error columns come last,
 * with ordinal -1 and the error text in DataType/ColumnType, as the engine reports them.
 */
import type { EvaluateNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { tableFromValues } from '../build.js';
import { coerceValue } from '../coerce.js';
import type { ExecContext } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { physicalRow, type Relation, relationOf, rowCountOf } from '../relation.js';
import type { Table } from '../table.js';

const NUMERIC_RANK: Readonly<Record<string, number>> = { int: 1, long: 2, real: 3, decimal: 4 };

interface Merged {
  readonly name: string;
  readonly ordinal: number;
  dataType: string;
  columnType: string;
  error: string | undefined;
}

function columnReader(table: Table, name: string): (r: number) => KqlValue {
  const i = table.schema.columns.findIndex((c) => c.name === name);
  const col = i < 0 ? undefined : table.columns[i];
  return (r) => col?.get(r) ?? null;
}

/** Folds one more occurrence of a column into its merged entry. */
function mergeType(m: Merged, columnType: string, dataType: string): void {
  if (m.error !== undefined || m.columnType === columnType) return;
  const a = NUMERIC_RANK[m.columnType];
  const b = NUMERIC_RANK[columnType];
  if (a !== undefined && b !== undefined) {
    if (b > a) {
      m.columnType = columnType;
      m.dataType = dataType;
    }
    return;
  }
  m.error = 'ERROR(columns have incompatible types)';
}

export function schemaMerge(node: EvaluateNode, input: Relation, ctx: ExecContext): Relation {
  const preserveArg = node.args[0];
  const preserveOrder =
    preserveArg === undefined ? true : compileExpr(preserveArg, { table: input.table, ctx })(0) !== false;
  const name = columnReader(input.table, 'ColumnName');
  const ordinal = columnReader(input.table, 'ColumnOrdinal');
  const dataType = columnReader(input.table, 'DataType');
  const columnType = columnReader(input.table, 'ColumnType');
  const merged = new Map<string, Merged>();
  for (let i = 0; i < rowCountOf(input); i++) {
    const r = physicalRow(input, i);
    const n = coerceValue(name(r), 'string') as string;
    const ord = Number(coerceValue(ordinal(r), 'long') ?? -1);
    const dt = coerceValue(dataType(r), 'string') as string;
    const ct = coerceValue(columnType(r), 'string') as string;
    const m = merged.get(n);
    if (m === undefined) {
      merged.set(n, { name: n, ordinal: ord, dataType: dt, columnType: ct, error: undefined });
      continue;
    }
    if (preserveOrder && m.error === undefined && m.ordinal !== ord) m.error = 'ERROR(columns are out of order)';
    mergeType(m, ct, dt);
  }
  const all = [...merged.values()];
  const ok = all.filter((m) => m.error === undefined);
  const rows: KqlValue[][] = [
    ...ok.map((m, i) => [m.name, i, m.dataType, m.columnType]),
    ...all
      .filter((m) => m.error !== undefined)
      .map((m) => [m.name, -1, `ERROR(unknown CSL type:${m.error})`, m.error ?? '']),
  ];
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
