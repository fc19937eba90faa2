/** Shared helpers for the syntax tests: parse and pick nodes out of the tree. */
import { expect } from 'vitest';
import type { RawDiagnostic } from '../../../src/kql/diagnostics.js';
import type { Expr, PipeExpr, Query, Statement, TabularOperator } from '../../../src/kql/syntax/ast.js';
import { parseQuery } from '../../../src/kql/syntax/parser.js';

export function errorsOf(diags: readonly RawDiagnostic[]): RawDiagnostic[] {
  return diags.filter((d) => d.severity === 'error');
}

/** Parses and asserts there are no error diagnostics. */
export function parseOk(text: string): Query {
  const { query, diagnostics } = parseQuery(text);
  expect(errorsOf(diagnostics), text).toEqual([]);
  return query;
}

export function lastStatement(q: Query): Statement {
  const st = q.statements[q.statements.length - 1];
  if (!st) throw new Error('no statements');
  return st;
}

/** The expression of the final statement of an error-free query. */
export function exprOf(text: string): Expr {
  const st = lastStatement(parseOk(text));
  if (st.kind !== 'ExprStatement') throw new Error(`last statement is ${st.kind}`);
  return st.expr;
}

/** `print x = <expr>` → the expression. */
export function scalar(text: string): Expr {
  const e = exprOf(`print ${text}`);
  if (e.kind !== 'Print') throw new Error(`expected Print, got ${e.kind}`);
  return (e.items[0] as { expr: Expr }).expr;
}

/** The last operator of `T | ...`. */
export function lastOp(text: string): TabularOperator {
  const e = exprOf(text);
  if (e.kind !== 'Pipe') throw new Error(`expected Pipe, got ${e.kind}`);
  return (e as PipeExpr).operator;
}

/** Operators of a pipeline in order. */
export function operatorsOf(e: Expr): TabularOperator[] {
  const ops: TabularOperator[] = [];
  let cur = e;
  while (cur.kind === 'Pipe') {
    ops.push(cur.operator);
    cur = cur.source;
  }
  return ops.reverse();
}

/** Compact S-expression of a scalar expression, for precedence tests. */
export function sexpr(e: Expr): string {
  switch (e.kind) {
    case 'Binary':
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'Unary':
      return `(${e.op} ${sexpr(e.operand)})`;
    case 'NameRef':
      return e.name;
    case 'Literal':
      return e.text;
    case 'Paren':
      return `[${sexpr(e.expr)}]`;
    case 'Call':
      return `${e.target ? `${sexpr(e.target)}.` : ''}${e.name.name}(${e.args.map(sexpr).join(' ')})`;
    case 'MemberAccess':
      return `${sexpr(e.target)}.${e.name.name}`;
    case 'IndexAccess':
      return `${sexpr(e.target)}[${sexpr(e.index)}]`;
    case 'ListTest':
      return `(${e.op} ${sexpr(e.left)} ${e.items.map(sexpr).join(' ')})`;
    case 'Between':
      return `(${e.negated ? '!between' : 'between'} ${sexpr(e.left)} ${sexpr(e.low)} ${sexpr(e.high)})`;
    case 'Star':
      return '*';
    case 'Missing':
      return '?';
    default:
      return `<${e.kind}>`;
  }
}
