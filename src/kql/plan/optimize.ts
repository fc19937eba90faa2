/**
 * Plan rewrites, each result-preserving:
 * - constant folding: a deterministic call whose arguments are all constants is evaluated once
 *   (so `Timestamp > datetime(2024-01-01) + 1d` compares a column against one constant, which the
 *   executor specialises);
 * - filter pushdown: a filter above a projection moves below it when it only reads columns the
 *   projection passes through unchanged (hunting queries often `extend` before `where`).
 */
import { getScalarFunction } from '../library/index.js';
import type { FilterNode, JoinNode, PConst, PExpr, PlanNode, ProjectNode } from './nodes.js';
import { exprColumns, mapExpr, mapPlanChildren } from './walk.js';

export function optimize(root: PlanNode): PlanNode {
  return rewrite(root);
}

function rewrite(n: PlanNode): PlanNode {
  const node = foldNodeExprs(mapPlanChildren(n, rewrite));
  if (node.kind === 'Filter' && node.input.kind === 'Project') return pushFilterBelowProject(node, node.input);
  if (node.kind === 'Filter' && node.input.kind === 'Join') return pushFilterIntoJoinLeft(node, node.input);
  return node;
}

/**
 * A filter on left-side columns only moves into the join's left input for the kinds that keep
 * left rows as they are (inner, innerunique, leftouter, leftsemi, leftanti). For innerunique this is
 * also what the Kusto engine does: the left side is de-duplicated after such a filter.
 */
function pushFilterIntoJoinLeft(filter: FilterNode, join: JoinNode): PlanNode {
  const kinds = ['inner', 'innerunique', 'leftouter', 'leftsemi', 'leftanti'];
  if (!kinds.includes(join.joinKind)) return filter;
  const leftWidth = join.left.schema.columns.length;
  const used = exprColumns(filter.predicate);
  if (used.has(-1) || [...used].some((i) => i >= leftWidth)) return filter;
  const pushed: FilterNode = {
    kind: 'Filter',
    schema: join.left.schema,
    input: join.left,
    predicate: filter.predicate,
  };
  return { ...join, left: rewrite(pushed) };
}

function pushFilterBelowProject(filter: FilterNode, project: ProjectNode): PlanNode {
  const used = exprColumns(filter.predicate);
  // Row-numbering functions (row_number, prev, next …) see the rows before the filter: keep order.
  if (used.has(-1) || project.exprs.some(usesRowContext)) return filter;
  const mapping = new Map<number, number>();
  for (const i of used) {
    const src = project.exprs[i];
    if (src?.kind !== 'Column' || src.index < 0) return filter;
    mapping.set(i, src.index);
  }
  const predicate = mapExpr(filter.predicate, (e) =>
    e.kind === 'Column' ? { ...e, index: mapping.get(e.index)! } : e,
  );
  const pushed: FilterNode = { kind: 'Filter', schema: project.input.schema, input: project.input, predicate };
  return { ...project, input: rewrite(pushed) };
}

function foldNodeExprs(n: PlanNode): PlanNode {
  switch (n.kind) {
    case 'Filter':
      return { ...n, predicate: fold(n.predicate) };
    case 'Project':
      return { ...n, exprs: n.exprs.map(fold) };
    case 'Values':
      return { ...n, rows: n.rows.map((r) => r.map(fold)) };
    default:
      return n;
  }
}

/** Folds constant sub-expressions; leaves anything non-deterministic or failing untouched. */
export function fold(e: PExpr): PExpr {
  return mapExpr(e, (x) => {
    if (x.kind !== 'Call' || !x.args.every((a) => a.kind === 'Const')) return x;
    const fn = getScalarFunction(x.fn);
    if (!fn || fn.flags?.nondeterministic || fn.flags?.usesNow || fn.flags?.rowContext || fn.flags?.cloudOnly) return x;
    try {
      const consts = x.args.map((a) => (a as PConst).value);
      const impl = fn.compile(
        x.args.map((a) => a.type),
        consts,
        { now: 0n },
      );
      const value = impl(...consts);
      if (value === undefined) return x;
      return { kind: 'Const', type: x.type, value } satisfies PConst;
    } catch {
      return x;
    }
  });
}

function usesRowContext(e: PExpr): boolean {
  let found = false;
  mapExpr(e, (x) => {
    if (x.kind === 'Call' && getScalarFunction(x.fn)?.flags?.rowContext) found = true;
    return x;
  });
  return found;
}
