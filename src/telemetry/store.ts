/**
 * TelemetryStore: the loaded tables, handed to the engine as a TableProvider, plus the per-table
 * facts `data inspect` and `now()` defaults need (row counts, time range of Timestamp/TimeGenerated).
 */
import type { Table, TableProvider, TableSchema } from '../kql/engine.js';
import { formatDatetime, TicksColumn } from '../kql/engine.js';
import { TableAccumulator } from './accumulator.js';
import type { TableSummary } from './report.js';
import { tableSchema } from './schemas.js';

export interface TimeRange {
  readonly column: string;
  /** Ticks since 1970 (see src/kql/types.ts); undefined when every value is null. */
  readonly min: bigint | undefined;
  readonly max: bigint | undefined;
}

const TIME_COLUMNS = ['Timestamp', 'TimeGenerated'] as const;

export class TelemetryStore implements TableProvider {
  private readonly tables = new Map<string, TableAccumulator>();

  /** The accumulator for `name`, created on first use with the built-in schema if there is one. */
  accumulator(name: string): TableAccumulator {
    let acc = this.tables.get(name);
    if (!acc) {
      acc = new TableAccumulator(name, tableSchema(name));
      this.tables.set(name, acc);
    }
    return acc;
  }

  has(name: string): boolean {
    return this.tables.has(name);
  }

  getTable(name: string): Table | undefined {
    return this.tables.get(name)?.table();
  }

  getSchema(name: string): TableSchema | undefined {
    return this.tables.get(name)?.schema();
  }

  tableNames(): readonly string[] {
    return [...this.tables.keys()].sort();
  }

  rowCount(name: string): number {
    return this.tables.get(name)?.rowCount ?? 0;
  }

  /** Range of the table's time column: Timestamp when it has values, else TimeGenerated. */
  timeRange(name: string): TimeRange | undefined {
    const table = this.getTable(name);
    if (!table) return undefined;
    let fallback: TimeRange | undefined;
    for (const column of TIME_COLUMNS) {
      const i = table.schema.columns.findIndex((c) => c.name === column && c.type === 'datetime');
      const col = table.columns[i];
      if (!(col instanceof TicksColumn)) continue;
      const range = { column, ...minMax(col) };
      if (range.min !== undefined) return range;
      fallback ??= range;
    }
    return fallback;
  }

  /** Overall time range over all tables (e.g. to default `now()` to the end of an export). */
  overallTimeRange(): { min: bigint; max: bigint } | undefined {
    let min: bigint | undefined;
    let max: bigint | undefined;
    for (const name of this.tables.keys()) {
      const r = this.timeRange(name);
      if (r?.min === undefined || r.max === undefined) continue;
      if (min === undefined || r.min < min) min = r.min;
      if (max === undefined || r.max > max) max = r.max;
    }
    return min === undefined || max === undefined ? undefined : { min, max };
  }

  summaries(): TableSummary[] {
    return this.tableNames().map((name) => {
      const acc = this.tables.get(name) as TableAccumulator;
      const range = this.timeRange(name);
      return {
        table: name,
        rows: acc.rowCount,
        known: acc.knownSchema !== undefined,
        ...(range ? { timeColumn: range.column } : {}),
        ...(range?.min !== undefined ? { minTime: formatDatetime(range.min) } : {}),
        ...(range?.max !== undefined ? { maxTime: formatDatetime(range.max) } : {}),
        extraColumns: acc.extraColumns(),
      };
    });
  }
}

function minMax(col: TicksColumn): { min: bigint | undefined; max: bigint | undefined } {
  let min: bigint | undefined;
  let max: bigint | undefined;
  const { values, nulls } = col;
  for (let i = 0; i < values.length; i++) {
    if (nulls !== undefined && nulls[i] === 1) continue;
    const v = values[i] as bigint;
    if (min === undefined || v < min) min = v;
    if (max === undefined || v > max) max = v;
  }
  return { min, max };
}
