/**
 * evaluate for the user-analytics and pattern-mining plugins: activity_engagement,
 * new_activity_metrics, funnel_sequence, funnel_sequence_completion, sequence_detect, autocluster,
 * basket, diffpatterns and diffpatterns_text. Output schemas follow the plugins' documentation pages
 * (column order as Kusto.Language declares it where the two differ: dimensions before metrics).
 * Plan arguments are normalised to fixed positions, documented per plugin, so the executor reads
 * them by index (`exec/plugins/engagement.ts`, `funnel.ts`, `patterns.ts`).
 */
import { DIAG } from '../../diagnostics.js';
import type { PExpr, PlanNode } from '../../plan/nodes.js';
import type { EvaluateOp, Expr } from '../../syntax/ast.js';
import type { ColumnSchema } from '../../types.js';
import { keyName } from '../naming.js';
import { exprEnv } from '../operators.js';
import { report } from '../report.js';
import { bindScalar, constant, isConst } from '../scalar.js';
import { rowType } from '../scope.js';
import { type Bound, bindTabular, errorBound, isTabularExpr, type TabEnv } from '../tabular.js';

export const ANALYTICS_PLUGINS: ReadonlySet<string> = new Set([
  'activity_engagement',
  'new_activity_metrics',
  'funnel_sequence',
  'funnel_sequence_completion',
  'sequence_detect',
  'autocluster',
  'basket',
  'diffpatterns',
  'diffpatterns_text',
]);

/** A plugin argument in source order, with the name written before `=` if any. */
interface Arg {
  readonly expr: Expr;
  readonly name: string | undefined;
}

function orderedArgs(op: EvaluateOp): Arg[] {
  const args: Arg[] = op.plugin.args.map((expr) => ({ expr, name: undefined }));
  for (const n of op.plugin.namedArgs) args.push({ expr: n.expr, name: n.names[0]?.name });
  return args.sort((a, b) => a.expr.span.start - b.expr.span.start);
}

/** A plugin's plan with a schema fixed at bind time (`tables`: the plans of its table arguments). */
export function fixedResult(
  plugin: string,
  input: Bound,
  args: PExpr[],
  columns: readonly ColumnSchema[],
  tables: PlanNode[] = [],
): Bound {
  return {
    plan: { kind: 'Evaluate', schema: { columns }, input: input.plan, plugin, args, tables, dynamicSchema: false },
    row: rowType(columns),
  };
}

const NULL_ARG = constant('dynamic', null);
const timeName = (e: Expr | undefined) => (e ? (keyName(e) ?? 'Timestamp') : 'Timestamp');
const dimColumns = (args: readonly Expr[], bound: readonly PExpr[]): ColumnSchema[] =>
  bound.map((d, i) => ({ name: keyName(args[i]!) ?? `dim${i + 1}`, type: d.type }));

