/**
 * Math functions: bin/floor/bin_at (numbers, datetimes and timespans), round, ceiling, abs, powers
 * and logarithms, trigonometry, gamma, min_of/max_of, bitwise functions (64-bit, via BigInt),
 * rand. Nulls propagate; invalid numeric domains give null or NaN as Kusto does.
 */
import { isSafeNumber, longOf } from '../long.js';
import type { KqlValue, ScalarType } from '../types.js';
import { floorDiv } from '../values.js';
import { numberConv, timespanConv } from './coerce.js';
import { unifyTypes } from './conditional.js';
import { type Compile, defineAll, type Spec, typeOfArg } from './define.js';
import { commonConverters, type Primitive } from './ops-compare.js';
import type { ScalarImpl } from './types.js';

/** Unary numeric function with null propagation. */
const num1 =
  (f: (x: number) => KqlValue): Compile =>
  (types) => {
    const n = numberConv(types[0] ?? 'real');
    return (v) => {
      const x = n(v);
      return x === null ? null : f(x);
    };
  };

const num2 =
  (f: (x: number, y: number) => number | null): Compile =>
  (types) => {
    const a = numberConv(types[0] ?? 'real');
    const b = numberConv(types[1] ?? 'real');
    return (v, w) => {
      const x = a(v);
      const y = b(w);
      return x === null || y === null ? null : f(x, y);
    };
  };

const isTicks = (t: ScalarType | undefined) => t === 'datetime' || t === 'timespan';

/** bin(value, size): floor to a multiple of size; ticks stay exact bigint arithmetic. */
const binCompile: Compile = (types) => {
  if (isTicks(types[0])) {
    const size = timespanConv(types[1] ?? 'timespan');
    return (v, s) => {
      const b = size(s);
      if (v === null || b === null || b <= 0n) return null;
      return floorDiv(v as bigint, b) * b;
    };
  }
  if (types[0] === 'long' && (types[1] === 'long' || types[1] === 'int')) return binLong;
  return num2((x, size) => (size <= 0 ? null : Math.floor(x / size) * size))(types, [], { now: 0n });
};

/** bin of a long by a whole size, exact past 2^53 (long.ts): x minus its non-negative remainder. */
const binLong: ScalarImpl = (v, s) => {
  if (v === null || s === null) return null;
  if (typeof v === 'number' && typeof s === 'number') {
    if (s <= 0) return null;
    if (!Number.isInteger(v) || !Number.isInteger(s)) return Math.floor(v / s) * s;
    const m = v % s;
    const r = v - (m < 0 ? m + s : m);
    if (isSafeNumber(r)) return r === 0 ? 0 : r;
  }
  const x = BigInt(v as number | bigint);
  const b = BigInt(s as number | bigint);
  if (b <= 0n) return null;
  return longOf(floorDiv(x, b) * b);
};

/** bin_at(value, size, fixedPoint): bins aligned so that fixedPoint starts a bin. */
const binAtCompile: Compile = (types) => {
  if (isTicks(types[0])) {
    const size = timespanConv(types[1] ?? 'timespan');
    return (v, s, f) => {
      const b = size(s);
      if (v === null || b === null || f === null || b <= 0n) return null;
      const fixed = f as bigint;
      return floorDiv((v as bigint) - fixed, b) * b + fixed;
    };
  }
  const [a, b, c] = [0, 1, 2].map((i) => numberConv(types[i] ?? 'real'));
  return (v, s, f) => {
    const x = (a as (v: KqlValue) => number | null)(v);
    const size = (b as (v: KqlValue) => number | null)(s);
    const fixed = (c as (v: KqlValue) => number | null)(f);
    if (x === null || size === null || fixed === null || size <= 0) return null;
    return Math.floor((x - fixed) / size) * size + fixed;
  };
};

/** round half away from zero, via decimal exponent shifting to avoid binary artefacts (2.15 → 2.2). */
export function roundTo(x: number, precision: number): number {
  if (!Number.isFinite(x)) return x;
  const p = Math.trunc(precision);
  const shifted = Math.round(Number(`${Math.abs(x)}e${p}`));
  return Math.sign(x) * Number(`${shifted}e${-p}`);
}

