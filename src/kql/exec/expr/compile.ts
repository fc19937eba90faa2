/**
 * Compiles a plan expression ONCE per operator run into a closure over the column arrays:
 * `(row) => value`, where row is a physical row of the environment's table. No tree walking per
 * row and no code generation from text: the query is untrusted, so closures are composed directly.
 *
 * Specialisations (see specialize.ts): column-vs-constant comparisons on typed columns, and
 * expressions over a single dictionary string column, memoised per dictionary entry.
 */
import { DIAG } from '../../diagnostics.js';
import { getScalarFunction } from '../../library/index.js';
import type { ScalarImpl } from '../../library/types.js';
import type { PCall, PExpr } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { type ExecContext, ExecError } from '../context.js';
import type { Table } from '../table.js';
import { columnAccessor, columnEvaluator, type Evaluator, resolveColumn } from './columns.js';
import { compileRowContextCall, isRowContextFn, type RowCursor } from './rowContext.js';
import { dictMemo, specializeComparison } from './specialize.js';
import { subqueryList, subqueryScalar } from './subquery.js';

export type { Evaluator } from './columns.js';
export type { RowCursor } from './rowContext.js';

export interface ExprEnv {
  readonly table: Table;
  readonly ctx: ExecContext;
  /** Present where row_number()/prev()/next()/row_cumsum() may be used. */
  readonly cursor?: RowCursor;
}

export function compileExpr(expr: PExpr, env: ExprEnv): Evaluator {
  return compileNode(expr, env, true);
}

function compileNode(expr: PExpr, env: ExprEnv, allowMemo: boolean): Evaluator {
  switch (expr.kind) {
    case 'Const': {
      const v = expr.value;
      return () => v;
    }
    case 'Column':
      return columnEvaluator(env.table, expr);
    case 'OuterColumn': {
      const frame = env.ctx.outer[env.ctx.outer.length - expr.depth];
      if (frame === undefined) throw new ExecError(DIAG.runtime(`'${expr.name}' has no enclosing row here.`));
      const col = resolveColumn(frame.table, expr);
      if (col === undefined) return () => null;
      const read = columnAccessor(col);
      return () => read(frame.row);
    }
    case 'SubqueryScalar': {
      const v = subqueryScalar(expr, env.ctx);
      return () => v;
    }
    case 'SubqueryList': {
      const v = subqueryList(expr, env.ctx);
      return () => v;
    }
    case 'And':
    case 'Or':
    case 'Not':
    case 'Call': {
      if (allowMemo) {
        const memo = dictMemo(expr, env, (e, t) => compileNode(e, { ...env, table: t }, false));
        if (memo !== undefined) return memo;
      }
      return compileComposite(expr, env);
    }
    default: {
      const never: never = expr;
      throw new Error(`unknown expression ${(never as PExpr).kind}`);
    }
  }
}

function compileComposite(expr: PExpr & { kind: 'And' | 'Or' | 'Not' | 'Call' }, env: ExprEnv): Evaluator {
  switch (expr.kind) {
    case 'And':
      return compileAnd(expr.args.map((a) => compileNode(a, env, true)));
    case 'Or':
      return compileOr(expr.args.map((a) => compileNode(a, env, true)));
    case 'Not': {
      const a = compileNode(expr.arg, env, true);
      return (r) => {
        const v = a(r);
        return v === null ? null : !v;
      };
    }
    case 'Call':
      return compileCall(expr, env);
  }
}

