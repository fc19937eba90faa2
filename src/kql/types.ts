/**
 * KQL scalar types and tabular schemas: the vocabulary every stage shares.
 *
 * Runtime value representation (what a cell holds in JS), fixed for the whole engine:
 *   bool     → boolean            | null
 *   int      → number (integral)  | null
 *   long     → number when a safe integer (|v| ≤ 2^53 − 1), else bigint (exact, within int64) | null.
 *              One canonical form per value (long.ts `longOf`), so `===` and grouping keys work;
 *              arithmetic takes a number fast path and falls back to BigInt with int64 wrap-around.
 *              A long column keeps its Float64Array and adds an exact BigInt64Array side store
 *              only when some value is not a safe integer (exec/table.ts NumberColumn.exact).
 *              The static type tells a bigint long from bigint datetime/timespan ticks.
 *   real     → number (incl. NaN/±Infinity) | null
 *   decimal  → number             | null   (approximated by a double; documented)
 *   string   → string             (never null: Kusto strings are empty, not null)
 *   datetime → bigint ticks (100 ns) since 1970-01-01T00:00:00Z | null
 *   timespan → bigint ticks (100 ns) | null
 *   guid     → string (lower-case canonical form) | null
 *   dynamic  → JSON-like JS value: null | boolean | number | string | array | plain object
 *              | DynReal. Numbers keep Kusto's int/long vs real distinction: an integral JS
 *              number is an integer (`50`), a non-integral one a real (`2.5`, NaN, ±Infinity), and
 *              an integral real (`50.0` in JSON, `real` packed into a bag) is a frozen `DynReal`.
 *              Read numbers through `dynNumber`; `isBag` excludes DynReal. A datetime inside
 *              dynamic is its bigint ticks (library/coerce.ts); a timespan its text. So a
 *              long past 2^53 put into dynamic becomes the nearest double (bigint is taken).
 *
 * bigint for datetime/timespan: a double cannot hold 100 ns ticks since 1970 exactly (≈1.7e16 >
 * 2^53), and V8 compares BigInt64Array elements in optimised loops about as fast as doubles.
 */

export const SCALAR_TYPES = [
  'bool',
  'int',
  'long',
  'real',
  'decimal',
  'string',
  'datetime',
  'timespan',
  'guid',
  'dynamic',
] as const;

export type ScalarType = (typeof SCALAR_TYPES)[number];

/** A KQL value at run time (see the table above). */
export type KqlValue = boolean | number | string | bigint | null | KqlDynamic;
export type KqlDynamic =
  | null
  | boolean
  | number
  | string
  | DynReal
  | readonly KqlDynamic[]
  | { readonly [key: string]: KqlDynamic };

/**
 * An integral real inside a dynamic value: `dynamic(50.0)`, `parse_json('[2.0]')`, a real column
 * packed into a bag. A JS number cannot tell 50.0 from 50, and Kusto prints, types (`gettype`) and
 * computes (`d.x + 1` is real) them differently. Non-integral reals need no tag.
 */
export class DynReal {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
    Object.freeze(this);
  }
  /** JSON.stringify sees the number (the exact text `50.0` comes from values.ts dynamicJsonText). */
  toJSON(): number {
    return this.value;
  }
  /** Number(x), String(x) and arithmetic on a DynReal see the number, as they did before the tag. */
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return String(this.value);
  }
}

/** A real as a dynamic value: tagged when integral, else the plain number. */
export function dynReal(n: number): number | DynReal {
  return Number.isInteger(n) ? new DynReal(n) : n;
}

/** The number a dynamic value holds (a DynReal unwrapped), or undefined when it is not a number. */
export function dynNumber(v: unknown): number | undefined {
  return typeof v === 'number' ? v : v instanceof DynReal ? v.value : undefined;
}

/** True for a dynamic value that is a real (tagged integral real, or a non-integral number). */
export function isDynRealValue(v: unknown): boolean {
  return v instanceof DynReal || (typeof v === 'number' && !Number.isInteger(v));
}

export interface ColumnSchema {
  readonly name: string;
  readonly type: ScalarType;
}

export interface TableSchema {
  readonly columns: readonly ColumnSchema[];
}

/** Aliases that appear in schemas and casts (`boolean`, `double`, `date`, `time`, `int64`, …). */
const TYPE_ALIASES: Readonly<Record<string, ScalarType>> = {
  bool: 'bool',
  boolean: 'bool',
  int: 'int',
  int32: 'int',
  long: 'long',
  int64: 'long',
  real: 'real',
  double: 'real',
  float: 'real',
  decimal: 'decimal',
  string: 'string',
  datetime: 'datetime',
  date: 'datetime',
  timespan: 'timespan',
  time: 'timespan',
  guid: 'guid',
  uniqueid: 'guid',
  dynamic: 'dynamic',
};

/** Resolves a type name as written in a query or schema file (case-insensitive); undefined if unknown. */
export function parseTypeName(name: string): ScalarType | undefined {
  return TYPE_ALIASES[name.toLowerCase()];
}

export function isNumericType(t: ScalarType): boolean {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

/** Kusto's numeric promotion: int < long < decimal/real; real wins over decimal for mixed arithmetic. */
export function promoteNumeric(a: ScalarType, b: ScalarType): ScalarType {
  if (a === 'real' || b === 'real') return 'real';
  if (a === 'decimal' || b === 'decimal') return 'decimal';
  if (a === 'long' || b === 'long') return 'long';
  return 'int';
}
