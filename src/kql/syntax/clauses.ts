/**
 * Clause pieces several operators share: `name=value` parameters, sort items, column-name
 * patterns with wildcards, column declarations and type references.
 */
import { DIAG } from '../diagnostics.js';
import { parseTypeName } from '../types.js';
import type {
  ColumnDecl,
  Expr,
  NamePattern,
  OperatorParam,
  Param,
  ScalarTypeRef,
  SortItem,
  TabularTypeRef,
  TypeRef,
} from './ast.js';
import type { Cursor } from './cursor.js';
import { parseExpr } from './expressions.js';
import { numberLiteral, stringLiteral, timespanLiteral, typedLiteral } from './literals.js';
import { describeToken } from './tokens.js';

/**
 * Length in tokens of a dotted parameter name (`kind`, `hint.strategy`) followed by `=` at the
 * cursor, or 0 when there is none.
 */
function paramNameLength(c: Cursor): number {
  if (!c.isIdent()) return 0;
  let k = 1;
  while (c.isPunct('.', k) && c.isIdent(k + 1)) k += 2;
  return c.isPunct('=', k) ? k : 0;
}

/**
 * `name=value` parameters at the cursor. Only names in `allowed` (and any `hint.*`) are taken, so
 * `summarize Total = count()` is not mistaken for a parameter.
 */
export function parseParams(c: Cursor, allowed: readonly string[]): OperatorParam[] {
  const out: OperatorParam[] = [];
  for (;;) {
    const len = paramNameLength(c);
    if (len === 0) return out;
    const parts: string[] = [];
    for (let i = 0; i < len; i += 2) parts.push(c.peek(i).text);
    const name = parts.join('.').toLowerCase();
    if (!allowed.includes(name) && !name.startsWith('hint.')) return out;
    const start = c.tok.start;
    for (let i = 0; i < len; i++) c.next();
    c.next(); // '='
    const value = parseParamValue(c);
    out.push({ kind: 'OperatorParam', name, value, span: c.spanFrom(start) });
  }
}

/** A parameter value: a bare word (NameRef), or a literal; never a call, so `kind=inner (T)` works. */
export function parseParamValue(c: Cursor): Expr {
  const t = c.tok;
  switch (t.kind) {
    case 'ident':
      c.next();
      if (t.text === 'true' || t.text === 'false') {
        return {
          kind: 'Literal',
          type: 'bool',
          value: t.text === 'true',
          text: t.text,
          span: { start: t.start, end: t.end },
        };
      }
      return { kind: 'NameRef', name: t.text, quoted: false, span: { start: t.start, end: t.end } };
    case 'string':
      return stringLiteral(c);
    case 'number':
      return numberLiteral(c, c.next());
    case 'timespan':
      return timespanLiteral(c, c.next());
    case 'typed':
      return typedLiteral(c, c.next());
    case 'punct':
      if (c.isQuotedName()) {
        const id = c.identifier('a name');
        return { kind: 'NameRef', name: id.name, quoted: true, span: id.span };
      }
      if (t.text === '-' || t.text === '+') return parseExpr(c);
      return c.missing('as the parameter value');
    case 'bad':
    case 'eof':
      return c.missing('as the parameter value');
    default: {
      const never: never = t.kind;
      return never;
    }
  }
}

/** `expr [asc|desc] [nulls first|last]` */
export function parseSortItem(c: Cursor): SortItem {
  const start = c.tok.start;
  const expr = parseExpr(c);
  let direction: SortItem['direction'];
  if (c.isWord('asc') || c.isWord('desc')) direction = c.next().text as 'asc' | 'desc';
  let nulls: SortItem['nulls'];
  if (c.isWord('nulls') && (c.isWord('first', 1) || c.isWord('last', 1))) {
    c.next();
    nulls = c.next().text as 'first' | 'last';
  }
  return { kind: 'SortItem', expr, direction, nulls, span: c.spanFrom(start) };
}

const PATTERN_DIRECTIONS = new Set(['asc', 'desc', 'granny-asc', 'granny-desc']);

