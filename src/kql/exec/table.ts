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

/** A table of `columns`; `rows` says how many rows a table without columns has (default 0). */
export function makeTable(schema: TableSchema, columns: readonly Column[], rows = 0): Table {
  const rowCount = columns.length === 0 ? rows : (columns[0] as Column).length;
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
    if (this.n === this.arr.length) this.grow();
    (this.arr as unknown as (number | bigint)[])[this.n++] = v;
  }
  grow(): void {
    const next = this.make(this.arr.length * 2);
    next.set(this.arr as never);
    this.arr = next;
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

/** Whether this machine stores integers little-endian (a BigInt64Array element as two int32 words, low first). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class TicksBuilder implements ColumnBuilder {
  private readonly data = new Growable((n) => new BigInt64Array(n));
  private readonly nulls = new NullTracker();
  /** `data.arr` as int32 words (appendWords). */
  private words: Int32Array | undefined;
  constructor(readonly type: 'datetime' | 'timespan') {}
  get length(): number {
    return this.data.n;
  }
  append(v: KqlValue): void {
    const isNull = typeof v !== 'bigint';
    this.nulls.mark(this.data.n, isNull);
    this.data.push(isNull ? 0n : (v as bigint));
  }
  /**
   * Appends the 64-bit value whose low and high 32-bit halves are `lo` and `hi` (two's complement),
   * without making a bigint: loaders compute ticks as two halves in double arithmetic, and a
   * bigint per row was a tenth of a load's garbage.
   */
  appendWords(lo: number, hi: number): void {
    const d = this.data;
    this.nulls.mark(d.n, false);
    if (!LITTLE_ENDIAN) {
      d.push((BigInt(hi | 0) << 32n) | BigInt(lo >>> 0));
      return;
    }
    if (d.n === d.arr.length) d.grow();
    let w = this.words;
    if (w === undefined || w.buffer !== d.arr.buffer) w = this.words = new Int32Array(d.arr.buffer);
    const i = d.n++ * 2;
    w[i] = lo;
    w[i + 1] = hi;
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
export class StringBuilder implements ColumnBuilder {
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

  /** Byte-keyed index over the dictionary for appendBytes (see ByteIndex); made on first use. */
  private bytes: ByteIndex | undefined;

  /**
   * Appends the string whose UTF-8 bytes are `buf[start, end)` — the same as `append` of their
   * decoding (invalid sequences become U+FFFD), but a value already in the dictionary is found by
   * its bytes, so no string is made for it. Loaders read most values this way.
   */
  appendBytes(buf: Buffer, start: number, end: number): void {
    if (this.plain) {
      this.plain.push(buf.toString('utf8', start, end));
      return;
    }
    if (this.bytes === undefined) this.bytes = new ByteIndex();
    const index = this.bytes;
    const hash = hashBytes(buf, start, end);
    const known = index.find(buf, start, end, hash);
    if (known >= 0) {
      (this.codes as Growable<Int32Array>).push(known);
      return;
    }
    this.append(buf.toString('utf8', start, end));
    const codes = this.codes;
    if (codes === undefined) {
      this.bytes = undefined; // no longer a dictionary
      return;
    }
    index.add(buf, start, end, hash, codes.arr[codes.n - 1] as number);
  }
}

/** FNV-1a over the bytes (the first and last 16 of a longer value, and its length). */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  if (end - start <= 32) {
    for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  } else {
    for (let i = start; i < start + 16; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
    for (let i = end - 16; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  }
  return h;
}

/**
 * An open-addressing hash table from byte strings to dictionary codes. Why our own: a Map needs a
 * string key, and making the string is the cost being avoided. Different bytes may map to one code
 * (two invalid UTF-8 sequences both decode to U+FFFD): the code comes from the string dictionary.
 */
class ByteIndex {
  /** Entry index + 1 per slot (0: empty); a power of two, at most half full. */
  private slots = new Int32Array(256);
  private arena = new Uint8Array(4096);
  private used = 0;
  private count = 0;
  private offset = new Int32Array(128);
  private len = new Int32Array(128);
  private hash = new Int32Array(128);
  private code = new Int32Array(128);

  find(buf: Uint8Array, start: number, end: number, hash: number): number {
    const n = end - start;
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i] as number;
      if (slot === 0) return -1;
      const e = slot - 1;
      if (this.hash[e] !== hash || this.len[e] !== n) continue;
      const at = this.offset[e] as number;
      let j = 0;
      while (j < n && this.arena[at + j] === buf[start + j]) j++;
      if (j === n) return this.code[e] as number;
    }
  }

  add(buf: Uint8Array, start: number, end: number, hash: number, code: number): void {
    const n = end - start;
    if (this.used + n > this.arena.length) this.arena = grown(this.arena, this.used + n);
    this.arena.set(buf.subarray(start, end), this.used);
    if (this.count === this.code.length) {
      this.offset = grown(this.offset, this.count + 1);
      this.len = grown(this.len, this.count + 1);
      this.hash = grown(this.hash, this.count + 1);
      this.code = grown(this.code, this.count + 1);
    }
    const e = this.count++;
    this.offset[e] = this.used;
    this.len[e] = n;
    this.hash[e] = hash;
    this.code[e] = code;
    this.used += n;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(e);
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let i = (this.hash[e] as number) & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = e + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let e = 0; e < this.count; e++) this.place(e);
  }
}

function grown<T extends Uint8Array | Int32Array>(a: T, atLeast: number): T {
  let n = a.length * 2;
  while (n < atLeast) n *= 2;
  const next = new (a.constructor as new (n: number) => T)(n);
  next.set(a);
  return next;
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
  /** The parts' arrays one after another (a part without one contributes zeros). */
  const joined = <T extends Float64Array | Uint8Array | BigInt64Array>(
    make: new (n: number) => T,
    arrays: readonly (T | undefined)[],
  ): T => {
    const out = new make(total);
    let at = 0;
    parts.forEach((p, i) => {
      const a = arrays[i];
      if (a !== undefined) out.set(a as never, at);
      at += p.length;
    });
    return out;
  };
  /** The null bitmap, kept only when some part has one. */
  const nullsOf = (ps: readonly { readonly nulls: Uint8Array | undefined }[]) =>
    ps.some((p) => p.nulls)
      ? joined(
          Uint8Array,
          ps.map((p) => p.nulls),
        )
      : undefined;
  if (parts.every((p) => p instanceof NumberColumn && p.type === type)) {
    const ps = parts as NumberColumn[];
    // Longs past 2^53 in any part: one exact store for the whole column (safe rows stay 0n).
    const exact = ps.some((p) => p.exact)
      ? joined(
          BigInt64Array,
          ps.map((p) => p.exact),
        )
      : undefined;
    const values = joined(
      Float64Array,
      ps.map((p) => p.values),
    );
    return new NumberColumn(type as NumberColumn['type'], values, nullsOf(ps), exact);
  }
  if (parts.every((p) => p instanceof BoolColumn)) {
    const ps = parts as BoolColumn[];
    return new BoolColumn(
      joined(
        Uint8Array,
        ps.map((p) => p.values),
      ),
      nullsOf(ps),
    );
  }
  if (parts.every((p) => p instanceof TicksColumn && p.type === type)) {
    const ps = parts as TicksColumn[];
    return new TicksColumn(
      type as TicksColumn['type'],
      joined(
        BigInt64Array,
        ps.map((p) => p.values),
      ),
      nullsOf(ps),
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
