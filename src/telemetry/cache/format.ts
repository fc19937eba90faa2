/**
 * The columnar cache file (`.kqc`): loaded tables written as the engine holds them, so reading one
 * back is a single file read plus typed-array views — no parsing, no coercion, no dictionary
 * building.
 *
 * Why our own format rather than Arrow IPC or Parquet: the engine's columns are already flat typed
 * arrays (Float64 numbers, BigInt64 ticks, Uint8 bools and null maps, Int32 dictionary codes), so
 * the cheapest possible read is to point views at the file's bytes. Arrow would need a conversion
 * into these classes on every read (its dictionary vectors and validity bitmaps differ from ours)
 * and Parquet adds page decoding; both would cost more than the file read itself. Strings are the one
 * place we decode: each string block is one UTF-8 run decoded in a single TextDecoder call and cut
 * by UTF-16 offsets.
 *
 * Layout: "KQHC" · u32 format version · u32 header length · header JSON · zero padding to 8 bytes ·
 * buffers, each starting at a multiple of 8 (so Float64/BigInt64 views need no copy).
 */
import type { Column, KqlValue, ScalarType, Table, TableSchema } from '../../kql/engine.js';
import {
  BoolColumn,
  DictStringColumn,
  DynReal,
  jsonText,
  makeTable,
  NumberColumn,
  parseJsonText,
  StringColumn,
  TicksColumn,
  ValueColumn,
} from '../../kql/engine.js';

/** Bump when the layout or the meaning of any encoding changes: old files are then rebuilt. */
export const CACHE_FORMAT_VERSION = 2;
const MAGIC = 0x4348514b; // "KQHC" little-endian

interface BufRef {
  readonly off: number;
  readonly len: number;
}

type ColumnEnc =
  | { readonly enc: 'f64'; readonly values: BufRef; readonly nulls?: BufRef; readonly exact?: BufRef }
  | { readonly enc: 'bool'; readonly values: BufRef; readonly nulls?: BufRef }
  | { readonly enc: 'ticks'; readonly values: BufRef; readonly nulls?: BufRef }
  | { readonly enc: 'dict'; readonly codes: BufRef; readonly dict: StringsRef }
  | { readonly enc: 'strings'; readonly values: StringsRef }
  | { readonly enc: 'json'; readonly values: BufRef };

/** A block of strings: UTF-8 bytes plus the UTF-16 end offset of each string in the decoded text. */
interface StringsRef {
  readonly utf8: BufRef;
  readonly ends: BufRef;
  readonly count: number;
}

export interface CachedTableHeader {
  readonly name: string;
  readonly known: boolean;
  readonly extraColumns: readonly string[];
  readonly rowCount: number;
  readonly columns: readonly ({ readonly name: string; readonly type: ScalarType } & ColumnEnc)[];
}

export interface CacheHeader<M> {
  readonly version: number;
  readonly meta: M;
  readonly tables: readonly CachedTableHeader[];
}

export interface TableToWrite {
  readonly name: string;
  readonly known: boolean;
  readonly extraColumns: readonly string[];
  readonly table: Table;
}

/** Raised for a value the format cannot keep exactly; the caller then skips caching. */
export class NotCacheable extends Error {}

