/**
 * Columnar tables: the storage every loader fills and the executor reads.
 *
 * - numbers (int/long/real/decimal) → Float64Array; a long column that holds a value beyond 2^53
 *   adds an exact BigInt64Array (`exact`) read wherever the double is not a safe integer; bool →
 *   Uint8Array; datetime/timespan →
 *   BigInt64Array; each with a null bitmap (Uint8Array, 1 = null) only when a null was appended.
 * - string → dictionary-encoded (Int32Array codes into a string array) while the number of distinct
 *   values stays small relative to the rows, plain string array otherwise. Strings are never null.
 * - guid/dynamic → plain JS arrays.
 *
 * Columns are immutable once built. A table is a schema plus equal-length columns.
 */
import { type ColumnSchema, DynReal, type KqlValue, type ScalarType, type TableSchema } from '../types.js';

export interface Column {
  readonly type: ScalarType;
  readonly length: number;
  /** Generic (boxed) access; hot loops use the typed fields of the concrete classes instead. */
  get(i: number): KqlValue;
}

export class NumberColumn implements Column {
  constructor(
    readonly type: 'int' | 'long' | 'real' | 'decimal',
    /** The values as doubles (a long beyond 2^53 rounded; its exact value is in `exact`). */
    readonly values: Float64Array,
    /** 1 = null; undefined when no value is null. */
    readonly nulls: Uint8Array | undefined,
    /**
     * long only, and only when some value is not a safe integer: every value exactly. Rows whose
     * double is a safe integer read the double; the others (|double| ≥ 2^53) read this.
     */
    readonly exact?: BigInt64Array,
  ) {}
  get length(): number {
    return this.values.length;
  }
  get(i: number): number | bigint | null {
    if (this.nulls !== undefined && this.nulls[i] === 1) return null;
    const v = this.values[i] as number;
    return this.exact !== undefined && !isSafe(v) ? (this.exact[i] as bigint) : v;
  }
}

/** The number-path test of long.ts, inlined for column reads. */
function isSafe(v: number): boolean {
  return v <= 9007199254740991 && v >= -9007199254740991;
}

/** A long column's value at a row, exactly (see NumberColumn.exact). */
export function exactAt(values: Float64Array, exact: BigInt64Array, i: number): number | bigint {
  const v = values[i] as number;
  return isSafe(v) ? v : (exact[i] as bigint);
}

export class BoolColumn implements Column {
  readonly type = 'bool' as const;
  constructor(
    readonly values: Uint8Array,
    readonly nulls: Uint8Array | undefined,
  ) {}
  get length(): number {
    return this.values.length;
  }
  get(i: number): boolean | null {
    return this.nulls !== undefined && this.nulls[i] === 1 ? null : this.values[i] === 1;
  }
}

export class TicksColumn implements Column {
  constructor(
    readonly type: 'datetime' | 'timespan',
    readonly values: BigInt64Array,
    readonly nulls: Uint8Array | undefined,
  ) {}
  get length(): number {
    return this.values.length;
  }
  get(i: number): bigint | null {
    return this.nulls !== undefined && this.nulls[i] === 1 ? null : (this.values[i] as bigint);
  }
}

/** Dictionary-encoded strings: `dict[codes[i]]`. */
export class DictStringColumn implements Column {
  readonly type = 'string' as const;
  constructor(
    readonly codes: Int32Array,
    readonly dict: readonly string[],
  ) {}
  get length(): number {
    return this.codes.length;
  }
  get(i: number): string {
    return this.dict[this.codes[i] as number] as string;
  }
}

export class StringColumn implements Column {
  readonly type = 'string' as const;
  constructor(readonly values: readonly string[]) {}
  get length(): number {
    return this.values.length;
  }
  get(i: number): string {
    return this.values[i] as string;
  }
}

/** guid, dynamic, or any column whose values are kept boxed. */
export class ValueColumn implements Column {
  constructor(
    readonly type: ScalarType,
    readonly values: readonly KqlValue[],
  ) {}
  get length(): number {
    return this.values.length;
  }
  get(i: number): KqlValue {
    const v = this.values[i];
    return v === undefined ? null : v;
  }
}

export interface Table {
  readonly schema: TableSchema;
  readonly columns: readonly Column[];
  readonly rowCount: number;
}

