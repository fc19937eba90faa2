/**
 * evaluate plugin(...): the plugins the local engine runs (bag_unpack, pivot, narrow, ipv4_lookup);
 * everything else gets "not supported locally". bag_unpack and pivot produce columns that depend on
 * the data: their row is open and the executor computes the schema.
 */
import { DIAG } from '../../diagnostics.js';
import { getAggregate } from '../../library/index.js';
import type { PExpr } from '../../plan/nodes.js';
import type { EvaluateOp, Expr } from '../../syntax/ast.js';
import type { ColumnSchema } from '../../types.js';
import { exprEnv } from '../operators.js';
import { report } from '../report.js';
import { bindAggregate, bindScalar, constant } from '../scalar.js';
import { rowType } from '../scope.js';
import { type Bound, bindTabular, errorBound, type TabEnv } from '../tabular.js';

export function bindEvaluate(op: EvaluateOp, input: Bound, env: TabEnv): Bound {
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
    default:
      report(env.ctx, DIAG.unsupportedLocally(`The '${name}' plugin`), op.plugin.name.span);
      return errorBound();
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
