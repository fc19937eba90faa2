/**
 * Calls the binder resolves itself rather than through the function library: they need the row
 * (`pack_all`, `column_ifexists`), a sub-query (`toscalar`), or map onto a plan node (`not`).
 */
import { DIAG } from '../diagnostics.js';
import type { PExpr } from '../plan/nodes.js';
import type { Call } from '../syntax/ast.js';
import { parseTypeName } from '../types.js';
import { report } from './report.js';
import { bindScalar, constant, ERROR_EXPR, isConst } from './scalar.js';
import { type ExprEnv, findColumn } from './scope.js';
import { bindTabularOperand, isTabularExpr } from './tabular.js';

export function bindSpecialCall(e: Call, env: ExprEnv): PExpr | undefined {
  switch (e.name.name) {
    case 'toscalar': {
      const arg = e.args[0];
      if (!arg) {
        report(env.ctx, DIAG.wrongArgCount('toscalar', '1', 0), e.span);
        return ERROR_EXPR;
      }
      if (!isTabularExpr(arg, env)) return bindScalar(arg, env);
      const sub = bindTabularOperand(arg, env);
      if (!sub) return ERROR_EXPR;
      return { kind: 'SubqueryScalar', type: sub.row.columns[0]?.type ?? 'dynamic', plan: sub.plan };
    }
    case 'not': {
      if (e.args.length !== 1) {
        report(env.ctx, DIAG.wrongArgCount('not', '1', e.args.length), e.span);
        return ERROR_EXPR;
      }
      return { kind: 'Not', type: 'bool', arg: bindScalar(e.args[0]!, env) };
    }
    case 'column_ifexists': {
      if (e.args.length !== 2) {
        report(env.ctx, DIAG.wrongArgCount('column_ifexists', '2', e.args.length), e.span);
        return ERROR_EXPR;
      }
      const nameArg = bindScalar(e.args[0]!, env);
      if (!isConst(nameArg) || typeof nameArg.value !== 'string') {
        report(env.ctx, DIAG.constantRequired("column_ifexists()'s column name"), e.args[0]!.span);
        return ERROR_EXPR;
      }
      const idx = findColumn(env.row, nameArg.value);
      if (idx >= 0) return { kind: 'Column', type: env.row.columns[idx]!.type, index: idx, name: nameArg.value };
      return bindScalar(e.args[1]!, env);
    }
    case 'pack_all': {
      const args: PExpr[] = [];
      env.row.columns.forEach((c, i) => {
        args.push(constant('string', c.name), { kind: 'Column', type: c.type, index: i, name: c.name });
      });
      return { kind: 'Call', type: 'dynamic', fn: 'bag_pack', args };
    }
    case 'materialize':
    case 'table':
      report(env.ctx, DIAG.notAScalar(`${e.name.name}()`), e.span);
      return ERROR_EXPR;
    case 'typeof': {
      // `typeof(long)` names a type: extract(), extract_json() and friends take it as a constant.
      const arg = e.args[0];
      const t = arg?.kind === 'NameRef' ? parseTypeName(arg.name) : undefined;
      if (!arg || t === undefined) {
        report(
          env.ctx,
          DIAG.expected(
            'a type name in typeof()',
            arg ? `'${arg.kind === 'NameRef' ? arg.name : 'an expression'}'` : 'nothing',
          ),
          e.span,
        );
        return ERROR_EXPR;
      }
      return constant('string', t);
    }
    case 'bin_auto': {
      // bin_auto(x) bins by the request's `set query_bin_auto_size` (default 1h) and
      // `query_bin_auto_at` (default: bins aligned to 0).
      if (e.args.length !== 1) {
        report(env.ctx, DIAG.wrongArgCount('bin_auto', '1', e.args.length), e.span);
        return ERROR_EXPR;
      }
      const x = bindScalar(e.args[0]!, env);
      const size = env.ctx.requestProperties.get('query_bin_auto_size') ?? constant('timespan', 36_000_000_000n);
      const at = env.ctx.requestProperties.get('query_bin_auto_at');
      return at
        ? { kind: 'Call', type: x.type, fn: 'bin_at', args: [x, size, at] }
        : { kind: 'Call', type: x.type, fn: 'bin', args: [x, size] };
    }
    case 'bag_pack_columns': {
      // bag_pack_columns(a, b) = bag_pack('a', a, 'b', b): the bag is keyed by column names.
      const args: PExpr[] = [];
      for (const a of e.args) {
        if (a.kind !== 'NameRef') {
          report(env.ctx, DIAG.expectedType('Each bag_pack_columns() argument', 'a column', 'an expression'), a.span);
          return ERROR_EXPR;
        }
        args.push(constant('string', a.name), bindScalar(a, env));
      }
      return { kind: 'Call', type: 'dynamic', fn: 'bag_pack', args };
    }
    case 'column_names_of': {
      const arg = e.args[0];
      if (!arg || e.args.length !== 1 || !isTabularExpr(arg, env)) {
        report(env.ctx, DIAG.expectedType("column_names_of()'s argument", 'a table', 'something else'), e.span);
        return ERROR_EXPR;
      }
      const sub = bindTabularOperand(arg, env);
      return constant(
        'dynamic',
        (sub?.row.columns ?? []).map((c) => c.name),
      );
    }
    case 'ingestion_time':
      return constant('datetime', null);
    case 'estimate_data_size': {
      // estimate_data_size(*) sums over every column of the row; named columns otherwise.
      const args: PExpr[] = [];
      for (const a of e.args) {
        if (a.kind === 'Star') {
          env.row.columns.forEach((c, i) => {
            args.push({ kind: 'Column', type: c.type, index: i, name: c.name });
          });
        } else args.push(bindScalar(a, env));
      }
      if (args.length === 0) {
        report(env.ctx, DIAG.wrongArgCount('estimate_data_size', 'at least 1', 0), e.span);
        return ERROR_EXPR;
      }
      return { kind: 'Call', type: 'long', fn: 'estimate_data_size', args };
    }
    default:
      return undefined;
  }
}
