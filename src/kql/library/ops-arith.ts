/**
 * Arithmetic operators `+ - * / %` and unary minus, specialised per operand types at compile time
 * (see optypes.ts for the type table). Representation: int/real are JS numbers, a long is a number
 * or (beyond 2^53) a bigint (long.ts), datetime/timespan are bigint ticks, so datetime arithmetic is
 * exact at 100 ns.
 *
 * Integer (int/long) arithmetic is exact 64-bit and wraps around on overflow (long.ts); integer
 * division truncates toward zero; integer division or modulo by zero is null; the modulo is never
 * negative. Real division by zero gives ±Infinity/NaN. Any null operand gives null. A datetime
 * result outside 0001-01-01 .. 9999-12-31 is null.
 */
import { type Long, longAdd, longDiv, longMod, longMul, longNeg, longOf, longSub } from '../long.js';
import { DynReal, dynReal, isDynRealValue, isNumericType, type KqlValue, type ScalarType } from '../types.js';
import { datetimeInRange } from '../values.js';
import { dynamicToNumber } from './coerce.js';
import { defineAll } from './define.js';
import { arithmeticType as arithmeticTypeOf } from './optypes.js';
import type { ScalarImpl } from './types.js';

type NumOp = (a: number, b: number) => number | null;
type LongOp = (a: Long, b: Long) => Long | null;

const LONG_OPS: Readonly<Record<string, LongOp>> = {
  '+': longAdd,
  '-': longSub,
  '*': longMul,
  '/': longDiv,
  '%': longMod,
};

const REAL_OPS: Readonly<Record<string, NumOp>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};

function integral(op: LongOp): ScalarImpl {
  return (a, b) => (a === null || b === null ? null : op(a as Long, b as Long));
}

/** Real arithmetic; a long operand beyond 2^53 (a bigint) converts to the nearest double first. */
function real(op: NumOp, longOperand: boolean): ScalarImpl {
  if (!longOperand) return (a, b) => (a === null || b === null ? null : op(a as number, b as number));
  return (a, b) =>
    a === null || b === null
      ? null
      : op(typeof a === 'bigint' ? Number(a) : (a as number), typeof b === 'bigint' ? Number(b) : (b as number));
}

/** An integer inside a dynamic value as a long (a bigint is an exact integer there too), else undefined. */
function dynamicInteger(v: unknown): Long | undefined {
  if (typeof v === 'bigint') return longOf(v);
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/**
 * Dynamic operands: the numbers inside follow their own type, as Kusto's do: long with long is
 * long (`d.x + 1` truncates a division), a real on either side (a real dynamic element, or an
 * operand of static type real/decimal) makes the result a real, kept as a real inside dynamic.
 */
function dynamicArith(op: string, l: ScalarType, r: ScalarType): ScalarImpl {
  const io = LONG_OPS[op] as LongOp;
  const ro = REAL_OPS[op] as NumOp;
  const realType = (t: ScalarType) => t === 'real' || t === 'decimal';
  const isReal = (t: ScalarType, v: KqlValue) => realType(t) || (t === 'dynamic' && isDynRealValue(v));
  return (a, b) => {
    // long with long stays long (exact, wrapping); a real on either side makes a real.
    if (!isReal(l, a) && !isReal(r, b)) {
      const i = dynamicInteger(a);
      const j = dynamicInteger(b);
      if (i !== undefined && j !== undefined) return io(i, j);
    }
    const x = dynamicToNumber(a);
    const y = dynamicToNumber(b);
    if (x === null || y === null) return null;
    const n = ro(x, y);
    return n === null ? null : dynReal(n);
  };
}

/** timespan × number: exact for integral factors, rounded to the nearest tick otherwise. */
function scaleTicks(t: bigint, n: number | bigint): bigint | null {
  if (typeof n === 'bigint') return BigInt.asIntN(64, t * n);
  if (!Number.isFinite(n)) return null;
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return t * BigInt(n);
  return BigInt(Math.round(Number(t) * n));
}

function divideTicks(t: bigint, n: number | bigint): bigint | null {
  if (typeof n === 'bigint') return t / n; // never 0n: a bigint long is beyond 2^53
  if (n === 0 || !Number.isFinite(n)) return null;
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return t / BigInt(n);
  return BigInt(Math.round(Number(t) / n));
}

function ticksImpl(op: string, l: ScalarType, r: ScalarType): ScalarImpl | undefined {
  const bothTicks = (l === 'datetime' || l === 'timespan') && (r === 'datetime' || r === 'timespan');
  if (bothTicks) {
    const toDatetime = arithmeticTypeOf(op, l, r) === 'datetime';
    switch (op) {
      case '+':
        if (toDatetime)
          return (a, b) => (a === null || b === null ? null : datetimeInRange((a as bigint) + (b as bigint)));
        return (a, b) => (a === null || b === null ? null : (a as bigint) + (b as bigint));
      case '-':
        if (toDatetime)
          return (a, b) => (a === null || b === null ? null : datetimeInRange((a as bigint) - (b as bigint)));
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
    if (op === '*') return (a, b) => (a === null || b === null ? null : scaleTicks(a as bigint, b as number | bigint));
    if (op === '/') return (a, b) => (a === null || b === null ? null : divideTicks(a as bigint, b as number | bigint));
    if (op === '%')
      return (a, b) =>
        a === null || b === null || b === 0 || (typeof b === 'number' && !Number.isInteger(b))
          ? null
          : (a as bigint) % BigInt(b as number | bigint);
  }
  if (isNumericType(l) && r === 'timespan' && op === '*') {
    return (a, b) => (a === null || b === null ? null : scaleTicks(b as bigint, a as number | bigint));
  }
  return undefined;
}

/** The implementation of `left op right` for these operand types. */
export function compileArithmetic(op: string, l: ScalarType, r: ScalarType): ScalarImpl {
  const result = arithmeticTypeOf(op, l, r);
  if (result === 'dynamic') return dynamicArith(op, l, r);
  if (isNumericType(l) && isNumericType(r)) {
    if (result === 'int' || result === 'long') return integral(LONG_OPS[op] as LongOp);
    return real(REAL_OPS[op] as NumOp, l === 'long' || r === 'long');
  }
  const t = ticksImpl(op, l, r);
  if (t) return t;
  return () => null; // rejected by the binder (binaryResultType is undefined); never reached
}

const neg: Readonly<Record<string, ScalarImpl>> = {
  number: (a) => (a === null ? null : -(a as number)),
  long: (a) => (a === null ? null : longNeg(a as Long)),
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
          : t[0] === 'long'
            ? (neg.long as ScalarImpl)
            : (neg.number as ScalarImpl),
  },
]);
