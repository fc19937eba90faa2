/**
 * Splits a byte stream into lines without ever holding more than one line (up to a cap) in memory.
 * Splitting on the 0x0A byte is safe for UTF-8: it never occurs inside a multi-byte sequence.
 * Lines longer than the cap are reported as `tooLong` and their bytes are discarded as they stream by.
 */

export interface Line {
  /** 1-based line number. */
  readonly line: number;
  /** Text without the line break (empty when tooLong). */
  readonly text: string;
  readonly tooLong: boolean;
  readonly length: number;
}

export async function* readLines(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncIterable<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let lineNo = 0;
  const finish = (): Line => {
    lineNo++;
    const len = size;
    let text = '';
    if (!tooLong) {
      const buf = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
      text = buf.toString('utf8');
      if (text.endsWith('\r')) text = text.slice(0, -1);
    }
    const out = { line: lineNo, text, tooLong, length: len };
    parts = [];
    size = 0;
    tooLong = false;
    return out;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      if (end > start) {
        size += end - start;
        if (size > maxLineBytes) {
          tooLong = true;
          parts = [];
        } else if (!tooLong) parts.push(chunk.subarray(start, end));
      }
      if (nl === -1) break;
      yield finish();
      start = nl + 1;
    }
  }
  if (size > 0 || tooLong) yield finish();
}
