/**
 * Per-table row accumulation into columnar builders. Known columns are coerced on append; columns
 * outside the schema (and every column of an unknown table) keep their raw values until build time,
 * when one type is inferred from all of them — a first-value guess would reject later rows.
 */
import type { Column, ColumnBuilder, ColumnSchema, KqlValue, ScalarType, Table, TableSchema } from '../kql/engine.js';
import { columnBuilder, concatColumns, makeTable } from '../kql/engine.js';
import { coerceValue, inferType, MISMATCH } from './coerce.js';
import { isoTicks } from './io/iso-ticks.js';

interface KnownSlot {
  readonly kind: 'known';
  readonly name: string;
  readonly type: ScalarType;
  builder: ColumnBuilder;
  /** Built pieces before `builder`'s rows (parallel loading appends columns whole; see appendChunk). */
  parts?: Column[];
}

interface InferredSlot {
  readonly kind: 'inferred';
  readonly name: string;
  readonly raw: unknown[];
  textual: boolean;
}

type Slot = KnownSlot | InferredSlot;

/**
 * One accumulator's rows as built columns (typed slots) and raw values (inferred slots), in slot
 * order: what a loader worker hands back (see load-parallel.ts).
 */
export interface AccumulatorChunk {
  readonly rows: number;
  readonly known: readonly { readonly name: string; readonly column: Column }[];
  readonly inferred: readonly { readonly name: string; readonly raw: unknown[]; readonly textual: boolean }[];
}

/** A typed column a byte-level loader appends to directly (see directSlots). */
export interface DirectSlot {
  readonly name: string;
  readonly type: ScalarType;
  readonly builder: ColumnBuilder;
}

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

  /**
   * The typed columns, in slot order, for a loader that appends a row to every one of them itself
   * and then calls countDirectRows — when the table loads a projection, every column so far is a
   * typed one (none inferred) and the table is not a built one. Undefined otherwise. Such a caller
   * must leave a record with a projected key outside the schema to `append` (it adds a column), and
   * `slotCount` tells it when that has happened (the slots it holds are then stale).
   */
  directSlots(): readonly DirectSlot[] | undefined {
    if (this.cached || !this.only) return undefined;
    const out: DirectSlot[] = [];
    for (const s of this.slots) if (s.kind === 'known') out.push(s);
    return out.length === this.slots.length ? out : undefined;
  }

  get slotCount(): number {
    return this.slots.length;
  }

  /** Counts `n` rows appended to every slot of directSlots() by the caller. */
  countDirectRows(n: number): void {
    this.rows += n;
    this.inferredTypes = undefined;
  }

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

  /** The rows appended so far as a chunk (the builders are spent: use only once, at the end). */
  toChunk(): AccumulatorChunk {
    const known: { name: string; column: Column }[] = [];
    const inferred: { name: string; raw: unknown[]; textual: boolean }[] = [];
    const table = this.cached;
    this.slots.forEach((s, i) => {
      if (s.kind === 'inferred') inferred.push({ name: s.name, raw: s.raw, textual: s.textual });
      else known.push({ name: s.name, column: table ? (table.columns[i] as Column) : this.knownColumn(s) });
    });
    return { rows: this.rows, known, inferred };
  }

  /**
   * Appends a chunk's rows as if its records had been appended one by one: typed columns are kept
   * as built pieces (concatenated at build time), inferred slots take the raw values. Returns the
   * columns this chunk added to the table (as `append` does). A typed column the chunk lacks, or
   * has with another type, is filled by coercing the chunk's values (nulls when it has none).
   */
  appendChunk(chunk: AccumulatorChunk, onMismatch: MismatchHandler): string[] {
    if (this.cached) this.unfreeze();
    this.inferredTypes = undefined;
    this.lastKeys = [];
    const added: string[] = [];
    const known = new Map(chunk.known.map((k) => [k.name, k.column]));
    const inferred = new Map(chunk.inferred.map((k) => [k.name, k]));
    for (const name of [...known.keys(), ...inferred.keys()]) {
      if (this.index.has(name)) continue;
      if (this.only && !this.only.has(name)) {
        this.index.set(name, -1);
        continue;
      }
      this.index.set(name, this.slots.length);
      this.slots.push({ kind: 'inferred', name, raw: new Array(this.rows).fill(undefined), textual: false });
      added.push(name);
    }
    for (const slot of this.slots) {
      const col = known.get(slot.name);
      const raw = inferred.get(slot.name);
      if (slot.kind === 'inferred') {
        if (raw) {
          for (const v of raw.raw) slot.raw.push(v);
          if (raw.textual) slot.textual = true;
        } else if (col) for (let r = 0; r < chunk.rows; r++) slot.raw.push(col.get(r));
        else for (let r = 0; r < chunk.rows; r++) slot.raw.push(undefined);
        continue;
      }
      if (col && col.type === slot.type && col.length === chunk.rows) {
        if (slot.builder.length > 0 || slot.parts === undefined) {
          slot.parts ??= [];
          if (slot.builder.length > 0) slot.parts.push(slot.builder.build());
          slot.builder = columnBuilder(slot.type);
        }
        slot.parts.push(col);
        continue;
      }
      for (let r = 0; r < chunk.rows; r++) {
        const v = col ? col.get(r) : raw ? raw.raw[r] : undefined;
        const c = coerceValue(v, slot.type);
        if (c === MISMATCH) {
          onMismatch(slot.name, slot.type, v);
          slot.builder.append(slot.type === 'string' ? '' : null);
        } else slot.builder.append(c);
      }
    }
    this.rows += chunk.rows;
    return added;
  }

  private knownColumn(s: KnownSlot): Column {
    if (s.parts === undefined) return s.builder.build();
    const pieces = s.builder.length > 0 ? [...s.parts, s.builder.build()] : s.parts;
    if (pieces.length === 0) return s.builder.build();
    // One piece from now on: the pieces are garbage once joined (a load's peak memory).
    const whole = concatColumns(s.type, pieces);
    s.parts = [whole];
    s.builder = columnBuilder(s.type);
    return whole;
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
      if (s.kind === 'known') return this.knownColumn(s);
      const type = this.slotType(s, types);
      const b = columnBuilder(type);
      for (const raw of s.raw) {
        const v = coerceValue(raw, type);
        b.append(v === MISMATCH ? null : (v as KqlValue));
      }
      return b.build();
    });
    this.cached = makeTable(this.schema(), columns, this.rows); // rows: a projection may leave no column
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
      s.parts = undefined;
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
