/**
 * Diagnostics of the exclusion language (lexer, parser, field mapping, values). Same shape as the
 * engine's diagnostics (code, severity, message, 1-based line/column, length, offset), so the UI and
 * CLI show them the same way. Every text is built here; codes are stable.
 *
 * Code ranges: EXC1xx lexical, EXC2xx syntax, EXC3xx fields and mapping, EXC4xx values,
 * EXC5xx storage (YAML import).
 */
import { type Diagnostic, LineMap } from '../../kql/engine.js';

export type { Diagnostic } from '../../kql/engine.js';

type Fact = Pick<Diagnostic, 'code' | 'severity' | 'message'>;

const err = (code: string, message: string): Fact => ({ code, severity: 'error', message });
const warn = (code: string, message: string): Fact => ({ code, severity: 'warning', message });
const q = (s: string) => `'${s}'`;

export const EXC_DIAG = {
  unterminatedString: () => err('EXC101', 'Unterminated string: add the closing quote.'),
  invalidCharacter: (ch: string) => err('EXC102', `Unexpected character ${q(ch)}.`),
  singleEquals: () => err('EXC103', "Use '==' to compare (a single '=' is not an operator)."),
  expected: (what: string, found: string) => err('EXC201', `Expected ${what} but found ${found}.`),
  trailing: (found: string) => err('EXC202', `Unexpected ${found} after the end of the expression.`),
  emptyExpression: () => err('EXC203', 'The exclusion is empty.'),
  tooDeep: (limit: number) => err('EXC204', `The expression nests deeper than ${limit} levels.`),
  tooManyTerms: (limit: number) =>
    err('EXC204', `The expression joins more than ${limit} conditions with and/or; use 'in (…)' lists or split it.`),
  emptyList: () => err('EXC205', "The 'in' list is empty; it can never match."),
  unknownField: (field: string, table: string, suggestion?: string) =>
    err(
      'EXC301',
      `Field ${q(field)} does not map to a column of ${table}${suggestion ? `; did you mean ${q(suggestion)}?` : '.'}`,
    ),
  noTable: () => err('EXC302', 'The rule reads no known table, so exclusion fields cannot be mapped.'),
  valueType: (field: string, column: string, type: string, value: string) =>
    err('EXC401', `Field ${q(field)} (${column}) holds ${type} values; ${value} cannot be compared with it.`),
  operatorType: (op: string, field: string, type: string) =>
    err('EXC402', `Operator ${q(op)} needs a string field, but ${q(field)} holds ${type} values.`),
  badRegex: (reason: string) => err('EXC403', `Invalid regular expression (RE2 syntax): ${reason}`),
  yamlSyntax: (reason: string) => err('EXC501', `YAML syntax error: ${reason}`),
  badDocument: (reason: string) => err('EXC502', `Not an exclusion document: ${reason}`),
  badEntry: (index: number, reason: string) => err('EXC503', `Exclusion ${index + 1}: ${reason}`),
  duplicateId: (id: string) =>
    warn('EXC504', `Exclusion id ${q(id)} is used more than once; the later entry is skipped.`),
} satisfies Record<string, (...args: never[]) => Fact>;

/** Positions a fact at [offset, offset + length) of `text`. */
export function excAt(fact: Fact, text: string, offset: number, length: number): Diagnostic {
  const { line, column } = new LineMap(text).position(offset);
  return { ...fact, line, column, length, offset };
}
