/**
 * Streaming table writers for the export formats our loaders read: NDJSON, CSV (Defender portal
 * style) and Defender streaming-API records. Used by the fleet generator and by tests.
 *
 * `write()` buffers; when the file stream asks for back-pressure it returns a promise that resolves
 * on 'drain' — callers writing millions of rows should `await` it (awaiting `undefined` is cheap).
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';
import type { ColumnSchema } from '../../kql/types.js';
import { tableSchema } from '../schemas.js';
import { encodeCsvText, encodeJsonValue, quoteCsv } from './encode.js';

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
  write(row: Readonly<Record<string, unknown>>): Promise<void> | undefined;
  close(): Promise<void>;
  readonly rowsWritten: number;
}

const EXTENSIONS: Readonly<Record<WriterFormat, string>> = {
  ndjson: '.ndjson',
  csv: '.csv',
  streaming: '.streaming.json',
};
const FLUSH_AT = 64 * 1024;

export function createTableWriter(
  format: WriterFormat,
  dir: string,
  table: string,
  options: TableWriterOptions = {},
): TableWriter {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${options.baseName ?? table}${EXTENSIONS[format]}${options.gzip ? '.gz' : ''}`);
  const file = createWriteStream(path);
  const gzip: Gzip | undefined = options.gzip ? createGzip() : undefined;
  if (gzip) gzip.pipe(file);
  const sink: WriteStream | Gzip = gzip ?? file;
  let columns: readonly ColumnSchema[] | undefined = options.columns ?? tableSchema(table)?.columns;
  const types = new Map((columns ?? []).map((c) => [c.name, c.type]));
  let buffer = '';
  let rows = 0;
  let headerDone = false;
  let failure: Error | undefined;
  sink.on('error', (e: Error) => {
    failure = e;
  });
  file.on('error', (e) => {
    failure = e;
  });

  const flush = (): Promise<void> | undefined => {
    if (buffer === '') return undefined;
    const ok = sink.write(buffer);
    buffer = '';
    return ok ? undefined : new Promise((res) => sink.once('drain', () => res()));
  };

  const encodeRow = (row: Readonly<Record<string, unknown>>): string => {
    switch (format) {
      case 'ndjson':
        return `${JSON.stringify(jsonRow(row, types))}\n`;
      case 'streaming':
        return `${JSON.stringify(streamingEnvelope(table, jsonRow(row, types), options.tenantId))}\n`;
      case 'csv': {
        if (!columns) {
          columns = Object.keys(row).map((name) => ({ name, type: 'string' as const }));
        }
        let out = '';
        if (!headerDone) {
          headerDone = true;
          out += `${columns.map((c) => quoteCsv(c.name)).join(',')}\r\n`;
        }
        return `${out + columns.map((c) => quoteCsv(encodeCsvText(row[c.name], c.type))).join(',')}\r\n`;
      }
      default: {
        const never: never = format;
        throw new Error(`unknown format ${String(never)}`);
      }
    }
  };

  return {
    path,
    get rowsWritten() {
      return rows;
    },
    write(row) {
      if (failure) return Promise.reject(failure);
      buffer += encodeRow(row);
      rows++;
      return buffer.length >= FLUSH_AT ? flush() : undefined;
    },
    async close() {
      if (format === 'csv' && !headerDone && columns) buffer += `${columns.map((c) => quoteCsv(c.name)).join(',')}\r\n`;
      await flush();
      await new Promise<void>((res, rej) => {
        file.once('close', () => (failure ? rej(failure) : res()));
        file.once('error', rej);
        sink.end();
      });
    },
  };
}

function jsonRow(row: Readonly<Record<string, unknown>>, types: ReadonlyMap<string, ColumnSchema['type']>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = encodeJsonValue(v, types.get(k));
  return out;
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
