/**
 * Row encoders compiled once per table: the column list becomes an array of (key text, type)
 * pairs, so encoding a row is one pass over the columns that appends text, with no per-row
 * objects (no Object.entries, no projected copy, no JSON.stringify of a whole row). The output is
 * byte-for-byte what `JSON.stringify` of the projected row gave before (test/telemetry/writers).
 *
 * A row may carry keys outside the column list (they are not written) and may leave columns out
 * (written as null / empty). `fallback` is a second record read for columns the row lacks: the
 * generator shares one record of initiating-process columns between many rows this way. A
 * fallback record must not change once written: the text of its cells is cached per record.
 */
import type { ColumnSchema, ScalarType } from '../../kql/engine.js';
import { datetimeText } from './datetime-text.js';
import { csvFieldText, encodeJsonValue, jsonValueText, quoteCsv } from './encode.js';

export type RowRecord = Readonly<Record<string, unknown>>;

/** Encodes one row to one line of output, terminator included. */
export type RowEncoder = (row: RowRecord, fallback?: RowRecord) => string;

interface CompiledColumn {
  readonly name: string;
  readonly type: ScalarType;
  /** What precedes the value: `"Name":` in JSON (after a comma unless first), `,` in CSV. */
  readonly prefix: string;
}

type CellText = (v: unknown, type: ScalarType) => string;

/** Encodes a row's cells in column order, whole or split around one column (see `split`). */
interface CellsEncoder {
  /** Every cell, each with its prefix. */
  readonly all: (row: RowRecord, fallback: RowRecord | undefined) => string;
  /**
   * The cells before column `hole` plus that column's prefix (`head`), and the cells after it
   * (`tail`): the hole's value is written later, between the two.
   */
  readonly split: (row: RowRecord, fallback: RowRecord | undefined, hole: number) => SplitLine;
}

/** A line with one cell's value left out: `head + valueText + tail` is the whole line. */
export interface SplitLine {
  readonly head: string;
  readonly tail: string;
}

/**
 * Encodes the cells of a row, each with its prefix, in column order.
 *
 * The row's own keys are visited with for-in and placed by a name → position map, rather than
 * reading `row[column]` for every column: one lookup site reading many row shapes by ~70 names is
 * megamorphic and was the encoder's main cost, while for-in reads each value through the shape's
 * enumeration cache. Cells taken from a fallback record are encoded once per record: a process's
 * ~30 initiating-process cells recur in every row it causes.
 */
function cellsEncoder(cols: readonly CompiledColumn[], text: CellText): CellsEncoder {
  const n = cols.length;
  const position = new Map(cols.map((c, i) => [c.name, i]));
  const empty = cols.map((c) => c.prefix + text(null, c.type));
  const shared = new WeakMap<RowRecord, readonly (string | undefined)[]>();
  /** The current row's own cell texts by position; reset while the line is assembled. */
  const own: (string | undefined)[] = new Array(n).fill(undefined);

  const fallbackCells = (fallback: RowRecord): readonly (string | undefined)[] => {
    const cells = shared.get(fallback);
    if (cells === undefined) {
      const texts: (string | undefined)[] = new Array(n).fill(undefined);
      for (const k in fallback) {
        const i = position.get(k);
        const v = fallback[k];
        if (i !== undefined && v !== undefined) texts[i] = cols[i]!.prefix + text(v, cols[i]!.type);
      }
      shared.set(fallback, texts);
      return texts;
    }
    return cells;
  };

  /**
   * Per column, the last primitive value encoded and its cell text: consecutive rows often repeat
   * a value (the device, the action, an empty column), and a hit costs neither JSON.stringify nor
   * a new string. Objects are not cached: a caller may change one between rows.
   */
  const lastValue: unknown[] = new Array(n).fill(undefined);
  const lastText: string[] = new Array(n).fill('');

  const fill = (row: RowRecord): void => {
    for (const k in row) {
      const i = position.get(k);
      if (i === undefined) continue;
      const v = row[k];
      if (v === undefined) continue;
      if (v === lastValue[i]) own[i] = lastText[i];
      else {
        const cell = cols[i]!.prefix + text(v, cols[i]!.type);
        if (v === null || typeof v !== 'object') {
          lastValue[i] = v;
          lastText[i] = cell;
        }
        own[i] = cell;
      }
    }
  };

  /** Cells [from, to): the row's own text, else the fallback's, else empty; clears `own`. */
  const assemble = (from: number, to: number, fb: readonly (string | undefined)[] | undefined): string => {
    // Readable form: cols.slice(from, to).map(c => c.prefix + text(row[c.name] ?? fallback?.[c.name], c.type)).join('')
    let out = '';
    for (let i = from; i < to; i++) {
      const cell = own[i];
      if (cell !== undefined) {
        out += cell;
        own[i] = undefined;
      } else out += fb?.[i] ?? empty[i];
    }
    return out;
  };

  return {
    all(row, fallback) {
      fill(row);
      return assemble(0, n, fallback === undefined ? undefined : fallbackCells(fallback));
    },
    split(row, fallback, hole) {
      fill(row);
      own[hole] = undefined;
      const fb = fallback === undefined ? undefined : fallbackCells(fallback);
      const head = assemble(0, hole, fb) + cols[hole]!.prefix;
      return { head, tail: assemble(hole + 1, n, fb) };
    },
  };
}

