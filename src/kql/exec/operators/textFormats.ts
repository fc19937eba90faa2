/** Minimal CSV/TSV and JSON-lines readers for externaldata (local files only). */
import type { KqlValue, TableSchema } from '../../types.js';
import { parseText } from '../coerce.js';

/** RFC 4180 records: quoted fields may hold separators, doubled quotes and newlines. */
export function parseDelimited(text: string, sep: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** CSV/TSV rows map to columns by position. */
export function delimitedRows(text: string, sep: string, schema: TableSchema, skipFirst: boolean): KqlValue[][] {
  const records = parseDelimited(text, sep);
  return records.slice(skipFirst ? 1 : 0).map((rec) => schema.columns.map((c, i) => parseText(rec[i] ?? '', c.type)));
}

/** JSON lines map to columns by property name. */
export function jsonLineRows(text: string, schema: TableSchema): KqlValue[][] {
  const rows: KqlValue[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      continue;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) continue;
    const rec = obj as Record<string, unknown>;
    rows.push(
      schema.columns.map((c) => {
        const v = rec[c.name];
        if (v === undefined || v === null) return c.type === 'string' ? '' : null;
        if (c.type === 'dynamic') return v as KqlValue;
        return parseText(typeof v === 'string' ? v : JSON.stringify(v), c.type);
      }),
    );
  }
  return rows;
}