/** Encodes tables plus caller metadata into one buffer list (written with one writev / writeFile). */
export function encodeCache<M>(meta: M, tables: readonly TableToWrite[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const put = (bytes: Uint8Array): BufRef => {
    const ref = { off: offset, len: bytes.byteLength };
    parts.push(bytes);
    offset += bytes.byteLength;
    const pad = (8 - (offset % 8)) % 8;
    if (pad > 0) {
      parts.push(new Uint8Array(pad));
      offset += pad;
    }
    return ref;
  };
  const headers = tables.map((t): CachedTableHeader => {
    const columns = t.table.columns.map((col, i) => {
      const { name, type } = t.table.schema.columns[i] as { name: string; type: ScalarType };
      return { name, type, ...encodeColumn(col, put) };
    });
    return { name: t.name, known: t.known, extraColumns: t.extraColumns, rowCount: t.table.rowCount, columns };
  });
  const header: CacheHeader<M> = { version: CACHE_FORMAT_VERSION, meta, tables: headers };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const prefixLen = 12 + headerBytes.byteLength;
  const pad = (8 - (prefixLen % 8)) % 8;
  const prefix = new Uint8Array(prefixLen + pad);
  const view = new DataView(prefix.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, CACHE_FORMAT_VERSION, true);
  view.setUint32(8, headerBytes.byteLength, true);
  prefix.set(headerBytes, 12);
  return [prefix, ...parts];
}

function encodeColumn(col: Column, put: (b: Uint8Array) => BufRef): ColumnEnc {
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const nullsOf = (n: Uint8Array | undefined) => (n === undefined ? {} : { nulls: put(bytes(n)) });
  if (col instanceof NumberColumn) {
    // `exact`: a long column's exact values when one is beyond 2^53 (optional, so older files still read).
    const exact = col.exact === undefined ? {} : { exact: put(bytes(col.exact)) };
    return { enc: 'f64', values: put(bytes(col.values)), ...nullsOf(col.nulls), ...exact };
  }
  if (col instanceof BoolColumn) return { enc: 'bool', values: put(bytes(col.values)), ...nullsOf(col.nulls) };
  if (col instanceof TicksColumn) return { enc: 'ticks', values: put(bytes(col.values)), ...nullsOf(col.nulls) };
  if (col instanceof DictStringColumn) {
    const dict = putStrings(col.dict, put);
    if (dict) return { enc: 'dict', codes: put(bytes(col.codes)), dict };
    return { enc: 'json', values: put(jsonBytes(Array.from(col.codes, (c) => col.dict[c]))) };
  }
  if (col instanceof StringColumn) {
    const values = putStrings(col.values, put);
    return values ? { enc: 'strings', values } : { enc: 'json', values: put(jsonBytes(col.values)) };
  }
  if (col instanceof ValueColumn) return { enc: 'json', values: put(jsonBytes(col.values.map(plainJson))) };
  throw new NotCacheable(`column class ${col.constructor.name}`);
}

/** undefined when a string is not well-formed UTF-16 (UTF-8 would replace its lone surrogate). */
function putStrings(values: readonly string[], put: (b: Uint8Array) => BufRef): StringsRef | undefined {
  const ends = new Int32Array(values.length);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const s = values[i] as string;
    if (!isWellFormed(s)) return undefined;
    total += s.length;
    if (total > 0x7fffffff) throw new NotCacheable('string block over 2^31 characters');
    ends[i] = total;
  }
  const utf8 = new TextEncoder().encode(values.join(''));
  return { utf8: put(utf8), ends: put(new Uint8Array(ends.buffer)), count: values.length };
}

/** String.prototype.isWellFormed (Node 20 has it; the ES2023 typings do not). */
const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** jsonText keeps integral reals of dynamic values as `50.0`, which parseJsonText reads back as reals. */
function jsonBytes(values: readonly unknown[]): Uint8Array {
  return new TextEncoder().encode(jsonText(values));
}

/** Plain JSON values only: anything that would not come back identical makes the data uncacheable. */
function plainJson(v: KqlValue | undefined): KqlValue {
  if (v === undefined || v === null || typeof v === 'string' || typeof v === 'boolean') return v ?? null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new NotCacheable('a non-finite number inside a dynamic value');
    return v;
  }
  if (typeof v === 'bigint') throw new NotCacheable('a bigint inside a dynamic value');
  if (v instanceof DynReal) return v;
  if (Array.isArray(v)) return v.map((x) => plainJson(x as KqlValue)) as KqlValue;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw new NotCacheable('a typed value inside a dynamic value');
  for (const x of Object.values(v)) plainJson(x as KqlValue);
  return v;
}

export interface DecodedCache<M> {
  readonly meta: M;
  readonly tables: readonly { name: string; known: boolean; extraColumns: readonly string[]; table: Table }[];
}

