/**
 * Routes one parsed record to a table: a streaming-API envelope, a Windows event (mapped), or a
 * plain row whose table comes from the forced option, a table column (`$table`, `Type`, `Table`)
 * as in Sentinel / Log Analytics exports, or the file name.
 */
import { canonicalTableName, tableSchema } from '../schemas.js';
import { isStreamingRecord, unwrapStreamingRecord } from './streaming-api.js';
import { isWindowsEvent, mapWindowsEvent } from './windows-events.js';

export type RecordKind = 'rows' | 'sentinel' | 'streaming-api' | 'windows-events';

export type Routed =
  | {
      readonly kind: RecordKind;
      readonly table: string;
      readonly row: Readonly<Record<string, unknown>>;
      /** A second row of the same record in another table (a Windows event kept Defender's way and Log Analytics' way). */
      readonly also?: { readonly table: string; readonly row: Readonly<Record<string, unknown>> };
    }
  | { readonly kind: 'windows-events'; readonly unmapped: string };

export interface RouteContext {
  /** Table forced by the caller (plain rows only). */
  readonly table?: string;
  /** Content format forced by the caller. */
  readonly format?: 'rows' | 'streaming' | 'windows' | 'sentinel';
  /** Table named by the file (`DeviceProcessEvents.csv.gz` → DeviceProcessEvents). */
  readonly fileTable: string;
  /** When set, plain rows without a table column go where this says (detection by columns). */
  readonly tableOfRow?: (rec: Readonly<Record<string, unknown>>) => string;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export function routeRecord(rec: Readonly<Record<string, unknown>>, line: number, ctx: RouteContext): Routed {
  const f = ctx.format;
  if (f === 'streaming' || (f === undefined && isStreamingRecord(rec))) {
    if (isStreamingRecord(rec)) {
      const { table, row } = unwrapStreamingRecord(rec);
      return { kind: 'streaming-api', table: normaliseTable(table), row };
    }
  }
  if (f === 'windows' || (f === undefined && ctx.table === undefined && isWindowsEvent(rec))) {
    const m = mapWindowsEvent(rec, line);
    return m.kind === 'row'
      ? { kind: 'windows-events', table: m.table, row: m.row, ...(m.also ? { also: m.also } : {}) }
      : { kind: 'windows-events', unmapped: m.key };
  }
  return routeRow(rec, ctx);
}

function routeRow(rec: Readonly<Record<string, unknown>>, ctx: RouteContext): Routed {
  if (ctx.table !== undefined)
    return { kind: 'rows', table: normaliseTable(ctx.table), row: withoutKey(rec, '$table') };
  for (const key of ['$table', 'Type', 'Table'] as const) {
    const v = rec[key];
    if (typeof v !== 'string' || !TABLE_NAME.test(v)) continue;
    const table = normaliseTable(v);
    // `Type` is itself a column of the Sentinel copies: keep it; drop pure selector keys.
    const keep = key === 'Type' || tableSchema(table)?.columns.some((c) => c.name === key) === true;
    return { kind: key === 'Type' ? 'sentinel' : 'rows', table, row: keep ? rec : withoutKey(rec, key) };
  }
  return { kind: 'rows', table: ctx.tableOfRow ? ctx.tableOfRow(rec) : ctx.fileTable, row: rec };
}

function withoutKey(rec: Readonly<Record<string, unknown>>, key: string): Readonly<Record<string, unknown>> {
  if (!(key in rec)) return rec;
  const { [key]: _drop, ...rest } = rec;
  return rest;
}

/** Known tables in canonical case; unknown names as written. */
export function normaliseTable(name: string): string {
  return canonicalTableName(name) ?? name;
}

/**
 * Table named by a file: the base name without `.gz`, the format extension and `.streaming`; a known
 * table name followed by a separator (`DeviceProcessEvents_2024-03.csv`) counts too.
 */
export function tableFromFileName(fileName: string): string {
  let base = fileName
    .replace(/\.gz$/i, '')
    .replace(/\.(ndjson|jsonl|json|csv)$/i, '')
    .replace(/\.streaming$/i, '');
  const known = canonicalTableName(base);
  if (known) return known;
  const m = /^([A-Za-z]+)[-_. ]/.exec(base);
  const prefix = m ? canonicalTableName(m[1] as string) : undefined;
  if (prefix) return prefix;
  base = base.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(base) ? base : `_${base}`;
}
