/**
 * Output column names for unnamed expressions, following Kusto: a plain column keeps its name,
 * `d.x` / `d['x']` becomes `d_x`, `print` numbers its columns `print_0, print_1 …`, other
 * operators `Column1, Column2 …`, and calls of some functions (`bin(Timestamp, 1h)`, `tostring(d.a)`,
 * `strlen(s)`) take a name from their first argument (resultName).
 */

import { DIAG } from '../diagnostics.js';
import type { PExpr } from '../plan/nodes.js';
import type { Expr, NamedExpr } from '../syntax/ast.js';
import { report } from './report.js';
import { bindScalar, simpleName } from './scalar.js';
import type { ExprEnv } from './scope.js';

export type NamingMode = 'print' | 'extend' | 'project' | 'by';

export interface NamedPExpr {
  readonly name: string;
  readonly expr: PExpr;
  readonly syntax: NamedExpr;
}

/** The name a `by` key or argument expression carries: its first column, through calls. */
export function keyName(e: Expr): string | undefined {
  const direct = simpleName(e);
  if (direct) return direct;
  if (e.kind === 'Call') {
    const named = firstNamedArgument(e);
    if (named) return named;
    if (e.args.length > 0) return keyName(e.args[0]!);
  }
  if (e.kind === 'Paren') return keyName(e.expr);
  return undefined;
}

/**
 * Functions whose result column takes a name from their first argument, as Kusto.Language names
 * them (its FunctionSymbol.ResultNameKind; read from @kusto/language-service-next 12.4): the
 * argument's own name (`bin(Timestamp, 1h)` → Timestamp, `tostring(d.a)` → d_a, recursively:
 * `round(bin(x, 1), 2)` → x) …
 */
const FIRST_ARGUMENT: ReadonlySet<string> = new Set(
  (
    'split tostring tohex todynamic toobject tolong toint toreal todouble todatetime totimespan totime tobool ' +
    'toboolean todecimal toguid parse_csv parsejson parse_json parse_xml format_datetime format_timespan ' +
    'startofday bin floor bin_at bin_auto binary_and binary_or binary_xor binary_not binary_shift_right ' +
    'binary_shift_left bitset_count_ones series_fir series_outliers series_iir series_fill_backward ' +
    'series_fill_forward series_fill_const series_fill_linear round ceiling pow sqrt log log2 log10 exp exp2 ' +
    'exp10 cos sin tan acos asin atan atan2 abs rand gamma loggamma erf erfc format_bytes'
  ).split(' '),
);
/** … the function's name and the argument's (`strlen(s)` → strlen_s; `strlen("ab")` → strlen_) … */
const NAME_AND_FIRST_ARGUMENT: ReadonlySet<string> = new Set([
  'strlen',
  'string_size',
  'percentile_tdigest',
  'dcount_hll',
]);
/** … a prefix and the argument's (`gettype(s)` → type_s, `treepath(d)` → tree_d) … */
const PREFIX_AND_FIRST_ARGUMENT: Readonly<Record<string, string>> = {
  gettype: 'type',
  treepath: 'tree',
  percentiles_array_tdigest: 'percentile_tdigest',
};
/** … or the only argument's, when there is one (`make_datetime(x)` → x). */
const ONLY_ARGUMENT: ReadonlySet<string> = new Set(['make_datetime', 'make_timespan']);

/**
 * The name Kusto gives an unnamed expression in project, extend and by: a column or path keeps
 * its name, a call of the functions above takes one from its first argument; anything else has
 * none (Column1, Column2 …).
 */
export function resultName(e: Expr): string | undefined {
  const direct = simpleName(e);
  if (direct) return direct;
  if (e.kind === 'Paren') return resultName(e.expr);
  if (e.kind !== 'Call' || e.target !== undefined) return undefined;
  // A name given to the first argument names the result (`bin(T5 = Timestamp, 5m)` → T5).
  const named = firstNamedArgument(e);
  if (named) return named;
  const f = e.name.name;
  const first = e.args[0];
  if (FIRST_ARGUMENT.has(f)) return first ? resultName(first) : undefined;
  if (NAME_AND_FIRST_ARGUMENT.has(f)) return `${f}_${first ? (resultName(first) ?? '') : ''}`;
  const prefix = PREFIX_AND_FIRST_ARGUMENT[f];
  if (prefix !== undefined) return `${prefix}_${first ? (resultName(first) ?? '') : ''}`;
  if (ONLY_ARGUMENT.has(f) && e.args.length === 1 && first) return resultName(first);
  return undefined;
}

/** The name of `f(name = …, …)` when a named argument comes before every positional one. */
function firstNamedArgument(e: Extract<Expr, { kind: 'Call' }>): string | undefined {
  return e.namedArgs.find((n) => e.args.every((a) => n.span.start < a.span.start))?.names[0]?.name;
}

/** Makes `name` unique against `taken` by appending 1, 2, … (Kusto's join/union convention). */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 1; ; i++) if (!taken.has(`${name}${i}`)) return `${name}${i}`;
}

/** Binds a list of `[name =] expr` items and names each output column. */
export function namedItems(
  items: readonly NamedExpr[],
  env: ExprEnv,
  mode: NamingMode,
  taken: Set<string> = new Set(),
  bind: (e: Expr, env: ExprEnv) => PExpr = bindScalar,
): NamedPExpr[] {
  const out: NamedPExpr[] = [];
  const declared = new Set<string>();
  let columnN = 0;
  items.forEach((item, index) => {
    const expr = bind(item.expr, env);
    let name: string | undefined = item.names[0]?.name;
    if (name !== undefined) {
      // `extend a = 1, a = 2` is an error in Kusto (replacing an input column is not)
      if (declared.has(name)) report(env.ctx, DIAG.columnDeclaredTwice(name), item.span);
      declared.add(name);
    }
    if (name === undefined) {
      // print names every unnamed column print_N, even a plain variable (`print d` → print_0).
      name = mode === 'print' ? undefined : resultName(item.expr);
      // A name taken from a call's argument is made unique where columns cannot repeat (project,
      // by: `project bin(x, 1), tolong(x)` → x, x1); extend replaces a column of that name.
      if (name !== undefined && mode !== 'extend' && simpleName(item.expr) === undefined)
        name = uniqueName(name, taken);
      if (name === undefined) {
        if (mode === 'print') name = `print_${index}`;
        else {
          do name = `Column${++columnN}`;
          while (taken.has(name));
        }
      }
    }
    taken.add(name);
    out.push({ name, expr, syntax: item });
  });
  return out;
}