/** Reads the header only (for staleness checks) — throws a plain Error on a damaged file. */
export function decodeHeader<M>(buf: Uint8Array): { header: CacheHeader<M>; dataStart: number } {
  if (buf.byteLength < 12) throw new Error('cache file too short');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('not a kqlhunt cache file');
  const version = view.getUint32(4, true);
  if (version !== CACHE_FORMAT_VERSION) throw new Error(`cache format ${version}, expected ${CACHE_FORMAT_VERSION}`);
  const len = view.getUint32(8, true);
  if (12 + len > buf.byteLength) throw new Error('cache header cut off');
  const header = JSON.parse(new TextDecoder().decode(buf.subarray(12, 12 + len))) as CacheHeader<M>;
  const dataStart = 12 + len + ((8 - ((12 + len) % 8)) % 8);
  return { header, dataStart };
}

export function decodeCache<M>(buf: Uint8Array): DecodedCache<M> {
  const { header, dataStart } = decodeHeader<M>(buf);
  const at = (ref: BufRef): Uint8Array => {
    if (ref.off < 0 || dataStart + ref.off + ref.len > buf.byteLength) throw new Error('cache buffer out of range');
    return buf.subarray(dataStart + ref.off, dataStart + ref.off + ref.len);
  };
  const tables = header.tables.map((t) => {
    const columns = t.columns.map((c) => {
      const col = decodeColumn(c, at);
      if (col.length !== t.rowCount) throw new Error(`column ${t.name}.${c.name} has ${col.length} rows`);
      return col;
    });
    const schema: TableSchema = { columns: t.columns.map((c) => ({ name: c.name, type: c.type })) };
    return {
      name: t.name,
      known: t.known,
      extraColumns: t.extraColumns,
      table: makeTable(schema, columns, t.rowCount),
    };
  });
  return { meta: header.meta, tables };
}

function decodeColumn(c: { name: string; type: ScalarType } & ColumnEnc, at: (r: BufRef) => Uint8Array): Column {
  const nulls = (r: BufRef | undefined) => (r === undefined ? undefined : at(r));
  switch (c.enc) {
    case 'f64':
      return new NumberColumn(
        c.type as NumberColumn['type'],
        view(at(c.values), Float64Array, 8),
        nulls(c.nulls),
        c.exact === undefined ? undefined : view(at(c.exact), BigInt64Array, 8),
      );
    case 'bool':
      return new BoolColumn(at(c.values), nulls(c.nulls));
    case 'ticks':
      return new TicksColumn(c.type as TicksColumn['type'], view(at(c.values), BigInt64Array, 8), nulls(c.nulls));
    case 'dict':
      return new DictStringColumn(view(at(c.codes), Int32Array, 4), readStrings(c.dict, at));
    case 'strings':
      return new StringColumn(readStrings(c.values, at));
    case 'json': {
      const values = parseJsonText(new TextDecoder().decode(at(c.values))) as KqlValue[];
      return c.type === 'string' ? new StringColumn(values as string[]) : new ValueColumn(c.type, values);
    }
    default: {
      const never: never = c;
      throw new Error(`unknown column encoding ${JSON.stringify(never)}`);
    }
  }
}

function readStrings(ref: StringsRef, at: (r: BufRef) => Uint8Array): string[] {
  const text = new TextDecoder().decode(at(ref.utf8));
  const ends = view(at(ref.ends), Int32Array, 4);
  if (ends.length !== ref.count) throw new Error('string block count mismatch');
  const out = new Array<string>(ref.count);
  let start = 0;
  for (let i = 0; i < ref.count; i++) {
    const end = ends[i] as number;
    out[i] = text.substring(start, end);
    start = end;
  }
  return out;
}

/** A typed view over the bytes; copies only when the bytes are not aligned for the element size. */
function view<T extends Float64Array | BigInt64Array | Int32Array>(
  bytes: Uint8Array,
  Ctor: { new (b: ArrayBufferLike, off: number, len: number): T; new (len: number): T },
  size: number,
): T {
  if (bytes.byteOffset % size === 0) return new Ctor(bytes.buffer, bytes.byteOffset, bytes.byteLength / size);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Ctor(copy.buffer, 0, bytes.byteLength / size);
}
