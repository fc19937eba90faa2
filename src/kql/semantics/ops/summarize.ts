/**
 * summarize: group keys, aggregates, and scalar expressions over aggregates
 * (`summarize rate = countif(x) * 100.0 / count()`), which become hidden aggregate columns plus a
 * projection on top.
 */

import { DIAG } from '../../diagnostics.js';
import { getAggregate, getScalarFunction } from '../../library/index.js';
import type { PAggregate, PExpr } from '../../plan/nodes.js';
import type { SummarizeOp } from '../../syntax/ast.js';
import type { ColumnSchema } from '../../types.js';
import { namedItems, uniqueName } from '../naming.js';
import { exprEnv } from '../operators.js';
import { report } from '../report.js';
import { bindAggregate, bindScalar } from '../scalar.js';
import { type AggregateSink, rowType } from '../scope.js';
import type { Bound, TabEnv } from '../tabular.js';

type Item =
  | { readonly kind: 'direct'; readonly first: number; readonly count: number }
  | { readonly kind: 'computed'; readonly name: string; readonly expr: PExpr };

export function bindSummarize(op: SummarizeOp, input: Bound, env: TabEnv): Bound {
  const ee = exprEnv(env, input.row);
  const keys = namedItems(op.by, ee, 'by');
  const keyNames = new Set(keys.map((k) => k.name));
  // keys that declare a column name: `by a = x` or `by x` for an input column x
  const declaredKeys = new Set(
    keys
      .filter((k) => k.syntax.names.length > 0 || (k.syntax.expr.kind === 'NameRef' && k.expr.kind === 'Column'))
      .map((k) => k.name),
  );
  const aggregates: PAggregate[] = [];
  /** Default names of hidden aggregates, by position in `aggregates` (direct ones get undefined). */
  const visibleNames: (string | undefined)[] = [];
  let outputCount = 0;
  const sink: AggregateSink = {
    add(agg) {
      visibleNames.push(agg.outputs[0]!.name);
      const hidden: PAggregate = {
        ...agg,
        outputs: agg.outputs.map((o, i) => ({ name: `__agg${aggregates.length}_${i}`, type: o.type })),
      };
      aggregates.push(hidden);
      const index = keys.length + outputCount;
      outputCount += agg.outputs.length;
      return { kind: 'Column', type: agg.outputs[0]!.type, index, name: agg.outputs[0]!.name };
    },
  };
  const items: Item[] = [];
  let columnN = 0;
  for (const item of op.aggregates) {
    const e = item.expr;
    for (const n of item.names) {
      // `summarize a = count() by a` is an error in Kusto (an unnamed clash gets a suffix instead)
      if (declaredKeys.has(n.name)) report(env.ctx, DIAG.columnDeclaredTwice(n.name), n.span);
    }
    const isDirect =
      e.kind === 'Call' && getAggregate(e.name.name) !== undefined && getScalarFunction(e.name.name) === undefined;
    if (isDirect) {
      const agg = bindAggregate(e, ee, item.names[0]?.name, keyNames);
      if (!agg) continue;
      const renamed =
        item.names.length > 1
          ? { ...agg, outputs: agg.outputs.map((o, i) => ({ ...o, name: item.names[i]?.name ?? o.name })) }
          : agg;
      aggregates.push(renamed);
      visibleNames.push(undefined);
      items.push({ kind: 'direct', first: keys.length + outputCount, count: renamed.outputs.length });
      outputCount += renamed.outputs.length;
    } else {
      const firstAggregate = aggregates.length;
      const expr = bindScalar(e, { ...ee, aggregates: sink });
      let name = item.names[0]?.name;
      // Kusto names an unnamed expression over an aggregate after that aggregate:
      // `tostring(make_set(x))` → set_x.
      if (name === undefined) name = visibleNames[firstAggregate] ?? `Column${++columnN}`;
      items.push({ kind: 'computed', name, expr });
    }
  }
  // Two aggregates with the same default name (`count(), count()`) get Kusto's numeric suffix.
  const used = new Set(keys.map((k) => k.name));
  for (let a = 0; a < aggregates.length; a++) {
    const agg = aggregates[a]!;
    const outputs = agg.outputs.map((o) => {
      const name = o.name.startsWith('__agg') ? o.name : uniqueName(o.name, used);
      used.add(name);
      return name === o.name ? o : { ...o, name };
    });
    if (outputs.some((o, i) => o !== agg.outputs[i])) aggregates[a] = { ...agg, outputs };
  }
  const aggColumns: ColumnSchema[] = [
    ...keys.map((k) => ({ name: k.name, type: k.expr.type })),
    ...aggregates.flatMap((a) => a.outputs),
  ];
  const aggPlan = {
    kind: 'Aggregate' as const,
    schema: { columns: aggColumns },
    input: input.plan,
    keys: keys.map((k) => k.expr),
    aggregates,
  };
  if (items.every((i) => i.kind === 'direct')) return { plan: aggPlan, row: rowType(aggColumns) };
  const exprs: PExpr[] = keys.map((k, i) => ({ kind: 'Column', type: k.expr.type, index: i, name: k.name }));
  const columns: ColumnSchema[] = keys.map((k) => ({ name: k.name, type: k.expr.type }));
  for (const item of items) {
    if (item.kind === 'direct') {
      for (let i = item.first; i < item.first + item.count; i++) {
        const c = aggColumns[i]!;
        exprs.push({ kind: 'Column', type: c.type, index: i, name: c.name });
        columns.push(c);
      }
    } else {
      exprs.push(item.expr);
      columns.push({ name: item.name, type: item.expr.type });
    }
  }
  return { plan: { kind: 'Project', schema: { columns }, input: aggPlan, exprs }, row: rowType(columns) };
}
