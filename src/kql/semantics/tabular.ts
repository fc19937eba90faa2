/**
 * Tabular expressions: table names, `let` tables, user functions, source operators and pipelines
 * → plan nodes with their row types.
 */
import { DIAG, suggest } from '../diagnostics.js';
import { type Refusal, refusal } from '../library/index.js';
import type { PExpr, PlanNode } from '../plan/nodes.js';
import type { Expr, Identifier, PipeExpr, SourceOperator } from '../syntax/ast.js';
import type { ColumnSchema, KqlValue, ScalarType } from '../types.js';
import { cloudOnlyFunction, cloudOnlyTable } from './cloud.js';
import { outputColumns, outputsOf } from './multi-output.js';
import { namedItems } from './naming.js';
import { bindOperator } from './operators.js';
import { bindMacroExpand } from './ops/macro-expand.js';
import { bindFindOrSearch, bindUnion } from './ops/union.js';
import { report } from './report.js';
import { bindScalar, constant, ERROR_EXPR, isConst } from './scalar.js';
import { type BindContext, type ExprEnv, type RowType, rowType, type Scope } from './scope.js';
import { asPatternCall, bindPatternCall } from './statements.js';
import { inlineTabularFunction } from './user-functions.js';

export interface Bound {
  readonly plan: PlanNode;
  readonly row: RowType;
}

/** Where a tabular expression is bound. */
export interface TabEnv {
  readonly ctx: BindContext;
  readonly scope: Scope;
  /** The rows an ImplicitSource stands for (sub-query bodies). */
  readonly implicit: Bound | undefined;
  /** Enclosing rows for OuterColumn references (mv-apply bodies). */
  readonly outer: readonly RowType[];
}

export function schemaOf(row: RowType): { columns: readonly ColumnSchema[] } {
  return { columns: row.columns };
}

/** A placeholder result after an error: an empty, open table, so later operators bind quietly. */
export function errorBound(): Bound {
  const row = rowType([], true);
  return { plan: { kind: 'Values', schema: schemaOf(row), rows: [] }, row };
}

const TABULAR_SYNTAX: ReadonlySet<Expr['kind']> = new Set<Expr['kind']>([
  'Pipe',
  'Datatable',
  'Print',
  'Range',
  'Union',
  'Find',
  'Search',
  'ExternalData',
  'MacroExpand',
  'ImplicitSource',
]);

/** A pipeline or source operator: tabular by its syntax alone, whatever the scope. */
export function isTabularSyntax(e: Expr): e is PipeExpr | SourceOperator {
  return TABULAR_SYNTAX.has(e.kind);
}

/** Whether `e` denotes a table (as opposed to a scalar) in this scope. */
export function isTabularExpr(e: Expr, env: Pick<ExprEnv, 'scope' | 'ctx' | 'row'>): boolean {
  if (isTabularSyntax(e)) return true;
  switch (e.kind) {
    case 'Paren':
      return isTabularExpr(e.expr, env);
    case 'NameRef': {
      if (env.row.columns.some((c) => c.name === e.name)) return false;
      const sym = env.scope.lookup(e.name);
      if (sym) return sym.kind === 'tabular' || (sym.kind === 'function' && functionIsTabular(sym.decl));
      return env.ctx.catalog?.getTable(e.name) !== undefined;
    }
    case 'MemberAccess':
      return asPatternCall(e, env.scope) !== undefined || refusedSource(e) !== undefined;
    case 'Call': {
      if (asPatternCall(e, env.scope) || refusedSource(e)) return true;
      if (e.name.name === 'materialize' || e.name.name === 'table' || e.name.name === 'view') return true;
      const sym = env.scope.lookup(e.name.name);
      return sym?.kind === 'function' && functionIsTabular(sym.decl);
    }
    default:
      return false;
  }
}

function functionIsTabular(decl: import('../syntax/ast.js').FunctionDecl): boolean {
  if (decl.isView) return true;
  const last = decl.body.statements[decl.body.statements.length - 1];
  if (last?.kind !== 'ExprStatement') return false;
  const e = last.expr;
  return e.kind === 'Pipe' || e.kind === 'Datatable' || e.kind === 'Union' || e.kind === 'Print' || e.kind === 'Range';
}

/** A tabular operand inside a scalar expression (`in (T | ...)`, `toscalar(...)`). */
export function bindTabularOperand(e: Expr, env: ExprEnv): Bound | undefined {
  return bindTabular(e, { ctx: env.ctx, scope: env.scope, implicit: undefined, outer: [] });
}

