/**
 * User-defined functions and views (`let f = (a:string, T:(*)) { ... }`) are inlined at each call:
 * parameters are bound to the caller's argument expressions (scalar) or plans (tabular), then the
 * body is bound in a scope nested in the function's definition scope.
 */
import { DIAG } from '../diagnostics.js';
import type { PExpr } from '../plan/nodes.js';
import type { Expr, NamedExpr, Span } from '../syntax/ast.js';
import { report } from './report.js';
import { bindScalar, checkArity, ERROR_EXPR } from './scalar.js';
import { type ExprEnv, type NameSymbol, rowType, Scope } from './scope.js';
import { bindStatementsTo } from './statements.js';
import { type Bound, bindTabular, errorBound, type TabEnv } from './tabular.js';

type FunctionSymbol = Extract<NameSymbol, { kind: 'function' }>;

const MAX_DEPTH = 64;

/**
 * Binds the parameters of a call: positional arguments first, then `name = value` arguments by
 * parameter name (`invoke f(targetColumn = 'x')`), then defaults.
 */
function bindParams(
  sym: FunctionSymbol,
  args: readonly Expr[],
  named: readonly NamedExpr[],
  span: Span,
  env: TabEnv | ExprEnv,
): Scope | undefined {
  const params = sym.decl.params;
  const byName = new Map<string, Expr>();
  for (const n of named) {
    const name = n.names[0]?.name;
    if (name === undefined || !params.some((p) => p.name.name === name)) {
      report(env.ctx, DIAG.unknownParameter(`function ${sym.name}`, name ?? '?'), n.span);
      continue;
    }
    byName.set(name, n.expr);
  }
  const given = params.filter((p, i) => i < args.length || byName.has(p.name.name)).length;
  const required = params.filter((p) => p.defaultValue === undefined).length;
  if (!checkArity(sym.name, required, params.length, Math.max(given, args.length), span, asExprEnv(env)))
    return undefined;
  const scope = new Scope(sym.scope);
  params.forEach((p, i) => {
    const arg = args[i] ?? byName.get(p.name.name) ?? p.defaultValue;
    if (p.type.kind === 'TabularTypeRef') {
      const t = arg ? bindTabular(arg, asTabEnv(env)) : errorBound();
      scope.define(p.name.name, { kind: 'tabular', plan: t.plan, row: t.row });
    } else {
      const e = arg ? bindScalar(arg, asExprEnv(env)) : ERROR_EXPR;
      scope.define(p.name.name, { kind: 'scalar', expr: e });
    }
  });
  return scope;
}

function asExprEnv(env: TabEnv | ExprEnv): ExprEnv {
  return 'row' in env ? env : { ctx: env.ctx, scope: env.scope, row: rowType([]), outer: env.outer };
}

function asTabEnv(env: TabEnv | ExprEnv): TabEnv {
  return 'implicit' in env ? env : { ctx: env.ctx, scope: env.scope, implicit: undefined, outer: [] };
}

function enter(env: TabEnv | ExprEnv, span: Span): boolean {
  if (env.ctx.depth >= MAX_DEPTH) {
    report(env.ctx, DIAG.unsupportedLocally(`Function nesting deeper than ${MAX_DEPTH} levels`), span);
    return false;
  }
  env.ctx.depth++;
  return true;
}

export function inlineScalarFunction(
  sym: FunctionSymbol,
  args: readonly Expr[],
  span: Span,
  env: ExprEnv,
  named: readonly NamedExpr[] = [],
): PExpr {
  if (!enter(env, span)) return ERROR_EXPR;
  try {
    const scope = bindParams(sym, args, named, span, env);
    if (!scope) return ERROR_EXPR;
    const result = bindStatementsTo(sym.decl.body.statements, scope, env.ctx, { kind: 'scalar', env });
    return result.kind === 'scalar' ? result.expr : ERROR_EXPR;
  } finally {
    env.ctx.depth--;
  }
}

export function inlineTabularFunction(
  sym: FunctionSymbol,
  args: readonly Expr[],
  span: Span,
  env: TabEnv,
  named: readonly NamedExpr[] = [],
): Bound {
  if (!enter(env, span)) return errorBound();
  try {
    const scope = bindParams(sym, args, named, span, env);
    if (!scope) return errorBound();
    const result = bindStatementsTo(sym.decl.body.statements, scope, env.ctx, { kind: 'tabular', env });
    return result.kind === 'tabular' ? result.bound : errorBound();
  } finally {
    env.ctx.depth--;
  }
}
