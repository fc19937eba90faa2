/** Plan-building shorthands and a runner for executor tests. */
import { type ExecuteOptions, executePlan, type QueryResult } from '../../../src/kql/exec/executor.js';
import { MapTableProvider, type Table, tableFromRows, tableRows } from '../../../src/kql/exec/table.js';
import type { PAggregate, PCall, PColumn, PConst, PExpr, PlanNode, ScanNode } from '../../../src/kql/plan/nodes.js';
import type { ColumnSchema, KqlValue, ScalarType, TableSchema } from '../../../src/kql/types.js';

export const col = (index: number, name: string, type: ScalarType): PColumn => ({ kind: 'Column', index, name, type });
export const lit = (value: KqlValue, type: ScalarType): PConst => ({ kind: 'Const', value, type });
export const call = (fn: string, type: ScalarType, ...args: PExpr[]): PCall => ({ kind: 'Call', fn, type, args });
export const agg = (fn: string, outputs: { name: string; type: ScalarType }[], ...args: PExpr[]): PAggregate => ({
  fn,
  args,
  outputs,
  constArgs: [],
});
export const schema = (...cols: [string, ScalarType][]): TableSchema => ({
  columns: cols.map(([name, type]) => ({ name, type })),
});
export const scan = (table: string, s: TableSchema): ScanNode => ({ kind: 'Scan', table, schema: s });

/** Column refs for every column of a schema (pass-through projections). */
export const refs = (s: TableSchema): PColumn[] => s.columns.map((c: ColumnSchema, i) => col(i, c.name, c.type));

export function table(s: TableSchema, rows: KqlValue[][]): Table {
  return tableFromRows(s.columns, rows);
}

export function run(
  plan: PlanNode,
  tables: Record<string, Table> = {},
  options: Partial<ExecuteOptions> = {},
): QueryResult & { rows: KqlValue[][] } {
  const provider = new MapTableProvider(Object.entries(tables));
  const result = executePlan(plan, { provider, now: 0n, ...options });
  return { ...result, rows: tableRows(result.table) };
}

/** Runs and fails loudly when the executor reported a diagnostic. */
export function rowsOf(
  plan: PlanNode,
  tables: Record<string, Table> = {},
  options: Partial<ExecuteOptions> = {},
): KqlValue[][] {
  const r = run(plan, tables, options);
  if (r.diagnostics.length > 0) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return r.rows;
}