export function bindTabular(e: Expr, env: TabEnv): Bound {
  switch (e.kind) {
    case 'Paren':
      return bindTabular(e.expr, env);
    case 'NameRef':
      return bindTableName(e.name, e.span, env);
    case 'Call':
    case 'MemberAccess': {
      const pc = asPatternCall(e, env.scope);
      if (pc) return bindPatternCall(pc, env);
      const refused = refusedSource(e);
      if (refused) {
        report(
          env.ctx,
          DIAG.notAvailableLocally(`${refused.name.name}()`, refused.r.needs, refused.r.runsIn),
          refused.name.span,
        );
        return errorBound();
      }
      if (e.kind === 'Call') return bindTabularCall(e, env);
      report(env.ctx, DIAG.notATable('This expression'), e.span);
      return errorBound();
    }
    case 'Pipe': {
      const source = bindTabular(e.source, env);
      return bindOperator(e.operator, source, env);
    }
    case 'Datatable':
    case 'Print':
    case 'Range':
    case 'Union':
    case 'Find':
    case 'Search':
    case 'ExternalData':
    case 'MacroExpand':
    case 'EntityGroup':
    case 'ImplicitSource':
      return bindSource(e, env);
    case 'Missing':
      return errorBound();
    default:
      report(env.ctx, DIAG.notATable('This expression'), e.span);
      return errorBound();
  }
}

export function bindTableName(name: string, span: import('../syntax/ast.js').Span, env: TabEnv): Bound {
  const restricted = env.ctx.restrictedTo;
  if (restricted && !restricted.has(name)) {
    report(env.ctx, DIAG.restrictedEntity(name), span);
    return errorBound();
  }
  const sym = env.scope.lookup(name);
  if (sym?.kind === 'tabular') return { plan: sym.plan, row: sym.row };
  if (sym?.kind === 'function') return inlineTabularFunction(sym, [], span, env);
  if (sym?.kind === 'scalar') {
    report(env.ctx, DIAG.notATable(name), span);
    return errorBound();
  }
  const schema = env.ctx.catalog?.getTable(name);
  if (schema) {
    const row = rowType(schema.columns);
    return { plan: { kind: 'Scan', schema: schemaOf(row), table: name }, row: labelRow(row, `table ${name}`) };
  }
  const cloud = env.ctx.catalog?.cloudOnlyTable?.(name) ?? cloudOnlyTable(name) ?? cloudOnlyFunction(name);
  if (cloud) report(env.ctx, DIAG.cloudOnlyTable(name, cloud), span);
  else {
    const candidates = [...(env.ctx.catalog?.tableNames() ?? []), ...env.scope.names()];
    report(env.ctx, DIAG.unknownTable(name, suggest(name, candidates)), span);
  }
  return errorBound();
}

/** The first call of a chain such as `cluster(c).database(d).T` that names a refused source. */
function refusedSource(e: Expr): { name: Identifier; r: Refusal } | undefined {
  for (let cur: Expr | undefined = e; cur; ) {
    if (cur.kind === 'Call') {
      const r = refusal(cur.name.name);
      if (r?.kind === 'tabular') return { name: cur.name, r };
      cur = cur.target;
    } else if (cur.kind === 'MemberAccess') cur = cur.target;
    else return undefined;
  }
  return undefined;
}

/** Attaches a human label ("table DeviceProcessEvents") used in diagnostics. */
export function labelRow(row: RowType, label: string): RowType {
  return Object.assign({}, row, { label });
}

function bindTabularCall(e: Extract<Expr, { kind: 'Call' }>, env: TabEnv): Bound {
  const name = e.name.name;
  if (name === 'materialize') {
    const inner = e.args[0] ? bindTabular(e.args[0], env) : errorBound();
    const id = env.ctx.nextMaterializeId++;
    return { plan: { kind: 'Materialize', schema: inner.plan.schema, id, input: inner.plan }, row: inner.row };
  }
  if (name === 'table' || name === 'view') {
    const arg = e.args[0];
    if (arg?.kind === 'Literal' && typeof arg.value === 'string') return bindTableName(arg.value, arg.span, env);
    report(env.ctx, DIAG.constantRequired("table()'s argument"), e.span);
    return errorBound();
  }
  const sym = env.scope.lookup(name);
  if (sym?.kind === 'function') return inlineTabularFunction(sym, e.args, e.span, env, e.namedArgs);
  const cloud = cloudOnlyFunction(name);
  if (cloud) {
    report(env.ctx, DIAG.cloudOnlyFunction(name, cloud), e.name.span);
    return errorBound();
  }
  report(env.ctx, DIAG.unknownFunction(name, suggest(name, env.scope.names())), e.name.span);
  return errorBound();
}

