/**
 * evaluate plugin(...): the plugins the local engine runs (bag_unpack, pivot, narrow, ipv4_lookup,
 * ipv6_lookup, schema_merge, the activity plugins sliding_window_counts, activity_counts_metrics,
 * active_users_count, activity_metrics, session_count, and preview, rows_near, rolling_percentile,
 * dcount_intersect, and in evaluate-analytics.ts activity_engagement, new_activity_metrics, the
 * funnels, sequence_detect, autocluster, basket, diffpatterns, diffpatterns_text); plugins that need a cluster or an external service get KQL504
 * (library/refused.ts), everything else "not supported locally". A declared output schema
 * (`: (*, col:type)`) is applied last. bag_unpack and pivot produce columns that depend on
 * the data: their row is open and the executor computes the schema.
 */
import { DIAG } from '../../diagnostics.js';
import { getAggregate, refusal } from '../../library/index.js';
import type { PExpr } from '../../plan/nodes.js';
import type { EvaluateOp, Expr, TabularTypeRef } from '../../syntax/ast.js';
import type { ColumnSchema } from '../../types.js';
import { keyName } from '../naming.js';
import { exprEnv } from '../operators.js';
import { report } from '../report.js';
import { bindAggregate, bindScalar, constant, isConst } from '../scalar.js';
import { rowType } from '../scope.js';
import { type Bound, bindTabular, errorBound, type TabEnv } from '../tabular.js';
import { ANALYTICS_PLUGINS, bindAnalyticsPlugin, fixedResult } from './evaluate-analytics.js';

export function bindEvaluate(op: EvaluateOp, input: Bound, env: TabEnv): Bound {
  const result = bindPlugin(op, input, env);
  return op.outputSchema ? applyOutputSchema(op, op.outputSchema, input, result) : result;
}

const CONVERT: Partial<Record<string, string>> = {
  string: 'tostring',
  long: 'tolong',
  int: 'toint',
  real: 'todouble',
  bool: 'tobool',
  datetime: 'todatetime',
  timespan: 'totimespan',
  guid: 'toguid',
  decimal: 'todecimal',
};

/**
 * `evaluate plugin(...) : (*, Name:string, Age:long)`: the declared columns, converted to their
 * types and found by name in the plugin's output (null when absent), with `*` standing for the
 * other columns — for bag_unpack the input's columns other than the unpacked bag.
 */
function applyOutputSchema(op: EvaluateOp, schema: TabularTypeRef, input: Bound, result: Bound): Bound {
  if (result.plan.kind !== 'Evaluate') return result;
  const declared = schema.columns.map((c) => ({
    name: c.name.name,
    type: c.type.kind === 'ScalarTypeRef' ? (c.type.type ?? 'dynamic') : 'dynamic',
  }));
  const names = new Set(declared.map((d) => d.name));
  const bag = op.plugin.name.name === 'bag_unpack' ? op.plugin.args[0] : undefined;
  const rest = (op.plugin.name.name === 'bag_unpack' ? input.row.columns : result.row.columns).filter(
    (c) => !names.has(c.name) && !(bag?.kind === 'NameRef' && bag.name === c.name),
  );
  const columns: ColumnSchema[] = [];
  const exprs: PExpr[] = [];
  const pushRest = () => {
    for (const c of rest) {
      columns.push(c);
      exprs.push({ kind: 'Column', type: c.type, index: -1, name: c.name });
    }
  };
  // The syntax tree keeps only that `*` was written, so the other columns come first.
  if (schema.open) pushRest();
  for (const d of declared) {
    const ref: PExpr = { kind: 'Column', type: 'dynamic', index: -1, name: d.name };
    const fn = CONVERT[d.type];
    columns.push({ name: d.name, type: d.type });
    exprs.push(fn ? { kind: 'Call', type: d.type, fn, args: [ref] } : ref);
  }
  return { plan: { kind: 'Project', schema: { columns }, input: result.plan, exprs }, row: rowType(columns) };
}

