/**
 * The less common operators: make-series, top-nested, top-hitters, facet, fork, partition, scan,
 * reduce.
 */
import { DIAG } from '../../diagnostics.js';
import type { PAggregate, PExpr, PlanNode, TopNestedLevel } from '../../plan/nodes.js';
import type {
  Expr,
  FacetOp,
  ForkOp,
  MakeSeriesOp,
  PartitionOp,
  ReduceOp,
  ScanOp,
  TopHittersOp,
  TopNestedOp,
} from '../../syntax/ast.js';
import type { ColumnSchema, KqlValue } from '../../types.js';
import { keyName, namedItems } from '../naming.js';
import { exprEnv, paramText } from '../operators.js';
import { report } from '../report.js';
import { bindAggregate, bindScalar, constant, isConst } from '../scalar.js';
import { rowType } from '../scope.js';
import { type Bound, bindTabular, errorBound, type TabEnv } from '../tabular.js';
import { bindScan } from './scan.js';

type MiscOp = MakeSeriesOp | TopNestedOp | TopHittersOp | FacetOp | ForkOp | PartitionOp | ScanOp | ReduceOp;

export function bindMisc(op: MiscOp, input: Bound, env: TabEnv): Bound {
  switch (op.kind) {
    case 'MakeSeries':
      return bindMakeSeries(op, input, env);
    case 'TopNested':
      return bindTopNested(op, input, env);
    case 'TopHitters': {
      const ee = exprEnv(env, input.row);
      const count = bindScalar(op.count, ee);
      const of = bindScalar(op.of, ee);
      const by = op.by ? bindScalar(op.by, ee) : undefined;
      const ofName = keyName(op.of) ?? 'Column1';
      const columns: ColumnSchema[] = [
        { name: ofName, type: of.type },
        by
          ? { name: `approximate_sum_${keyName(op.by!) ?? 'Column1'}`, type: by.type === 'real' ? 'real' : 'long' }
          : { name: `approximate_count_${ofName}`, type: 'long' },
      ];
      return {
        plan: { kind: 'TopHitters', schema: { columns }, input: input.plan, count, of, by },
        row: rowType(columns),
      };
    }
    case 'Facet': {
      const branches: { name: string; plan: PlanNode }[] = op.columns.map((c) => {
        const idx = input.row.columns.findIndex((x) => x.name === c.name);
        const type = idx >= 0 ? input.row.columns[idx]!.type : 'dynamic';
        if (idx < 0) report(env.ctx, DIAG.unknownColumn(c.name, 'the input of facet'), c.span);
        const key: PExpr = { kind: 'Column', type, index: idx, name: c.name };
        const columns: ColumnSchema[] = [
          { name: c.name, type },
          { name: 'count_', type: 'long' },
        ];
        const agg: PAggregate = { fn: 'count', args: [], outputs: [{ name: 'count_', type: 'long' }], constArgs: [] };
        const plan: PlanNode = {
          kind: 'Aggregate',
          schema: { columns },
          input: { kind: 'ImplicitInput', schema: input.plan.schema },
          keys: [key],
          aggregates: [agg],
        };
        return { name: c.name, plan };
      });
      if (op.with) {
        const sub = bindTabular(op.with, {
          ...env,
          implicit: { plan: { kind: 'ImplicitInput', schema: input.plan.schema }, row: input.row },
        });
        branches.push({ name: 'with', plan: sub.plan });
      }
      return forkResult(input, branches);
    }
    case 'Fork': {
      const branches = op.branches.map((b, i) => {
        const sub = bindTabular(b.subquery, {
          ...env,
          implicit: { plan: { kind: 'ImplicitInput', schema: input.plan.schema }, row: input.row },
        });
        return { name: b.name?.name ?? `GenericResult${i === 0 ? '' : i}`, plan: sub.plan, row: sub.row };
      });
      if (branches.length === 0) return errorBound();
      return {
        plan: { kind: 'Fork', schema: branches[0]!.plan.schema, input: input.plan, branches },
        row: branches[0]!.row,
      };
    }
    case 'Partition': {
      const key = bindScalar(op.by, exprEnv(env, input.row));
      const sub = bindTabular(op.subquery, {
        ...env,
        implicit: { plan: { kind: 'ImplicitInput', schema: input.plan.schema }, row: input.row },
      });
      return {
        plan: { kind: 'Partition', schema: sub.plan.schema, input: input.plan, key, subplan: sub.plan },
        row: sub.row,
      };
    }
    case 'Reduce': {
      const expr = bindScalar(op.by, exprEnv(env, input.row));
      const threshold = Number(
        paramText(op.properties.find((p) => p.name === 'threshold')?.value ?? { kind: 'Missing', span: op.span }) ||
          0.1,
      );
      const chars = op.properties.find((p) => p.name === 'characters');
      const columns: ColumnSchema[] = [
        { name: 'Pattern', type: 'string' },
        { name: 'Count', type: 'long' },
        { name: 'Representative', type: 'string' },
      ];
      return {
        plan: {
          kind: 'Reduce',
          schema: { columns },
          input: input.plan,
          expr,
          threshold,
          characters: chars ? paramText(chars.value) : undefined,
        },
        row: rowType(columns),
      };
    }
    case 'Scan':
      return bindScan(op, input, env);
    default: {
      const never: never = op;
      return never;
    }
  }
}