function bindSource(e: SourceOperator, env: TabEnv): Bound {
  const exprEnv: ExprEnv = { ctx: env.ctx, scope: env.scope, row: rowType([]), outer: env.outer };
  switch (e.kind) {
    case 'ImplicitSource':
      if (env.implicit) return env.implicit;
      report(env.ctx, DIAG.expected('a table', 'an operator without input'), e.span);
      return errorBound();
    case 'Print': {
      const items = namedItems(e.items, exprEnv, 'print').flatMap((i) => {
        const outputs = outputsOf(i.syntax.expr, env);
        if (!outputs || i.syntax.expr.kind !== 'Call') return [i];
        const names = i.syntax.names.map((n) => n.name);
        return outputColumns(i.syntax.expr, i.expr, outputs, names, true).map((c) => ({ ...i, ...c }));
      });
      const row = rowType(items.map((i) => ({ name: i.name, type: i.expr.type })));
      return { plan: { kind: 'Values', schema: schemaOf(row), rows: [items.map((i) => i.expr)] }, row };
    }
    case 'Datatable': {
      const columns: ColumnSchema[] = e.columns.map((c) => ({ name: c.name.name, type: c.type.type ?? 'string' }));
      const row = rowType(columns);
      const rows: PExpr[][] = [];
      const n = columns.length;
      if (n > 0 && e.values.length % n !== 0) {
        report(
          env.ctx,
          DIAG.expectedType('The number of datatable values', `a multiple of ${n}`, String(e.values.length)),
          e.span,
        );
      }
      for (let i = 0; n > 0 && i + n <= e.values.length; i += n) {
        rows.push(e.values.slice(i, i + n).map((v, c) => coerceConst(bindScalar(v, exprEnv), columns[c]!.type)));
      }
      return { plan: { kind: 'Values', schema: schemaOf(row), rows }, row };
    }
    case 'Range': {
      const from = bindScalar(e.from, exprEnv);
      const to = bindScalar(e.to, exprEnv);
      const step = bindScalar(e.step, exprEnv);
      const type: ScalarType = from.type === 'int' ? 'long' : from.type === 'dynamic' ? 'long' : from.type;
      const row = rowType([{ name: e.name.name, type }]);
      return { plan: { kind: 'Range', schema: schemaOf(row), from, to, step }, row };
    }
    case 'Union':
      return bindUnion(e, undefined, env);
    case 'Find':
    case 'Search':
      return bindFindOrSearch(e, undefined, env);
    case 'ExternalData': {
      const columns: ColumnSchema[] = e.columns.map((c) => ({ name: c.name.name, type: c.type.type ?? 'string' }));
      const row = rowType(columns);
      const uris: string[] = [];
      for (const u of e.uris) {
        const b = bindScalar(u, exprEnv);
        if (isConst(b) && typeof b.value === 'string') uris.push(b.value);
        else report(env.ctx, DIAG.constantRequired('An externaldata URI'), u.span);
      }
      const properties: Record<string, string> = {};
      for (const p of e.properties) {
        const v = p.value;
        properties[p.name] = v.kind === 'Literal' ? String(v.value) : v.kind === 'NameRef' ? v.name : '';
      }
      return {
        plan: { kind: 'ExternalData', schema: schemaOf(row), uris, format: properties.format, properties },
        row,
      };
    }
    case 'MacroExpand':
      return bindMacroExpand(e, env);
    case 'EntityGroup':
      report(env.ctx, DIAG.expected('a table (an entity group is used with macro-expand)', 'an entity group'), e.span);
      return errorBound();
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** Datatable cells are written as literals of the column type; convert int literals to real etc. */
function coerceConst(e: PExpr, type: ScalarType): PExpr {
  if (e === ERROR_EXPR || !isConst(e)) return e;
  const v: KqlValue = e.value;
  if (v === null) return constant(type, type === 'string' ? '' : null);
  if (e.type === type) return e;
  if ((type === 'real' || type === 'long' || type === 'int' || type === 'decimal') && typeof v === 'number')
    return constant(type, v);
  if (type === 'dynamic') return constant('dynamic', v);
  if (type === 'string' && typeof v === 'string') return constant('string', v);
  return e;
}
