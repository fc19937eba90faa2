/**
 * Column gathering: builds a column from another by row indexes (-1 = null row), keeping the
 * typed representation (dictionary codes stay codes), so joins, sorts and filters never box values.
 */
import type { KqlValue, ScalarType } from '../types.js';
import { coerceValue } from './coerce.js';
import {
  BoolColumn,
  type Column,
  columnBuilder,
  DictStringColumn,
  NumberColumn,
  StringColumn,
  TicksColumn,
  ValueColumn,
} from './table.js';

export function gatherColumn(col: Column, idx: Int32Array): Column {
  if (col instanceof NumberColumn) {
    const { out, nulls } = gatherTyped(col.values, col.nulls, idx, new Float64Array(idx.length));
    const exact = col.exact && gatherTyped(col.exact, undefined, idx, new BigInt64Array(idx.length)).out;
    return new NumberColumn(col.type, out, nulls, exact);
  }
  if (col instanceof TicksColumn) {
    const { out, nulls } = gatherTyped(col.values, col.nulls, idx, new BigInt64Array(idx.length));
    return new TicksColumn(col.type, out, nulls);
  }
  if (col instanceof BoolColumn) {
    const { out, nulls } = gatherTyped(col.values, col.nulls, idx, new Uint8Array(idx.length));
    return new BoolColumn(out, nulls);
  }
  if (col instanceof DictStringColumn) return gatherDict(col, idx);
  if (col instanceof StringColumn) {
    const src = col.values;
    const out = new Array<string>(idx.length);
    for (let i = 0; i < idx.length; i++) {
      const r = idx[i] as number;
      out[i] = r < 0 ? '' : (src[r] as string);
    }
    return new StringColumn(out);
  }
  const out = new Array<KqlValue>(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i] as number;
    out[i] = r < 0 ? null : col.get(r);
  }
  return new ValueColumn(col.type, out);
}

function gatherTyped<A extends Float64Array | BigInt64Array | Uint8Array>(
  values: A,
  srcNulls: Uint8Array | undefined,
  idx: Int32Array,
  out: A,
): { out: A; nulls: Uint8Array | undefined } {
  let nulls: Uint8Array | undefined;
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i] as number;
    if (r < 0 || (srcNulls !== undefined && srcNulls[r] === 1)) {
      if (nulls === undefined) nulls = new Uint8Array(idx.length);
      nulls[i] = 1;
    } else {
      (out as unknown as (number | bigint)[])[i] = (values as unknown as (number | bigint)[])[r] as number | bigint;
    }
  }
  return { out, nulls };
}

function gatherDict(col: DictStringColumn, idx: Int32Array): Column {
  const codes = col.codes;
  const out = new Int32Array(idx.length);
  let dict = col.dict;
  let emptyCode = -1;
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i] as number;
    if (r >= 0) {
      out[i] = codes[r] as number;
      continue;
    }
    // A missing row (outer join) is the empty string; add it to the dictionary once if absent.
    if (emptyCode < 0) {
      emptyCode = dict.indexOf('');
      if (emptyCode < 0) {
        dict = [...dict, ''];
        emptyCode = dict.length - 1;
      }
    }
    out[i] = emptyCode;
  }
  return new DictStringColumn(out, dict);
}

/** A column of `n` nulls of the given type. */
export function nullColumn(type: ScalarType, n: number): Column {
  const b = columnBuilder(type);
  for (let i = 0; i < n; i++) b.append(null);
  return b.build();
}

/** The column converted to `type` (the same object when it already has that type). */
export function castColumn(col: Column, type: ScalarType): Column {
  if (col.type === type) return col;
  const b = columnBuilder(type);
  for (let i = 0; i < col.length; i++) b.append(coerceValue(col.get(i), type));
  return b.build();
}
