/**
 * Column twins: the two dialects of a table name the same value differently. A Defender XDR export
 * has `Timestamp` and no `TimeGenerated`; a Sentinel export of the same table has `TimeGenerated`
 * (and `Timestamp` only sometimes); IdentityInfo spells `AccountUpn` / `AccountUPN`. Rules of either
 * dialect must run on either export, so a loaded table's empty twin takes its partner's values:
 * the partner's column itself when the twin is empty throughout (no copy), else a merged column
 * where only the empty cells are filled.
 */
import type { Column, Table } from '../kql/engine.js';
import { columnBuilder, makeTable } from '../kql/engine.js';

const isEmpty = (v: unknown): boolean => v === null || v === '';

function emptyRows(col: Column): number {
  let n = 0;
  for (let i = 0; i < col.length; i++) if (isEmpty(col.get(i))) n++;
  return n;
}

/** `target` with its empty cells taken from `source`, or undefined when nothing would change. */
function fill(target: Column, source: Column): Column | undefined {
  const empty = emptyRows(target);
  if (empty === 0) return undefined;
  if (empty === target.length) return emptyRows(source) === source.length ? undefined : source;
  let changes = false;
  const b = columnBuilder(target.type);
  for (let i = 0; i < target.length; i++) {
    const t = target.get(i);
    const s = isEmpty(t) ? source.get(i) : null;
    if (isEmpty(t) && !isEmpty(s)) {
      b.append(s);
      changes = true;
    } else b.append(t);
  }
  return changes ? b.build() : undefined;
}

/** The table with each empty twin filled from its partner (same table when no twin needed it). */
export function fillTwins(table: Table, twins: readonly (readonly [string, string])[]): Table {
  if (table.rowCount === 0 || twins.length === 0) return table;
  let columns: Column[] | undefined;
  const at = (name: string) => table.schema.columns.findIndex((c) => c.name === name);
  for (const [a, b] of twins) {
    const ia = at(a);
    const ib = at(b);
    if (ia < 0 || ib < 0) continue;
    const ca = table.columns[ia] as Column;
    const cb = table.columns[ib] as Column;
    if (ca.type !== cb.type) continue;
    const fa = fill(ca, cb);
    const fb = fill(cb, ca);
    if (!fa && !fb) continue;
    columns ??= [...table.columns];
    if (fa) columns[ia] = fa;
    if (fb) columns[ib] = fb;
  }
  return columns ? makeTable(table.schema, columns) : table;
}
