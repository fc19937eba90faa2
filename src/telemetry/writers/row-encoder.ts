/**
 * Row encoders compiled once per table: the column list becomes an array of (key text, type)
 * pairs, so encoding a row is one pass over the columns that appends text, with no per-row
 * objects (no Object.entries, no projected copy, no JSON.stringify of a whole row). The output is
 * byte-for-byte what `JSON.stringify` of the projected row gave before (test/telemetry/writers).
 *
 * A row may carry keys outside the column list (they are not written) and may leave columns out
 * (written as null / empty). `fallback` is a second record read for columns the row lacks: the
 * generator shares one record of initiating-process columns between many rows this way.
 */
import type { ColumnSchema, ScalarType } from '../../kql/types.js';
import { csvFieldText, encodeJsonValue, jsonValueText, quoteCsv } from './encode.js';

export type RowRecord = Readonly<Record<string, unknown>>;

/** Encodes one row to one line of output, terminator included. */
export type RowEncoder = (row: RowRecord, fallback?: RowRecord) => string;

interface CompiledColumn {
  readonly name: string;
  readonly type: ScalarType;
  /** `"Name":` for JSON, preceded by the separator when not the first column. */
  readonly key: string;
}

function compile(columns: readonly ColumnSchema[]): readonly CompiledColumn[] {
  return columns.map((c, i) => ({ name: c.name, type: c.type, key: `${i === 0 ? '' : ','}${JSON.stringify(c.name)}:` }));
}

/** The cell of `name`: the row's own value, else the fallback's. */
function cell(row: RowRecord, fallback: RowRecord | undefined, name: string): unknown {
  const v = row[name];
  return v === undefined && fallback !== undefined ? fallback[name] : v;
}

/** The JSON object text of a row over `cols`, without the line terminator. */
function jsonObjectText(cols: readonly CompiledColumn[], row: RowRecord, fallback: RowRecord | undefined): string {
  // Readable form: JSON.stringify(Object.fromEntries(cols.map(c => [c.name, encodeJsonValue(cell(c), c.type)])))
  let out = '{';
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i] as CompiledColumn;
    out += c.key + jsonValueText(cell(row, fallback, c.name), c.type);
  }
  return `${out}}`;
}

/** NDJSON: one JSON object per line, the columns in order. */
export function ndjsonEncoder(columns: readonly ColumnSchema[]): RowEncoder {
  const cols = compile(columns);
  return (row, fallback) => `${jsonObjectText(cols, row, fallback)}\n`;
}

/**
 * Defender streaming-API record around each row (as `streamingEnvelope` builds it): `time` is the
 * row's Timestamp text, `tenantId` the writer's tenant, else the row's TenantId.
 */
export function streamingEncoder(table: string, columns: readonly ColumnSchema[], tenantId?: string): RowEncoder {
  const cols = compile(columns);
  const timeType = columns.find((c) => c.name === 'Timestamp')?.type;
  const tenantType = columns.find((c) => c.name === 'TenantId')?.type;
  const tail = `,"operationName":"Publish","category":${JSON.stringify(`AdvancedHunting-${table}`)},"properties":`;
  return (row, fallback) => {
    const time = timeType === undefined ? undefined : encodeJsonValue(cell(row, fallback, 'Timestamp'), timeType);
    let tenant = tenantId;
    if (tenant === undefined) {
      const t = tenantType === undefined ? undefined : encodeJsonValue(cell(row, fallback, 'TenantId'), tenantType);
      tenant = typeof t === 'string' ? t : '';
    }
    const timeText = typeof time === 'string' ? time : new Date().toISOString();
    return `{"time":${JSON.stringify(timeText)},"tenantId":${JSON.stringify(tenant)}${tail}${jsonObjectText(cols, row, fallback)}}\n`;
  };
}

/** CSV header line (column names, quoted where needed, CRLF-terminated). */
export function csvHeader(columns: readonly ColumnSchema[]): string {
  return `${columns.map((c) => quoteCsv(c.name)).join(',')}\r\n`;
}

/** CSV: one CRLF-terminated record per row, the columns in order. */
export function csvEncoder(columns: readonly ColumnSchema[]): RowEncoder {
  const cols = compile(columns);
  return (row, fallback) => {
    // Readable form: cols.map(c => quoteCsv(encodeCsvText(cell(c), c.type))).join(',') + '\r\n'
    let out = '';
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i] as CompiledColumn;
      if (i > 0) out += ',';
      out += csvFieldText(cell(row, fallback, c.name), c.type);
    }
    return `${out}\r\n`;
  };
}
