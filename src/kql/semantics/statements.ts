/**
 * Statement lists (the query, and the bodies of user functions): `let`, `declare
 * query_parameters`, `set`, and the expression statement that gives the result.
 */
import { DIAG } from '../diagnostics.js';
import type { PExpr } from '../plan/nodes.js';
import type { DeclarePatternStatement, Expr, Span, Statement } from '../syntax/ast.js';
import type { KqlValue } from '../types.js';
import { defineEntityGroup } from './ops/macro-expand.js';
import { report } from './report.js';
import { bindScalar, constant, isConst } from './scalar.js';
import { type BindContext, type ExprEnv, rowType, Scope } from './scope.js';
import { type Bound, bindTabular, errorBound, isTabularExpr, type TabEnv } from './tabular.js';

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
        } else if (v.kind === 'EntityGroup') {
          defineEntityGroup(scope, st.name.name, v);
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
      case 'DeclarePattern':
        definePattern(scope, st);
        break;
      case 'Set':
        if (st.value) ctx.requestProperties.set(st.name.toLowerCase(), bindScalar(st.value, letEnv));
        break;
      case 'Alias':
        // The aliased database lives on a cluster: binding the value reports that (KQL504).
        bindTabular(st.value, tabEnv);
        break;
      case 'Restrict':
        ctx.restrictedTo = new Set(
          st.entities.map((e) => (e.kind === 'NameRef' ? e.name : '')).filter((n) => n !== ''),
        );
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

/*
 * `declare pattern` declarations live beside the scope they were declared in (the Scope symbol
 * table holds only let symbols), and are found by walking the scope chain like let names.
 */
const PATTERNS = new WeakMap<Scope, Map<string, PatternSymbol>>();

interface PatternSymbol {
  readonly decl: DeclarePatternStatement;
  readonly scope: Scope;
}

function definePattern(scope: Scope, decl: DeclarePatternStatement): void {
  const map = PATTERNS.get(scope) ?? new Map<string, PatternSymbol>();
  PATTERNS.set(scope, map);
  map.set(decl.name.name, { decl, scope });
}

function lookupPattern(scope: Scope | undefined, name: string): PatternSymbol | undefined {
  for (let s = scope; s; s = s.parent) {
    const p = PATTERNS.get(s)?.get(name);
    if (p) return p;
  }
  return undefined;
}

/** A pattern invocation: `p(args)`, `p(args).path` or `p(args).["path"]`. */
export interface PatternCall {
  readonly pattern: PatternSymbol;
  readonly args: readonly Expr[];
  readonly path: readonly Expr[];
  readonly span: Span;
}

/** Recognises a pattern invocation in `e`, or undefined when `e` is something else. */
export function asPatternCall(e: Expr, scope: Scope): PatternCall | undefined {
  let path: Expr[] = [];
  let call = e;
  if (e.kind === 'MemberAccess') {
    path = [{ kind: 'Literal', type: 'string', value: e.name.name, text: e.name.name, span: e.name.span }];
    call = e.target;
  }
  if (call.kind !== 'Call' || call.target !== undefined) return undefined;
  const pattern = lookupPattern(scope, call.name.name);
  return pattern ? { pattern, args: call.args, path, span: e.span } : undefined;
}

/** Binds a pattern invocation to the body of the rule whose constant arguments match. */
export function bindPatternCall(pc: PatternCall, env: TabEnv): Bound {
  const exprEnv: ExprEnv = { ctx: env.ctx, scope: env.scope, row: rowType([]), outer: env.outer };
  const values = (list: readonly Expr[], e: ExprEnv) =>
    list.map((x) => {
      const b = bindScalar(x, e);
      return isConst(b) ? b.value : undefined;
    });
  const callArgs = values(pc.args, exprEnv);
  const callPath = values(pc.path, exprEnv);
  const { decl, scope } = pc.pattern;
  const declEnv: ExprEnv = { ...exprEnv, scope };
  const rule = decl.rules.find(
    (r) => sameValues(values(r.args, declEnv), callArgs) && sameValues(values(r.pathArgs, declEnv), callPath),
  );
  if (!rule) {
    const shown = [...callArgs, ...callPath].map((v) => JSON.stringify(v ?? null)).join(', ');
    report(env.ctx, DIAG.patternNoMatch(decl.name.name, `(${shown})`), pc.span);
    return errorBound();
  }
  const inner = new Scope(scope);
  const bindParams = (params: DeclarePatternStatement['params'], values: readonly (KqlValue | undefined)[]) => {
    params.forEach((p, i) => {
      inner.define(p.name.name, { kind: 'scalar', expr: constant(paramType(p), values[i] ?? null) });
    });
  };
  bindParams(decl.params, callArgs);
  bindParams(decl.pathParams, callPath);
  const result = bindStatementsTo(rule.body.statements, inner, env.ctx, { kind: 'tabular', env });
  return result.kind === 'tabular' ? result.bound : errorBound();
}

function paramType(p: DeclarePatternStatement['params'][number]): Parameters<typeof constant>[0] {
  return p.type.kind === 'ScalarTypeRef' ? (p.type.type ?? 'dynamic') : 'dynamic';
}

function sameValues(a: readonly (KqlValue | undefined)[], b: readonly (KqlValue | undefined)[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((v, i) => v !== undefined && JSON.stringify(v, bigintSafe) === JSON.stringify(b[i], bigintSafe));
}

const bigintSafe = (_k: string, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v);
