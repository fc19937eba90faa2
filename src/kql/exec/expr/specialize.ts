/**
 * Hot-path specialisations of compiled expressions:
 * - comparisons of a number/ticks column with a constant read the typed array directly;
 * - an expression whose only input is one dictionary-encoded string column is evaluated once per
 *   distinct dictionary entry (lazily) and then looked up by code: `FileName has "x"` costs one
 *   `has` per distinct file name, not one per row.
 */
import { getScalarFunction } from '../../library/index.js';
import type { PCall, PColumn, PExpr } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { type Column, DictStringColumn, NumberColumn, StringColumn, type Table, TicksColumn } from '../table.js';
import { type Evaluator, resolveColumnIndex } from './columns.js';
import { isRowContextFn } from './rowContext.js';

type Cmp = '==' | '!=' | '<' | '<=' | '>' | '>=';
const FLIP: Readonly<Record<Cmp, Cmp>> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function isCmp(fn: string): fn is Cmp {
  return fn in FLIP;
}

/**
 * `col <op> const` (or `const <op> col`), and `col between (lo .. hi)`, on a NumberColumn or
 * TicksColumn with operands that are constant for the query; undefined otherwise.
 */
export function specializeComparison(
  call: PCall,
  table: Table,
  constOf: (e: PExpr) => KqlValue | undefined,
): Evaluator | undefined {
  if ((call.fn === 'between' || call.fn === '!between') && call.args.length === 3)
    return specializeBetween(call, table, constOf);
  if (!isCmp(call.fn) || call.args.length !== 2) return undefined;
  const [a, b] = call.args as [PExpr, PExpr];
  // Either side may be the column; the other must be constant for this query.
  const leftConst = b.kind === 'Column' ? constOf(a) : undefined;
  const rightConst = a.kind === 'Column' ? constOf(b) : undefined;
  let colRef: PColumn;
  let value: KqlValue;
  let op: Cmp = call.fn;
  if (a.kind === 'Column' && rightConst !== undefined) {
    colRef = a;
    value = rightConst;
  } else if (b.kind === 'Column' && leftConst !== undefined) {
    colRef = b;
    value = leftConst;
    op = FLIP[op];
  } else return undefined;
  const idx = resolveColumnIndex(table, colRef);
  const col = idx < 0 ? undefined : table.columns[idx];
  if (value === null) return col === undefined ? undefined : nullCmp(col, op);
  // A long column with values beyond 2^53 (col.exact) compares exactly in the generic path.
  if (col instanceof NumberColumn && col.exact === undefined && typeof value === 'number')
    return typedCmp(col.values, col.nulls, op, value);
  if (col instanceof TicksColumn && typeof value === 'bigint') return typedCmp(col.values, col.nulls, op, value);
  return undefined;
}

/** `col between (lo .. hi)` with constant bounds of the column's own kind (a timespan upper bound for a datetime is left to the library). */
function specializeBetween(
  call: PCall,
  table: Table,
  constOf: (e: PExpr) => KqlValue | undefined,
): Evaluator | undefined {
  const [x, loE, hiE] = call.args as [PExpr, PExpr, PExpr];
  if (x.kind !== 'Column' || loE.type !== x.type || hiE.type !== x.type) return undefined;
  const lo = constOf(loE);
  const hi = constOf(hiE);
  if (lo === undefined || hi === undefined) return undefined;
  const idx = resolveColumnIndex(table, x);
  const col = idx < 0 ? undefined : table.columns[idx];
  const negate = call.fn === '!between';
  if (lo === null || hi === null) return col === undefined ? undefined : () => null;
  if (col instanceof TicksColumn && typeof lo === 'bigint' && typeof hi === 'bigint') {
    const { values, nulls } = col;
    // Readable form: between(values[r], lo, hi) with Kusto's inclusive bounds.
    if (nulls === undefined) return (r) => ((values[r] as bigint) >= lo && (values[r] as bigint) <= hi) !== negate;
    return (r) => (nulls[r] === 1 ? null : ((values[r] as bigint) >= lo && (values[r] as bigint) <= hi) !== negate);
  }
  if (col instanceof NumberColumn && col.exact === undefined && typeof lo === 'number' && typeof hi === 'number') {
    const { values, nulls } = col;
    if (nulls === undefined) return (r) => ((values[r] as number) >= lo && (values[r] as number) <= hi) !== negate;
    return (r) => (nulls[r] === 1 ? null : ((values[r] as number) >= lo && (values[r] as number) <= hi) !== negate);
  }
  return undefined;
}

