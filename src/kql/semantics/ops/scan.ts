/**
 * scan: sequence matching over the serialized rows. Binds the declared columns, the steps'
 * conditions and assignments, and the `Step.Column` references to the scan state.
 *
 * Step expressions are bound against a wider row than the input (see ScanOperatorNode.exprSchema):
 * the output row (input columns, then declared ones), then one copy of it per step holding that
 * step's values in the state being matched. `s1.x` is rewritten to a name for that copy before
 * binding, so the ordinary column resolution of scalar.ts finds it; no hook in the scalar binder.
 */
import { DIAG } from '../../diagnostics.js';
import type { PExpr, PlanNode, ScanDeclaredColumn, ScanStepPlan } from '../../plan/nodes.js';
import type { Expr, ScanOp, ScanStep } from '../../syntax/ast.js';
import type { ColumnSchema, ScalarType } from '../../types.js';
import { exprEnv, paramText, sortKeys } from '../operators.js';
import { report } from '../report.js';
import { bindScalar, constant, ERROR_EXPR } from '../scalar.js';
import { type RowType, rowType } from '../scope.js';
import type { Bound, TabEnv } from '../tabular.js';

/** Name of step `step`'s copy of column `column` in the expression row. */
export function stateColumnName(step: string, column: string): string {
  return `${step}.${column}`;
}

export function bindScan(op: ScanOp, input: Bound, env: TabEnv): Bound {
  const inputEnv = exprEnv(env, input.row);
  const source: PlanNode =
    op.orderBy.length > 0
      ? { kind: 'Sort', schema: input.plan.schema, input: input.plan, keys: sortKeys(op.orderBy, inputEnv) }
      : input.plan;
  const partitionBy = op.partitionBy.map((e) => bindScalar(e, inputEnv));
  const declared = bindDeclared(op, input.row, env);
  const base: ColumnSchema[] = [...input.row.columns, ...declared.map((d) => ({ name: d.name, type: d.type }))];
  const stepNames = uniqueStepNames(op.steps, env);
  const exprRow = rowType(
    [...base, ...stepNames.flatMap((s) => base.map((c) => ({ name: stateColumnName(s, c.name), type: c.type })))],
    input.row.open,
  );
  const steps = op.steps.map((s, i) =>
    bindStep(s, stepNames[i] as string, new Set(stepNames), declared, base.length, exprRow, env),
  );
  const matchIdName = matchIdColumn(op);
  const columns: ColumnSchema[] = matchIdName === undefined ? base : [...base, { name: matchIdName, type: 'long' }];
  return {
    plan: {
      kind: 'ScanOperator',
      schema: { columns },
      input: source,
      matchIdColumn: matchIdName === undefined ? undefined : base.length,
      declared,
      steps,
      partitionBy,
      exprSchema: { columns: exprRow.columns },
    },
    row: rowType(columns, input.row.open),
  };
}

function matchIdColumn(op: ScanOp): string | undefined {
  const p = op.params.find((x) => x.name === 'with_match_id');
  const name = p ? paramText(p.value) : '';
  return name === '' ? undefined : name;
}

function bindDeclared(op: ScanOp, input: RowType, env: TabEnv): ScanDeclaredColumn[] {
  const out: ScanDeclaredColumn[] = [];
  const noRow = exprEnv(env, rowType([]));
  for (const p of op.declare) {
    const name = p.name.name;
    if (input.columns.some((c) => c.name === name) || out.some((d) => d.name === name)) {
      report(env.ctx, DIAG.duplicateColumn(name), p.name.span);
      continue;
    }
    const type: ScalarType = p.type.kind === 'ScalarTypeRef' ? (p.type.type ?? 'dynamic') : 'dynamic';
    if (p.type.kind !== 'ScalarTypeRef') report(env.ctx, DIAG.expected('a scalar type', 'a table type'), p.type.span);
    const defaultValue = p.defaultValue
      ? bindScalar(p.defaultValue, noRow)
      : constant(type, type === 'string' ? '' : null);
    out.push({ name, type, defaultValue });
  }
  return out;
}

function uniqueStepNames(steps: readonly ScanStep[], env: TabEnv): string[] {
  const seen = new Set<string>();
  return steps.map((s) => {
    if (seen.has(s.name.name))
      report(env.ctx, DIAG.expected('a step name not used before', `'${s.name.name}'`), s.name.span);
    seen.add(s.name.name);
    return s.name.name;
  });
}

function bindStep(
  step: ScanStep,
  name: string,
  stepNames: ReadonlySet<string>,
  declared: readonly ScanDeclaredColumn[],
  baseWidth: number,
  exprRow: RowType,
  env: TabEnv,
): ScanStepPlan {
  const ee = exprEnv(env, exprRow);
  const condition = bindScalar(rewriteStateRefs(step.condition, stepNames), ee);
  if (condition.type !== 'bool' && condition.type !== 'dynamic' && condition !== ERROR_EXPR) {
    report(env.ctx, DIAG.expectedType(`The condition of step '${name}'`, 'bool', condition.type), step.condition.span);
  }
  const assignments: { column: number; expr: PExpr }[] = [];
  for (const a of step.assignments) {
    const target = a.names[0];
    const expr = bindScalar(rewriteStateRefs(a.expr, stepNames), ee);
    const d = target ? declared.findIndex((x) => x.name === target.name) : -1;
    if (d < 0) {
      report(
        env.ctx,
        DIAG.unknownColumn(target?.name ?? '(unnamed)', 'the declare clause of scan'),
        target?.span ?? a.span,
      );
      continue;
    }
    assignments.push({ column: baseWidth - declared.length + d, expr });
  }
  return { name, output: step.output ?? 'all', condition, assignments };
}

/**
 * `Step.Column` (a step name followed by a member) becomes a plain name for that step's state
 * column. The syntax tree is plain data, so a structural copy is enough.
 */
export function rewriteStateRefs(e: Expr, stepNames: ReadonlySet<string>): Expr {
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (v === null || typeof v !== 'object') return v;
    const node = v as Expr;
    if (node.kind === 'MemberAccess' && node.target.kind === 'NameRef' && stepNames.has(node.target.name)) {
      return {
        kind: 'NameRef',
        name: stateColumnName(node.target.name, node.name.name),
        quoted: false,
        span: node.span,
      };
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = k === 'span' ? x : visit(x);
    return out;
  };
  return visit(e) as Expr;
}
