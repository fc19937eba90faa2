/**
 * Operator typing: which operand types an operator accepts and what it returns, following the KQL
 * reference (numeric promotion int < long < decimal < real; datetime/timespan arithmetic) and, for
 * what the reference leaves open, Microsoft's analyzer (Kusto.Language), which the differential
 * test compares us with. `undefined` means a type error (KQL404).
 */
import type { BinaryOp } from '../syntax/ast.js';
import { isNumericType, promoteNumeric, type ScalarType } from '../types.js';

export type ListOp = 'in' | '!in' | 'in~' | '!in~' | 'has_any' | 'has_all' | '!has_any' | '!has_all';
export type OperatorName = BinaryOp | ListOp | 'between' | '!between';

const ARITH = new Set<string>(['+', '-', '*', '/', '%']);
const EQUALITY = new Set<string>(['==', '!=']);
const ORDER = new Set<string>(['<', '<=', '>', '>=']);
const CI_EQUALITY = new Set<string>(['=~', '!~']);
const LIST = new Set<string>(['in', '!in', 'in~', '!in~', 'has_any', 'has_all', '!has_any', '!has_all']);

/**
 * Result type of `left op right`; for `between` the right type is the low or high bound's.
 * Which operand types each operator accepts follows Microsoft's analyzer (Kusto.Language 12.4,
 * checked pair by pair by test/differential/analyzer-differential.test.ts):
 *   - `==` / `!=` accept any two scalar types (Kusto compares e.g. `ResultType == 0` as text;
 *     how each pair is compared is in ops-compare.ts);
 *   - `< <= > >=` order numbers and bools, datetimes with datetimes, timespans with timespans,
 *     and dynamic with numbers; strings and guids are not ordered;
 *   - `=~ !~`, `contains`, `startswith`, `endswith`, `like`, `matches regex` take string or
 *     dynamic on both sides; the `has` family takes string or dynamic on the left and a string on
 *     the right;
 *   - `in`/`!in` take any left operand; `in~`, `has_any`, `has_all` a string or dynamic one.
 */
export function binaryResultType(op: OperatorName, left: ScalarType, right: ScalarType): ScalarType | undefined {
  if (ARITH.has(op)) return arithmeticType(op, left, right);
  if (EQUALITY.has(op)) return 'bool';
  if (ORDER.has(op)) return comparable(left, right, true) ? 'bool' : undefined;
  if (CI_EQUALITY.has(op)) return textual(left) && textual(right) ? 'bool' : undefined;
  if (op === 'and' || op === 'or') return boolish(left) && boolish(right) ? 'bool' : undefined;
  if (LIST.has(op)) {
    if (right !== 'dynamic') return undefined;
    return op === 'in' || op === '!in' || textual(left) ? 'bool' : undefined;
  }
  if (op === 'between' || op === '!between') return betweenOk(left, right) ? 'bool' : undefined;
  if (TERM_OPS.has(op)) return textual(left) && right === 'string' ? 'bool' : undefined;
  // contains, startswith, endswith, like, matches regex
  return textual(left) && textual(right) ? 'bool' : undefined;
}

/** The `has` family: the right operand must be a string (a term), not dynamic. */
const TERM_OPS = new Set<string>(
  ['has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs'].flatMap((o) => [o, `!${o}`]),
);

/** Result type of unary minus/plus. */
export function unaryResultType(op: '-' | '+', operand: ScalarType): ScalarType | undefined {
  void op;
  if (isNumericType(operand) || operand === 'timespan' || operand === 'dynamic') return operand;
  return undefined;
}

export function arithmeticType(op: string, l: ScalarType, r: ScalarType): ScalarType | undefined {
  if (isNumericType(l) && isNumericType(r)) return promoteNumeric(l, r);
  const ticks = (t: ScalarType) => t === 'datetime' || t === 'timespan';
  if (l === 'dynamic' || r === 'dynamic') {
    const other = l === 'dynamic' ? r : l;
    if (other === 'dynamic' || isNumericType(other)) return 'dynamic';
    // Kusto: `x + dynamic` keeps x's type (datetime or timespan); any `-` with a dynamic is a timespan
    if ((op === '+' || op === '-') && ticks(other)) return op === '+' ? other : 'timespan';
    return undefined;
  }
  switch (op) {
    case '+':
      if (l === 'datetime' || r === 'datetime') return ticks(l) && ticks(r) ? 'datetime' : undefined;
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      return undefined;
    case '-':
      if (l === 'datetime' && r === 'datetime') return 'timespan';
      if (ticks(l) && ticks(r)) return l === 'timespan' && r === 'timespan' ? 'timespan' : 'datetime';
      return undefined;
    case '*':
      if (l === 'timespan' && (isNumericType(r) || r === 'timespan')) return 'timespan';
      if (isNumericType(l) && r === 'timespan') return 'timespan';
      if ((l === 'datetime' && isNumericType(r)) || (isNumericType(l) && r === 'datetime')) return 'datetime';
      return undefined;
    case '/':
      if (ticks(l) && ticks(r)) return l === 'timespan' && r === 'datetime' ? undefined : 'real';
      if (ticks(l) && isNumericType(r)) return l;
      return undefined;
    case '%':
      if (ticks(l) && r === 'timespan') return 'timespan';
      if (l === 'datetime' && r === 'datetime') return 'timespan';
      if (ticks(l) && isNumericType(r)) return l;
      return undefined;
    default:
      return undefined;
  }
}

/** Can values of these types be compared (`ordered`: with < <= > >=)? Equality takes any pair. */
export function comparable(l: ScalarType, r: ScalarType, ordered: boolean): boolean {
  if (!ordered) return true;
  const numberish = (t: ScalarType) => isNumericType(t) || t === 'bool';
  if (l === 'bool') return numberish(r);
  if (isNumericType(l)) return numberish(r) || r === 'dynamic';
  if (l === 'dynamic') return isNumericType(r) || r === 'dynamic';
  if (l === 'datetime' || l === 'timespan') return r === l;
  return false;
}

function textual(t: ScalarType): boolean {
  return t === 'string' || t === 'dynamic';
}

function boolish(t: ScalarType): boolean {
  return t === 'bool' || t === 'dynamic';
}

function betweenOk(l: ScalarType, bound: ScalarType): boolean {
  if (isNumericType(l)) return isNumericType(bound) || bound === 'dynamic';
  if (l === 'dynamic') return isNumericType(bound);
  // `dt between (start .. 1d)`: a timespan upper bound means start + span
  if (l === 'datetime') return bound === 'datetime' || bound === 'timespan';
  if (l === 'timespan') return bound === 'timespan';
  return false;
}
