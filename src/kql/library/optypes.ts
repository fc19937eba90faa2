/**
 * Operator typing: which operand types an operator accepts and what it returns, following the KQL
 * reference (numeric promotion int < long < decimal < real; datetime/timespan arithmetic; string
 * operators over any scalar converted to text). `undefined` means a type error (KQL404).
 *
 * Deliberately lenient where real rules rely on Kusto converting for them: dynamic operands are
 * accepted everywhere (their runtime value is converted), and datetime/timespan compare with
 * string constants by parsing them.
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

/** Result type of `left op right`; for `between` the right type is the low or high bound's. */
export function binaryResultType(op: OperatorName, left: ScalarType, right: ScalarType): ScalarType | undefined {
  if (ARITH.has(op)) return arithmeticType(op, left, right);
  if (EQUALITY.has(op)) return comparable(left, right, false) ? 'bool' : undefined;
  if (ORDER.has(op)) return comparable(left, right, true) ? 'bool' : undefined;
  if (CI_EQUALITY.has(op)) return textual(left) && textual(right) ? 'bool' : undefined;
  if (op === 'and' || op === 'or') return boolish(left) && boolish(right) ? 'bool' : undefined;
  if (LIST.has(op)) return right === 'dynamic' ? 'bool' : undefined;
  if (op === 'between' || op === '!between') return betweenOk(left, right) ? 'bool' : undefined;
  // every remaining operator is a string operator: any scalar on the left is matched as text
  return right === 'bool' ? undefined : 'bool';
}

/** Result type of unary minus/plus. */
export function unaryResultType(op: '-' | '+', operand: ScalarType): ScalarType | undefined {
  void op;
  if (isNumericType(operand) || operand === 'timespan' || operand === 'dynamic') return operand;
  return undefined;
}

export function arithmeticType(op: string, l: ScalarType, r: ScalarType): ScalarType | undefined {
  if (isNumericType(l) && isNumericType(r)) return promoteNumeric(l, r);
  if (l === 'dynamic' || r === 'dynamic') {
    const other = l === 'dynamic' ? r : l;
    return other === 'dynamic' || isNumericType(other) ? 'dynamic' : undefined;
  }
  switch (op) {
    case '+':
      if (l === 'datetime' && r === 'timespan') return 'datetime';
      if (l === 'timespan' && r === 'datetime') return 'datetime';
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      return undefined;
    case '-':
      if (l === 'datetime' && r === 'datetime') return 'timespan';
      if (l === 'datetime' && r === 'timespan') return 'datetime';
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      return undefined;
    case '*':
      if (l === 'timespan' && isNumericType(r)) return 'timespan';
      if (isNumericType(l) && r === 'timespan') return 'timespan';
      return undefined;
    case '/':
      if (l === 'timespan' && isNumericType(r)) return 'timespan';
      if (l === 'timespan' && r === 'timespan') return 'real';
      return undefined;
    case '%':
      if (l === 'timespan' && r === 'timespan') return 'timespan';
      if (l === 'timespan' && isNumericType(r)) return 'timespan';
      return undefined;
    default:
      return undefined;
  }
}

/** Can values of these types be compared (`ordered`: with < <= > >=)? */
export function comparable(l: ScalarType, r: ScalarType, ordered: boolean): boolean {
  if (l === 'dynamic' || r === 'dynamic') return true;
  if (isNumericType(l) && isNumericType(r)) return true;
  if (l === r) return !(ordered && l === 'guid');
  const pair = (a: ScalarType, b: ScalarType) => (l === a && r === b) || (l === b && r === a);
  // string constants compared with datetimes/timespans/guids are parsed (lenient, see header)
  if (pair('datetime', 'string') || pair('timespan', 'string')) return true;
  if (pair('guid', 'string')) return !ordered;
  return false;
}

function textual(t: ScalarType): boolean {
  return t === 'string' || t === 'dynamic' || t === 'guid';
}

function boolish(t: ScalarType): boolean {
  return t === 'bool' || t === 'dynamic';
}

function betweenOk(l: ScalarType, bound: ScalarType): boolean {
  if (l === 'dynamic' || bound === 'dynamic') return true;
  if (isNumericType(l)) return isNumericType(bound);
  // `dt between (start .. 1d)`: a timespan upper bound means start + span
  if (l === 'datetime') return bound === 'datetime' || bound === 'timespan' || bound === 'string';
  if (l === 'timespan') return bound === 'timespan';
  return false;
}