/** Lanczos approximation (g = 7), accurate to ~15 digits for real arguments. */
const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905,
  -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

export function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return Math.sqrt(2 * Math.PI) * t ** (z + 0.5) * Math.exp(-t) * a;
}

/** min_of/max_of: nulls are ignored; arguments compare after conversion to a common type. */
function extremum(pickLess: boolean): Compile {
  return (types) => {
    const target = unifyTypes(types);
    const convs = types.map((t) => commonConverters(t, target)?.[0] ?? ((v: KqlValue) => v as Primitive));
    return (...args) => {
      let best: Primitive = null;
      for (let i = 0; i < args.length; i++) {
        const v = (convs[i] as (v: KqlValue) => Primitive)(args[i] as KqlValue);
        if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
        if (best === null || (pickLess ? v < best : v > best)) best = v;
      }
      return best;
    };
  };
}

const big = (x: number) => BigInt.asIntN(64, BigInt(Math.trunc(x)));
const fromBig = (b: bigint) => Number(BigInt.asIntN(64, b));

const bitwise = (name: string, doc: string, f: (a: bigint, b: bigint) => bigint): Spec => ({
  name,
  doc,
  params: ['long', 'long'],
  returns: 'long',
  compile: num2((x, y) => (Number.isFinite(x) && Number.isFinite(y) ? fromBig(f(big(x), big(y))) : null)),
});

const real1 = (name: string, doc: string, f: (x: number) => KqlValue, aliases?: string[]): Spec => ({
  name,
  doc,
  params: ['numeric'],
  returns: 'real',
  compile: num1(f),
  ...(aliases ? { aliases } : {}),
});

const logOf = (f: (x: number) => number) => (x: number) => (x < 0 ? null : f(x));

