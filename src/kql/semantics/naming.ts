/**
 * Output column names for unnamed expressions, following Kusto: a plain column keeps its name,
 * `d.x` / `d['x']` becomes `d_x`, `print` numbers its columns `print_0, print_1 …`, other
 * operators `Column1, Column2 …`, and a `by` key such as `bin(Timestamp, 1h)` takes the name of its
 * first column argument.
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
    const first = e.namedArgs.find((n) => e.args.every((a) => n.span.start < a.span.start));
    if (first?.names[0]) return first.names[0].name;
    if (e.args.length > 0) return keyName(e.args[0]!);
  }
  if (e.kind === 'Paren') return keyName(e.expr);
  return undefined;
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
      name = mode === 'by' ? keyName(item.expr) : mode === 'print' ? undefined : simpleName(item.expr);
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
