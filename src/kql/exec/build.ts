/**
 * Building output columns from computed values, with conversion to the plan's schema type, and
 * the small helpers operators share to evaluate expressions over a relation.
 */
import type { PExpr } from '../plan/nodes.js';
import type { ColumnSchema, KqlValue, ScalarType, TableSchema } from '../types.js';
import { coerceValue } from './coerce.js';
import type { ExecContext } from './context.js';
import { resolveColumn } from './expr/columns.js';
import { compileExpr, type RowCursor } from './expr/compile.js';
import { gatherColumn } from './gather.js';
import { physicalRow, type Relation, rowCountOf } from './relation.js';
import { BoolColumn, type Column, columnBuilder, NumberColumn, type Table, TicksColumn } from './table.js';

/** A column of `type` holding valueAt(0..n-1); values of another representation are converted. */
export function buildColumn(type: ScalarType, n: number, valueAt: (i: number) => KqlValue, ctx: ExecContext): Column {
  switch (type) {
    case 'int':
    case 'long':
    case 'real':
    case 'decimal': {
      const values = new Float64Array(n);
      let nulls: Uint8Array | undefined;
      let exact: BigInt64Array | undefined; // a long beyond 2^53 (table.ts NumberColumn.exact)
      for (let i = 0; i < n; i++) {
        ctx.tick();
        let v = valueAt(i);
        if (typeof v !== 'number') v = coerceValue(v, type);
        if (v === null) {
          nulls ??= new Uint8Array(n);
          nulls[i] = 1;
        } else if (typeof v === 'bigint') {
          exact ??= new BigInt64Array(n);
          exact[i] = v;
          values[i] = Number(v);
        } else values[i] = v as number;
      }
      return new NumberColumn(type, values, nulls, exact);
    }
    case 'datetime':
    case 'timespan': {
      const values = new BigInt64Array(n);
      let nulls: Uint8Array | undefined;
      for (let i = 0; i < n; i++) {
        ctx.tick();
        let v = valueAt(i);
        if (typeof v !== 'bigint') v = coerceValue(v, type);
        if (v === null) {
          nulls ??= new Uint8Array(n);
          nulls[i] = 1;
        } else values[i] = v as bigint;
      }
      return new TicksColumn(type, values, nulls);
    }
    case 'bool': {
      const values = new Uint8Array(n);
      let nulls: Uint8Array | undefined;
      for (let i = 0; i < n; i++) {
        ctx.tick();
        let v = valueAt(i);
        if (typeof v !== 'boolean') v = coerceValue(v, type);
        if (v === null) {
          nulls ??= new Uint8Array(n);
          nulls[i] = 1;
        } else values[i] = v ? 1 : 0;
      }
      return new BoolColumn(values, nulls);
    }
    default: {
      const b = columnBuilder(type);
      for (let i = 0; i < n; i++) {
        ctx.tick();
        const v = valueAt(i);
        b.append(type === 'dynamic' ? v : coerceValue(v, type));
      }
      return b.build();
    }
  }
}

/** True when the expression calls a window function (row_number, prev, …). */
export function usesRowContext(e: PExpr): boolean {
  switch (e.kind) {
    case 'Call':
      return ['row_number', 'prev', 'next', 'row_cumsum', 'row_rank_dense', 'row_rank_min'].includes(e.fn)
        ? true
        : e.args.some(usesRowContext);
    case 'And':
    case 'Or':
      return e.args.some(usesRowContext);
    case 'Not':
      return usesRowContext(e.arg);
    default:
      return false;
  }
}

/**
 * Evaluates `expr` for every row of `rel` into a column of `type`. A plain column reference of the
 * right type is gathered (or reused as is when there is no selection) instead of re-boxed.
 */
export function evalColumn(expr: PExpr, type: ScalarType, rel: Relation, ctx: ExecContext): Column {
  const n = rowCountOf(rel);
  if (expr.kind === 'Column') {
    const col = resolveColumn(rel.table, expr);
    if (col !== undefined && col.type === type) return rel.sel === undefined ? col : gatherColumn(col, rel.sel);
  }
  const cursor: RowCursor | undefined = usesRowContext(expr) ? { pos: 0, rows: rel.sel, count: n } : undefined;
  const ev = compileExpr(expr, { table: rel.table, ctx, cursor });
  const sel = rel.sel;
  if (cursor !== undefined) {
    return buildColumn(
      type,
      n,
      (i) => {
        cursor.pos = i;
        return ev(sel === undefined ? i : (sel[i] as number));
      },
      ctx,
    );
  }
  if (sel === undefined) return buildColumn(type, n, ev, ctx);
  return buildColumn(type, n, (i) => ev(sel[i] as number), ctx);
}

/** Row-major values of several expressions (grouping keys, sort keys). */
export function evalRows(exprs: readonly PExpr[], rel: Relation, ctx: ExecContext): KqlValue[][] {
  const evs = exprs.map((e) => compileExpr(e, { table: rel.table, ctx }));
  const n = rowCountOf(rel);
  const out = new Array<KqlValue[]>(n);
  for (let i = 0; i < n; i++) {
    ctx.tick();
    const r = physicalRow(rel, i);
    out[i] = evs.map((ev) => ev(r));
  }
  return out;
}

/** A table of exactly `schema`, converting any column whose type differs. */
export function tableWithSchema(
  schema: TableSchema,
  columns: readonly Column[],
  rowCount: number,
  ctx: ExecContext,
): Table {
  const cols = schema.columns.map((c: ColumnSchema, i) => {
    const col = columns[i];
    if (col === undefined) return buildColumn(c.type, rowCount, () => null, ctx);
    if (col.type === c.type) return col;
    return buildColumn(c.type, rowCount, (r) => col.get(r), ctx);
  });
  return { schema, columns: cols, rowCount };
}

/** Builds columns from row arrays (small results: aggregates, plugins). */
export function tableFromValues(schema: TableSchema, rows: readonly (readonly KqlValue[])[], ctx: ExecContext): Table {
  const columns = schema.columns.map((c, j) =>
    buildColumn(c.type, rows.length, (i) => (rows[i] as KqlValue[])[j] ?? null, ctx),
  );
  return { schema, columns, rowCount: rows.length };
}