function bindPlugin(op: EvaluateOp, input: Bound, env: TabEnv): Bound {
  const name = op.plugin.name.name;
  const ee = exprEnv(env, input.row);
  const args = op.plugin.args;
  switch (name) {
    case 'bag_unpack': {
      const bound = args.map((a) => bindScalar(a, ee));
      const col = bound[0];
      const keep = input.row.columns.filter((_, i) => !(col?.kind === 'Column' && col.index === i));
      return dynamicResult(name, input, bound, keep);
    }
    case 'pivot': {
      const bound: PExpr[] = [];
      args.forEach((a, i) => {
        if (i === 1 && a.kind === 'Call' && getAggregate(a.name.name)) {
          const agg = bindAggregate(a, { ...ee, aggregates: { add: () => constant('dynamic', null) } });
          bound.push({
            kind: 'Call',
            type: agg?.outputs[0]?.type ?? 'dynamic',
            fn: `aggregate:${a.name.name}`,
            args: agg?.args ?? [],
          });
        } else bound.push(bindScalar(a, ee));
      });
      return dynamicResult(name, input, bound, []);
    }
    case 'narrow': {
      const columns: ColumnSchema[] = [
        { name: 'Row', type: 'int' },
        { name: 'Column', type: 'string' },
        { name: 'Value', type: 'string' },
      ];
      return {
        plan: {
          kind: 'Evaluate',
          schema: { columns },
          input: input.plan,
          plugin: name,
          args: [],
          tables: [],
          dynamicSchema: false,
        },
        row: rowType(columns),
      };
    }
    case 'ipv4_lookup':
      return bindIpv4Lookup(op, args, input, env);
    case 'ipv6_lookup':
      return bindIpv6Lookup(op, args, input, env);
    case 'geo_line_lookup':
    case 'geo_polygon_lookup':
      return bindGeoLookup(op, input, env);
    case 'schema_merge':
      return fixedResult(
        name,
        input,
        args.map((a) => bindScalar(a, ee)),
        SCHEMA_MERGE_COLUMNS,
      );
    case 'sliding_window_counts':
      return bindActivity(op, input, env, 6, [
        { name: 'Count', type: 'long' },
        { name: 'Dcount', type: 'long' },
      ]);
    case 'activity_counts_metrics':
      return bindActivity(
        op,
        input,
        env,
        5,
        ['count', 'dcount', 'new_dcount', 'aggregated_dcount'].map((n) => ({ name: n, type: 'long' as const })),
      );
    case 'active_users_count':
      return bindActivity(op, input, env, 8, [{ name: 'dcount', type: 'long' }]);
    case 'activity_metrics':
      return bindActivity(op, input, env, 5, [
        { name: 'dcount_values', type: 'long' },
        { name: 'dcount_newvalues', type: 'long' },
        { name: 'retention_rate', type: 'real' },
        { name: 'churn_rate', type: 'real' },
      ]);
    case 'session_count':
      return bindActivity(op, input, env, 6, [{ name: 'count_sessions', type: 'long' }]);
    case 'preview':
    case 'rows_near':
      return fixedResult(
        name,
        input,
        args.map((a) => bindScalar(a, ee)),
        input.row.columns,
      );
    case 'dcount_intersect': {
      const bound = args.map((a) => bindScalar(a, ee));
      const sets = bound.map((_, i) => ({ name: `s${i}`, type: 'long' as const }));
      return fixedResult(name, input, bound, [...input.row.columns, ...sets]);
    }
    case 'rolling_percentile': {
      const bound = args.map((a) => bindScalar(a, ee));
      if (bound.length < 5) {
        report(env.ctx, DIAG.wrongArgCount(name, 'at least 5', bound.length), op.plugin.span);
        return errorBound();
      }
      const [value, pct, index, , perWindow] = bound as [PExpr, PExpr, PExpr, PExpr, PExpr];
      const constText = (e: PExpr) => (isConst(e) ? String(e.value) : '');
      const dims = bound.slice(5).map((d, i) => ({ name: keyName(args[5 + i]!) ?? `dim${i + 1}`, type: d.type }));
      const out = `rolling_${constText(perWindow)}_percentile_${keyName(args[0]!) ?? 'value'}_${constText(pct).replace('.', '_')}`;
      const columns: ColumnSchema[] = [
        { name: keyName(args[2]!) ?? 'Index', type: index.type },
        ...dims,
        { name: out, type: value.type === 'int' ? 'long' : value.type },
      ];
      return fixedResult(name, input, bound, columns);
    }
    default: {
      if (ANALYTICS_PLUGINS.has(name)) return bindAnalyticsPlugin(op, input, env);
      const refused = refusal(name);
      if (refused?.kind === 'plugin') {
        report(env.ctx, DIAG.notAvailableLocally(`${name} plugin`, refused.needs, refused.runsIn), op.plugin.name.span);
        return errorBound();
      }
      report(env.ctx, DIAG.unsupportedLocally(`The '${name}' plugin`), op.plugin.name.span);
      return errorBound();
    }
  }
}

