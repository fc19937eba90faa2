/**
 * The function library: one table of scalar functions and operators, one of aggregates.
 *
 * How the binder uses it
 *   - `getScalarFunction(name)` / `getAggregate(name)`: lookup by canonical name or alias
 *     (case-sensitive; KQL function names are lower case). Aliases resolve to the canonical entry:
 *     put `entry.name` into the plan (`PCall.fn`, `PAggregate.fn`), and report legacy aliases with
 *     DIAG.deprecatedName if wanted (`isLegacyAlias`).
 *   - Check arity with `minArgs`/`maxArgs`, argument kinds with `params` (see ParamKind),
 *     constant-ness with `constArgs`, and then `validateCall(entry, argTypes, constArgs)` for
 *     problems with constant values (invalid regex, unknown datetime part) → KQL403/KQL407.
 *   - Result type: `resultType(entry, argTypes, constArgs)` (applies the `returns` rule).
 *   - Operators: `binaryResultType(op, left, right)` (undefined = type error, KQL404) and
 *     `unaryResultType`. Operators are entries too, named by their token: `==`, `!=`, `<`, `<=`,
 *     `>`, `>=`, `=~`, `!~`, `+`, `-`, `*`, `/`, `%`, `-unary`, every string operator (`has`,
 *     `!has`, `has_cs`, … `matches regex`, `like`), `in`, `!in`, `in~`, `!in~`, `has_any`,
 *     `has_all` (the right-hand side is ONE dynamic array argument holding the list values),
 *     `between`, `!between` (3 args; a timespan upper bound for datetimes means low + span),
 *     `[]` (dynamic index: target, index) and `.` (dynamic member: target, constant name).
 *   - `flags.cloudOnly` names the product for KQL501; `CLOUD_ONLY_FUNCTIONS` lists them.
 *
 * How the executor uses it
 *   - Scalars: `entry.compile(argTypes, constArgs, { now })` once per query → an implementation
 *     `(...args) => value` called per row with positional runtime values (types.ts). Pass the
 *     argument types the binder resolved; `constArgs[i]` is the value of a constant argument and
 *     undefined otherwise (constant needles and regexes are then prepared once). `compile` throws
 *     `LibraryError` for unusable constants (report KQL604 with its message). Entries flagged
 *     `rowContext` (row_number, prev, next, row_cumsum, pack_all …) are evaluated by the executor
 *     itself; `nondeterministic` ones (rand, new_guid) must not be constant-folded.
 *   - Aggregates: `agg.create(argTypes, constArgs)` once per query → a factory of per-group
 *     accumulators; call `add(...values)` per row (all argument values, including predicates of
 *     *if variants), then `result()`. Multi-output aggregates (arg_max, arg_min, percentiles)
 *     return an array of outputs; see aggregates.ts.
 */
import type { KqlValue, ScalarType } from '../types.js';
import { aggregateFunctions } from './aggregates.js';
import { hllScalars } from './aggregates-collect.js';
import { conditionalFunctions } from './conditional.js';
import { conversionFunctions } from './conversion.js';
import { datetimeFunctions } from './datetime.js';
import type { LibScalarFunction } from './define.js';
import { arrayFunctions } from './dynamic-array.js';
import { bagFunctions } from './dynamic-bag.js';
import { encodingFunctions } from './encoding.js';
import { geoCellFunctions } from './geo/cell-functions.js';
import { geoOpFunctions } from './geo/op-functions.js';
import { geoShapeFunctions } from './geo/shape-functions.js';
import { hashFunctions } from './hash.js';
import { ipFunctions } from './ip.js';
import { mathFunctions } from './math.js';
import { metadataFunctions } from './metadata.js';
import { miscFunctions, windowFunctions } from './misc.js';
import { arithmeticOperators } from './ops-arith.js';
import { compareOperators } from './ops-compare.js';
import { listOperators } from './ops-list.js';
import { stringOperators } from './ops-string.js';
import { seriesElementFunctions } from './series.js';
import { seriesAnalysisFunctions } from './series-analysis.js';
import { seriesStatsFunctions } from './series-stats.js';
import { statsFunctions } from './stats.js';
import { stringFunctions } from './string.js';
import { regexFunctions } from './string-regex.js';
import { tdigestScalars } from './tdigest.js';
import { textMoreFunctions } from './text-more.js';
import type { AggregateFunction, ScalarFunction } from './types.js';
import { unitFunctions } from './units.js';
import { urlFunctions } from './url.js';
import { userAgentFunctions } from './user-agent.js';