export function bindAnalyticsPlugin(op: EvaluateOp, input: Bound, env: TabEnv): Bound {
  const name = op.plugin.name.name;
  const ee = exprEnv(env, input.row);
  const all = orderedArgs(op);
  const exprs = all.map((a) => a.expr);
  const need = (n: number, expected: string): boolean => {
    if (exprs.length >= n) return true;
    report(env.ctx, DIAG.wrongArgCount(name, expected, exprs.length), op.plugin.span);
    return false;
  };
  const scalar = (e: Expr) => bindScalar(e, ee);
  switch (name) {
    case 'activity_engagement': {
      // (Id, Timeline, [Start, End,] Inner, Outer, dims…) → plan [id, time, start, end, inner, outer, dims…].
      if (!need(4, 'at least 4')) return errorBound();
      const bound = exprs.map(scalar);
      const ranged = bound.length >= 6 && bound[2]!.kind !== 'Column' && bound[3]!.kind !== 'Column';
      const fixed = ranged ? 6 : 4;
      const head = ranged ? bound.slice(0, 6) : [bound[0]!, bound[1]!, NULL_ARG, NULL_ARG, bound[2]!, bound[3]!];
      const dims = dimColumns(exprs.slice(fixed), bound.slice(fixed));
      return fixedResult(
        name,
        input,
        [...head, ...bound.slice(fixed)],
        [
          { name: timeName(exprs[1]), type: bound[1]!.type },
          ...dims,
          { name: 'dcount_activities_inner', type: 'long' },
          { name: 'dcount_activities_outer', type: 'long' },
          { name: 'activity_ratio', type: 'real' },
        ],
      );
    }
    case 'new_activity_metrics': {
      // (Id, Timeline, Start, End, Window [, Cohort] [, dims…] [, Lookback])
      // → plan [id, time, start, end, window, cohort, lookbackIdColumn, dims…], tables [lookback].
      if (!need(5, 'at least 5')) return errorBound();
      const head = exprs.slice(0, 5).map(scalar);
      let i = 5;
      let cohort: PExpr = NULL_ARG;
      const next = exprs[i];
      if (next && !isTabularExpr(next, ee)) {
        const b = scalar(next);
        if (b.kind !== 'Column') {
          cohort = b;
          i++;
        }
      }
      const dimExprs: Expr[] = [];
      while (i < exprs.length && !isTabularExpr(exprs[i]!, ee)) dimExprs.push(exprs[i++]!);
      const lookback = i < exprs.length ? bindTabular(exprs[i]!, env) : undefined;
      const idName = keyName(exprs[0]!);
      const lookIdx = lookback
        ? Math.max(
            0,
            lookback.row.columns.findIndex((c) => c.name === idName),
          )
        : -1;
      const dimBound = dimExprs.map(scalar);
      const t = timeName(exprs[1]);
      return fixedResult(
        name,
        input,
        [...head, cohort, constant('long', lookIdx), ...dimBound],
        [
          { name: `from_${t}`, type: head[1]!.type },
          { name: `to_${t}`, type: head[1]!.type },
          ...dimColumns(dimExprs, dimBound),
          { name: 'dcount_new_values', type: 'long' },
          { name: 'dcount_retained_values', type: 'long' },
          { name: 'dcount_churn_values', type: 'long' },
          { name: 'retention_rate', type: 'real' },
          { name: 'churn_rate', type: 'real' },
        ],
        lookback ? [lookback.plan] : [],
      );
    }
    case 'funnel_sequence': {
      // (Id, Timeline, Start, End, MaxSequenceStepWindow, Step, State, Sequence). Kusto returns
      // three tables; a query sees the first (prev-sequence-next).
      if (!need(8, '8')) return errorBound();
      const bound = exprs.slice(0, 8).map(scalar);
      return fixedResult(name, input, bound, [
        { name: timeName(exprs[1]), type: bound[1]!.type },
        { name: 'prev', type: bound[6]!.type },
        { name: 'next', type: bound[6]!.type },
        { name: 'dcount', type: 'long' },
        { name: 'samples', type: 'dynamic' },
      ]);
    }
    case 'funnel_sequence_completion': {
      // (Id, Timeline, Start, End, BinSize, State, Sequence, MaxSequencePeriods)
      if (!need(8, '8')) return errorBound();
      const bound = exprs.slice(0, 8).map(scalar);
      return fixedResult(name, input, bound, [
        { name: timeName(exprs[1]), type: bound[1]!.type },
        { name: keyName(exprs[5]!) ?? 'State', type: 'string' },
        { name: 'Period', type: 'timespan' },
        { name: 'dcount', type: 'long' },
      ]);
    }
    case 'sequence_detect': {
      // (Timeline, MaxStepWindow, MaxSpan, Expr1, Expr2, …, Dim1, …): the boolean arguments after
      // the third are the steps, the rest dimensions → plan [time, step, span, nSteps, steps…, dims…].
      if (!need(4, 'at least 4')) return errorBound();
      const bound = all.map((a) => scalar(a.expr));
      let n = 0;
      while (3 + n < bound.length && bound[3 + n]!.type === 'bool') n++;
      if (n === 0) {
        report(env.ctx, DIAG.wrongArgCount(name, 'at least one boolean step', 0), op.plugin.span);
        return errorBound();
      }
      const t = timeName(exprs[0]);
      const steps = all
        .slice(3, 3 + n)
        .map((a, k) => ({ name: `${a.name ?? keyName(a.expr) ?? `e${k + 1}`}_${t}`, type: bound[0]!.type }));
      const dims = dimColumns(exprs.slice(3 + n), bound.slice(3 + n));
      return fixedResult(
        name,
        input,
        [...bound.slice(0, 3), constant('long', n), ...bound.slice(3)],
        [...dims, ...steps, { name: 'Duration', type: 'timespan' }],
      );
    }
    case 'autocluster':
    case 'basket':
    case 'diffpatterns': {
      // autocluster(SizeWeight, WeightColumn, NumSeeds, wildcards…), basket(Threshold,
      // WeightColumn, MaxDimensions, wildcards…), diffpatterns(Split, A, B, WeightColumn,
      // Threshold, MaxDimensions, wildcards…); '~' keeps a default. Plan args as written.
      const diff = name === 'diffpatterns';
      if (diff && !need(3, 'at least 3')) return errorBound();
      const bound = exprs.map(scalar);
      const split = diff ? bound[0] : undefined;
      const inputColumns = input.row.columns.filter((_, i) => !(split?.kind === 'Column' && split.index === i));
      const fixed: ColumnSchema[] = diff
        ? [
            { name: 'SegmentId', type: 'long' },
            { name: 'CountA', type: 'long' },
            { name: 'CountB', type: 'long' },
            { name: 'PercentA', type: 'real' },
            { name: 'PercentB', type: 'real' },
            { name: 'PercentDiffAB', type: 'real' },
          ]
        : [
            { name: 'SegmentId', type: 'long' },
            { name: 'Count', type: 'long' },
            { name: 'Percent', type: 'real' },
          ];
      return fixedResult(name, input, bound, [...fixed, ...inputColumns]);
    }
    case 'diffpatterns_text': {
      // (TextColumn, BooleanCondition [, MinTokens, Threshold, MaxTokens])
      if (!need(2, 'at least 2')) return errorBound();
      const bound = exprs.map(scalar);
      const constOr = (i: number) => (bound[i] && isConst(bound[i]!) ? bound[i]! : NULL_ARG);
      return fixedResult(
        name,
        input,
        [bound[0]!, bound[1]!, constOr(2), constOr(3), constOr(4)],
        [
          { name: 'Count_of_True', type: 'long' },
          { name: 'Count_of_False', type: 'long' },
          { name: 'Percent_of_True', type: 'real' },
          { name: 'Percent_of_False', type: 'real' },
          { name: 'Pattern', type: 'string' },
        ],
      );
    }
    default:
      report(env.ctx, DIAG.unsupportedLocally(`The '${name}' plugin`), op.plugin.name.span);
      return errorBound();
  }
}
