/** GetSchema: one row per input column (ColumnName, ColumnOrdinal, DataType, ColumnType). */
import type { GetSchemaNode } from '../../plan/nodes.js';
import type { KqlValue, ScalarType } from '../../types.js';
import { tableFromValues } from '../build.js';
import type { ExecContext } from '../context.js';
import { type Relation, relationOf } from '../relation.js';

/** The .NET type names Kusto reports in DataType. */
const DOTNET: Readonly<Record<ScalarType, string>> = {
  bool: 'System.SByte',
  int: 'System.Int32',
  long: 'System.Int64',
  real: 'System.Double',
  decimal: 'System.Data.SqlTypes.SqlDecimal',
  string: 'System.String',
  datetime: 'System.DateTime',
  timespan: 'System.TimeSpan',
  guid: 'System.Guid',
  dynamic: 'System.Object',
};

export function runGetSchema(node: GetSchemaNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const values: Record<string, (name: string, i: number, type: ScalarType) => KqlValue> = {
    ColumnName: (name) => name,
    ColumnOrdinal: (_n, i) => i,
    DataType: (_n, _i, type) => DOTNET[type],
    ColumnType: (_n, _i, type) => type,
  };
  const rows = input.table.schema.columns.map((c, i) =>
    node.schema.columns.map((out) => values[out.name]?.(c.name, i, c.type) ?? null),
  );
  return relationOf(tableFromValues(node.schema, rows, ctx));
}