function forkResult(input: Bound, branches: { name: string; plan: PlanNode }[]): Bound {
  const first = branches[0];
  if (!first) return errorBound();
  return {
    plan: { kind: 'Fork', schema: first.plan.schema, input: input.plan, branches },
    row: rowType(first.plan.schema.columns),
  };
}

function bindMakeSeries(op: MakeSeriesOp, input: Bound, env: TabEnv): Bound {
  const ee = exprEnv(env, input.row);
  const keys = namedItems(op.by, ee, 'by');
  const aggregates: PAggregate[] = [];
  const defaults: KqlValue[] = [];
  for (const a of op.aggregates) {
    const e = a.agg.expr;
    if (e.kind !== 'Call') {
      report(env.ctx, DIAG.notAnAggregate('expression'), e.span);
      continue;
    }
    const agg = bindAggregate(e, { ...ee, aggregates: { add: () => constant('dynamic', null) } }, a.agg.names[0]?.name);
    if (!agg) continue;
    aggregates.push(agg);
    const d = a.defaultValue ? bindScalar(a.defaultValue, ee) : undefined;
    defaults.push(d && isConst(d) ? d.value : 0);
  }
  const axis = bindScalar(op.on, ee);
  const bindOpt = (x: Expr | undefined) => (x ? bindScalar(x, ee) : undefined);
  const columns: ColumnSchema[] = [
    ...keys.map((k) => ({ name: k.name, type: k.expr.type })),
    ...aggregates.map((a) => ({ name: a.outputs[0]!.name, type: 'dynamic' as const })),
    { name: keyName(op.on) ?? 'Column1', type: 'dynamic' },
  ];
  return {
    plan: {
      kind: 'MakeSeries',
      schema: { columns },
      input: input.plan,
      keys: keys.map((k) => k.expr),
      aggregates,
      defaults,
      axis,
      from: bindOpt(op.from),
      to: bindOpt(op.to),
      step: bindScalar(op.step, ee),
      axisColumn: columns.length - 1,
    },
    row: rowType(columns),
  };
}

function bindTopNested(op: TopNestedOp, input: Bound, env: TabEnv): Bound {
  const ee = exprEnv(env, input.row);
  const levels: TopNestedLevel[] = [];
  const columns: ColumnSchema[] = [];
  for (const c of op.clauses) {
    const of = bindScalar(c.of.expr, ee);
    const ofName = c.of.names[0]?.name ?? keyName(c.of.expr) ?? `Column${levels.length + 1}`;
    const byExpr = c.by.expr;
    const aggName = c.by.names[0]?.name ?? `aggregated_${ofName}`;
    const agg =
      byExpr.kind === 'Call'
        ? bindAggregate(byExpr, { ...ee, aggregates: { add: () => constant('dynamic', null) } }, aggName)
        : undefined;
    if (!agg) {
      report(env.ctx, DIAG.notAnAggregate('top-nested by expression'), byExpr.span);
      return errorBound();
    }
    levels.push({
      count: c.count ? bindScalar(c.count, ee) : undefined,
      of,
      ofName,
      others: c.others ? bindScalar(c.others, ee) : undefined,
      aggregate: agg,
      descending: c.direction !== 'asc',
    });
    columns.push({ name: ofName, type: of.type }, { name: aggName, type: agg.outputs[0]!.type });
  }
  return { plan: { kind: 'TopNested', schema: { columns }, input: input.plan, levels }, row: rowType(columns) };
}
