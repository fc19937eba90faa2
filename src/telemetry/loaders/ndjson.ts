/** NDJSON / JSON Lines: one JSON object per line (also one `{"records":[…]}` wrapper per line). */
import { readLines } from '../io/line-reader.js';
import { parseJsonRecords, type RawItem, type ReaderLimits } from './raw-item.js';

export async function* readNdjson(chunks: AsyncIterable<Buffer>, limits: ReaderLimits): AsyncIterable<RawItem> {
  for await (const l of readLines(chunks, limits.maxRecordBytes)) {
    if (l.tooLong) {
      yield { line: l.line, reject: 'too-long', reason: `line of ${l.length} bytes exceeds ${limits.maxRecordBytes}` };
      continue;
    }
    if (l.text.trim() === '') continue;
    yield* parseJsonRecords(l.text, l.line);
  }
}
