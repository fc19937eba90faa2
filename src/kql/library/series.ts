/**
 * Element-wise series functions: series_abs/sin/cos/exp/log/sign/… over a dynamic array, and
 * binary series_add/subtract/multiply/divide/pow and comparisons over two arrays (or an array and
 * a number, which is broadcast). Elements that are not numbers give null in the result; when the
 * arrays differ in length the result has the longer length, with null where an operand is missing.
 */
import {
  DynReal,
  dynNumber,
  dynReal,
  isDynRealValue,
  type KqlDynamic,
  type KqlValue,
  type ScalarType,
} from '../types.js';
import { dynamicToNumber, isArray, numberConv, parseJson } from './coerce.js';
import { type Compile, defineAll, type Spec } from './define.js';

/**
 * A series operand: an array of numbers-or-null, or a scalar number broadcast to any index.
 * `integral` says it holds integers only (a long series; see seriesIsIntegral).
 */
export type Operand =
  | { readonly kind: 'array'; readonly values: (number | null)[]; readonly integral: boolean }
  | { readonly kind: 'scalar'; readonly value: number | null; readonly integral: boolean };

/**
 * True for a series of integers: at least one number, and every number an integer (no real such
 * as `2.5` or `2.0`). Kusto keeps such series long where the operation allows (fills, sums of
 * series); anything else computes and prints as reals.
 */
export function seriesIsIntegral(v: unknown): boolean {
  const arr = typeof v === 'string' ? parseJson(v) : v;
  if (!isArray(arr)) return false;
  let seen = false;
  for (const x of arr) {
    if (typeof x === 'number') {
      if (!Number.isInteger(x)) return false;
      seen = true;
    } else if (x instanceof DynReal) return false;
  }
  return seen;
}

/** Series results as dynamic numbers: integers when `integral`, else reals (`1.0` stays real). */
export function seriesOut(values: readonly (number | boolean | null)[], integral: boolean): KqlDynamic[] {
  if (integral) return values as KqlDynamic[];
  return values.map((x) => (typeof x === 'number' ? dynReal(x) : x));
}

/** Numbers of a dynamic array; non-numeric elements (strings, bags, null) become null. */
export function seriesValues(v: unknown): (number | null)[] | undefined {
  const arr = typeof v === 'string' ? parseJson(v) : v;
  if (!isArray(arr)) return undefined;
  return arr.map((x) =>
    typeof x === 'number'
      ? x
      : x instanceof DynReal
        ? x.value
        : typeof x === 'boolean'
          ? null
          : x === null
            ? null
            : numericText(x),
  );
}

function numericText(x: KqlDynamic): number | null {
  return typeof x === 'string' ? dynamicToNumber(x) : null;
}

export function operandConv(t: ScalarType | undefined): (v: KqlValue) => Operand | undefined {
  if (t === 'dynamic' || t === 'string' || t === undefined) {
    return (v) => {
      const values = seriesValues(v);
      if (values) return { kind: 'array', values, integral: seriesIsIntegral(v) };
      const n = dynNumber(v) ?? null;
      return n === null ? undefined : { kind: 'scalar', value: n, integral: !isDynRealValue(v) };
    };
  }
  const n = numberConv(t);
  const integral = t === 'int' || t === 'long';
  return (v) => ({ kind: 'scalar', value: n(v), integral });
}

const lengthOf = (o: Operand) => (o.kind === 'array' ? o.values.length : 0);
const valueAt = (o: Operand, i: number): number | null =>
  o.kind === 'array' ? (i < o.values.length ? (o.values[i] ?? null) : null) : o.value;

/** A finite result, or null (Kusto stores NaN/±Infinity results of series math as null). */
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** What a series function's numbers are: always real, or long when every operand is integral. */
type SeriesOut = 'real' | 'keep';

const unary =
  (f: (x: number) => number | null, out: SeriesOut): Compile =>
  (types) => {
    const conv = operandConv(types[0]);
    return (v) => {
      const o = conv(v);
      if (o?.kind !== 'array') return null;
      return seriesOut(
        o.values.map((x) => (x === null ? null : f(x))),
        out === 'keep' && o.integral,
      );
    };
  };

const binary =
  (f: (x: number, y: number) => number | boolean | null, out0: SeriesOut): Compile =>
  (types) => {
    const a = operandConv(types[0]);
    const b = operandConv(types[1]);
    return (v, w) => {
      const x = a(v);
      const y = b(w);
      if (!x || !y || (x.kind !== 'array' && y.kind !== 'array')) return null;
      const n = Math.max(lengthOf(x), lengthOf(y));
      const kind = out0;
      const out: KqlDynamic[] = [];
      for (let i = 0; i < n; i++) {
        const p = valueAt(x, i);
        const q = valueAt(y, i);
        out.push(p === null || q === null ? null : f(p, q));
      }
      return seriesOut(out as (number | boolean | null)[], kind === 'keep' && x.integral && y.integral);
    };
  };

const un = (name: string, doc: string, f: (x: number) => number | null, out: SeriesOut = 'real'): Spec => ({
  name,
  doc,
  params: ['dynamic'],
  returns: 'dynamic',
  compile: unary(f, out),
});

const bin = (
  name: string,
  doc: string,
  f: (x: number, y: number) => number | boolean | null,
  out: SeriesOut = 'real',
): Spec => ({
  name,
  doc,
  params: ['any', 'any'],
  returns: 'dynamic',
  compile: binary(f, out),
});

const finite = (f: (x: number) => number) => (x: number) => finiteOrNull(f(x));

export const seriesElementFunctions = defineAll('series', [
  un('series_abs', 'Absolute value of each element.', Math.abs, 'keep'),
  un('series_acos', 'Arc cosine of each element.', finite(Math.acos)),
  un('series_asin', 'Arc sine of each element.', finite(Math.asin)),
  un('series_atan', 'Arc tangent of each element.', Math.atan),
  un('series_ceiling', 'Ceiling of each element.', Math.ceil),
  un('series_cos', 'Cosine of each element.', Math.cos),
  un('series_exp', 'e raised to each element.', finite(Math.exp)),
  un('series_floor', 'Floor of each element.', Math.floor),
  un('series_log', 'Natural logarithm of each element.', finite(Math.log)),
  un('series_sign', 'Sign (-1, 0, 1) of each element.', (x) => Math.sign(x), 'keep'),
  un('series_sin', 'Sine of each element.', Math.sin),
  un('series_sqrt', 'Square root of each element.', finite(Math.sqrt)),
  un('series_tan', 'Tangent of each element.', Math.tan),
  bin('series_add', 'Element-wise sum of two series (or a series and a number).', (x, y) => x + y, 'keep'),
  bin('series_subtract', 'Element-wise difference of two series.', (x, y) => x - y, 'keep'),
  bin('series_multiply', 'Element-wise product of two series.', (x, y) => x * y, 'keep'),
  bin('series_divide', 'Element-wise real division of two series.', (x, y) => finiteOrNull(x / y)),
  bin('series_pow', 'Element-wise power of two series.', (x, y) => finiteOrNull(x ** y)),
  bin('series_greater', 'Element-wise x > y.', (x, y) => x > y),
  bin('series_greater_equals', 'Element-wise x >= y.', (x, y) => x >= y),
  bin('series_less', 'Element-wise x < y.', (x, y) => x < y),
  bin('series_less_equals', 'Element-wise x <= y.', (x, y) => x <= y),
  bin('series_equals', 'Element-wise x == y.', (x, y) => x === y),
  bin('series_not_equals', 'Element-wise x != y.', (x, y) => x !== y),
]);
