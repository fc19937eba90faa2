/**
 * Pipeline operators: one binding function per operator kind. Small operators live here; larger
 * ones in ops/*.ts. Each takes the bound input and returns the bound output (plan + row type).
 */
import { DIAG, suggest } from '../diagnostics.js';
import type { PExpr, SortKey } from '../plan/nodes.js';
import type { Expr, NamePattern, SortItem, TabularOperator } from '../syntax/ast.js';
import type { ColumnSchema } from '../types.js';
import { cloudOnlyFunction } from './cloud.js';
import { outputColumns, outputsOf } from './multi-output.js';
import { namedItems, resultName, uniqueName } from './naming.js';
import { bindEvaluate } from './ops/evaluate.js';
import { acceptsInput, bindGraphMatch, bindGraphToTable, bindMakeGraph, bindMarkComponents } from './ops/graph.js';
import { bindJoin, bindLookup } from './ops/join.js';
import { bindMisc } from './ops/misc.js';
import { bindMvApply, bindMvExpand } from './ops/mvexpand.js';
import { bindParse, bindParseKv } from './ops/parse.js';
import { bindSummarize } from './ops/summarize.js';
import { bindFindOrSearch, bindUnion } from './ops/union.js';
import { report } from './report.js';
import { bindScalar, ERROR_EXPR, untyped } from './scalar.js';
import { type ExprEnv, findColumn, type RowType, rowType } from './scope.js';
import { type Bound, errorBound, schemaOf, type TabEnv } from './tabular.js';
import { inlineTabularFunction } from './user-functions.js';

export function exprEnv(env: TabEnv, row: RowType, extra: Partial<ExprEnv> = {}): ExprEnv {
  return { ctx: env.ctx, scope: env.scope, row, outer: env.outer, ...extra };
}

function withRow(input: Bound, plan: Bound['plan'], columns: readonly ColumnSchema[], open = input.row.open): Bound {
  return { plan, row: inheritLabel(input.row, rowType(columns, open)) };
}

/**
 * Keeps the "table X" label of a row for diagnostics while every source column is still there
 * (where, extend, parse …), so "Column 'AccountUpn' is not in table DeviceNetworkEvents" stays true.
 */
export function inheritLabel(from: RowType, to: RowType): RowType {
  const label = from.label;
  if (label === undefined) return to;
  const names = new Set(to.columns.map((c) => c.name));
  return from.columns.every((c) => names.has(c.name)) ? Object.assign({}, to, { label }) : to;
}

