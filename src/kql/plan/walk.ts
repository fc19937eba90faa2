/** Generic traversal of plan nodes: children in order, and rebuilding a node with new children. */
import type { PExpr, PlanNode } from './nodes.js';

/** The input plans of a node (sub-plans of expressions excluded). */
export function planChildren(n: PlanNode): PlanNode[] {
  switch (n.kind) {
    case 'Scan':
    case 'Values':
    case 'Range':
    case 'ImplicitInput':
    case 'MaterializedRef':
    case 'ExternalData':
      return [];
    case 'Join':
      return [n.left, n.right];
    case 'Union':
      return [...n.inputs];
    case 'MvApply':
      return [n.input, n.subplan];
    case 'Partition':
      return [n.input, n.subplan];
    case 'Evaluate':
      return [...(n.input ? [n.input] : []), ...n.tables];
    case 'Fork':
      return [n.input, ...n.branches.map((b) => b.plan)];
    case 'MakeGraph':
      return [n.input, ...n.nodeTables.map((t) => t.plan)];
    default:
      return [n.input];
  }
}

/** Rebuilds `n` with each direct input plan replaced by `f(child)` (same order as planChildren). */
export function mapPlanChildren(n: PlanNode, f: (child: PlanNode) => PlanNode): PlanNode {
  switch (n.kind) {
    case 'Scan':
    case 'Values':
    case 'Range':
    case 'ImplicitInput':
    case 'MaterializedRef':
    case 'ExternalData':
      return n;
    case 'Join':
      return { ...n, left: f(n.left), right: f(n.right) };
    case 'Union':
      return { ...n, inputs: n.inputs.map(f) };
    case 'MvApply':
      return { ...n, input: f(n.input), subplan: f(n.subplan) };
    case 'Partition':
      return { ...n, input: f(n.input), subplan: f(n.subplan) };
    case 'Evaluate':
      return { ...n, input: n.input ? f(n.input) : undefined, tables: n.tables.map(f) };
    case 'Fork':
      return { ...n, input: f(n.input), branches: n.branches.map((b) => ({ ...b, plan: f(b.plan) })) };
    case 'MakeGraph':
      return { ...n, input: f(n.input), nodeTables: n.nodeTables.map((t) => ({ ...t, plan: f(t.plan) })) };
    default:
      return { ...n, input: f(n.input) } as PlanNode;
  }
}

/** Rebuilds an expression bottom-up with `f` applied to every node after its children. */
export function mapExpr(e: PExpr, f: (e: PExpr) => PExpr): PExpr {
  switch (e.kind) {
    case 'Call':
      return f({ ...e, args: e.args.map((a) => mapExpr(a, f)) });
    case 'And':
    case 'Or':
      return f({ ...e, args: e.args.map((a) => mapExpr(a, f)) });
    case 'Not':
      return f({ ...e, arg: mapExpr(e.arg, f) });
    default:
      return f(e);
  }
}

/** Whether the expression refers to any column of its input (directly, not through sub-plans). */
export function exprColumns(e: PExpr, out: Set<number> = new Set()): Set<number> {
  switch (e.kind) {
    case 'Column':
      out.add(e.index);
      break;
    case 'Call':
    case 'And':
    case 'Or':
      for (const a of e.args) exprColumns(a, out);
      break;
    case 'Not':
      exprColumns(e.arg, out);
      break;
    default:
      break;
  }
  return out;
}