function dynamicResult(plugin: string, input: Bound, args: PExpr[], known: readonly ColumnSchema[]): Bound {
  return {
    plan: {
      kind: 'Evaluate',
      schema: { columns: known },
      input: input.plan,
      plugin,
      args,
      tables: [],
      dynamicSchema: true,
    },
    row: rowType(known, true),
  };
}

const SCHEMA_MERGE_COLUMNS: readonly ColumnSchema[] = [
  { name: 'ColumnName', type: 'string' },
  { name: 'ColumnOrdinal', type: 'long' },
  { name: 'DataType', type: 'string' },
  { name: 'ColumnType', type: 'string' },
];

/**
 * The activity plugins: (IdColumn, TimelineColumn, scalar parameters…, dim1, dim2, …). Output: the
 * timeline column (named after it), the dimensions, then the plugin's metrics.
 */
function bindActivity(
  op: EvaluateOp,
  input: Bound,
  env: TabEnv,
  fixed: number,
  metrics: readonly ColumnSchema[],
): Bound {
  const name = op.plugin.name.name;
  const args = op.plugin.args;
  if (args.length < fixed) {
    report(env.ctx, DIAG.wrongArgCount(name, `at least ${fixed}`, args.length), op.plugin.span);
    return errorBound();
  }
  const ee = exprEnv(env, input.row);
  const bound = args.map((a) => bindScalar(a, ee));
  const time = bound[1]!;
  const dims = bound.slice(fixed).map((d, i) => ({ name: keyName(args[fixed + i]!) ?? `dim${i + 1}`, type: d.type }));
  const columns: ColumnSchema[] = [{ name: keyName(args[1]!) ?? 'Timestamp', type: time.type }, ...dims, ...metrics];
  return fixedResult(name, input, bound, columns);
}

/** Positional parameters after (table, key, longitude, latitude), in order; also accepted by name. */
const GEO_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  geo_line_lookup: ['radius', 'return_unmatched', 'lookup_area_radius', 'return_lookup_key'],
  geo_polygon_lookup: ['radius', 'return_unmatched', 'lookup_area_radius', 'return_lookup_key'],
};

/**
 * geo_line_lookup / geo_polygon_lookup(LookupTable, Key, Longitude, Latitude, [options…]).
 * Plan args: [key (lookup row), longitude, latitude, radius, return_unmatched]. Output: the input
 * columns, then the lookup's (its key column only with return_lookup_key = true).
 */