export { aggregateOutputNames } from './aggregates.js';
export { LibraryError } from './define.js';
export { CLOUD_ONLY_FUNCTIONS } from './misc.js';
export { binaryResultType, comparable, type ListOp, type OperatorName, unaryResultType } from './optypes.js';
export { REFUSED_LOCALLY, type Refusal, refusal } from './refused.js';
export type { Accumulator, AggregateFunction, CompileContext, ScalarFunction, ScalarImpl } from './types.js';

const SCALARS: readonly LibScalarFunction[] = [
  ...compareOperators,
  ...arithmeticOperators,
  ...stringOperators,
  ...listOperators,
  ...stringFunctions,
  ...regexFunctions,
  ...conversionFunctions,
  ...conditionalFunctions,
  ...datetimeFunctions,
  ...mathFunctions,
  ...arrayFunctions,
  ...bagFunctions,
  ...hashFunctions,
  ...urlFunctions,
  ...ipFunctions,
  ...miscFunctions,
  ...windowFunctions,
  ...hllScalars,
  ...geoCellFunctions,
  ...geoShapeFunctions,
  ...geoOpFunctions,
  ...seriesElementFunctions,
  ...seriesStatsFunctions,
  ...seriesAnalysisFunctions,
  ...unitFunctions,
  ...encodingFunctions,
  ...tdigestScalars,
  ...statsFunctions,
  ...textMoreFunctions,
  ...metadataFunctions,
  ...userAgentFunctions,
];

/** Legacy spellings that Kusto still accepts but documents as deprecated. */
const LEGACY: ReadonlySet<string> = new Set([
  'iif',
  'parsejson',
  'extractjson',
  'makeset',
  'makelist',
  'argmax',
  'argmin',
  'any',
  'anyif',
  'base64_encodestring',
  'base64_decodestring',
  'extractall',
  'toboolean',
  'totime',
  'datepart',
  'getmonth',
  'pack',
]);

function indexByName<T extends { readonly name: string; readonly aliases?: readonly string[] }>(
  entries: readonly T[],
): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const e of entries) {
    for (const n of [e.name, ...(e.aliases ?? [])]) {
      if (map.has(n)) throw new Error(`library: duplicate function name '${n}'`);
      map.set(n, e);
    }
  }
  return map;
}

const scalarIndex = indexByName(SCALARS);
const aggregateIndex = indexByName(aggregateFunctions);

/** A scalar function or operator by canonical name or alias (case-sensitive). */
export function getScalarFunction(name: string): ScalarFunction | undefined {
  return scalarIndex.get(name);
}

/** An aggregate function by canonical name or alias (case-sensitive). */
export function getAggregate(name: string): AggregateFunction | undefined {
  return aggregateIndex.get(name);
}

export function allScalarFunctions(): readonly ScalarFunction[] {
  return SCALARS;
}

export function allAggregates(): readonly AggregateFunction[] {
  return aggregateFunctions;
}

/** Every callable name (canonical and aliases), e.g. for "did you mean" suggestions. */
export function allFunctionNames(): readonly string[] {
  return [...scalarIndex.keys(), ...aggregateIndex.keys()].filter((n) => /^[A-Za-z_]/.test(n));
}

/** True for legacy spellings (`makeset`, `parsejson`, `iif` …); the canonical name is `entry.name`. */
export function isLegacyAlias(name: string): boolean {
  return LEGACY.has(name);
}

/** The result type of a call (applies the entry's `returns` rule). */
export function resultType(
  entry: ScalarFunction | AggregateFunction,
  argTypes: readonly ScalarType[],
  constArgs: readonly (KqlValue | undefined)[],
): ScalarType {
  return typeof entry.returns === 'function' ? entry.returns(argTypes, constArgs) : entry.returns;
}

/**
 * Checks constant argument values that `compile` would reject (a regex that does not compile,
 * an unknown datetime part or time zone). Returns a message for a diagnostic, or undefined.
 */
export function validateCall(
  entry: ScalarFunction | AggregateFunction,
  argTypes: readonly ScalarType[],
  constArgs: readonly (KqlValue | undefined)[],
): string | undefined {
  const v = (entry as LibScalarFunction).validate;
  return v ? v(argTypes, constArgs) : undefined;
}
