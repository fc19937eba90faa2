/**
 * Streaming table writers for the export formats our loaders read: NDJSON, CSV (Defender portal
 * style) and Defender streaming-API records. Used by the fleet generator and by tests.
 *
 * When the table's columns are known (the `columns` option, else the built-in schema) every row is
 * written over exactly those columns, in order: keys outside them are left out, missing ones are
 * written empty. Rows of a table outside the catalog keep their own keys (NDJSON, streaming) or the
 * first row's keys (CSV).
 *
 * `write()` appends to an in-memory buffer that goes to the file stream in ~1 MiB writes; when the
 * stream asks for back-pressure it returns a promise that resolves on 'drain' — callers writing
 * millions of rows should `await` it (awaiting `undefined` is cheap).
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createGzip, type Gzip, type ZlibOptions } from 'node:zlib';
import type { ColumnSchema } from '../../kql/engine.js';
import { tableSchema } from '../schemas.js';
import { encodeJsonValue } from './encode.js';
import { OutputBuffer } from './output-buffer.js';
import {
  csvEncoder,
  csvHeader,
  csvLineEncoder,
  type LineEncoder,
  ndjsonLineEncoder,
  type RowEncoder,
  type RowRecord,
  type SplitLine,
  streamingLineEncoder,
} from './row-encoder.js';

export type WriterFormat = 'ndjson' | 'csv' | 'streaming';

export interface TableWriterOptions {
  /** gzip the output (adds `.gz`). */
  readonly gzip?: boolean;
  /** Columns to write (CSV header order); defaults to the built-in schema, else the first row's keys. */
  readonly columns?: readonly ColumnSchema[];
  /** tenantId of streaming-API envelopes. */
  readonly tenantId?: string;
  /** File name without extension; defaults to the table name. */
  readonly baseName?: string;
}

export interface TableWriter {
  readonly path: string;
  /**
   * Writes one row. `fallback` supplies the columns the row itself lacks (read when the row's own
   * value is undefined), so callers can share common columns between rows without copying them.
   * A fallback record must not change after it is first written (its cells' text is cached).
   */
  write(row: RowRecord, fallback?: RowRecord): Promise<void> | undefined;
  /**
   * Lines to encode now and write later with one value filled in (see SplitWriter); undefined when
   * the writer's columns are not known in advance or do not include `column`.
   */
  splitWriter(column: string): SplitWriter | undefined;
  close(): Promise<void>;
  readonly rowsWritten: number;
}

/**
 * Encodes rows ahead of writing them, leaving one column's value out: the fleet generator encodes
 * each row as it is made (into off-heap bytes, so the garbage collector need not keep copying a
 * day's rows around) and fills in ReportId once the day is sorted.
 */
export interface SplitWriter {
  /** The row's line around the column's value: `head` ends with the column's prefix. */
  encode(row: RowRecord, fallback?: RowRecord): SplitLine;
  /**
   * Writes a line whose head and tail are UTF-8 bytes `src[start, mid)` and `src[mid, end)`, with
   * `value` encoded between them; returns a promise under back-pressure (await it).
   */
  write(src: Uint8Array, start: number, mid: number, end: number, value: unknown): Promise<void> | undefined;
}

const EXTENSIONS: Readonly<Record<WriterFormat, string>> = {
  ndjson: '.ndjson',
  csv: '.csv',
  streaming: '.streaming.json',
};
/** Stream buffer: a few chunks may be in flight while the next rows are encoded. */
const HIGH_WATER_MARK = 4 << 20;

export function createTableWriter(
  format: WriterFormat,
  dir: string,
  table: string,
  options: TableWriterOptions = {},
): TableWriter {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${options.baseName ?? table}${EXTENSIONS[format]}${options.gzip ? '.gz' : ''}`);
  const file = createWriteStream(path, { highWaterMark: HIGH_WATER_MARK });
  // zlib streams pass stream options through to Transform; the typings only list zlib's own.
  const gzipOptions = { highWaterMark: HIGH_WATER_MARK } as ZlibOptions;
  const gzip: Gzip | undefined = options.gzip ? createGzip(gzipOptions) : undefined;
  if (gzip) gzip.pipe(file);
  const sink: WriteStream | Gzip = gzip ?? file;
  const known = options.columns ?? tableSchema(table)?.columns;
  const lines = known && encoderFor(format, table, known, options.tenantId);
  let encode: RowEncoder | undefined = lines?.line;
  const out = new OutputBuffer(sink);
  if (format === 'csv' && known) out.append(csvHeader(known));
  let rows = 0;
  let failure: Error | undefined;
  sink.on('error', (e: Error) => {
    failure = e;
  });
  file.on('error', (e) => {
    failure = e;
  });

  /** Encoder for a table without known columns, settled by its first row. */
  const firstRowEncoder = (row: RowRecord): RowEncoder => {
    if (format !== 'csv') return (r, fb) => genericLine(format, table, fb ? { ...fb, ...r } : r, options.tenantId);
    const columns = Object.keys(row).map((name) => ({ name, type: 'string' as const }));
    out.append(csvHeader(columns));
    return csvEncoder(columns);
  };

  return {
    path,
    get rowsWritten() {
      return rows;
    },
    write(row, fallback) {
      if (failure) return Promise.reject(failure);
      encode ??= firstRowEncoder(row);
      rows++;
      return out.append(encode(row, fallback));
    },
    splitWriter(column) {
      const hole = known?.findIndex((c) => c.name === column) ?? -1;
      if (!lines || hole < 0) return undefined;
      return {
        encode: (row, fallback) => lines.split(row, fallback, hole),
        write(src, start, mid, end, value) {
          if (failure) return Promise.reject(failure);
          rows++;
          const a = out.appendBytes(src, start, mid);
          const b = out.append(lines.cellText(value, hole));
          // The latest back-pressure promise resolves on the stream's next 'drain', as the others do.
          return out.appendBytes(src, mid, end) ?? b ?? a;
        },
      };
    },
    async close() {
      await out.flush();
      await new Promise<void>((res, rej) => {
        file.once('close', () => (failure ? rej(failure) : res()));
        file.once('error', rej);
        sink.end();
      });
    },
  };
}

function encoderFor(
  format: WriterFormat,
  table: string,
  columns: readonly ColumnSchema[],
  tenantId: string | undefined,
): LineEncoder {
  switch (format) {
    case 'ndjson':
      return ndjsonLineEncoder(columns);
    case 'streaming':
      return streamingLineEncoder(table, columns, tenantId);
    case 'csv':
      return csvLineEncoder(columns);
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}

/** One NDJSON / streaming line of a row of an unknown table: the row's own keys, in its order. */
function genericLine(format: 'ndjson' | 'streaming', table: string, row: RowRecord, tenantId?: string): string {
  const props: Record<string, unknown> = {};
  for (const k of Object.keys(row)) props[k] = encodeJsonValue(row[k], undefined);
  return `${JSON.stringify(format === 'ndjson' ? props : streamingEnvelope(table, props, tenantId))}\n`;
}

/** Defender XDR streaming API (Event Hubs / storage) record around one row. */
export function streamingEnvelope(table: string, properties: Record<string, unknown>, tenantId?: string) {
  const time = typeof properties.Timestamp === 'string' ? properties.Timestamp : new Date().toISOString();
  return {
    time,
    tenantId: tenantId ?? (typeof properties.TenantId === 'string' ? properties.TenantId : ''),
    operationName: 'Publish',
    category: `AdvancedHunting-${table}`,
    properties,
  };
}