export function bindOperator(op: TabularOperator, input: Bound, env: TabEnv): Bound {
  if (!acceptsInput(op, input, env)) return errorBound();
  const ee = exprEnv(env, input.row);
  switch (op.kind) {
    case 'Where': {
      const predicate = bindScalar(op.predicate, ee);
      if (predicate.type !== 'bool' && predicate.type !== 'dynamic' && predicate !== ERROR_EXPR) {
        report(env.ctx, DIAG.expectedType('The where predicate', 'bool', predicate.type), op.predicate.span);
      }
      return { plan: { kind: 'Filter', schema: input.plan.schema, input: input.plan, predicate }, row: input.row };
    }
    case 'Extend':
      return bindExtendLike(op.items, input, env, 'extend');
    case 'Project':
      return bindProject(op.items, input, env);
    case 'ProjectAway': {
      const removed = matchPatterns(op.patterns, input.row, env, true);
      const keep = input.row.columns.map((_, i) => i).filter((i) => !removed.has(i));
      return projectIndexes(input, keep);
    }
    case 'ProjectKeep': {
      const kept = matchPatterns(op.patterns, input.row, env, true);
      return projectIndexes(
        input,
        input.row.columns.map((_, i) => i).filter((i) => kept.has(i)),
      );
    }
    case 'ProjectRename': {
      const columns = [...input.row.columns];
      for (const item of op.items) {
        const idx = findColumn(input.row, item.oldName.name);
        if (idx < 0) {
          if (!input.row.open) reportUnknownColumn(item.oldName.name, item.oldName.span, input.row, env);
          continue;
        }
        columns[idx] = { name: item.newName.name, type: columns[idx]!.type };
      }
      const exprs = input.row.columns.map((c, i): PExpr => ({ kind: 'Column', type: c.type, index: i, name: c.name }));
      return withRow(input, { kind: 'Project', schema: { columns }, input: input.plan, exprs }, columns);
    }
    case 'ProjectReorder':
      return projectIndexes(input, reorder(op.patterns, input.row, env));
    case 'ProjectByNames':
      return projectIndexes(input, byNames(op.items, input.row, env));
    case 'Take': {
      const count = bindScalar(op.count, ee);
      return { plan: { kind: 'Limit', schema: input.plan.schema, input: input.plan, count }, row: input.row };
    }
    case 'Count': {
      const columns: ColumnSchema[] = [{ name: 'Count', type: 'long' }];
      return withRow(input, { kind: 'Count', schema: { columns }, input: input.plan }, columns, false);
    }
    case 'Distinct': {
      if (op.items.length === 1 && op.items[0]!.kind === 'Star') {
        const exprs = input.row.columns.map(
          (c, i): PExpr => ({ kind: 'Column', type: c.type, index: i, name: c.name }),
        );
        return { plan: { kind: 'Distinct', schema: input.plan.schema, input: input.plan, exprs }, row: input.row };
      }
      const items = namedItems(
        op.items.map((e) => ({ kind: 'NamedExpr' as const, names: [], expr: e, span: e.span })),
        ee,
        'by',
      );
      const columns = items.map((i) => ({ name: i.name, type: i.expr.type }));
      return withRow(
        input,
        { kind: 'Distinct', schema: { columns }, input: input.plan, exprs: items.map((i) => i.expr) },
        columns,
      );
    }
    case 'Sort': {
      const keys = sortKeys(op.items, ee, true);
      return { plan: { kind: 'Sort', schema: input.plan.schema, input: input.plan, keys }, row: input.row };
    }
    case 'Top': {
      const count = bindScalar(op.count, ee);
      const keys = sortKeys(op.by, ee);
      return { plan: { kind: 'Top', schema: input.plan.schema, input: input.plan, count, keys }, row: input.row };
    }
    case 'Serialize': {
      if (op.items.length === 0) {
        return {
          plan: { kind: 'Serialize', schema: input.plan.schema, input: input.plan, exprs: passThrough(input.row) },
          row: input.row,
        };
      }
      const ext = bindExtendLike(op.items, input, env, 'extend', true);
      const project = ext.plan as Extract<Bound['plan'], { kind: 'Project' }>;
      return {
        plan: { kind: 'Serialize', schema: project.schema, input: input.plan, exprs: project.exprs },
        row: ext.row,
      };
    }
    case 'Sample': {
      const count = bindScalar(op.count, ee);
      return { plan: { kind: 'Sample', schema: input.plan.schema, input: input.plan, count }, row: input.row };
    }
    case 'SampleDistinct': {
      const count = bindScalar(op.count, ee);
      const expr = bindScalar(op.of, ee);
      const name = op.of.kind === 'NameRef' ? op.of.name : 'Column1';
      const columns = [{ name, type: expr.type }];
      return withRow(input, { kind: 'SampleDistinct', schema: { columns }, input: input.plan, count, expr }, columns);
    }
    case 'As':
      env.scope.define(op.name.name, { kind: 'tabular', plan: input.plan, row: input.row });
      return input;
    case 'Consume': {
      const count: PExpr = { kind: 'Const', type: 'long', value: 0 };
      return { plan: { kind: 'Limit', schema: input.plan.schema, input: input.plan, count }, row: input.row };
    }
    case 'GetSchema': {
      const columns: ColumnSchema[] = [
        { name: 'ColumnName', type: 'string' },
        { name: 'ColumnOrdinal', type: 'int' },
        { name: 'DataType', type: 'string' },
        { name: 'ColumnType', type: 'string' },
      ];
      return withRow(input, { kind: 'GetSchema', schema: { columns }, input: input.plan }, columns, false);
    }
    case 'Render': {
      const properties: Record<string, string> = {};
      for (const p of op.properties) properties[p.name] = paramText(p.value);
      return {
        plan: { kind: 'Render', schema: input.plan.schema, input: input.plan, chart: op.chart.name, properties },
        row: input.row,
      };
    }
    case 'Invoke': {
      const sym = env.scope.lookup(op.call.name.name);
      if (sym?.kind !== 'function') {
        const cloud = cloudOnlyFunction(op.call.name.name);
        if (cloud) report(env.ctx, DIAG.cloudOnlyFunction(op.call.name.name, cloud), op.call.name.span);
        else
          report(
            env.ctx,
            DIAG.unknownFunction(op.call.name.name, suggest(op.call.name.name, env.scope.names())),
            op.call.name.span,
          );
        return errorBound();
      }
      const implicitArg: Expr = { kind: 'ImplicitSource', span: op.call.span };
      return inlineTabularFunction(
        sym,
        [implicitArg, ...op.call.args],
        op.call.span,
        { ...env, implicit: input },
        op.call.namedArgs,
      );
    }
    case 'Summarize':
      return bindSummarize(op, input, env);
    case 'Join':
      return bindJoin(op, input, env);
    case 'Lookup':
      return bindLookup(op, input, env);
    case 'Union':
      return bindUnion(op, input, env);
    case 'Search':
      return bindFindOrSearch(op, input, env);
    case 'MvExpand':
      return bindMvExpand(op, input, env);
    case 'MvApply':
      return bindMvApply(op, input, env);
    case 'Parse':
      return bindParse(op, input, env);
    case 'ParseKv':
      return bindParseKv(op, input, env);
    case 'Evaluate':
      return bindEvaluate(op, input, env);
    case 'MakeSeries':
    case 'TopNested':
    case 'TopHitters':
    case 'Facet':
    case 'Fork':
    case 'Partition':
    case 'Scan':
    case 'Reduce':
      return bindMisc(op, input, env);
    case 'MakeGraph':
      return bindMakeGraph(op, input, env);
    case 'GraphMarkComponents':
      return bindMarkComponents(op, input, env);
    case 'GraphToTable':
      return bindGraphToTable(op, input, env);
    case 'GraphMatch':
      return bindGraphMatch(op, input, env);
    case 'Extended':
      report(env.ctx, DIAG.unsupportedLocally(`The '${op.name}' operator`), op.span);
      return errorBound();
    case 'ErrorOperator':
      return errorBound();
    default: {
      const never: never = op;
      return never;
    }
  }
}

