/**
 * Comparison operators `== != < <= > >= =~ !~`, specialised per operand types at compile time.
 *
 * Both operands are first mapped to one comparable JS primitive (number, bigint ticks, string or
 * boolean), so the per-row work is a JS comparison. Null rules (KQL reference, "null values"):
 * `==` of two nulls is null, of a null and a value is false; `!=` likewise null / true; ordering
 * comparisons with a null are null.
 */
import { DynReal, isNumericType, type KqlValue, type ScalarType } from '../types.js';
import { boolOf, datetimeConv, dynamicKey, dynamicToNumber, stringConv, timespanConv } from './coerce.js';
import { defineAll, type Spec } from './define.js';
import { stringMatcher } from './terms.js';
import type { ScalarImpl } from './types.js';

export type Primitive = number | bigint | string | boolean | null;
type Conv = (v: KqlValue) => Primitive;

const identity: Conv = (v) => v as Primitive;

/** Dynamic values compare by their scalar content; arrays and bags by their JSON text. */
const dynamicPrimitive: Conv = (v) => {
  if (v instanceof DynReal) return v.value;
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint')
    return v;
  return dynamicKey(v);
};

/** Converters that bring both operands to one representation, or undefined if incomparable. */
export function commonConverters(l: ScalarType, r: ScalarType): readonly [Conv, Conv] | undefined {
  if (l === r) return l === 'dynamic' ? [dynamicPrimitive, dynamicPrimitive] : [identity, identity];
  if (isNumericType(l) && isNumericType(r)) return [identity, identity];
  if (l === 'dynamic') {
    const other = converterFor(r);
    return other ? [other, identity] : undefined;
  }
  if (r === 'dynamic') {
    const other = converterFor(l);
    return other ? [identity, other] : undefined;
  }
  if (l === 'string' && r !== 'string') {
    const c = stringTo(r);
    return c ? [c, identity] : undefined;
  }
  if (r === 'string') {
    const c = stringTo(l);
    return c ? [identity, c] : undefined;
  }
  return undefined;
}

/** Converter for a dynamic operand compared with a value of type `t`. */
function converterFor(t: ScalarType): Conv | undefined {
  switch (t) {
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return dynamicToNumber as Conv;
    case 'datetime':
      return datetimeConv('dynamic');
    case 'timespan':
      return timespanConv('dynamic');
    case 'bool':
      return boolOf as Conv;
    case 'string':
    case 'guid':
      return (v) => (v === null ? null : stringConv('dynamic')(v));
    case 'dynamic':
      return dynamicPrimitive;
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** Converter for a string operand compared with a value of type `t`. */
function stringTo(t: ScalarType): Conv | undefined {
  switch (t) {
    case 'datetime':
      return datetimeConv('string');
    case 'timespan':
      return timespanConv('string');
    case 'guid':
      return (v) => (typeof v === 'string' ? v.toLowerCase() : null);
    default:
      return undefined;
  }
}

type Cmp = (a: Primitive, b: Primitive) => boolean;

function makeEquality(l: ScalarType, r: ScalarType, negate: boolean): ScalarImpl {
  const convs = commonConverters(l, r) ?? [dynamicPrimitive, dynamicPrimitive];
  const [cl, cr] = convs;
  if (cl === identity && cr === identity) {
    // hot path: same representation, e.g. string == 'constant', long == long
    return negate
      ? (a, b) => (a === null ? (b === null ? null : true) : b === null ? true : a !== b)
      : (a, b) => (a === null ? (b === null ? null : false) : b === null ? false : a === b);
  }
  return (a, b) => {
    const x = cl(a);
    const y = cr(b);
    if (x === null || y === null) return x === null && y === null ? null : negate;
    return negate ? x !== y : x === y;
  };
}

function makeOrdering(l: ScalarType, r: ScalarType, cmp: Cmp): ScalarImpl {
  const [cl, cr] = commonConverters(l, r) ?? [dynamicPrimitive, dynamicPrimitive];
  if (cl === identity && cr === identity) {
    return (a, b) => (a === null || b === null ? null : cmp(a as Primitive, b as Primitive));
  }
  return (a, b) => {
    const x = cl(a);
    const y = cr(b);
    if (x === null || y === null || typeof x !== typeof y) return null;
    return cmp(x, y);
  };
}

function makeCiEquality(l: ScalarType, r: ScalarType, constRight: KqlValue | undefined, negate: boolean): ScalarImpl {
  const sl = stringConv(l);
  const sr = stringConv(r);
  if (typeof constRight === 'string') {
    const m = stringMatcher('equals', constRight, false);
    return negate ? (a) => !m(sl(a)) : (a) => m(sl(a));
  }
  return (a, b) => {
    const eq = sl(a).toLowerCase() === sr(b).toLowerCase();
    return negate ? !eq : eq;
  };
}

const ANY2 = ['any', 'any'] as const;

const ordering = (name: string, doc: string, cmp: Cmp): Spec => ({
  name,
  doc,
  params: ANY2,
  returns: 'bool',
  compile: (t) => makeOrdering(t[0] ?? 'dynamic', t[1] ?? 'dynamic', cmp),
});

export const compareOperators = defineAll('operator', [
  {
    name: '==',
    doc: 'Equals (case-sensitive for strings); null == null is null.',
    params: ANY2,
    returns: 'bool',
    compile: (t) => makeEquality(t[0] ?? 'dynamic', t[1] ?? 'dynamic', false),
  },
  {
    name: '!=',
    doc: 'Not equals (case-sensitive for strings).',
    params: ANY2,
    returns: 'bool',
    compile: (t) => makeEquality(t[0] ?? 'dynamic', t[1] ?? 'dynamic', true),
  },
  ordering('<', 'Less than.', (a, b) => (a as number) < (b as number)),
  ordering('<=', 'Less than or equal.', (a, b) => (a as number) <= (b as number)),
  ordering('>', 'Greater than.', (a, b) => (a as number) > (b as number)),
  ordering('>=', 'Greater than or equal.', (a, b) => (a as number) >= (b as number)),
  {
    name: '=~',
    doc: 'Case-insensitive string equality.',
    params: ['string-ish', 'string-ish'],
    returns: 'bool',
    compile: (t, c) => makeCiEquality(t[0] ?? 'string', t[1] ?? 'string', c[1], false),
  },
  {
    name: '!~',
    doc: 'Case-insensitive string inequality.',
    params: ['string-ish', 'string-ish'],
    returns: 'bool',
    compile: (t, c) => makeCiEquality(t[0] ?? 'string', t[1] ?? 'string', c[1], true),
  },
]);