export const mathFunctions = defineAll('math', [
  {
    name: 'bin',
    aliases: ['floor'],
    doc: 'Rounds down to a multiple of the bin size (numbers, datetimes by a timespan, timespans).',
    params: ['any', 'any'],
    returns: typeOfArg(0),
    compile: binCompile,
  },
  {
    name: 'bin_at',
    doc: 'bin() with bins aligned to a fixed point.',
    params: ['any', 'any', 'any'],
    returns: typeOfArg(0),
    compile: binAtCompile,
  },
  {
    name: 'round',
    doc: 'Rounds half away from zero to a number of decimal digits (default 0; negative allowed).',
    params: ['numeric', 'long'],
    min: 1,
    returns: typeOfArg(0, 'real'),
    compile: (types) => {
      const n = numberConv(types[0] ?? 'real');
      const p = numberConv(types[1] ?? 'long');
      return (v, q) => {
        const x = n(v);
        const prec = q === undefined ? 0 : p(q);
        return x === null || prec === null ? null : roundTo(x, prec);
      };
    },
  },
  {
    name: 'ceiling',
    doc: 'Smallest integer not less than x.',
    params: ['numeric'],
    returns: typeOfArg(0, 'real'),
    compile: num1(Math.ceil),
  },
  {
    name: 'abs',
    doc: 'Absolute value of a number or timespan.',
    params: ['any'],
    returns: typeOfArg(0, 'real'),
    compile: (types): ScalarImpl =>
      isTicks(types[0])
        ? (v) => (v === null ? null : (v as bigint) < 0n ? -(v as bigint) : v)
        : types[0] === 'long'
          ? (v) => (typeof v === 'bigint' ? longOf(v < 0n ? -v : v) : v === null ? null : Math.abs(v as number))
          : num1(Math.abs)(types, [], { now: 0n }),
  },
  real1('sqrt', 'Square root (NaN for negatives).', Math.sqrt),
  {
    name: 'pow',
    doc: 'x raised to the power y.',
    params: ['numeric', 'numeric'],
    returns: 'real',
    compile: num2((x, y) => x ** y),
  },
  real1('log', 'Natural logarithm (null for negatives).', logOf(Math.log)),
  real1('log2', 'Base-2 logarithm (null for negatives).', logOf(Math.log2)),
  real1('log10', 'Base-10 logarithm (null for negatives).', logOf(Math.log10)),
  real1('exp', 'e raised to x.', Math.exp),
  real1('exp2', '2 raised to x.', (x) => 2 ** x),
  real1('exp10', '10 raised to x.', (x) => 10 ** x),
  {
    name: 'sign',
    doc: 'Sign of a number: -1, 0 or 1.',
    params: ['numeric'],
    returns: typeOfArg(0, 'real'),
    compile: num1(Math.sign),
  },
  {
    name: 'isnan',
    doc: 'True when x is NaN.',
    params: ['numeric'],
    returns: 'bool',
    compile: num1((x) => Number.isNaN(x)),
  },
  {
    name: 'isinf',
    doc: 'True when x is ±Infinity.',
    params: ['numeric'],
    returns: 'bool',
    compile: num1((x) => x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY),
  },
  {
    name: 'isfinite',
    doc: 'True when x is neither infinite nor NaN.',
    params: ['numeric'],
    returns: 'bool',
    compile: num1((x) => Number.isFinite(x)),
  },
  { name: 'pi', doc: 'The constant π.', params: [], returns: 'real', impl: () => Math.PI },
  real1('cos', 'Cosine.', Math.cos),
  real1('sin', 'Sine.', Math.sin),
  real1('tan', 'Tangent.', Math.tan),
  real1('acos', 'Arc cosine.', Math.acos),
  real1('asin', 'Arc sine.', Math.asin),
  real1('atan', 'Arc tangent.', Math.atan),
  real1('cot', 'Cotangent.', (x) => 1 / Math.tan(x)),
  real1('degrees', 'Radians to degrees.', (x) => (x * 180) / Math.PI),
  real1('radians', 'Degrees to radians.', (x) => (x * Math.PI) / 180),
  real1('gamma', 'The gamma function.', gamma),
  real1('loggamma', 'Natural logarithm of the absolute gamma function.', (x) => Math.log(Math.abs(gamma(x)))),
  {
    name: 'atan2',
    doc: 'Angle of the point (x, y) from atan2(y, x).',
    params: ['numeric', 'numeric'],
    returns: 'real',
    compile: num2(Math.atan2),
  },
  {
    name: 'max_of',
    doc: 'Largest argument (nulls ignored).',
    params: ['any'],
    min: 1,
    max: 64,
    returns: (t) => unifyTypes(t),
    compile: extremum(false),
  },
  {
    name: 'min_of',
    doc: 'Smallest argument (nulls ignored).',
    params: ['any'],
    min: 1,
    max: 64,
    returns: (t) => unifyTypes(t),
    compile: extremum(true),
  },
  bitwise('binary_and', 'Bitwise AND of two longs.', (a, b) => a & b),
  bitwise('binary_or', 'Bitwise OR of two longs.', (a, b) => a | b),
  bitwise('binary_xor', 'Bitwise XOR of two longs.', (a, b) => a ^ b),
  bitwise('binary_shift_left', 'Shifts a long left by n bits.', (a, b) => a << (b & 63n)),
  bitwise('binary_shift_right', 'Shifts a long right by n bits (arithmetic).', (a, b) => a >> (b & 63n)),
  {
    name: 'binary_not',
    doc: 'Bitwise NOT of a long.',
    params: ['long'],
    returns: 'long',
    compile: num1((x) => (Number.isFinite(x) ? fromBig(~big(x)) : null)),
  },
  {
    name: 'bitset_count_ones',
    doc: 'Number of set bits in a long (two’s complement).',
    params: ['long'],
    returns: 'int',
    compile: num1((x) => {
      if (!Number.isFinite(x)) return null;
      let b = BigInt.asUintN(64, BigInt(Math.trunc(x)));
      let n = 0;
      while (b > 0n) {
        n += Number(b & 1n);
        b >>= 1n;
      }
      return n;
    }),
  },
  {
    name: 'rand',
    doc: 'Random real in [0, 1), or random integer in [0, N) with rand(N).',
    params: ['long'],
    min: 0,
    max: 1,
    returns: (t) => (t.length === 0 ? 'real' : 'long'),
    flags: { nondeterministic: true },
    compile: (types) => {
      const n = numberConv(types[0] ?? 'long');
      return (v) => {
        if (v === undefined) return Math.random();
        const k = n(v);
        return k === null || k <= 0 ? null : Math.floor(Math.random() * Math.trunc(k));
      };
    },
  },
]);