/**
 * A comparison with a null constant, by Kusto's null rules: `x == null` is false and `x != null`
 * true for a non-null x, both null when x is null; ordering comparisons with null are null.
 */
function nullCmp(col: Column, op: Cmp): Evaluator {
  if (op !== '==' && op !== '!=') return () => null;
  const hit = op === '!=';
  return (r) => (col.get(r) === null ? null : hit);
}

/**
 * `col <op> c` straight on a typed array: a NumberColumn's doubles or a TicksColumn's bigint
 * ticks (V8 keeps each closure monomorphic, so one generic body serves both).
 */
function typedCmp<T extends number | bigint>(
  values: ArrayLike<T>,
  nulls: Uint8Array | undefined,
  op: Cmp,
  c: T,
): Evaluator {
  const test = compareTest(op, c);
  if (nulls === undefined) return (r) => test(values[r] as T);
  return (r) => (nulls[r] === 1 ? null : test(values[r] as T));
}

function compareTest<T extends number | bigint>(op: Cmp, c: T): (x: T) => boolean {
  switch (op) {
    case '==':
      return (x) => x === c;
    case '!=':
      return (x) => x !== c;
    case '<':
      return (x) => x < c;
    case '<=':
      return (x) => x <= c;
    case '>':
      return (x) => x > c;
    case '>=':
      return (x) => x >= c;
  }
}

/**
 * The single column `expr` reads, when its value depends on nothing else: 'none' for constant
 * expressions, undefined when it reads several columns, outer rows, row context, or calls a
 * nondeterministic function.
 */
export function soleColumn(expr: PExpr, table: Table): number | 'none' | undefined {
  let found: number | 'none' = 'none';
  let ok = true;
  const visit = (e: PExpr): void => {
    if (!ok) return;
    switch (e.kind) {
      case 'Const':
      case 'SubqueryScalar':
      case 'SubqueryList':
        return;
      case 'Column': {
        const i = resolveColumnIndex(table, e);
        if (i < 0 || (found !== 'none' && found !== i)) ok = false;
        else found = i;
        return;
      }
      case 'OuterColumn':
        ok = false;
        return;
      case 'Not':
        visit(e.arg);
        return;
      case 'And':
      case 'Or':
        e.args.forEach(visit);
        return;
      case 'Call':
        if (isRowContextFn(e.fn) || getScalarFunction(e.fn)?.flags?.nondeterministic) ok = false;
        else e.args.forEach(visit);
        return;
      default: {
        const never: never = e;
        void never;
        ok = false;
      }
    }
  };
  visit(expr);
  return ok ? found : undefined;
}

/**
 * Wraps `expr` in a per-dictionary-entry memo when it depends only on one DictStringColumn.
 * `compileOver` compiles the expression against a stand-in table whose column is the dictionary
 * itself, so "row" c of the stand-in is dictionary entry c.
 */
export function dictMemo(
  expr: PExpr,
  env: { readonly table: Table },
  compileOver: (e: PExpr, t: Table) => Evaluator,
): Evaluator | undefined {
  const idx = soleColumn(expr, env.table);
  if (typeof idx !== 'number') return undefined;
  const col = env.table.columns[idx];
  if (!(col instanceof DictStringColumn)) return undefined;
  const { codes, dict } = col;
  const columns = env.table.columns.slice();
  columns[idx] = new StringColumn(dict);
  const inner = compileOver(expr, { schema: env.table.schema, columns, rowCount: dict.length });
  const memo = new Array<KqlValue>(dict.length);
  const filled = new Uint8Array(dict.length);
  // Readable form: (r) => inner(codes[r]), computed once per distinct code.
  return (r) => {
    const c = codes[r] as number;
    if (filled[c] === 1) return memo[c] as KqlValue;
    const v = inner(c);
    memo[c] = v;
    filled[c] = 1;
    return v;
  };
}
