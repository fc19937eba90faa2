/**
 * CSV as the Defender portal's advanced hunting export writes it: a header row of column names,
 * RFC 4180 quoting (fields with commas, quotes and newlines), dynamic columns as JSON text, and
 * datetimes as ISO (`2024-03-01T10:15:02.123Z`) or US (`3/1/2024 10:15:02.123 AM`) text.
 *
 * A projected load (LoadOptions.projection) builds only the fields of columns that some table of
 * the projection loads (and the time columns every table loads), and records with only those keys:
 * the parser still scans every field — quotes, line numbers, the length limit and the field count
 * come out as before — but makes no string for the others, and the accumulator would drop them
 * anyway. The first good data record is still read whole: a file whose name names no table goes
 * where all its header's columns say (table-detect.ts), decided on that record, and the file's later
 * records follow it. Files whose rows routing looks at row by row are read whole: a table column
 * (`$table`, `Type`, `Table`) without a forced table, Windows events (`EventID` with `Channel`,
 * `SourceName` or `ProviderName`, or the `windows` format), and any load whose projection wants
 * some table's every column.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { CsvParser, type CsvRecord } from '../io/csv-parser.js';
import type { LoadProjection } from '../store.js';
import type { RawItem, ReaderLimits } from './raw-item.js';

/** Columns that choose a row's table (records.ts). */
const TABLE_COLUMNS = ['$table', 'Type', 'Table'];
/** Columns every table of a projected store loads (store.ts). */
const TIME_COLUMNS = ['Timestamp', 'TimeGenerated'];
/** With `EventID`, any of these makes a row a Windows event (windows-events.ts; CSV values are text). */
const WINDOWS_SOURCE_COLUMNS = ['Channel', 'SourceName', 'ProviderName'];

/**
 * What of the load options decides the fields to build (LoadOptions fits): the projection — the
 * store's, when a store is given — and the forced table and format.
 */
export interface CsvRouting {
  readonly projection?: LoadProjection;
  readonly store?: { readonly projection?: LoadProjection };
  readonly table?: string;
  readonly format?: string;
}

export async function* readCsv(
  chunks: AsyncIterable<Buffer>,
  limits: ReaderLimits,
  routing: CsvRouting = {},
): AsyncIterable<RawItem> {
  const projection = routing.store ? routing.store.projection : routing.projection;
  let items: RawItem[] = [];
  let header: readonly string[] | undefined;
  /** The fields to build after the first good data record (undefined: all of them). */
  let mask: Uint8Array | undefined;
  /** Once projected: the column of each built field, in order. */
  let kept: readonly string[] | undefined;
  const parser = new CsvParser(limits.maxRecordBytes, (r) => {
    if (!header && !r.tooLong) {
      header = r.fields.map((f) => f.trim());
      mask = projection ? fieldsToBuild(header, projection, routing) : undefined;
      return;
    }
    const item = toItem(r, header, kept, limits);
    items.push(item);
    if (mask && !kept && 'record' in item) {
      const m = mask;
      kept = (header as readonly string[]).filter((_, i) => m[i] === 1);
      parser.keepOnly(mask);
    }
  });
  const decoder = new StringDecoder('utf8');
  // Whether the decoder holds no partial character (only a chunk it decoded can leave one).
  let clean = true;
  /** The start of a character cut off at the end of the previous chunk (read as bytes). */
  let carry: Buffer | undefined;
  for await (const next of chunks) {
    items = [];
    const chunk = carry ? Buffer.concat([carry, next]) : next;
    carry = undefined;
    if (clean && isAscii(chunk)) {
      parser.push(chunk.toString('latin1')); // a byte is a character
    } else {
      // Projected, valid UTF-8 is read as bytes (see CsvParser.push): most of it is never built.
      const whole = clean && kept ? completeCharacters(chunk) : -1;
      if (whole >= 0 && isUtf8(chunk.subarray(0, whole))) {
        parser.push(chunk.toString('latin1', 0, whole), true);
        if (whole < chunk.length) carry = Buffer.from(chunk.subarray(whole));
      } else {
        parser.push(decoder.write(chunk));
        // An ASCII byte last leaves no partial character.
        clean = chunk.length > 0 && (chunk[chunk.length - 1] as number) < 0x80;
      }
    }
    yield* items;
  }
  items = [];
  if (carry) parser.push(decoder.write(carry));
  parser.push(decoder.end());
  parser.end();
  yield* items;
}

/** How many bytes of `b` end on a character boundary: without a last multi-byte sequence that is cut short. */
function completeCharacters(b: Buffer): number {
  for (let k = b.length - 1; k >= 0 && k >= b.length - 3; k--) {
    const c = b[k] as number;
    if (c < 0x80) return b.length;
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return b.length - k < need ? k : b.length;
    }
  }
  return b.length;
}

function toItem(
  r: CsvRecord,
  header: readonly string[] | undefined,
  kept: readonly string[] | undefined,
  limits: ReaderLimits,
): RawItem {
  if (r.tooLong || !header)
    return { line: r.line, reject: 'too-long', reason: `record exceeds ${limits.maxRecordBytes} characters` };
  if (r.malformed) return { line: r.line, reject: 'unparsable', reason: r.malformed };
  if (r.count !== header.length) {
    return { line: r.line, reject: 'unparsable', reason: `${r.count} fields where the header has ${header.length}` };
  }
  const record: Record<string, unknown> = {};
  const names = kept ?? header;
  const fields = r.fields;
  for (let i = 0; i < names.length; i++) record[names[i] as string] = fields[i];
  return { line: r.line, record, textual: true };
}

/**
 * The header fields a projected load builds (1 in the mask), or undefined when every field must
 * be built (see the module comment) or is wanted anyway.
 */
export function fieldsToBuild(
  header: readonly string[],
  projection: LoadProjection,
  routing: CsvRouting,
): Uint8Array | undefined {
  const wanted = new Set(TIME_COLUMNS);
  for (const columns of projection.values()) {
    if (columns === 'all') return undefined;
    for (const c of columns) wanted.add(c);
  }
  const has = new Set(header);
  const format = routing.format;
  if (format === 'windows') return undefined;
  if (routing.table === undefined) {
    if (TABLE_COLUMNS.some((c) => has.has(c))) return undefined;
    const content = format === 'streaming' || format === 'sentinel';
    if (!content && has.has('EventID') && WINDOWS_SOURCE_COLUMNS.some((c) => has.has(c))) return undefined;
  }
  const mask = new Uint8Array(header.length);
  let n = 0;
  header.forEach((name, i) => {
    if (wanted.has(name)) {
      mask[i] = 1;
      n++;
    }
  });
  return n === header.length ? undefined : mask;
}
