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
 *              (an integer that is not a safe integer is a bigint, as a long is)
 *              (datetime/timespan inside dynamic are kept as their bigint ticks wrapped in
 *               DynDate/DynTimespan only where Kusto keeps the type; see values.ts)
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
  | readonly KqlDynamic[]
  | { readonly [key: string]: KqlDynamic };

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
