/**
 * Arithmetic operators `+ - * / %` and unary minus, specialised per operand types at compile time
 * (see optypes.ts for the type table). Representation: numbers are JS numbers, datetime/timespan
 * are bigint ticks, so datetime arithmetic is exact at 100 ns.
 *
 * Integer (int/long) division truncates toward zero; integer division or modulo by zero is null;
 * real division by zero gives ±Infinity/NaN. Any null operand gives null.
 */
import { DynReal, dynReal, isDynRealValue, isNumericType, type KqlValue, type ScalarType } from '../types.js';
import { dynamicToNumber } from './coerce.js';
import { defineAll } from './define.js';
import { arithmeticType as arithmeticTypeOf } from './optypes.js';
import type { ScalarImpl } from './types.js';

type NumOp = (a: number, b: number) => number | null;

const INT_OPS: Readonly<Record<string, NumOp>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => (b === 0 ? null : Math.trunc(a / b)),
  '%': (a, b) => (b === 0 ? null : a % b),
};

const REAL_OPS: Readonly<Record<string, NumOp>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};

function numeric(op: NumOp): ScalarImpl {
  return (a, b) => (a === null || b === null ? null : op(a as number, b as number));
}

/**
 * Dynamic operands: the numbers inside follow their own type, as Kusto's do: long with long is
 * long (`d.x + 1` truncates a division), a real on either side (a real dynamic element, or an
 * operand of static type real/decimal) makes the result a real, kept as a real inside dynamic.
 */
function dynamicArith(op: string, l: ScalarType, r: ScalarType): ScalarImpl {
  const io = INT_OPS[op] as NumOp;
  const ro = REAL_OPS[op] as NumOp;
  const realType = (t: ScalarType) => t === 'real' || t === 'decimal';
  const isReal = (t: ScalarType, v: KqlValue) => realType(t) || (t === 'dynamic' && isDynRealValue(v));
  return (a, b) => {
    const x = dynamicToNumber(a);
    const y = dynamicToNumber(b);
    if (x === null || y === null) return null;
    if (isReal(l, a) || isReal(r, b) || !Number.isInteger(x) || !Number.isInteger(y)) {
      const n = ro(x, y);
      return n === null ? null : dynReal(n);
    }
    return io(x, y);
  };
}

/** timespan × number: exact for integral factors, rounded to the nearest tick otherwise. */
function scaleTicks(t: bigint, n: number): bigint | null {
  if (!Number.isFinite(n)) return null;
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return t * BigInt(n);
  return BigInt(Math.round(Number(t) * n));
}

function divideTicks(t: bigint, n: number): bigint | null {
  if (n === 0 || !Number.isFinite(n)) return null;
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return t / BigInt(n);
  return BigInt(Math.round(Number(t) / n));
}

function ticksImpl(op: string, l: ScalarType, r: ScalarType): ScalarImpl | undefined {
  const bothTicks = (l === 'datetime' || l === 'timespan') && (r === 'datetime' || r === 'timespan');
  if (bothTicks) {
    switch (op) {
      case '+':
        return (a, b) => (a === null || b === null ? null : (a as bigint) + (b as bigint));
      case '-':
        return (a, b) => (a === null || b === null ? null : (a as bigint) - (b as bigint));
      case '/':
        return (a, b) => (a === null || b === null || b === 0n ? null : Number(a as bigint) / Number(b as bigint));
      case '%':
        return (a, b) => (a === null || b === null || b === 0n ? null : (a as bigint) % (b as bigint));
      default:
        return undefined;
    }
  }
  if (l === 'timespan' && isNumericType(r)) {
    if (op === '*') return (a, b) => (a === null || b === null ? null : scaleTicks(a as bigint, b as number));
    if (op === '/') return (a, b) => (a === null || b === null ? null : divideTicks(a as bigint, b as number));
    if (op === '%')
      return (a, b) =>
        a === null || b === null || b === 0 || !Number.isInteger(b) ? null : (a as bigint) % BigInt(b as number);
  }
  if (isNumericType(l) && r === 'timespan' && op === '*') {
    return (a, b) => (a === null || b === null ? null : scaleTicks(b as bigint, a as number));
  }
  return undefined;
}

/** The implementation of `left op right` for these operand types. */
export function compileArithmetic(op: string, l: ScalarType, r: ScalarType): ScalarImpl {
  const result = arithmeticTypeOf(op, l, r);
  if (result === 'dynamic') return dynamicArith(op, l, r);
  if (isNumericType(l) && isNumericType(r)) {
    const integral = result === 'int' || result === 'long';
    return numeric((integral ? INT_OPS : REAL_OPS)[op] as NumOp);
  }
  const t = ticksImpl(op, l, r);
  if (t) return t;
  return () => null; // rejected by the binder (binaryResultType is undefined); never reached
}

const neg: Readonly<Record<string, ScalarImpl>> = {
  number: (a) => (a === null ? null : -(a as number)),
  ticks: (a) => (a === null ? null : -(a as bigint)),
  dynamic: (a: KqlValue) => {
    const n = dynamicToNumber(a);
    return n === null ? null : a instanceof DynReal ? new DynReal(-n) : -n;
  },
};

const ANY2 = ['any', 'any'] as const;

const arith = (name: string, doc: string) => ({
  name,
  doc,
  params: ANY2,
  returns: (t: readonly ScalarType[]) => arithmeticTypeOf(name, t[0] ?? 'dynamic', t[1] ?? 'dynamic') ?? 'dynamic',
  compile: (t: readonly ScalarType[]) => compileArithmetic(name, t[0] ?? 'dynamic', t[1] ?? 'dynamic'),
});

export const arithmeticOperators = defineAll('operator', [
  arith('+', 'Addition: numbers, datetime + timespan, timespan + timespan.'),
  arith('-', 'Subtraction: numbers, datetime - datetime = timespan, datetime - timespan.'),
  arith('*', 'Multiplication: numbers, timespan * number.'),
  arith('/', 'Division: integer division truncates; timespan / timespan is real.'),
  arith('%', 'Modulo: numbers and timespans; integer modulo by zero is null.'),
  {
    name: '-unary',
    doc: 'Negation of a number or timespan.',
    params: ['any'],
    returns: (t) => t[0] ?? 'dynamic',
    compile: (t) =>
      t[0] === 'timespan'
        ? (neg.ticks as ScalarImpl)
        : t[0] === 'dynamic'
          ? (neg.dynamic as ScalarImpl)
          : (neg.number as ScalarImpl),
  },
]);