/** Kusto three-valued `and`, short-circuiting on false: false wins over null. */
function compileAnd(args: readonly Evaluator[]): Evaluator {
  if (args.length === 2) {
    const [a, b] = args as [Evaluator, Evaluator];
    return (r) => {
      const x = a(r);
      if (x === false) return false;
      const y = b(r);
      if (y === false) return false;
      return x === null || y === null ? null : true;
    };
  }
  return (r) => {
    let sawNull = false;
    for (const a of args) {
      const v = a(r);
      if (v === false) return false;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : true;
  };
}

/** Three-valued `or`, short-circuiting on true: true wins over null. */
function compileOr(args: readonly Evaluator[]): Evaluator {
  return (r) => {
    let sawNull = false;
    for (const a of args) {
      const v = a(r);
      if (v === true) return true;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : false;
  };
}

/**
 * The value of an operand that is the same for every row, or undefined. Besides literals and
 * sub-queries this covers deterministic calls over such operands (`now(-5d)`, `ago(1h)`,
 * `datetime(...) + 1d`): `now` is fixed per query, so they fold once here. Constant operands are
 * handed to the library's compile() so regexes and lists are built once, and let comparisons
 * against a typed column be specialised.
 */
export function constValueOf(e: PExpr, ctx: ExecContext): KqlValue | undefined {
  switch (e.kind) {
    case 'Const':
      return e.value;
    case 'SubqueryScalar':
      return subqueryScalar(e, ctx);
    case 'SubqueryList':
      return subqueryList(e, ctx);
    case 'Call': {
      if (ctx.constCache.has(e)) return ctx.constCache.get(e);
      let value: KqlValue | undefined;
      const entry = isRowContextFn(e.fn) ? undefined : getScalarFunction(e.fn);
      if (entry !== undefined && !entry.flags?.nondeterministic) {
        const args = e.args.map((a) => constValueOf(a, ctx));
        if (args.every((a) => a !== undefined)) {
          try {
            const impl = entry.compile(
              e.args.map((a) => a.type),
              args,
              { now: ctx.now, charge: ctx.charge },
            );
            value = impl(...(args as KqlValue[]));
          } catch {
            value = undefined; // evaluated per row instead, where the error surfaces normally
          }
        }
      }
      ctx.constCache.set(e, value);
      return value;
    }
    default:
      return undefined;
  }
}

function compileCall(call: PCall, env: ExprEnv): Evaluator {
  if (isRowContextFn(call.fn)) {
    return compileRowContextCall(call, env.cursor, (e) => compileNode(e, env, true));
  }
  const special = specializeComparison(call, env.table, (e) => constValueOf(e, env.ctx));
  if (special !== undefined) return special;
  const entry = getScalarFunction(call.fn);
  if (entry === undefined) throw new ExecError(DIAG.unsupportedLocally(`Function '${call.fn}'`));
  const constArgs = call.args.map((a) => constValueOf(a, env.ctx));
  const impl = implFor(call, env.ctx, () => {
    try {
      return entry.compile(
        call.args.map((a) => a.type),
        constArgs,
        { now: env.ctx.now, charge: env.ctx.charge },
      );
    } catch (e) {
      // The library throws LibraryError for unusable constant arguments (a bad regex): user input.
      if (e instanceof Error && e.name === 'LibraryError') throw new ExecError(DIAG.runtime(e.message));
      throw e;
    }
  });
  const allConst = constArgs.every((c) => c !== undefined);
  if (allConst && !entry.flags?.nondeterministic) {
    // Folded lazily: evaluated on first use, so a never-reached call costs nothing.
    let done = false;
    let value: KqlValue = null;
    return () => {
      if (!done) {
        value = impl(...(constArgs as KqlValue[]));
        done = true;
      }
      return value;
    };
  }
  return applyImpl(
    impl,
    call.args.map((a) => compileNode(a, env, true)),
  );
}

function implFor(call: PCall, ctx: ExecContext, make: () => ScalarImpl): ScalarImpl {
  const cached = ctx.implCache.get(call) as ScalarImpl | undefined;
  if (cached !== undefined) return cached;
  const impl = make();
  ctx.implCache.set(call, impl);
  return impl;
}

/** Fixed-arity wrappers avoid building an argument array per row for the common cases. */
function applyImpl(impl: ScalarImpl, args: readonly Evaluator[]): Evaluator {
  switch (args.length) {
    case 0:
      return () => impl();
    case 1: {
      const [a] = args as [Evaluator];
      return (r) => impl(a(r));
    }
    case 2: {
      const [a, b] = args as [Evaluator, Evaluator];
      return (r) => impl(a(r), b(r));
    }
    case 3: {
      const [a, b, c] = args as [Evaluator, Evaluator, Evaluator];
      return (r) => impl(a(r), b(r), c(r));
    }
    default: {
      const vals = new Array<KqlValue>(args.length);
      return (r) => {
        for (let i = 0; i < args.length; i++) vals[i] = (args[i] as Evaluator)(r);
        return impl(...vals);
      };
    }
  }
}
