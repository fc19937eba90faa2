/** JSON documents: a top-level array of rows, `{"records":[…]}` blobs, pretty-printed objects. */
import { StringDecoder } from 'node:string_decoder';
import { type JsonChunk, JsonScanner } from '../io/json-scanner.js';
import { parseJsonRecords, type RawItem, type ReaderLimits } from './raw-item.js';

export async function* readJson(chunks: AsyncIterable<Buffer>, limits: ReaderLimits): AsyncIterable<RawItem> {
  const scanner = new JsonScanner(limits.maxRecordBytes);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield* toItems(scanner.push(decoder.write(chunk)), limits);
  yield* toItems([...scanner.push(decoder.end()), ...scanner.end()], limits);
}

function* toItems(values: readonly JsonChunk[], limits: ReaderLimits): Iterable<RawItem> {
  for (const v of values) {
    if (v.error) yield { line: v.line, reject: 'unparsable', reason: v.error };
    else if (v.tooLong) {
      yield { line: v.line, reject: 'too-long', reason: `JSON value exceeds ${limits.maxRecordBytes} characters` };
    } else yield* parseJsonRecords(v.text, v.line);
  }
}