/** Supplies tables by name to the engine (telemetry stores, tests, the web app). */
export interface TableProvider {
  /** Names are matched case-sensitively, as Kusto does. */
  getTable(name: string): Table | undefined;
  /** Schema without materialising data (for binding); falls back to getTable. */
  getSchema?(name: string): TableSchema | undefined;
  tableNames(): readonly string[];
}

export function makeTable(schema: TableSchema, columns: readonly Column[]): Table {
  const rowCount = columns.length === 0 ? 0 : (columns[0] as Column).length;
  return { schema, columns, rowCount };
}

/** A provider over a fixed map of tables. */
export class MapTableProvider implements TableProvider {
  private readonly tables = new Map<string, Table>();
  constructor(tables?: Iterable<[string, Table]>) {
    if (tables) for (const [k, v] of tables) this.tables.set(k, v);
  }
  set(name: string, table: Table): void {
    this.tables.set(name, table);
  }
  getTable(name: string): Table | undefined {
    return this.tables.get(name);
  }
  getSchema(name: string): TableSchema | undefined {
    return this.tables.get(name)?.schema;
  }
  tableNames(): readonly string[] {
    return [...this.tables.keys()];
  }
}

/* ------------------------------------------------------------------------------------------------
 * Builders: append values of the column's type (already coerced), then build().
 * ---------------------------------------------------------------------------------------------- */

export interface ColumnBuilder {
  readonly type: ScalarType;
  readonly length: number;
  /** Appends a value of the column's runtime representation, or null. */
  append(v: KqlValue): void;
  build(): Column;
}

class Growable<T extends Float64Array | Uint8Array | BigInt64Array | Int32Array> {
  arr: T;
  n = 0;
  constructor(private readonly make: (n: number) => T) {
    this.arr = make(1024);
  }
  push(v: number | bigint): void {
    if (this.n === this.arr.length) {
      const next = this.make(this.arr.length * 2);
      next.set(this.arr as never);
      this.arr = next;
    }
    (this.arr as unknown as (number | bigint)[])[this.n++] = v;
  }
  finish(): T {
    return this.arr.slice(0, this.n) as T;
  }
}

class NullTracker {
  nulls: Growable<Uint8Array> | undefined;
  mark(row: number, isNull: boolean): void {
    if (isNull && this.nulls === undefined) {
      this.nulls = new Growable((n) => new Uint8Array(n));
      for (let i = 0; i < row; i++) this.nulls.push(0);
    }
    this.nulls?.push(isNull ? 1 : 0);
  }
  finish(): Uint8Array | undefined {
    return this.nulls?.finish();
  }
}

class NumberBuilder implements ColumnBuilder {
  private readonly data = new Growable((n) => new Float64Array(n));
  private readonly nulls = new NullTracker();
  /** Exact values, allocated at the first bigint (a long beyond 2^53). */
  private exact: Growable<BigInt64Array> | undefined;
  constructor(readonly type: 'int' | 'long' | 'real' | 'decimal') {}
  get length(): number {
    return this.data.n;
  }
  append(value: KqlValue): void {
    // A real taken out of a dynamic value (DynReal) is stored as its number.
    const v = value instanceof DynReal ? value.value : value;
    if (typeof v === 'bigint') {
      this.appendBig(v);
      return;
    }
    const isNull = v === null || typeof v !== 'number';
    this.nulls.mark(this.data.n, isNull);
    this.exact?.push(0n);
    this.data.push(isNull ? 0 : (v as number));
  }
  private appendBig(v: bigint): void {
    if (this.type !== 'long') {
      this.append(Number(v));
      return;
    }
    if (this.exact === undefined) {
      const exact = new Growable((n) => new BigInt64Array(n));
      for (let i = 0; i < this.data.n; i++) exact.push(0n); // earlier rows are safe doubles
      this.exact = exact;
    }
    this.nulls.mark(this.data.n, false);
    this.exact.push(BigInt.asIntN(64, v));
    this.data.push(Number(v));
  }
  build(): Column {
    return new NumberColumn(this.type, this.data.finish(), this.nulls.finish(), this.exact?.finish());
  }
}

