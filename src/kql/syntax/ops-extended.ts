/**
 * Operators recognised by name but not modelled in detail (graph-merge, assert-schema,
 * project-smart, macro-expand …): their text up to the next top-level `|` becomes one
 * ExtendedOp, with no syntax error, so the binder can say "not supported locally".
 */
import type { TabularOperator } from './ast.js';
import type { Cursor } from './cursor.js';
import type { Token } from './tokens.js';

export const EXTENDED_OPERATORS: readonly string[] = [
  'assert-schema',
  'project-smart',
  'graph-merge',
  'macro-expand',
  'execute-show-command',
];

export function parseExtended(c: Cursor, name: Token): TabularOperator {
  c.skipToBoundary();
  return { kind: 'Extended', name: name.text, span: c.spanFrom(name.start) };
}
