/**
 * Element-wise series functions: series_abs/sin/cos/exp/log/sign/… over a dynamic array, and
 * binary series_add/subtract/multiply/divide/pow and comparisons over two arrays (or an array and
 * a number, which is broadcast). Elements that are not numbers give null in the result; when the
 * arrays differ in length the result has the longer length, with null where an operand is missing.
 */
import type { KqlDynamic, KqlValue, ScalarType } from '../types.js';
import { dynamicToNumber, isArray, numberConv, parseJson } from './coerce.js';
import { type Compile, defineAll, type Spec } from './define.js';

/** A series operand: an array of numbers-or-null, or a scalar number broadcast to any index. */
export type Operand =
  | { readonly kind: 'array'; readonly values: (number | null)[] }
  | { readonly kind: 'scalar'; readonly value: number | null };

/** Numbers of a dynamic array; non-numeric elements (strings, bags, null) become null. */
export function seriesValues(v: unknown): (number | null)[] | undefined {
  const arr = typeof v === 'string' ? parseJson(v) : v;
  if (!isArray(arr)) return undefined;
  return arr.map((x) =>
    typeof x === 'number' ? x : typeof x === 'boolean' ? null : x === null ? null : numericText(x),
  );
}

function numericText(x: KqlDynamic): number | null {
  return typeof x === 'string' ? dynamicToNumber(x) : null;
}

export function operandConv(t: ScalarType | undefined): (v: KqlValue) => Operand | undefined {
  if (t === 'dynamic' || t === 'string' || t === undefined) {
    return (v) => {
      const values = seriesValues(v);
      if (values) return { kind: 'array', values };
      const n = typeof v === 'number' ? v : null;
      return n === null ? undefined : { kind: 'scalar', value: n };
    };
  }
  const n = numberConv(t);
  return (v) => ({ kind: 'scalar', value: n(v) });
}

const lengthOf = (o: Operand) => (o.kind === 'array' ? o.values.length : 0);
const valueAt = (o: Operand, i: number): number | null =>
  o.kind === 'array' ? (i < o.values.length ? (o.values[i] ?? null) : null) : o.value;

/** A finite result, or null (Kusto stores NaN/±Infinity results of series math as null). */
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

const unary =
  (f: (x: number) => number | null): Compile =>
  (types) => {
    const conv = operandConv(types[0]);
    return (v) => {
      const o = conv(v);
      if (o?.kind !== 'array') return null;
      return o.values.map((x) => (x === null ? null : f(x)));
    };
  };

const binary =
  (f: (x: number, y: number) => number | boolean | null): Compile =>
  (types) => {
    const a = operandConv(types[0]);
    const b = operandConv(types[1]);
    return (v, w) => {
      const x = a(v);
      const y = b(w);
      if (!x || !y || (x.kind !== 'array' && y.kind !== 'array')) return null;
      const n = Math.max(lengthOf(x), lengthOf(y));
      const out: KqlDynamic[] = [];
      for (let i = 0; i < n; i++) {
        const p = valueAt(x, i);
        const q = valueAt(y, i);
        out.push(p === null || q === null ? null : f(p, q));
      }
      return out;
    };
  };

const un = (name: string, doc: string, f: (x: number) => number | null): Spec => ({
  name,
  doc,
  params: ['dynamic'],
  returns: 'dynamic',
  compile: unary(f),
});

const bin = (name: string, doc: string, f: (x: number, y: number) => number | boolean | null): Spec => ({
  name,
  doc,
  params: ['any', 'any'],
  returns: 'dynamic',
  compile: binary(f),
});

const finite = (f: (x: number) => number) => (x: number) => finiteOrNull(f(x));

export const seriesElementFunctions = defineAll('series', [
  un('series_abs', 'Absolute value of each element.', Math.abs),
  un('series_acos', 'Arc cosine of each element.', finite(Math.acos)),
  un('series_asin', 'Arc sine of each element.', finite(Math.asin)),
  un('series_atan', 'Arc tangent of each element.', Math.atan),
  un('series_ceiling', 'Ceiling of each element.', Math.ceil),
  un('series_cos', 'Cosine of each element.', Math.cos),
  un('series_exp', 'e raised to each element.', finite(Math.exp)),
  un('series_floor', 'Floor of each element.', Math.floor),
  un('series_log', 'Natural logarithm of each element.', finite(Math.log)),
  un('series_sign', 'Sign (-1, 0, 1) of each element.', (x) => Math.sign(x)),
  un('series_sin', 'Sine of each element.', Math.sin),
  un('series_sqrt', 'Square root of each element.', finite(Math.sqrt)),
  un('series_tan', 'Tangent of each element.', Math.tan),
  bin('series_add', 'Element-wise sum of two series (or a series and a number).', (x, y) => x + y),
  bin('series_subtract', 'Element-wise difference of two series.', (x, y) => x - y),
  bin('series_multiply', 'Element-wise product of two series.', (x, y) => x * y),
  bin('series_divide', 'Element-wise real division of two series.', (x, y) => finiteOrNull(x / y)),
  bin('series_pow', 'Element-wise power of two series.', (x, y) => finiteOrNull(x ** y)),
  bin('series_greater', 'Element-wise x > y.', (x, y) => x > y),
  bin('series_greater_equals', 'Element-wise x >= y.', (x, y) => x >= y),
  bin('series_less', 'Element-wise x < y.', (x, y) => x < y),
  bin('series_less_equals', 'Element-wise x <= y.', (x, y) => x <= y),
  bin('series_equals', 'Element-wise x == y.', (x, y) => x === y),
  bin('series_not_equals', 'Element-wise x != y.', (x, y) => x !== y),
]);