class BoolBuilder implements ColumnBuilder {
  readonly type = 'bool' as const;
  private readonly data = new Growable((n) => new Uint8Array(n));
  private readonly nulls = new NullTracker();
  get length(): number {
    return this.data.n;
  }
  append(v: KqlValue): void {
    const isNull = v === null || typeof v !== 'boolean';
    this.nulls.mark(this.data.n, isNull);
    this.data.push(v === true ? 1 : 0);
  }
  build(): Column {
    return new BoolColumn(this.data.finish(), this.nulls.finish());
  }
}

class TicksBuilder implements ColumnBuilder {
  private readonly data = new Growable((n) => new BigInt64Array(n));
  private readonly nulls = new NullTracker();
  constructor(readonly type: 'datetime' | 'timespan') {}
  get length(): number {
    return this.data.n;
  }
  append(v: KqlValue): void {
    const isNull = typeof v !== 'bigint';
    this.nulls.mark(this.data.n, isNull);
    this.data.push(isNull ? 0n : (v as bigint));
  }
  build(): Column {
    return new TicksColumn(this.type, this.data.finish(), this.nulls.finish());
  }
}

/**
 * Dictionary-encodes while it pays: once distinct values exceed half the rows (after a warm-up),
 * falls back to a plain array. Telemetry string columns (DeviceName, ActionType, FileName …) are
 * highly repetitive, so most stay encoded and equality filters compare codes.
 */
class StringBuilder implements ColumnBuilder {
  readonly type = 'string' as const;
  private codes: Growable<Int32Array> | undefined = new Growable((n) => new Int32Array(n));
  private dict: string[] = [];
  private index = new Map<string, number>();
  private plain: string[] | undefined;
  /**
   * A small direct-mapped cache in front of `index`, slotted by length and two characters. Values
   * read from a file are fresh strings whose hash V8 has not computed yet, so a Map lookup hashes
   * the whole string each time; a slot hit costs one comparison. Loaded columns repeat a handful of
   * values (the device, the action, the process), so most appends hit.
   */
  private readonly slotText: (string | undefined)[] = new Array(STRING_SLOTS).fill(undefined);
  private readonly slotCode = new Int32Array(STRING_SLOTS);
  get length(): number {
    return this.plain ? this.plain.length : (this.codes as Growable<Int32Array>).n;
  }
  append(v: KqlValue): void {
    const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
    if (this.plain) {
      this.plain.push(s);
      return;
    }
    const codes = this.codes as Growable<Int32Array>;
    const n = s.length;
    const slot = n === 0 ? 0 : (n * 31 + s.charCodeAt(n >> 1) * 7 + s.charCodeAt(n - 1)) & (STRING_SLOTS - 1);
    if (this.slotText[slot] === s) {
      codes.push(this.slotCode[slot]!);
      return;
    }
    let code = this.index.get(s);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(s);
      this.index.set(s, code);
      if (codes.n > 4096 && this.dict.length > codes.n / 2) {
        this.plain = Array.from(codes.finish(), (c) => this.dict[c] as string);
        this.plain.push(s);
        this.codes = undefined;
        this.index = new Map();
        this.dict = [];
        return;
      }
    }
    this.slotText[slot] = s;
    this.slotCode[slot] = code;
    codes.push(code);
  }
  build(): Column {
    if (this.plain) return new StringColumn(this.plain);
    return new DictStringColumn((this.codes as Growable<Int32Array>).finish(), this.dict);
  }
}

/** Slots of StringBuilder's lookup cache (a power of two). */
const STRING_SLOTS = 64;

class ValueBuilder implements ColumnBuilder {
  private readonly values: KqlValue[] = [];
  constructor(readonly type: ScalarType) {}
  get length(): number {
    return this.values.length;
  }
  append(v: KqlValue): void {
    this.values.push(v === undefined ? null : v);
  }
  build(): Column {
    return new ValueColumn(this.type, this.values);
  }
}

export function columnBuilder(type: ScalarType): ColumnBuilder {
  switch (type) {
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return new NumberBuilder(type);
    case 'bool':
      return new BoolBuilder();
    case 'datetime':
    case 'timespan':
      return new TicksBuilder(type);
    case 'string':
      return new StringBuilder();
    case 'guid':
    case 'dynamic':
      return new ValueBuilder(type);
    default: {
      const never: never = type;
      throw new Error(`unknown type ${String(never)}`);
    }
  }
}

