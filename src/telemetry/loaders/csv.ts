/**
 * CSV as the Defender portal's advanced hunting export writes it: a header row of column names,
 * RFC 4180 quoting (fields with commas, quotes and newlines), dynamic columns as JSON text, and
 * datetimes as ISO (`2024-03-01T10:15:02.123Z`) or US (`3/1/2024 10:15:02.123 AM`) text.
 */
import { StringDecoder } from 'node:string_decoder';
import { CsvParser, type CsvRecord } from '../io/csv-parser.js';
import type { RawItem, ReaderLimits } from './raw-item.js';

export async function* readCsv(chunks: AsyncIterable<Buffer>, limits: ReaderLimits): AsyncIterable<RawItem> {
  const parser = new CsvParser(limits.maxRecordBytes);
  const decoder = new StringDecoder('utf8');
  const state: { header?: readonly string[] } = {};
  for await (const chunk of chunks) yield* toItems(parser.push(decoder.write(chunk)), state, limits);
  yield* toItems([...parser.push(decoder.end()), ...parser.end()], state, limits);
}

function* toItems(records: readonly CsvRecord[], state: { header?: readonly string[] }, limits: ReaderLimits) {
  for (const r of records) {
    const item = toItem(r, state, limits);
    if (item) yield item;
  }
}

function toItem(r: CsvRecord, state: { header?: readonly string[] }, limits: ReaderLimits): RawItem | undefined {
  if (r.tooLong)
    return { line: r.line, reject: 'too-long', reason: `record exceeds ${limits.maxRecordBytes} characters` };
  if (!state.header) {
    state.header = r.fields.map((f) => f.trim());
    return undefined;
  }
  if (r.malformed) return { line: r.line, reject: 'unparsable', reason: r.malformed };
  const header = state.header;
  if (r.fields.length !== header.length) {
    return {
      line: r.line,
      reject: 'unparsable',
      reason: `${r.fields.length} fields where the header has ${header.length}`,
    };
  }
  const record: Record<string, unknown> = {};
  for (let i = 0; i < header.length; i++) record[header[i] as string] = r.fields[i];
  return { line: r.line, record, textual: true };
}
