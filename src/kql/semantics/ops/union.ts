/**
 * union (source form and pipe form), and find/search, which lower to a union of filtered tables.
 * Column merging follows Kusto: same name and type → one column; same name, different types →
 * one column per type named `name_type`; kind=inner keeps only columns every input has.
 */
import { DIAG } from '../../diagnostics.js';
import type { PExpr, PlanNode } from '../../plan/nodes.js';
import type { Expr, FindOp, SearchOp, UnionOp } from '../../syntax/ast.js';
import type { ColumnSchema } from '../../types.js';
import { exprEnv, paramText, wildcardMatch } from '../operators.js';
import { report } from '../report.js';
import { bindScalar, constant } from '../scalar.js';
import { type RowType, rowType } from '../scope.js';
import { type Bound, bindTableName, bindTabular, errorBound, type TabEnv } from '../tabular.js';

interface Input {
  readonly name: string;
  readonly bound: Bound;
}

function expandTables(exprs: readonly Expr[], env: TabEnv, offset: number): Input[] {
  const out: Input[] = [];
  exprs.forEach((e, i) => {
    if (e.kind === 'NameRef' && e.name.includes('*')) {
      const names = [...(env.ctx.catalog?.tableNames() ?? [])].filter((n) => wildcardMatch(e.name, n)).sort();
      for (const n of names) out.push({ name: n, bound: bindTableName(n, e.span, env) });
      return;
    }
    const name = e.kind === 'NameRef' ? e.name : `union_arg${offset + i}`;
    out.push({ name, bound: bindTabular(e, env) });
  });
  return out;
}

/** Merges the inputs' columns and builds the Union node. */
export function unionOf(inputs: readonly Input[], kind: 'inner' | 'outer', sourceColumn: string | undefined): Bound {
  if (inputs.length === 0) return errorBound();
  const byName = new Map<string, Set<string>>();
  const order: string[] = [];
  for (const inp of inputs) {
    for (const c of inp.bound.row.columns) {
      let types = byName.get(c.name);
      if (!types) {
        types = new Set();
        byName.set(c.name, types);
        order.push(c.name);
      }
      types.add(c.type);
    }
  }
  const columns: ColumnSchema[] = [];
  const sources: { name: string; type: string }[] = [];
  for (const name of order) {
    const types = [...byName.get(name)!];
    if (
      kind === 'inner' &&
      !inputs.every((i) => i.bound.row.columns.some((c) => c.name === name && c.type === types[0]))
    )
      continue;
    if (types.length === 1) {
      columns.push({ name, type: types[0] as ColumnSchema['type'] });
      sources.push({ name, type: types[0]! });
    } else {
      for (const t of types) {
        columns.push({ name: `${name}_${t}`, type: t as ColumnSchema['type'] });
        sources.push({ name, type: t });
      }
    }
  }
  const withSource = sourceColumn !== undefined;
  const outColumns: ColumnSchema[] = withSource ? [{ name: sourceColumn, type: 'string' }, ...columns] : columns;
  const mappings = inputs.map((inp) => {
    const m = sources.map((s) => inp.bound.row.columns.findIndex((c) => c.name === s.name && c.type === s.type));
    return withSource ? [-1, ...m] : m;
  });
  const plan: PlanNode = {
    kind: 'Union',
    schema: { columns: outColumns },
    inputs: inputs.map((i) => i.bound.plan),
    mappings,
    sourceColumn: withSource ? 0 : undefined,
    sourceNames: inputs.map((i) => i.name),
  };
  return {
    plan,
    row: rowType(
      outColumns,
      inputs.some((i) => i.bound.row.open),
    ),
  };
}

export function bindUnion(op: UnionOp, input: Bound | undefined, env: TabEnv): Bound {
  let kind: 'inner' | 'outer' = 'outer';
  let source: string | undefined;
  for (const p of op.params) {
    if (p.name === 'kind') kind = paramText(p.value).toLowerCase() === 'inner' ? 'inner' : 'outer';
    else if (p.name === 'withsource' || p.name === 'source') source = paramText(p.value);
  }
  const inputs: Input[] = input ? [{ name: 'union_arg0', bound: input }] : [];
  inputs.push(...expandTables(op.tables, env, inputs.length));
  if (inputs.length === 0) {
    report(env.ctx, DIAG.expected('at least one table', 'none'), op.span);
    return errorBound();
  }
  return unionOf(inputs, kind, source);
}

/** Any string column of the row `has` the term (what a bare string means in search/find). */
function anyColumnHas(term: string, row: RowType, caseSensitive: boolean): PExpr {
  const args: PExpr[] = [];
  row.columns.forEach((c, i) => {
    if (c.type !== 'string' && c.type !== 'dynamic') return;
    const col: PExpr = { kind: 'Column', type: c.type, index: i, name: c.name };
    const text: PExpr = c.type === 'string' ? col : { kind: 'Call', type: 'string', fn: 'tostring', args: [col] };
    args.push({
      kind: 'Call',
      type: 'bool',
      fn: caseSensitive ? 'has_cs' : 'has',
      args: [text, constant('string', term)],
    });
  });
  if (args.length === 0) return constant('bool', false);
  return args.length === 1 ? args[0]! : { kind: 'Or', type: 'bool', args };
}

function bindSearchPredicate(e: Expr, row: RowType, env: TabEnv, caseSensitive: boolean): PExpr {
  if (e.kind === 'Literal' && typeof e.value === 'string') return anyColumnHas(e.value, row, caseSensitive);
  if (e.kind === 'Paren') return bindSearchPredicate(e.expr, row, env, caseSensitive);
  if (e.kind === 'Binary' && (e.op === 'and' || e.op === 'or')) {
    const args = [
      bindSearchPredicate(e.left, row, env, caseSensitive),
      bindSearchPredicate(e.right, row, env, caseSensitive),
    ];
    return e.op === 'and' ? { kind: 'And', type: 'bool', args } : { kind: 'Or', type: 'bool', args };
  }
  return bindScalar(e, exprEnv(env, row));
}

export function bindFindOrSearch(op: FindOp | SearchOp, input: Bound | undefined, env: TabEnv): Bound {
  const caseSensitive = op.params.some(
    (p) => p.name === 'kind' && paramText(p.value).toLowerCase() === 'case_sensitive',
  );
  let inputs: Input[];
  if (input) inputs = [{ name: 'union_arg0', bound: input }];
  else if (op.tables.length > 0) inputs = expandTables(op.tables, env, 0);
  else {
    const names = [...(env.ctx.catalog?.tableNames() ?? [])].sort();
    inputs = names.map((n) => ({ name: n, bound: bindTableName(n, op.span, env) }));
  }
  // Bind the predicate per table, quietly for tables that lack a referenced column (Kusto skips them).
  const filtered: Input[] = [];
  for (const inp of inputs) {
    const before = env.ctx.diagnostics.length;
    const predicate = bindSearchPredicate(op.predicate, inp.bound.row, env, caseSensitive);
    if (env.ctx.diagnostics.length > before && inputs.length > 1) {
      env.ctx.diagnostics.length = before;
      continue;
    }
    filtered.push({
      name: inp.name,
      bound: {
        plan: { kind: 'Filter', schema: inp.bound.plan.schema, input: inp.bound.plan, predicate },
        row: inp.bound.row,
      },
    });
  }
  const sourceParam = op.params.find((p) => p.name === 'withsource');
  const sourceName = sourceParam ? paramText(sourceParam.value) : op.kind === 'Find' ? 'source_' : '$table';
  return unionOf(filtered, 'outer', sourceName);
}