function bindGeoLookup(op: EvaluateOp, input: Bound, env: TabEnv): Bound {
  const name = op.plugin.name.name;
  const args = op.plugin.args;
  if (args.length < 4) {
    report(env.ctx, DIAG.wrongArgCount(name, 'at least 4', args.length), op.plugin.span);
    return errorBound();
  }
  const ee = exprEnv(env, input.row);
  const lookup = bindTabular(args[0]!, env);
  const key = bindScalar(args[1]!, exprEnv(env, lookup.row));
  const options = new Map<string, PExpr>();
  (GEO_OPTIONS[name] ?? []).forEach((o, i) => {
    const a = args[4 + i];
    if (a) options.set(o, bindScalar(a, ee));
  });
  for (const n of op.plugin.namedArgs) {
    const o = n.names[0]?.name;
    if (o !== undefined) options.set(o, bindScalar(n.expr, ee));
  }
  const flag = (o: string) => {
    const e = options.get(o);
    return e !== undefined && isConst(e) && e.value === true;
  };
  const keyName_ = key.kind === 'Column' ? key.name : undefined;
  const columns: ColumnSchema[] = [...input.row.columns];
  const taken = new Set(columns.map((c) => c.name));
  for (const c of lookup.row.columns) {
    if (taken.has(c.name) || (c.name === keyName_ && !flag('return_lookup_key'))) continue;
    columns.push(c);
  }
  const planArgs = [
    key,
    bindScalar(args[2]!, ee),
    bindScalar(args[3]!, ee),
    options.get('radius') ?? constant('real', null),
    constant('bool', flag('return_unmatched')),
  ];
  return fixedResult(name, input, planArgs, columns, [lookup.plan]);
}

function bindIpv6Lookup(op: EvaluateOp, args: readonly Expr[], input: Bound, env: TabEnv): Bound {
  if (args.length < 3) {
    report(env.ctx, DIAG.wrongArgCount('ipv6_lookup', '3 or 4', args.length), op.plugin.span);
    return errorBound();
  }
  const lookup = bindTabular(args[0]!, env);
  const ip = bindScalar(args[1]!, exprEnv(env, input.row));
  const rangeArg = args[2]!;
  const range = bindScalar(rangeArg, exprEnv(env, lookup.row));
  const unmatched = args[3] ? bindScalar(args[3], exprEnv(env, input.row)) : constant('bool', false);
  // The engine puts the lookup table's columns first, then the input's (unlike ipv4_lookup).
  const columns: ColumnSchema[] = [...lookup.row.columns];
  const taken = new Set(columns.map((c) => c.name));
  for (const c of input.row.columns) if (!taken.has(c.name)) columns.push(c);
  return fixedResult('ipv6_lookup', input, [ip, range, unmatched], columns, [lookup.plan]);
}

function bindIpv4Lookup(op: EvaluateOp, args: readonly Expr[], input: Bound, env: TabEnv): Bound {
  if (args.length < 3) {
    report(env.ctx, DIAG.wrongArgCount('ipv4_lookup', '3 or 4', args.length), op.plugin.span);
    return errorBound();
  }
  const lookup = bindTabular(args[0]!, env);
  const ip = bindScalar(args[1]!, exprEnv(env, input.row));
  const rangeArg = args[2]!;
  const rangeName = rangeArg.kind === 'NameRef' ? rangeArg.name : '';
  const rangeIdx = lookup.row.columns.findIndex((c) => c.name === rangeName);
  if (rangeIdx < 0 && !lookup.row.open) {
    report(env.ctx, DIAG.unknownColumn(rangeName, 'the lookup table'), rangeArg.span);
    return errorBound();
  }
  const unmatched = args[3] ? bindScalar(args[3], exprEnv(env, input.row)) : constant('bool', false);
  const columns: ColumnSchema[] = [...input.row.columns];
  const taken = new Set(columns.map((c) => c.name));
  for (const c of lookup.row.columns) if (!taken.has(c.name)) columns.push(c);
  return {
    plan: {
      kind: 'Evaluate',
      schema: { columns },
      input: input.plan,
      plugin: 'ipv4_lookup',
      args: [ip, constant('long', rangeIdx), unmatched],
      tables: [lookup.plan],
      dynamicSchema: false,
    },
    row: rowType(columns, input.row.open),
  };
}