/** A column name or wildcard pattern (`Col`, `Col*`, `*Id`, `['a b']`) with an optional direction. */
export function parseNamePattern(c: Cursor, withDirection: boolean): NamePattern {
  const start = c.tok.start;
  const parts: string[] = [];
  if (c.isQuotedName()) parts.push(c.identifier('a column name').name);
  else {
    while (c.isIdent() || c.isPunct('*')) {
      parts.push(c.next().text);
      // Pieces of one pattern touch: `Col*` is a pattern, `Col *` would be two items.
      if (c.lastEnd !== c.tok.start) break;
      if (!c.isIdent() && !c.isPunct('*')) break;
    }
  }
  if (parts.length === 0) c.report(DIAG.expected('a column name', describeToken(c.tok)), c.tok);
  let direction: NamePattern['direction'];
  if (withDirection && c.isIdent() && PATTERN_DIRECTIONS.has(c.tok.text)) {
    direction = c.next().text as NamePattern['direction'];
  }
  return { kind: 'NamePattern', pattern: parts.join(''), direction, span: c.spanFrom(start) };
}

/** A scalar type name (`string`, `long`, `datetime`, `dynamic`, aliases such as `double`). */
export function parseScalarTypeRef(c: Cursor): ScalarTypeRef {
  const t = c.tok;
  if (t.kind !== 'ident') {
    c.report(DIAG.expected('a type name', describeToken(t)), t);
    return { kind: 'ScalarTypeRef', type: undefined, text: '', span: { start: t.start, end: t.start } };
  }
  c.next();
  const type = parseTypeName(t.text);
  if (!type) c.report(DIAG.expected('a type name (string, long, real, datetime, …)', `'${t.text}'`), t);
  return { kind: 'ScalarTypeRef', type, text: t.text, span: { start: t.start, end: t.end } };
}

/** `name:type` */
export function parseColumnDecl(c: Cursor): ColumnDecl {
  const start = c.tok.start;
  const name = c.identifier('a column name');
  c.expectPunct(':');
  const type = parseScalarTypeRef(c);
  return { kind: 'ColumnDecl', name, type, span: c.spanFrom(start) };
}

/** `(name:type, ...)` with the cursor at `(`; returns the declarations. A trailing comma is allowed. */
export function parseColumnDeclList(c: Cursor): ColumnDecl[] {
  const out: ColumnDecl[] = [];
  if (!c.expectPunct('(')) return out;
  if (!c.isPunct(')')) {
    do out.push(parseColumnDecl(c));
    while (c.eatPunct(',') && !c.isPunct(')'));
  }
  c.expectPunct(')');
  return out;
}

/** A parameter type: scalar `string`, or tabular `(x:long, y:string)`, `(*)`, `(x:long, *)`. */
export function parseTypeRef(c: Cursor): TypeRef {
  return c.isPunct('(') ? parseTabularTypeRef(c) : parseScalarTypeRef(c);
}

function parseTabularTypeRef(c: Cursor): TabularTypeRef {
  const start = c.next().start;
  const columns: ColumnDecl[] = [];
  let open = false;
  if (!c.isPunct(')')) {
    do {
      if (c.eatPunct('*')) open = true;
      else columns.push(parseColumnDecl(c));
    } while (c.eatPunct(','));
  }
  c.expectPunct(')');
  return { kind: 'TabularTypeRef', columns, open, span: c.spanFrom(start) };
}

/** `name:type [= default]`: a function, view, scan or query parameter. */
export function parseParamDecl(c: Cursor): Param {
  const start = c.tok.start;
  const name = c.identifier('a parameter name');
  c.expectPunct(':');
  const type = parseTypeRef(c);
  const defaultValue = c.eatPunct('=') ? parseExpr(c) : undefined;
  return { kind: 'Param', name, type, defaultValue, span: c.spanFrom(start) };
}

/** `(p1:type, p2:type = default, ...)` with the cursor at `(`. */
export function parseParamDeclList(c: Cursor): Param[] {
  const out: Param[] = [];
  if (!c.expectPunct('(')) return out;
  if (!c.isPunct(')')) {
    do out.push(parseParamDecl(c));
    while (c.eatPunct(','));
  }
  c.expectPunct(')');
  return out;
}
