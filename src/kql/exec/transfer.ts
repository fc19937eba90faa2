/**
 * Tables as plain data that can cross a worker-thread boundary (structured clone) and back.
 *
 * `exportTable(t, 'shared')` copies typed-array columns into SharedArrayBuffers once, so every
 * worker that receives the data reads the same memory: numbers, bools, datetimes and the codes of
 * dictionary strings cost nothing per worker. String dictionaries, plain string columns and
 * guid/dynamic values are JavaScript values and are cloned into each worker (the dominant cost for
 * telemetry with many distinct command lines). `exportTable(t, 'transfer')` is for results going
 * the other way: it lists the buffers so postMessage can move them without a copy.
 */
import type { ColumnSchema, KqlValue, ScalarType, TableSchema } from '../types.js';
import { dynamicCellsForClone, dynamicCellsFromClone } from '../values.js';
import {
  BoolColumn,
  type Column,
  DictStringColumn,
  NumberColumn,
  StringColumn,
  type Table,
  TicksColumn,
  ValueColumn,
} from './table.js';

export type ColumnData =
  | {
      readonly kind: 'number';
      readonly type: 'int' | 'long' | 'real' | 'decimal';
      readonly values: Float64Array;
      readonly nulls?: Uint8Array;
      readonly exact?: BigInt64Array;
    }
  | { readonly kind: 'bool'; readonly values: Uint8Array; readonly nulls?: Uint8Array }
  | {
      readonly kind: 'ticks';
      readonly type: 'datetime' | 'timespan';
      readonly values: BigInt64Array;
      readonly nulls?: Uint8Array;
    }
  | { readonly kind: 'dict'; readonly codes: Int32Array; readonly dict: readonly string[] }
  | { readonly kind: 'string'; readonly values: readonly string[] }
  | {
      readonly kind: 'value';
      readonly type: ScalarType;
      readonly values: readonly KqlValue[];
      /** DynReal values are marked for the structured clone (values.ts dynamicCellsForClone). */
      readonly marked?: boolean;
    };

export interface TableData {
  readonly columns: readonly ColumnSchema[];
  readonly data: readonly ColumnData[];
  readonly rowCount: number;
}

type Typed = Float64Array | Uint8Array | BigInt64Array | Int32Array;

/** A copy of `a` on a SharedArrayBuffer (readable by every worker without copying). */
function shared<T extends Typed>(a: T): T {
  const buf = new SharedArrayBuffer(a.byteLength);
  const ctor = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new ctor(buf);
  out.set(a as never);
  return out;
}

export type ExportMode = 'shared' | 'transfer';

/**
 * The table as plain data; `buffers` lists what postMessage may transfer (empty in 'shared' mode).
 * Typed arrays that are views on a larger buffer are sliced first so only their own bytes move.
 */
export function exportTable(t: Table, mode: ExportMode): { table: TableData; buffers: ArrayBuffer[] } {
  const buffers: ArrayBuffer[] = [];
  const own = <T extends Typed>(a: T): T => {
    if (mode === 'shared') return a.buffer instanceof SharedArrayBuffer ? a : shared(a);
    const copy = a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : (a.slice() as T);
    if (copy.buffer instanceof ArrayBuffer && !buffers.includes(copy.buffer)) buffers.push(copy.buffer);
    return copy;
  };
  const ownNulls = (n: Uint8Array | undefined) => (n === undefined ? {} : { nulls: own(n) });
  const data = t.columns.map((c): ColumnData => {
    if (c instanceof NumberColumn)
      return {
        kind: 'number',
        type: c.type,
        values: own(c.values),
        ...ownNulls(c.nulls),
        ...(c.exact === undefined ? {} : { exact: own(c.exact) }),
      };
    if (c instanceof BoolColumn) return { kind: 'bool', values: own(c.values), ...ownNulls(c.nulls) };
    if (c instanceof TicksColumn) return { kind: 'ticks', type: c.type, values: own(c.values), ...ownNulls(c.nulls) };
    if (c instanceof DictStringColumn) return { kind: 'dict', codes: own(c.codes), dict: c.dict };
    if (c instanceof StringColumn) return { kind: 'string', values: c.values };
    const values = c instanceof ValueColumn ? c.values : Array.from({ length: c.length }, (_, i) => c.get(i));
    if (c.type !== 'dynamic') return { kind: 'value', type: c.type, values };
    return { kind: 'value', type: c.type, ...dynamicCellsForClone(values) };
  });
  return { table: { columns: t.schema.columns, data, rowCount: t.rowCount }, buffers };
}

export function importTable(d: TableData): Table {
  const columns = d.data.map((c): Column => {
    switch (c.kind) {
      case 'number':
        return new NumberColumn(c.type, c.values, c.nulls, c.exact);
      case 'bool':
        return new BoolColumn(c.values, c.nulls);
      case 'ticks':
        return new TicksColumn(c.type, c.values, c.nulls);
      case 'dict':
        return new DictStringColumn(c.codes, c.dict);
      case 'string':
        return new StringColumn(c.values);
      case 'value':
        return new ValueColumn(c.type, c.marked ? dynamicCellsFromClone(c.values as KqlValue[]) : c.values);
      default: {
        const never: never = c;
        throw new Error(`unknown column data ${String(never)}`);
      }
    }
  });
  const schema: TableSchema = { columns: d.columns };
  return { schema, columns, rowCount: d.rowCount };
}

/** The first `n` rows of a table (views on the same buffers; nothing is copied). */
export function headRows(t: Table, n: number): Table {
  if (t.rowCount <= n) return t;
  const columns = t.columns.map((c): Column => {
    if (c instanceof NumberColumn)
      return new NumberColumn(c.type, c.values.subarray(0, n), c.nulls?.subarray(0, n), c.exact?.subarray(0, n));
    if (c instanceof BoolColumn) return new BoolColumn(c.values.subarray(0, n), c.nulls?.subarray(0, n));
    if (c instanceof TicksColumn) return new TicksColumn(c.type, c.values.subarray(0, n), c.nulls?.subarray(0, n));
    if (c instanceof DictStringColumn) return new DictStringColumn(c.codes.subarray(0, n), c.dict);
    if (c instanceof StringColumn) return new StringColumn(c.values.slice(0, n));
    if (c instanceof ValueColumn) return new ValueColumn(c.type, c.values.slice(0, n));
    return new ValueColumn(
      c.type,
      Array.from({ length: n }, (_, i) => c.get(i)),
    );
  });
  return { schema: t.schema, columns, rowCount: n };
}
