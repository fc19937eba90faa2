/**
 * The columns of each scanned table that a plan refers to by name anywhere (filters, projections,
 * keys, aggregates, sub-plans). Names are matched against each table's schema, so a computed column
 * that shares a table column's name counts as read: the answer can be larger than needed, never
 * smaller. Used to cut a rule's evidence rows down to what the rule reads.
 */
import type { PlanNode } from './nodes.js';

export function referencedColumns(root: PlanNode): Map<string, string[]> {
  const scans = new Map<string, readonly string[]>();
  const names = new Set<string>();
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const o = v as Record<string, unknown>;
    if ((o.kind === 'Column' || o.kind === 'OuterColumn') && typeof o.name === 'string') names.add(o.name);
    if (o.kind === 'Scan' && typeof o.table === 'string') {
      const schema = o.schema as { columns?: readonly { name: string }[] } | undefined;
      scans.set(
        o.table,
        (schema?.columns ?? []).map((c) => c.name),
      );
    }
    for (const x of Object.values(o)) visit(x);
  };
  visit(root);
  const out = new Map<string, string[]>();
  for (const [table, columns] of scans)
    out.set(
      table,
      columns.filter((c) => names.has(c)),
    );
  return out;
}
