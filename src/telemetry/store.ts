/**
 * TelemetryStore: the loaded tables, handed to the engine as a TableProvider, plus the per-table
 * facts `data inspect` and `now()` defaults need (row counts, time range of Timestamp/TimeGenerated).
 */
import type { Table, TableProvider, TableSchema } from '../kql/engine.js';
import { formatDatetime, TicksColumn } from '../kql/engine.js';
import { TableAccumulator } from './accumulator.js';
import type { TableSummary } from './report.js';
import { columnTwins, tableSchema } from './schemas.js';
import { fillTwins } from './twins.js';

export interface TimeRange {
  readonly column: string;
  /** Ticks since 1970 (see src/kql/types.ts); undefined when every value is null. */
  readonly min: bigint | undefined;
  readonly max: bigint | undefined;
}

const TIME_COLUMNS = ['Timestamp', 'TimeGenerated'] as const;

/** Per table: the columns to load, or 'all'; tables not named load only their time columns. */
export type LoadProjection = ReadonlyMap<string, ReadonlySet<string> | 'all'>;

export class TelemetryStore implements TableProvider {
  private readonly tables = new Map<string, TableAccumulator>();
  /** Built table → the same with its column twins filled (see twins.ts); rebuilt when a load appends. */
  private readonly twinned = new WeakMap<Table, Table>();

  /**
   * With a projection, each table builds only the columns named for it (plus its time columns, so
   * time ranges and `now` auto do not depend on the projection).
   */
  constructor(readonly projection?: LoadProjection) {}

  /** The accumulator for `name`, created on first use with the built-in schema if there is one. */
  accumulator(name: string): TableAccumulator {
    let acc = this.tables.get(name);
    if (!acc) {
      const known = tableSchema(name);
      acc = new TableAccumulator(name, known, known, this.columnsToLoad(name));
      this.tables.set(name, acc);
    }
    return acc;
  }

  private columnsToLoad(name: string): ReadonlySet<string> | undefined {
    if (!this.projection) return undefined;
    const p = this.projection.get(name);
    if (p === 'all') return undefined;
    return new Set([...(p ?? []), ...TIME_COLUMNS]);
  }

  /**
   * Takes a built table (from a `.kqc` file or the cache) as the table `name`; a table already
   * loaded under that name gets the rows appended instead.
   */
  adopt(name: string, table: Table, extraColumns: readonly string[]): void {
    const existing = this.tables.get(name);
    if (!existing) {
      this.tables.set(name, TableAccumulator.fromTable(name, tableSchema(name), table, extraColumns));
      return;
    }
    const names = table.schema.columns.map((c) => c.name);
    for (let r = 0; r < table.rowCount; r++) {
      const row: Record<string, unknown> = {};
      names.forEach((n, c) => {
        row[n] = cellForAppend(table.columns[c]?.get(r));
      });
      existing.append(row, false, () => {});
    }
  }

  /** Every loaded table as written to the cache. */
  tablesToWrite(): { name: string; known: boolean; extraColumns: readonly string[]; table: Table }[] {
    return this.tableNames().map((name) => {
      const acc = this.tables.get(name) as TableAccumulator;
      return { name, known: acc.knownSchema !== undefined, extraColumns: acc.extraColumns(), table: acc.table() };
    });
  }

  has(name: string): boolean {
    return this.tables.has(name);
  }

  /**
   * The loaded table. Timestamp/TimeGenerated (and alternative column spellings) are filled from
   * each other where the export has only one, so rules of both dialects run on it.
   */
  getTable(name: string): Table | undefined {
    const built = this.tables.get(name)?.table();
    if (!built) return undefined;
    let t = this.twinned.get(built);
    if (!t) {
      t = fillTwins(built, columnTwins(name));
      this.twinned.set(built, t);
    }
    return t;
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
    // The data as loaded, not twinned: the report names the time column the export really has.
    const table = this.tables.get(name)?.table();
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

/** Runtime values back into what the accumulator coerces from (ticks → ISO text). */
function cellForAppend(v: unknown): unknown {
  return typeof v === 'bigint' ? formatDatetime(v) : v;
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
