/**
 * Statement lists (the query, and the bodies of user functions): `let`, `declare
 * query_parameters`, `set`, and the expression statement that gives the result.
 */
import { DIAG } from '../diagnostics.js';
import type { PExpr } from '../plan/nodes.js';
import type { Statement } from '../syntax/ast.js';
import { report } from './report.js';
import { bindScalar, constant } from './scalar.js';
import { type BindContext, type ExprEnv, rowType, type Scope } from './scope.js';
import { type Bound, bindTabular, isTabularExpr, type TabEnv } from './tabular.js';

export type StatementsResult =
  | { readonly kind: 'scalar'; readonly expr: PExpr }
  | { readonly kind: 'tabular'; readonly bound: Bound }
  | { readonly kind: 'none' };

export type Want =
  | { readonly kind: 'scalar'; readonly env: ExprEnv }
  | { readonly kind: 'tabular'; readonly env: TabEnv };

export function bindStatementsTo(
  statements: readonly Statement[],
  scope: Scope,
  ctx: BindContext,
  want: Want,
): StatementsResult {
  const outer = want.kind === 'tabular' ? want.env.outer : want.env.outer;
  const implicit = want.kind === 'tabular' ? want.env.implicit : undefined;
  const tabEnv: TabEnv = { ctx, scope, implicit, outer };
  const letEnv: ExprEnv = { ctx, scope, row: rowType([]), outer };
  let result: StatementsResult = { kind: 'none' };
  for (const st of statements) {
    switch (st.kind) {
      case 'Let': {
        const v = st.value;
        if (v.kind === 'FunctionDecl') {
          scope.define(st.name.name, { kind: 'function', decl: v, scope, name: st.name.name });
        } else if (isTabularExpr(v, letEnv)) {
          const b = bindTabular(v, tabEnv);
          scope.define(st.name.name, { kind: 'tabular', plan: b.plan, row: b.row });
        } else {
          scope.define(st.name.name, { kind: 'scalar', expr: bindScalar(v, letEnv) });
        }
        break;
      }
      case 'DeclareParameters':
        for (const p of st.params) {
          const expr = p.defaultValue
            ? bindScalar(p.defaultValue, letEnv)
            : constant(p.type.kind === 'ScalarTypeRef' ? (p.type.type ?? 'dynamic') : 'dynamic', null);
          scope.define(p.name.name, { kind: 'scalar', expr });
        }
        break;
      case 'Set':
        if (st.value) ctx.requestProperties.set(st.name.toLowerCase(), bindScalar(st.value, letEnv));
        break;
      case 'ExprStatement': {
        const e = st.expr;
        // A scalar body sees the caller's row but the function's own scope (its parameters).
        const scalarEnv: ExprEnv | undefined = want.kind === 'scalar' ? { ...want.env, scope } : undefined;
        if (scalarEnv && !isTabularExpr(e, scalarEnv)) {
          result = { kind: 'scalar', expr: bindScalar(e, scalarEnv) };
        } else if (isTabularExpr(e, letEnv) || want.kind === 'tabular') {
          if (!isTabularExpr(e, letEnv) && e.kind !== 'Missing') {
            report(ctx, DIAG.notATable('The query result expression'), e.span);
            result = { kind: 'none' };
          } else {
            result = { kind: 'tabular', bound: bindTabular(e, tabEnv) };
          }
        }
        break;
      }
      default: {
        const never: never = st;
        return never;
      }
    }
  }
  return result;
}
