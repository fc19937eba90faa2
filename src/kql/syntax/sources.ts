/**
 * Source operators that start a pipeline: datatable, print, range, union, find, search and
 * externaldata. `union` and `search` also appear after a pipe. Each source parser returns
 * undefined when the word is not used as an operator here (`range(1, 5, 1)` is a function call).
 */
import type { ColumnDecl, Expr, FindOp, Identifier, OperatorParam, SearchOp, Statement, UnionOp } from './ast.js';
import { parseColumnDeclList, parseParams, parseParamValue, parseScalarTypeRef } from './clauses.js';
import type { Cursor } from './cursor.js';
import { parseCommaList, parseExpr, parseNamedExprList, parsePostfix } from './expressions.js';
import type { OperatorParser } from './pipeline.js';
import { parseStatementsUntilClose } from './statements.js';
import type { Token } from './tokens.js';

type SourceParser = (c: Cursor) => Expr | undefined;

function datatable(c: Cursor): Expr | undefined {
  const start = c.next().start;
  const params = parseParams(c, []);
  const columns: ColumnDecl[] = parseColumnDeclList(c);
  const values: Expr[] = [];
  if (c.expectPunct('[')) {
    // A trailing comma before `]` is accepted, as Kusto does.
    while (!c.isPunct(']') && !c.atEnd()) {
      values.push(parseExpr(c));
      if (!c.eatPunct(',')) break;
    }
    c.expectPunct(']');
  }
  return { kind: 'Datatable', params, columns, values, span: c.spanFrom(start) };
}

function print(c: Cursor): Expr | undefined {
  const start = c.next().start;
  return { kind: 'Print', items: parseNamedExprList(c), span: c.spanFrom(start) };
}

/** `range x from a to b step s`; `range(...)` is the scalar function instead. */
function range(c: Cursor): Expr | undefined {
  if (!c.isIdent(1) && !c.isQuotedName(1)) return undefined;
  const start = c.next().start;
  const name = c.identifier('the range column name');
  const from = c.expectWord('from') ? parseExpr(c) : c.missing("for 'from'");
  const to = c.expectWord('to') ? parseExpr(c) : c.missing("for 'to'");
  const step = c.expectWord('step') ? parseExpr(c) : c.missing("for 'step'");
  return { kind: 'Range', name, from, to, step, span: c.spanFrom(start) };
}

/** One union leg: `(subquery)`, a wildcard pattern `Device*`, or a table reference. */
function unionTable(c: Cursor): Expr {
  const start = c.tok.start;
  let k = 0;
  let wildcard = false;
  while (c.isIdent(k) || c.isPunct('*', k)) {
    if (c.isPunct('*', k)) wildcard = true;
    k++;
    if (!c.adjacent(k - 1)) break;
  }
  if (!wildcard) return parsePostfix(c);
  const parts: string[] = [];
  for (let i = 0; i < k; i++) parts.push(c.next().text);
  return { kind: 'NameRef', name: parts.join(''), quoted: false, span: c.spanFrom(start) };
}

const UNION_PARAMS = ['kind', 'withsource', 'isfuzzy'];

/** `[params] T1, T2, ...` after the `union` word. */
export function parseUnionRest(c: Cursor, start: number): UnionOp {
  const params = parseParams(c, UNION_PARAMS);
  const tables: Expr[] = [];
  parseCommaList(c, tables, unionTable);
  return { kind: 'Union', params, tables, span: c.spanFrom(start) };
}

function union(c: Cursor): Expr | undefined {
  return parseUnionRest(c, c.next().start);
}

/** `in (T1, T2)` table list of find/search. */
function parseInTables(c: Cursor): Expr[] {
  const tables: Expr[] = [];
  if (!c.eatWord('in')) return tables;
  if (c.expectPunct('(')) {
    parseCommaList(c, tables, unionTable);
    c.expectPunct(')');
  }
  return tables;
}

function find(c: Cursor): Expr | undefined {
  const start = c.next().start;
  const params = parseParams(c, ['withsource', 'kind']);
  const tables = parseInTables(c);
  c.eatWord('where');
  const predicate = parseExpr(c);
  let project: FindOp['project'];
  if (c.eatWord('project-smart')) project = 'smart';
  else if (c.eatWord('project')) {
    const cols: Expr[] = [];
    parseCommaList(c, cols, (cur) => {
      const e = parseExpr(cur);
      // `project Col:type` declares the column's type; the type is checked, the column kept.
      if (cur.eatPunct(':')) parseScalarTypeRef(cur);
      return e;
    });
    project = cols;
  }
  return { kind: 'Find', params, tables, predicate, project, span: c.spanFrom(start) };
}

