/**
 * The function library is data: one entry per scalar function, operator or aggregate. The binder
 * reads signatures and return rules; the executor asks an entry to compile an implementation
 * specialised for the argument types (and constant arguments, e.g. a regex compiled once);
 * docs and autocomplete read names, categories and one-line descriptions.
 */
import type { KqlValue, ScalarType } from '../types.js';

/**
 * What a parameter accepts, for type checking. A ScalarType means "that type or one that converts
 * implicitly" (int→long→real, and any type → dynamic); the broader kinds are:
 * - `any`: any scalar type;  `numeric`: int|long|real|decimal;  `summable`: numeric|timespan;
 * - `orderable`: numeric|datetime|timespan|string|bool;  `string-ish`: string, or dynamic (coerced);
 * - `datetime-ish`: datetime, or string/dynamic that parses as one.
 */
export type ParamKind = ScalarType | 'any' | 'numeric' | 'summable' | 'orderable' | 'string-ish' | 'datetime-ish';

/** Context fixed for one query execution. */
export interface CompileContext {
  /** `now()` for this query, ticks since 1970. */
  readonly now: bigint;
  /**
   * Announces bytes a function is about to build (strrep, strcat of long strings…) so the query's
   * memory budget is checked as it grows; throws the budget's failure. Absent when folding constants.
   */
  readonly charge?: (bytes: number) => void;
}

/** A compiled implementation: positional arguments (runtime values), result value. */
export type ScalarImpl = (...args: KqlValue[]) => KqlValue;

export type FunctionCategory =
  | 'string'
  | 'datetime'
  | 'conversion'
  | 'dynamic'
  | 'conditional'
  | 'math'
  | 'ip'
  | 'hash'
  | 'url'
  | 'operator'
  | 'window'
  | 'geo'
  | 'series'
  | 'other';

export interface ScalarFunction {
  readonly name: string;
  /** Legacy or alternative spellings (`iif` for `iff`, `parsejson` for `parse_json`). */
  readonly aliases?: readonly string[];
  readonly category: FunctionCategory;
  /** One line for docs and autocomplete. */
  readonly doc: string;
  readonly minArgs: number;
  /** Number.POSITIVE_INFINITY for variadic functions. */
  readonly maxArgs: number;
  /** Accepted kind per position; the last entry repeats for variadic functions. */
  readonly params: readonly ParamKind[];
  /**
   * Result type. The function form gets the argument types and the constant argument values
   * (undefined where an argument is not constant), e.g. `todynamic` is dynamic, `iff` takes the
   * type of its branches, `bin` the type of its first argument.
   */
  readonly returns:
    | ScalarType
    | ((argTypes: readonly ScalarType[], constArgs: readonly (KqlValue | undefined)[]) => ScalarType);
  /** Indexes of arguments that must be constants (a regex pattern, a format string …). */
  readonly constArgs?: readonly number[];
  /**
   * Builds the implementation for these argument types, once per query. Null handling is the
   * implementation's job (most functions return null, or '' for strings, when an input is null).
   */
  compile(
    argTypes: readonly ScalarType[],
    constArgs: readonly (KqlValue | undefined)[],
    ctx: CompileContext,
  ): ScalarImpl;
  /**
   * - `rowContext`: needs the serialized row stream (row_number, prev, next, row_cumsum …);
   *   the executor implements these itself and never calls `compile`.
   * - `nondeterministic`: rand(), new_guid() — never constant-folded.
   * - `cloudOnly`: exists only in a Microsoft cloud product (value names it); the binder reports
   *   KQL501 instead of "unknown function".
   * - `tabular`: returns a table (materialize, toscalar are handled by the binder).
   */
  /**
   * Functions with several results (series_fit_line, series_decompose …): the implementation
   * returns an array with one element per output. `extend f(x)` without names makes one column per
   * output, named `f_x_<output>`; `extend (a, b) = f(x)` names them in order.
   */
  readonly outputs?: readonly { readonly name: string; readonly type: ScalarType }[];
  readonly flags?: {
    readonly rowContext?: boolean;
    readonly nondeterministic?: boolean;
    readonly cloudOnly?: string;
    readonly usesNow?: boolean;
  };
}

/** One group's running state. `result()` returns an array when the aggregate has several outputs. */
export interface Accumulator {
  add(...values: KqlValue[]): void;
  result(): KqlValue | KqlValue[];
}

export interface AggregateFunction {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly doc: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly params: readonly ParamKind[];
  /** Indexes of arguments that are constants (percentile's p, make_set's max size, dcount accuracy). */
  readonly constArgs?: readonly number[];
  /** Result type (the first output's type for multi-output aggregates such as arg_max). */
  readonly returns:
    | ScalarType
    | ((argTypes: readonly ScalarType[], constArgs: readonly (KqlValue | undefined)[]) => ScalarType);
  /**
   * Default output column name when the query gives none, from the argument's column name (or
   * undefined when the argument is not a plain column): `count` → `count_`, `sum(x)` → `sum_x`,
   * `dcount(x)` → `dcount_x`, `make_set(x)` → `set_x`, `make_list(x)` → `list_x`, `percentile(x, 95)`
   * → `percentile_x_95`.
   */
  defaultName(argName: string | undefined, constArgs: readonly (KqlValue | undefined)[]): string;
  /** Creates a factory of per-group accumulators for these argument types. */
  create(argTypes: readonly ScalarType[], constArgs: readonly (KqlValue | undefined)[]): () => Accumulator;
}
