/** NDJSON / JSON Lines: one JSON object per line (also one `{"records":[…]}` wrapper per line). */
import { readLineRanges } from '../io/line-reader.js';
import type { NdjsonFastScanner } from './ndjson-fast.js';
import { parseJsonRecords, type RawItem, type ReaderLimits } from './raw-item.js';

/**
 * Set by the caller once it knows a file's lines are plain rows of one table with a projection:
 * from then on lines go through the fast path (ndjson-fast.ts) and come out marked `fast`.
 */
export interface NdjsonFastHook {
  scanner?: NdjsonFastScanner;
}

export async function* readNdjson(
  chunks: AsyncIterable<Buffer>,
  limits: ReaderLimits,
  fast?: NdjsonFastHook,
): AsyncIterable<RawItem> {
  for await (const l of readLineRanges(chunks, limits.maxRecordBytes)) {
    if (l.tooLong) {
      yield { line: l.line, reject: 'too-long', reason: `line of ${l.length} bytes exceeds ${limits.maxRecordBytes}` };
      continue;
    }
    const scanner = fast?.scanner;
    if (scanner) {
      const record = scanner.scan(l.buf, l.start, l.end);
      if (record) {
        yield { line: l.line, record, textual: false, fast: true };
        continue;
      }
    }
    const text = l.buf.toString('utf8', l.start, l.end);
    if (text.trim() === '') continue;
    yield* parseJsonRecords(text, l.line);
  }
}