export function paramText(e: Expr): string {
  if (e.kind === 'Literal') return e.value === null ? '' : String(e.value);
  if (e.kind === 'NameRef') return e.name;
  return '';
}

export function passThrough(row: RowType): PExpr[] {
  return row.columns.map((c, i): PExpr => ({ kind: 'Column', type: c.type, index: i, name: c.name }));
}

export function sortKeys(items: readonly SortItem[], env: ExprEnv, scalarOnly = false): SortKey[] {
  return items.map((item) => {
    const descending = item.direction !== 'asc';
    const nullsFirst = item.nulls ? item.nulls === 'first' : !descending;
    const expr = bindScalar(item.expr, env);
    // `sort` does not order by dynamic values in Kusto (convert them: tostring(x)); `top` does
    if (scalarOnly && expr.type === 'dynamic' && !untyped(expr)) {
      report(
        env.ctx,
        DIAG.expectedType('A sort key', 'a scalar such as string, long or datetime', 'dynamic'),
        item.span,
      );
    }
    return { expr, descending, nullsFirst };
  });
}

/**
 * project-by-names: each item is a constant column name (with `*` wildcards) or a dynamic array of
 * them (column_names_of(T) included); columns come in the order named or matched, once each, and
 * names matching nothing are ignored.
 */
function byNames(items: readonly Expr[], row: RowType, env: TabEnv): number[] {
  const out: number[] = [];
  for (const item of items) {
    const e = bindScalar(item, exprEnv(env, row));
    if (e.kind !== 'Const') {
      report(env.ctx, DIAG.constantRequired('A project-by-names column specifier'), item.span);
      continue;
    }
    const names = Array.isArray(e.value) ? e.value : [e.value];
    for (const n of names) {
      if (typeof n !== 'string') continue;
      row.columns.forEach((c, i) => {
        if (!out.includes(i) && (c.name === n || (n.includes('*') && wildcardMatch(n, c.name)))) out.push(i);
      });
    }
  }
  return out;
}

