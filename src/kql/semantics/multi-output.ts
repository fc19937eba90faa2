/**
 * Functions with several results (library `outputs`: series_fit_line, series_decompose …) in
 * extend and project: the call returns an array, and each output becomes a column. Unnamed outputs
 * are named `fn_arg_output` (`series_fit_line_y_slope`); typed outputs are converted from the array
 * element (a real stays real, an array stays dynamic).
 */
import { getScalarFunction } from '../library/index.js';
import type { PExpr } from '../plan/nodes.js';
import type { Expr } from '../syntax/ast.js';
import type { ScalarType } from '../types.js';
import type { TabEnv } from './tabular.js';

export interface OutputColumn {
  readonly name: string;
  readonly expr: PExpr;
}

const CONVERT: Partial<Record<ScalarType, string>> = {
  real: 'todouble',
  long: 'tolong',
  int: 'toint',
  string: 'tostring',
};

/** The declared outputs of `e` when it calls a multi-result library function (not shadowed). */
export function outputsOf(e: Expr, env: TabEnv): readonly { name: string; type: ScalarType }[] | undefined {
  if (e.kind !== 'Call' || e.target !== undefined) return undefined;
  if (env.scope.lookup(e.name.name)) return undefined;
  return getScalarFunction(e.name.name)?.outputs;
}

/**
 * One column per output: `names` name the first ones; the rest get default names when
 * `defaultRest` (project), and are dropped otherwise (extend keeps only what it names, unless it
 * names nothing).
 */
export function outputColumns(
  e: Extract<Expr, { kind: 'Call' }>,
  bound: PExpr,
  outputs: readonly { name: string; type: ScalarType }[],
  names: readonly string[],
  defaultRest: boolean,
): OutputColumn[] {
  const arg = e.args[0];
  const prefix = arg?.kind === 'NameRef' ? `${e.name.name}_${arg.name}` : e.name.name;
  const out: OutputColumn[] = [];
  outputs.forEach((o, i) => {
    const name = names[i] ?? (names.length === 0 || defaultRest ? `${prefix}_${o.name}` : undefined);
    if (name === undefined) return;
    const element: PExpr = {
      kind: 'Call',
      type: 'dynamic',
      fn: '[]',
      args: [bound, { kind: 'Const', type: 'long', value: i }],
    };
    const fn = CONVERT[o.type];
    out.push({ name, expr: fn ? { kind: 'Call', type: o.type, fn, args: [element] } : element });
  });
  return out;
}