function jsonColumns(columns: readonly ColumnSchema[]): CompiledColumn[] {
  return columns.map((c, i) => ({
    name: c.name,
    type: c.type,
    prefix: `${i === 0 ? '' : ','}${JSON.stringify(c.name)}:`,
  }));
}

/**
 * A row encoder that can also leave one cell's value out, to be filled in when the line is written:
 * the fleet generator encodes rows as it makes them but numbers them (ReportId) only once a
 * device's day is sorted by time.
 */
export interface LineEncoder {
  /** The whole line. */
  readonly line: RowEncoder;
  /** The line around column `hole` (its index): `head + cellText(value, hole) + tail`. */
  readonly split: (row: RowRecord, fallback: RowRecord | undefined, hole: number) => SplitLine;
  /** The text `line` writes for `value` in column `hole` (without the column's prefix). */
  readonly cellText: (value: unknown, hole: number) => string;
}

/** What a format puts around the cells: text before them (may depend on the row) and after them. */
interface Frame {
  readonly opening: (row: RowRecord, fallback: RowRecord | undefined) => string;
  /** The record whose cells are written (a row, or a copy with a value filled in). */
  readonly body?: (row: RowRecord, fallback: RowRecord | undefined) => RowRecord;
  readonly closing: string;
}

function lineEncoder(cols: readonly CompiledColumn[], text: CellText, frame: Frame): LineEncoder {
  const cells = cellsEncoder(cols, text);
  const { opening, body, closing } = frame;
  return {
    line: (row, fallback) => opening(row, fallback) + cells.all(body ? body(row, fallback) : row, fallback) + closing,
    split(row, fallback, hole) {
      const parts = cells.split(body ? body(row, fallback) : row, fallback, hole);
      return { head: opening(row, fallback) + parts.head, tail: parts.tail + closing };
    },
    cellText: (value, hole) => text(value, cols[hole]!.type),
  };
}

/** NDJSON: one JSON object per line, the columns in order. */
export function ndjsonLineEncoder(columns: readonly ColumnSchema[]): LineEncoder {
  return lineEncoder(jsonColumns(columns), jsonValueText, { opening: () => '{', closing: '}\n' });
}

export function ndjsonEncoder(columns: readonly ColumnSchema[]): RowEncoder {
  return ndjsonLineEncoder(columns).line;
}

/**
 * Defender streaming-API record around each row (as `streamingEnvelope` builds it): `time` is the
 * row's Timestamp text, `tenantId` the writer's tenant, else the row's TenantId; a TenantId column
 * the row leaves empty is filled with the envelope's tenant.
 */
export function streamingLineEncoder(table: string, columns: readonly ColumnSchema[], tenantId?: string): LineEncoder {
  const timeType = columns.find((c) => c.name === 'Timestamp')?.type;
  const tenantType = columns.find((c) => c.name === 'TenantId')?.type;
  const tail = `,"operationName":"Publish","category":${JSON.stringify(`AdvancedHunting-${table}`)},"properties":{`;
  const exportValue = (row: RowRecord, fallback: RowRecord | undefined, name: string, type: ScalarType | undefined) => {
    if (type === undefined) return undefined;
    const v = row[name];
    return encodeJsonValue(v === undefined && fallback !== undefined ? fallback[name] : v, type);
  };
  const tenantOf = (row: RowRecord, fallback: RowRecord | undefined) => {
    const own = exportValue(row, fallback, 'TenantId', tenantType);
    return { own, tenant: tenantId ?? (typeof own === 'string' ? own : '') };
  };
  return lineEncoder(jsonColumns(columns), jsonValueText, {
    opening(row, fallback) {
      const t = row.Timestamp;
      // datetimeText is formatDatetime's fast form (the export value of datetime ticks).
      const time =
        typeof t === 'bigint' && timeType === 'datetime'
          ? datetimeText(t)
          : exportValue(row, fallback, 'Timestamp', timeType);
      const timeText = typeof time === 'string' ? time : new Date().toISOString();
      return `{"time":${JSON.stringify(timeText)},"tenantId":${JSON.stringify(tenantOf(row, fallback).tenant)}${tail}`;
    },
    body(row, fallback) {
      if (tenantType === undefined) return row;
      const { own, tenant } = tenantOf(row, fallback);
      // A row without a TenantId of its own takes the envelope's (what a loader would fill in).
      return own === '' && tenant !== '' ? { ...row, TenantId: tenant } : row;
    },
    closing: '}}\n',
  });
}

export function streamingEncoder(table: string, columns: readonly ColumnSchema[], tenantId?: string): RowEncoder {
  return streamingLineEncoder(table, columns, tenantId).line;
}

/** CSV header line (column names, quoted where needed, CRLF-terminated). */
export function csvHeader(columns: readonly ColumnSchema[]): string {
  return `${columns.map((c) => quoteCsv(c.name)).join(',')}\r\n`;
}

/** CSV: one CRLF-terminated record per row, the columns in order. */
export function csvLineEncoder(columns: readonly ColumnSchema[]): LineEncoder {
  const cols = columns.map((c, i) => ({ name: c.name, type: c.type, prefix: i === 0 ? '' : ',' }));
  return lineEncoder(cols, csvFieldText, { opening: () => '', closing: '\r\n' });
}

export function csvEncoder(columns: readonly ColumnSchema[]): RowEncoder {
  return csvLineEncoder(columns).line;
}