function projectIndexes(input: Bound, indexes: readonly number[]): Bound {
  const columns = indexes.map((i) => input.row.columns[i]!);
  const exprs = indexes.map(
    (i): PExpr => ({ kind: 'Column', type: input.row.columns[i]!.type, index: i, name: input.row.columns[i]!.name }),
  );
  return withRow(input, { kind: 'Project', schema: { columns }, input: input.plan, exprs }, columns);
}

function reportUnknownColumn(name: string, span: Expr['span'], row: RowType, env: TabEnv): void {
  report(
    env.ctx,
    DIAG.unknownColumn(
      name,
      row.label ?? 'the input of this operator',
      suggest(
        name,
        row.columns.map((c) => c.name),
      ),
    ),
    span,
  );
}

/** Column name wildcard match (`Device*`, `*Id`, `Init*Name`), case-sensitive like Kusto. */
export function wildcardMatch(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const parts = pattern.split('*');
  if (!name.startsWith(parts[0]!) || !name.endsWith(parts[parts.length - 1]!)) return false;
  let pos = parts[0]!.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const at = name.indexOf(parts[i]!, pos);
    if (at < 0) return false;
    pos = at + parts[i]!.length;
  }
  return pos <= name.length - parts[parts.length - 1]!.length;
}

function matchPatterns(
  patterns: readonly NamePattern[],
  row: RowType,
  env: TabEnv,
  reportMissing: boolean,
): Set<number> {
  const out = new Set<number>();
  for (const p of patterns) {
    let any = false;
    row.columns.forEach((c, i) => {
      if (wildcardMatch(p.pattern, c.name)) {
        out.add(i);
        any = true;
      }
    });
    if (!any && reportMissing && !p.pattern.includes('*') && !row.open)
      reportUnknownColumn(p.pattern, p.span, row, env);
  }
  return out;
}

function reorder(patterns: readonly NamePattern[], row: RowType, env: TabEnv): number[] {
  const order: number[] = [];
  const used = new Set<number>();
  for (const p of patterns) {
    const matched = row.columns
      .map((c, i) => ({ c, i }))
      .filter(({ c, i }) => !used.has(i) && wildcardMatch(p.pattern, c.name));
    if (matched.length === 0 && !p.pattern.includes('*') && !row.open) reportUnknownColumn(p.pattern, p.span, row, env);
    if (p.direction === 'asc' || p.direction === 'granny-asc')
      matched.sort((a, b) => (a.c.name < b.c.name ? -1 : a.c.name > b.c.name ? 1 : 0));
    if (p.direction === 'desc' || p.direction === 'granny-desc')
      matched.sort((a, b) => (a.c.name > b.c.name ? -1 : a.c.name < b.c.name ? 1 : 0));
    for (const { i } of matched) {
      used.add(i);
      order.push(i);
    }
  }
  row.columns.forEach((_, i) => {
    if (!used.has(i)) order.push(i);
  });
  return order;
}

/**
 * Rewrites references to columns of an evolving row (extend items that use earlier items of the
 * same operator) into expressions over the operator's input.
 */
export function substitute(e: PExpr, exprs: readonly PExpr[]): PExpr {
  switch (e.kind) {
    case 'Column':
      return e.index >= 0 && e.index < exprs.length ? exprs[e.index]! : e;
    case 'Call':
      return { ...e, args: e.args.map((a) => substitute(a, exprs)) };
    case 'And':
    case 'Or':
      return { ...e, args: e.args.map((a) => substitute(a, exprs)) };
    case 'Not':
      return { ...e, arg: substitute(e.arg, exprs) };
    default:
      return e;
  }
}