/** Builds a table from row arrays of runtime values (tests, small results). */
export function tableFromRows(columns: readonly ColumnSchema[], rows: readonly (readonly KqlValue[])[]): Table {
  const builders = columns.map((c) => columnBuilder(c.type));
  for (const row of rows)
    for (let c = 0; c < builders.length; c++) (builders[c] as ColumnBuilder).append(row[c] ?? null);
  return makeTable(
    { columns },
    builders.map((b) => b.build()),
  );
}

/** Row-major copy of a table's values (tests, output writers). */
export function tableRows(t: Table): KqlValue[][] {
  const out: KqlValue[][] = [];
  for (let r = 0; r < t.rowCount; r++) out.push(t.columns.map((c) => c.get(r)));
  return out;
}

/**
 * The rows of `parts` one after another, as one column of `type` (parallel loading builds a column
 * in pieces). Dictionary parts are merged by remapping their codes into one dictionary whose order is
 * first appearance across the parts — the dictionary a single builder fed the same rows would make.
 * A null bitmap is kept only when some part has one.
 */
export function concatColumns(type: ScalarType, parts: readonly Column[]): Column {
  if (parts.length === 1) return parts[0] as Column;
  const total = parts.reduce((n, p) => n + p.length, 0);
  const nullsOf = (has: boolean, get: (p: Column) => Uint8Array | undefined): Uint8Array | undefined => {
    if (!has) return undefined;
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      const n = get(p);
      if (n) out.set(n, at);
      at += p.length;
    }
    return out;
  };
  if (parts.every((p) => p instanceof NumberColumn && p.type === type)) {
    const ps = parts as NumberColumn[];
    const values = new Float64Array(total);
    // Longs past 2^53 in any part: one exact store for the whole column (safe rows stay 0n).
    const exact = ps.some((p) => p.exact) ? new BigInt64Array(total) : undefined;
    let at = 0;
    for (const p of ps) {
      values.set(p.values, at);
      if (exact !== undefined && p.exact !== undefined) exact.set(p.exact, at);
      at += p.length;
    }
    return new NumberColumn(
      type as NumberColumn['type'],
      values,
      nullsOf(
        ps.some((p) => p.nulls),
        (p) => (p as NumberColumn).nulls,
      ),
      exact,
    );
  }
  if (parts.every((p) => p instanceof BoolColumn)) {
    const ps = parts as BoolColumn[];
    const values = new Uint8Array(total);
    let at = 0;
    for (const p of ps) {
      values.set(p.values, at);
      at += p.length;
    }
    return new BoolColumn(
      values,
      nullsOf(
        ps.some((p) => p.nulls),
        (p) => (p as BoolColumn).nulls,
      ),
    );
  }
  if (parts.every((p) => p instanceof TicksColumn && p.type === type)) {
    const ps = parts as TicksColumn[];
    const values = new BigInt64Array(total);
    let at = 0;
    for (const p of ps) {
      values.set(p.values, at);
      at += p.length;
    }
    return new TicksColumn(
      type as TicksColumn['type'],
      values,
      nullsOf(
        ps.some((p) => p.nulls),
        (p) => (p as TicksColumn).nulls,
      ),
    );
  }
  if (type === 'string' && parts.every((p) => p instanceof DictStringColumn)) {
    const dict: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(total);
    let at = 0;
    for (const p of parts as DictStringColumn[]) {
      const remap = new Int32Array(p.dict.length);
      for (let i = 0; i < p.dict.length; i++) {
        const s = p.dict[i] as string;
        let code = index.get(s);
        if (code === undefined) {
          code = dict.length;
          dict.push(s);
          index.set(s, code);
        }
        remap[i] = code;
      }
      const src = p.codes;
      for (let i = 0; i < src.length; i++) codes[at + i] = remap[src[i] as number] as number;
      at += src.length;
    }
    // As StringBuilder decides: a dictionary about as large as the rows does not pay.
    if (total > 4096 && dict.length > total / 2) return new StringColumn(Array.from(codes, (c) => dict[c] as string));
    return new DictStringColumn(codes, dict);
  }
  if (type === 'string') {
    const values = new Array<string>(total);
    let at = 0;
    for (const p of parts) for (let i = 0; i < p.length; i++) values[at++] = p.get(i) as string;
    return new StringColumn(values);
  }
  // Anything else (guid, dynamic, or parts of differing representation): boxed values.
  const b = columnBuilder(type);
  for (const p of parts) for (let i = 0; i < p.length; i++) b.append(p.get(i));
  return b.build();
}
