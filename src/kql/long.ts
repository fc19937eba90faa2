/**
 * Exact 64-bit `long` values (types.ts describes the representation): a long is a JS number when
 * it is a safe integer (|v| < 2^53) and a JS bigint otherwise, always inside the int64 range.
 * Keeping one canonical form per value lets `===`, Map keys and grouping keys treat equal longs as
 * equal; every producer of a long that may leave the safe range goes through `longOf`.
 *
 * Arithmetic follows Kusto (C# `long` arithmetic, unchecked): results wrap around modulo 2^64
 * (`9223372036854775807 + 1` is -9223372036854775808); integer division truncates toward zero and
 * division or modulo by zero is null; the modulo is never negative (KQL reference, numerical
 * operators: 0 ≤ N % D < abs(D)).
 */

export type Long = number | bigint;

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const TWO_63 = 2 ** 63;

/** The canonical long of an exact integer: wrapped into int64, a number when it is safe. */
export function longOf(b: bigint): Long {
  const w = BigInt.asIntN(64, b);
  return w <= 9007199254740991n && w >= -9007199254740991n ? Number(w) : w;
}

/** The canonical long of an exact integer, or null when it does not fit int64 (no wrapping). */
export function longInRange(b: bigint): Long | null {
  return b < INT64_MIN || b > INT64_MAX ? null : longOf(b);
}

/** True when `v` is a long held as a number that is exact (safe), or a bigint. */
export function isSafeNumber(n: number): boolean {
  return n <= MAX_SAFE && n >= -MAX_SAFE;
}

/** The long's exact value as a bigint; null for a number that is not an integer (NaN, ±∞, 1.5). */
export function bigOf(v: Long): bigint | null {
  if (typeof v === 'bigint') return v;
  return Number.isInteger(v) ? BigInt(v) : null;
}

/** A long nearest to the double `n` (truncated toward zero), or null when it is NaN, ±∞ or out of int64. */
export function longFromReal(n: number): Long | null {
  if (!Number.isFinite(n)) return null;
  const t = Math.trunc(n);
  if (isSafeNumber(t)) return t === 0 ? 0 : t; // no -0
  // 2^63 as a double is the first value past INT64_MAX (INT64_MAX itself rounds up to it).
  if (t >= TWO_63 || t < -TWO_63) return null;
  return longOf(BigInt(t));
}

/** A long as a double (rounded for bigints beyond 2^53, as Kusto's long → real conversion). */
export function longToNumber(v: Long): number {
  return typeof v === 'number' ? v : Number(v);
}

/**
 * Parses integer text exactly: optional sign, decimal digits or `0x` hex. Null when the text is not
 * an integer or does not fit int64.
 */
export function parseLong(text: string): Long | null {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|\d+)\s*$/.exec(text);
  if (!m) return null;
  const digits = m[2] as string;
  // Up to 15 decimal digits fit a safe integer: skip BigInt on the common path.
  if (digits.length <= 15 && digits[1] !== 'x' && digits[1] !== 'X') {
    const n = Number(digits);
    return m[1] === '-' ? (n === 0 ? 0 : -n) : n;
  }
  const b = BigInt(digits);
  return longInRange(m[1] === '-' ? -b : b);
}

/* Binary operators. Each takes two non-null longs; the number path stays exact whenever its
 * result is a safe integer (a true result beyond 2^53 rounds to a double beyond 2^53 too, so the
 * check catches every inexact case), else the bigint path computes and wraps exactly. */

function slow(a: Long, b: Long, op: (x: bigint, y: bigint) => bigint | null): Long | null {
  const x = bigOf(a);
  const y = bigOf(b);
  if (x === null || y === null) return null;
  const r = op(x, y);
  return r === null ? null : longOf(r);
}

const addBig = (x: bigint, y: bigint) => x + y;
const subBig = (x: bigint, y: bigint) => x - y;
const mulBig = (x: bigint, y: bigint) => x * y;
const divBig = (x: bigint, y: bigint) => (y === 0n ? null : x / y);
const modBig = (x: bigint, y: bigint) => {
  if (y === 0n) return null;
  const r = x % y;
  return r < 0n ? r + (y < 0n ? -y : y) : r;
};

export function longAdd(a: Long, b: Long): Long | null {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return slow(a, b, addBig);
}

export function longSub(a: Long, b: Long): Long | null {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return slow(a, b, subBig);
}

export function longMul(a: Long, b: Long): Long | null {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r === 0 ? 0 : r;
  }
  return slow(a, b, mulBig);
}

export function longDiv(a: Long, b: Long): Long | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) return null;
    if (Number.isInteger(a) && Number.isInteger(b)) {
      // `%` is exact on doubles, so a - a % b is an exact multiple of b and the division exact
      // (Math.trunc(a / b) could round up: 9007199254740990 / 9007199254740991 is 1 as a double).
      const r = (a - (a % b)) / b;
      return r === 0 ? 0 : r;
    }
  }
  return slow(a, b, divBig);
}

export function longMod(a: Long, b: Long): Long | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) return null;
    if (Number.isInteger(a) && Number.isInteger(b)) {
      const r = a % b;
      return r < 0 ? r + Math.abs(b) : r === 0 ? 0 : r;
    }
  }
  return slow(a, b, modBig);
}

export function longNeg(a: Long): Long {
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  return longOf(-a);
}

/** -1, 0 or 1: exact ordering of two longs (mixed number/bigint compare exactly in JS). */
export function compareLong(a: Long, b: Long): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Kusto's text of a long: plain digits. */
export function longText(v: Long): string {
  return typeof v === 'bigint' ? v.toString() : String(v);
}