/** extend (and serialize with items): add or replace columns; later items may use earlier ones. */
export function bindExtendLike(
  items: readonly import('../syntax/ast.js').NamedExpr[],
  input: Bound,
  env: TabEnv,
  mode: 'extend',
  serialized = false,
): Bound {
  const exprs: PExpr[] = passThrough(input.row);
  const columns: ColumnSchema[] = [...input.row.columns];
  const taken = new Set(columns.map((c) => c.name));
  const declared = new Set<string>();
  let columnN = 0;
  /** An input column of that name is replaced in place; a new name is appended. */
  const put = (name: string, e: PExpr): void => {
    const at = columns.findIndex((c) => c.name === name);
    if (at >= 0) {
      columns[at] = { name, type: e.type };
      exprs[at] = e;
    } else {
      columns.push({ name, type: e.type });
      exprs.push(e);
    }
    taken.add(name);
  };
  for (const item of items) {
    for (const n of item.names) {
      // `extend a = 1, a = 2` is an error in Kusto (replacing an input column is not)
      if (declared.has(n.name)) report(env.ctx, DIAG.columnDeclaredTwice(n.name), n.span);
      declared.add(n.name);
    }
    // Every item sees the operator's input, not the items before it: Kusto rejects
    // `extend c = 2, b = c * 2` (c is unknown) and reads the input `a` in `extend a = "s", b = a * 2`.
    const e = bindScalar(item.expr, exprEnv(env, input.row, { serialized }));
    const outputs = outputsOf(item.expr, env);
    if (outputs && item.expr.kind === 'Call') {
      for (const c of outputColumns(
        item.expr,
        e,
        outputs,
        item.names.map((n) => n.name),
        false,
      )) {
        put(c.name, c.expr);
      }
      continue;
    }
    if (item.names.length > 1) {
      // `(a, b, c) = f(...)`: a function returning several values (series_decompose_anomalies)
      // gives an array; each name takes its element.
      item.names.forEach((n, i) => {
        const part: PExpr = {
          kind: 'Call',
          type: 'dynamic',
          fn: '[]',
          args: [e, { kind: 'Const', type: 'long', value: i }],
        };
        put(n.name, part);
      });
      continue;
    }
    const names = item.names.length > 0 ? item.names.map((n) => n.name) : [resultName(item.expr)];
    let name = names[0];
    if (name === undefined) {
      do name = `Column${++columnN}`;
      while (taken.has(name));
    }
    put(name, e);
  }
  void mode;
  return withRow(input, { kind: 'Project', schema: { columns }, input: input.plan, exprs }, columns);
}

function bindProject(items: readonly import('../syntax/ast.js').NamedExpr[], input: Bound, env: TabEnv): Bound {
  const exprs: PExpr[] = [];
  const columns: ColumnSchema[] = [];
  const taken = new Set<string>();
  let columnN = 0;
  for (const item of items) {
    // Each item sees the input only (Kusto: `project a = x, b = a` — 'a' is unknown).
    const e = bindScalar(item.expr, exprEnv(env, input.row));
    const outputs = outputsOf(item.expr, env);
    if (outputs && item.expr.kind === 'Call') {
      for (const c of outputColumns(
        item.expr,
        e,
        outputs,
        item.names.map((n) => n.name),
        true,
      )) {
        columns.push({ name: c.name, type: c.expr.type });
        exprs.push(c.expr);
        taken.add(c.name);
      }
      continue;
    }
    let name = item.names[0]?.name ?? resultName(item.expr);
    // A name a call takes from its argument is made unique (`project bin(x, 1), tolong(x)` → x, x1).
    if (name !== undefined && item.names.length === 0 && item.expr.kind === 'Call') name = uniqueName(name, taken);
    if (name === undefined) {
      do name = `Column${++columnN}`;
      while (taken.has(name) || input.row.columns.some((c) => c.name === name));
    }
    const existing = columns.findIndex((c) => c.name === name);
    if (existing >= 0) {
      report(env.ctx, DIAG.columnDeclaredTwice(name), item.span);
      columns[existing] = { name, type: e.type };
      exprs[existing] = e;
    } else {
      columns.push({ name, type: e.type });
      exprs.push(e);
    }
    taken.add(name);
  }
  return withRow(input, { kind: 'Project', schema: { columns }, input: input.plan, exprs }, columns);
}

export { schemaOf };
