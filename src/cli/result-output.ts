/**
 * Result writers of `kqlhunt query`: JSON (the contract other tools read), an aligned text table
 * for people, and RFC 4180 CSV for spreadsheets.
 */
import type { QueryResult, Table } from '../kql/engine.js';
import { formatCell, jsonText, toJsonCell } from '../kql/engine.js';

export interface JsonResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
}

export function toJsonResult(table: Table): JsonResult {
  const columns = table.schema.columns.map((c) => ({ name: c.name, type: c.type }));
  const rows: unknown[][] = [];
  for (let r = 0; r < table.rowCount; r++) {
    rows.push(table.columns.map((col, i) => toJsonCell(col.get(r), table.schema.columns[i]!.type)));
  }
  return { columns, rows };
}

export type OutputFormat = 'table' | 'json' | 'csv';

export function formatResult(result: QueryResult, format: OutputFormat, maxCellWidth = 60): string {
  switch (format) {
    case 'json':
      return `${jsonText(toJsonResult(result.table))}\n`;
    case 'csv':
      return formatCsv(result.table);
    case 'table':
      return formatTextTable(result.table, maxCellWidth);
    default: {
      const never: never = format;
      return String(never);
    }
  }
}

function cellText(table: Table, row: number, col: number): string {
  return formatCell(table.columns[col]!.get(row), table.schema.columns[col]!.type);
}

/** RFC 4180: CRLF line ends; fields with comma, quote, CR or LF are quoted, quotes doubled. */
export function formatCsv(table: Table): string {
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [table.schema.columns.map((c) => field(c.name)).join(',')];
  for (let r = 0; r < table.rowCount; r++) {
    lines.push(table.columns.map((_, c) => field(cellText(table, r, c))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One display line per cell: control characters escaped, long cells cut with an ellipsis. */
export function displayCell(s: string, maxWidth: number): string {
  const flat = s.replace(/\r\n|\r|\n/g, '\\n').replace(/\t/g, '\\t');
  return flat.length > maxWidth ? `${flat.slice(0, Math.max(1, maxWidth - 1))}…` : flat;
}

/** Aligned columns, a rule under the header, numbers right-aligned, and a row count footer. */
export function formatTextTable(table: Table, maxCellWidth: number): string {
  const cols = table.schema.columns;
  const grid: string[][] = [];
  for (let r = 0; r < table.rowCount; r++)
    grid.push(cols.map((_, c) => displayCell(cellText(table, r, c), maxCellWidth)));
  const header = cols.map((c) => displayCell(c.name, maxCellWidth));
  const widths = header.map((h, c) => Math.max(h.length, ...grid.map((row) => row[c]!.length)));
  const right = cols.map((c) => c.type === 'int' || c.type === 'long' || c.type === 'real' || c.type === 'decimal');
  const line = (cells: readonly string[]) =>
    cells
      .map((s, c) => (right[c] ? s.padStart(widths[c]!) : s.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...grid.map(line)];
  const n = table.rowCount;
  out.push(`(${n} row${n === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
}
