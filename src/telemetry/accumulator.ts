/**
 * Per-table row accumulation into columnar builders. Known columns are coerced on append; columns
 * outside the schema (and every column of an unknown table) keep their raw values until build time,
 * when one type is inferred from all of them — a first-value guess would reject later rows.
 */
import type { ColumnBuilder, ColumnSchema, KqlValue, ScalarType, Table, TableSchema } from '../kql/engine.js';
import { columnBuilder, makeTable } from '../kql/engine.js';
import { coerceValue, inferType, MISMATCH } from './coerce.js';
import { isoTicks } from './io/iso-ticks.js';

interface KnownSlot {
  readonly kind: 'known';
  readonly name: string;
  readonly type: ScalarType;
  builder: ColumnBuilder;
}

interface InferredSlot {
  readonly kind: 'inferred';
  readonly name: string;
  readonly raw: unknown[];
  textual: boolean;
}

type Slot = KnownSlot | InferredSlot;

/** Called for each cell that does not fit its column type (the cell becomes null). */
export type MismatchHandler = (column: string, type: ScalarType, raw: unknown) => void;

export class TableAccumulator {
  private readonly slots: Slot[] = [];
  private readonly index = new Map<string, number>();
  private rows = 0;
  private cached: Table | undefined;
  private inferredTypes: Map<string, ScalarType> | undefined;
  /** Keys of the previous record: records of one file nearly always repeat them. */
  private lastKeys: readonly string[] = [];

  constructor(
    readonly name: string,
    /** The built-in schema, or undefined for a table outside the catalog. */
    readonly knownSchema: TableSchema | undefined,
    /** The typed columns to start with: the built-in schema, or an adopted table's columns. */
    typed: TableSchema | undefined = knownSchema,
    /** Load only these columns (a projection); every other key of a record is ignored. */
    private readonly only?: ReadonlySet<string>,
  ) {
    for (const c of typed?.columns ?? []) {
      if (only && !only.has(c.name)) continue;
      this.index.set(c.name, this.slots.length);
      this.slots.push({ kind: 'known', name: c.name, type: c.type, builder: columnBuilder(c.type) });
    }
  }

  /**
   * An accumulator over an already built table (read from a `.kqc` file): every column keeps its
   * built type; appending later copies the values into builders first (see unfreeze).
   */
  static fromTable(
    name: string,
    knownSchema: TableSchema | undefined,
    table: Table,
    extraColumns: readonly string[],
  ): TableAccumulator {
    const acc = new TableAccumulator(name, knownSchema, table.schema);
    acc.rows = table.rowCount;
    acc.cached = table;
    acc.extras = extraColumns;
    return acc;
  }

  /** Extra columns of an adopted table (its slots are all typed). */
  private extras: readonly string[] | undefined;

  /** The columns a projection limits this table to, or undefined when every column loads. */
  projectedColumns(): ReadonlySet<string> | undefined {
    return this.only;
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Columns added beyond the built-in schema, in first-seen order. */
  extraColumns(): string[] {
    if (this.extras) return [...this.extras];
    return this.slots.filter((s) => s.kind === 'inferred').map((s) => s.name);
  }

  /**
   * Appends one record. Returns the names of columns this record added to the table (for the
   * report). `textual` says the values are CSV text, so inference may read numbers/dates from them.
   */
  append(record: Readonly<Record<string, unknown>>, textual: boolean, onMismatch: MismatchHandler): string[] {
    if (this.cached) this.unfreeze();
    this.inferredTypes = undefined;
    const added: string[] = [];
    const keys = Object.keys(record);
    // The same keys as the previous record are all indexed already.
    if (!sameKeys(keys, this.lastKeys)) {
      for (const key of keys) {
        if (!this.index.has(key)) {
          if (this.only && !this.only.has(key)) {
            this.index.set(key, -1); // not projected: never read
            continue;
          }
          this.index.set(key, this.slots.length);
          this.slots.push({ kind: 'inferred', name: key, raw: new Array(this.rows).fill(undefined), textual });
          added.push(key);
        }
      }
      this.lastKeys = keys;
    }
    for (const slot of this.slots) {
      const raw = record[slot.name];
      if (slot.kind === 'inferred') {
        slot.raw.push(raw);
        if (textual) slot.textual = true;
        continue;
      }
      // Canonical ISO datetimes skip the general parser (same ticks; anything else falls back).
      const v =
        slot.type === 'datetime' && typeof raw === 'string'
          ? (isoTicks(raw) ?? coerceValue(raw, 'datetime'))
          : coerceValue(raw, slot.type);
      if (v === MISMATCH) {
        onMismatch(slot.name, slot.type, raw);
        slot.builder.append(slot.type === 'string' ? '' : null);
      } else slot.builder.append(v);
    }
    this.rows++;
    return added;
  }

  schema(): TableSchema {
    const types = this.types();
    return { columns: this.slots.map((s): ColumnSchema => ({ name: s.name, type: this.slotType(s, types) })) };
  }

  /** Builds (and caches) the table. Appending afterwards is allowed and invalidates the cache. */
  table(): Table {
    if (this.cached) return this.cached;
    const types = this.types();
    const columns = this.slots.map((s) => {
      if (s.kind === 'known') return s.builder.build();
      const type = this.slotType(s, types);
      const b = columnBuilder(type);
      for (const raw of s.raw) {
        const v = coerceValue(raw, type);
        b.append(v === MISMATCH ? null : (v as KqlValue));
      }
      return b.build();
    });
    this.cached = makeTable(this.schema(), columns);
    return this.cached;
  }

  /**
   * Built columns may share arrays with their builders (string and value columns do), so appending
   * after a build first copies the built values into fresh builders. Loads build once at the end;
   * this path only serves reads in the middle of a load.
   */
  private unfreeze(): void {
    const built = this.cached as Table;
    this.cached = undefined;
    this.slots.forEach((s, i) => {
      if (s.kind !== 'known') return;
      const col = built.columns[i]!;
      const fresh = columnBuilder(s.type);
      for (let r = 0; r < col.length; r++) fresh.append(col.get(r));
      s.builder = fresh;
    });
  }

  private types(): Map<string, ScalarType> {
    if (!this.inferredTypes) {
      this.inferredTypes = new Map();
      for (const s of this.slots)
        if (s.kind === 'inferred') this.inferredTypes.set(s.name, inferType(s.raw, s.textual));
    }
    return this.inferredTypes;
  }

  private slotType(s: Slot, types: ReadonlyMap<string, ScalarType>): ScalarType {
    return s.kind === 'known' ? s.type : (types.get(s.name) ?? 'string');
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