/** `search [kind=...] [in (T1, T2)] predicate`; `Col:"text"` terms read as `Col has "text"`. */
function parseSearchRest(c: Cursor, start: number): SearchOp {
  const params = parseParams(c, ['kind']);
  const tables = parseInTables(c);
  const saved = c.searchTerms;
  c.searchTerms = true;
  const predicate = parseExpr(c);
  c.searchTerms = saved;
  return { kind: 'Search', params, tables, predicate, span: c.spanFrom(start) };
}

function search(c: Cursor): Expr | undefined {
  return parseSearchRest(c, c.next().start);
}

/** `externaldata (cols) [uris] [with (props)]` (`external_data` is the older spelling). */
function externaldata(c: Cursor): Expr | undefined {
  const start = c.next().start;
  const columns = parseColumnDeclList(c);
  const uris: Expr[] = [];
  if (c.expectPunct('[')) {
    if (!c.isPunct(']')) parseCommaList(c, uris, parseExpr);
    c.expectPunct(']');
  }
  const properties = c.eatWord('with') ? parsePropertyList(c) : [];
  return { kind: 'ExternalData', columns, uris, properties, span: c.spanFrom(start) };
}

/** `(name = value, ...)` property bags of externaldata, parse-kv and similar. */
export function parsePropertyList(c: Cursor): OperatorParam[] {
  const out: OperatorParam[] = [];
  if (!c.expectPunct('(')) return out;
  if (!c.isPunct(')')) {
    parseCommaList(c, out, (cur) => {
      const start = cur.tok.start;
      const name = cur.identifier('a property name').name.toLowerCase();
      cur.expectPunct('=');
      return { kind: 'OperatorParam', name, value: parseParamValue(cur), span: cur.spanFrom(start) };
    });
  }
  c.expectPunct(')');
  return out;
}

/** `entity_group [E1, E2, …]`; without `[` the word is an ordinary name. */
function entityGroup(c: Cursor): Expr | undefined {
  if (!c.isPunct('[', 1)) return undefined;
  const start = c.next().start;
  c.expectPunct('[');
  const entities: Expr[] = [];
  if (!c.isPunct(']')) parseCommaList(c, entities, parsePostfix);
  c.expectPunct(']');
  return { kind: 'EntityGroup', entities, span: c.spanFrom(start) };
}

/**
 * `macro-expand [kind=…] [isfuzzy=…] (entity_group […] | Name) as X ( [let …;] query )`, or
 * `macro-expand X in Name ( … )`.
 */
function macroExpand(c: Cursor): Expr | undefined {
  const start = c.next().start;
  const params = parseParams(c, ['kind', 'isfuzzy']);
  let group: Expr;
  let alias: Identifier;
  if (c.isIdent() && c.isWord('in', 1)) {
    alias = c.identifier('the entity name');
    c.next();
    const name = c.identifier('an entity group name');
    group = { kind: 'NameRef', name: name.name, quoted: name.quoted, span: name.span };
  } else {
    group = c.isWord('entity_group') && c.isPunct('[', 1) ? (entityGroup(c) as Expr) : parsePostfix(c);
    alias = c.expectWord('as') ? c.identifier('the entity name after as') : c.identifier('as and an entity name');
  }
  let body: Statement[] = [];
  if (c.expectPunct('(')) {
    body = parseStatementsUntilClose(c);
    c.expectPunct(')');
  }
  return { kind: 'MacroExpand', params, group, alias, body, span: c.spanFrom(start) };
}

export const SOURCE_OPERATORS: Readonly<Record<string, SourceParser>> = {
  'macro-expand': macroExpand,
  entity_group: entityGroup,
  datatable,
  print,
  range,
  union,
  find,
  search,
  externaldata,
  external_data: externaldata,
};

/** Source operators that may also follow a pipe (`T | search "x"`). */
export const PIPED_SOURCE_OPERATORS: Readonly<Record<string, OperatorParser>> = {
  search: (c: Cursor, name: Token) => parseSearchRest(c, name.start),
};
