/**
 * Which columns of which tables a plan reads: a backward pass from the output (every output column
 * is needed) through the operators down to each Scan. Loaders use it to build only the columns a
 * query or a rule pack reads (see telemetry/load.ts `projection`).
 *
 * Precise for the operators rules are made of (where, project/extend, summarize, sort, top, take,
 * count, distinct, join keys, union mappings); every other operator asks for all columns of its
 * inputs, so the answer is never smaller than what execution reads.
 */
import type { PExpr, PlanNode } from './nodes.js';
import { exprColumns, planChildren } from './walk.js';

/** Per table: the column names read, or 'all'. */
export type ScanColumns = Map<string, Set<string> | 'all'>;

type Need = Set<number> | 'all';

export function scanColumns(plan: PlanNode, out: ScanColumns = new Map()): ScanColumns {
  visit(plan, 'all', out);
  return out;
}

function visit(n: PlanNode, need: Need, out: ScanColumns): void {
  const all = () => {
    for (const c of planChildren(n)) visit(c, 'all', out);
  };
  switch (n.kind) {
    case 'Scan': {
      const prev = out.get(n.table);
      if (need === 'all' || prev === 'all') {
        out.set(n.table, 'all');
        return;
      }
      const names = prev ?? new Set<string>();
      for (const i of need) {
        const c = n.schema.columns[i];
        if (c) names.add(c.name);
      }
      out.set(n.table, names);
      return;
    }
    case 'Filter':
      subplans([n.predicate], out);
      visit(n.input, union(need, cols([n.predicate])), out);
      return;
    case 'Project': {
      const used = need === 'all' ? n.exprs : [...need].map((i) => n.exprs[i]).filter((e) => e !== undefined);
      subplans(n.exprs, out);
      visit(n.input, cols(used), out);
      return;
    }
    case 'Aggregate': {
      const exprs = [...n.keys, ...n.aggregates.flatMap((a) => a.args)];
      subplans(exprs, out);
      visit(n.input, cols(exprs), out);
      return;
    }
    case 'Sort':
    case 'Top': {
      const exprs = n.keys.map((k) => k.expr);
      subplans(n.kind === 'Top' ? [...exprs, n.count] : exprs, out);
      visit(n.input, union(need, cols(exprs)), out);
      return;
    }
    case 'Limit':
      subplans([n.count], out);
      visit(n.input, need, out);
      return;
    case 'Count':
      visit(n.input, new Set(), out);
      return;
    case 'Distinct':
      subplans(n.exprs, out);
      visit(n.input, cols(n.exprs), out);
      return;
    case 'Union': {
      n.inputs.forEach((input, i) => {
        const mapping = n.mappings[i] ?? [];
        if (need === 'all') {
          visit(input, 'all', out);
          return;
        }
        const want = new Set<number>();
        for (const c of need) {
          const from = mapping[c];
          if (from !== undefined && from >= 0) want.add(from);
        }
        visit(input, want, out);
      });
      return;
    }
    default:
      all();
      return;
  }
}

const cols = (exprs: readonly PExpr[]): Set<number> => {
  const s = new Set<number>();
  for (const e of exprs) exprColumns(e, s);
  return s;
};

const union = (a: Need, b: Set<number>): Need => (a === 'all' ? 'all' : new Set([...a, ...b]));

/** Sub-plans inside expressions (toscalar, `in (T | …)`) read whatever they read. */
function subplans(exprs: readonly PExpr[], out: ScanColumns): void {
  const walk = (e: PExpr): void => {
    switch (e.kind) {
      case 'SubqueryScalar':
      case 'SubqueryList':
        visit(e.plan, 'all', out);
        return;
      case 'Call':
      case 'And':
      case 'Or':
        for (const a of e.args) walk(a);
        return;
      case 'Not':
        walk(e.arg);
        return;
      default:
        return;
    }
  };
  for (const e of exprs) walk(e);
}
