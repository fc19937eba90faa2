/**
 * mv-expand and mv-apply. An unnamed item that is a column expands in place; a named item replaces
 * the column of that name or is appended. `to typeof(t)` sets the element type (dynamic otherwise).
 */
import { DIAG } from '../../diagnostics.js';
import type { MvExpandItemPlan, PExpr } from '../../plan/nodes.js';
import type { Expr, MvApplyOp, MvExpandItem, MvExpandOp, OperatorParam } from '../../syntax/ast.js';
import type { ColumnSchema, ScalarType } from '../../types.js';
import { exprEnv, paramText } from '../operators.js';
import { report } from '../report.js';
import { bindScalar, isConst, simpleName } from '../scalar.js';
import { rowType } from '../scope.js';
import { type Bound, bindTabular, type TabEnv } from '../tabular.js';

interface Expanded {
  readonly columns: ColumnSchema[];
  readonly passThrough: number[];
  readonly items: MvExpandItemPlan[];
  readonly itemIndexColumn: number | undefined;
  readonly limit: number | undefined;
  /** Input columns replaced in place by an expansion. */
  readonly replaced: Set<number>;
}

function constNumber(e: Expr | undefined, env: TabEnv, input: Bound): number | undefined {
  if (!e) return undefined;
  const b = bindScalar(e, exprEnv(env, input.row));
  if (isConst(b) && typeof b.value === 'number') return b.value;
  report(env.ctx, DIAG.constantRequired('The limit'), e.span);
  return undefined;
}

function expandItems(
  items: readonly MvExpandItem[],
  params: readonly OperatorParam[],
  limitExpr: Expr | undefined,
  input: Bound,
  env: TabEnv,
): Expanded {
  const ee = exprEnv(env, input.row);
  const columns: ColumnSchema[] = [...input.row.columns];
  const passThrough = columns.map((_, i) => i);
  const plans: MvExpandItemPlan[] = [];
  const replaced = new Set<number>();
  let columnN = 0;
  for (const item of items) {
    const expr: PExpr = bindScalar(item.expr, ee);
    const toType: ScalarType = item.toType?.type ?? 'dynamic';
    const name = item.name?.name ?? simpleName(item.expr) ?? `Column${++columnN}`;
    let at = columns.findIndex((c) => c.name === name);
    if (at >= 0) {
      columns[at] = { name, type: toType };
      passThrough[at] = -1;
      replaced.add(at);
    } else {
      at = columns.length;
      columns.push({ name, type: toType });
      passThrough.push(-1);
    }
    plans.push({ expr, outputIndex: at, toType });
  }
  let itemIndexColumn: number | undefined;
  const idx = params.find((p) => p.name === 'with_itemindex');
  if (idx) {
    itemIndexColumn = columns.length;
    columns.push({ name: paramText(idx.value), type: 'long' });
    passThrough.push(-1);
  }
  return { columns, passThrough, items: plans, itemIndexColumn, limit: constNumber(limitExpr, env, input), replaced };
}

export function bindMvExpand(op: MvExpandOp, input: Bound, env: TabEnv): Bound {
  const x = expandItems(op.items, op.params, op.limit, input, env);
  const bag = op.params.find((p) => p.name === 'bagexpansion');
  const bagExpansion = bag && paramText(bag.value).toLowerCase() === 'array' ? 'array' : 'bag';
  return {
    plan: {
      kind: 'MvExpand',
      schema: { columns: x.columns },
      input: input.plan,
      items: x.items,
      passThrough: x.passThrough,
      itemIndexColumn: x.itemIndexColumn,
      bagExpansion,
      limit: x.limit,
    },
    row: rowType(x.columns, input.row.open),
  };
}

export function bindMvApply(op: MvApplyOp, input: Bound, env: TabEnv): Bound {
  const x = expandItems(op.items, op.params, op.limit, input, env);
  // The sub-query sees the expanded items (and the item index) as its input table.
  const itemColumns: ColumnSchema[] = x.items.map((i) => x.columns[i.outputIndex]!);
  if (x.itemIndexColumn !== undefined) itemColumns.push(x.columns[x.itemIndexColumn]!);
  const itemRow = rowType(itemColumns);
  const sub = bindTabular(op.subquery, {
    ...env,
    implicit: { plan: { kind: 'ImplicitInput', schema: { columns: itemColumns } }, row: itemRow },
    outer: [input.row, ...env.outer],
  });
  const items = x.items.map((it, k) => ({ ...it, outputIndex: k }));
  const passThrough = input.row.columns.map((_, i) => i).filter((i) => !x.replaced.has(i));
  const columns: ColumnSchema[] = [...passThrough.map((i) => input.row.columns[i]!), ...sub.row.columns];
  return {
    plan: {
      kind: 'MvApply',
      schema: { columns },
      input: input.plan,
      items,
      itemSchema: { columns: itemColumns },
      itemIndexColumn: x.itemIndexColumn === undefined ? undefined : items.length,
      limit: x.limit,
      subplan: sub.plan,
      passThrough,
    },
    row: rowType(columns, input.row.open || sub.row.open),
  };
}
