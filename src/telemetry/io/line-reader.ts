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
  for await (const r of readLineRanges(chunks, maxLineBytes))
    yield {
      line: r.line,
      text: r.tooLong ? '' : r.buf.toString('utf8', r.start, r.end),
      tooLong: r.tooLong,
      length: r.length,
    };
}

/** One line as a byte range of a buffer (the chunk it lies in, or a copy when it spans chunks). */
export interface LineRange {
  /** 1-based line number. */
  readonly line: number;
  readonly buf: Buffer;
  readonly start: number;
  /** End of the line's bytes, without the line break (and without a trailing CR). */
  readonly end: number;
  readonly tooLong: boolean;
  readonly length: number;
}

/**
 * Like readLines, but hands out byte ranges instead of decoded text, so a reader that needs only
 * part of a line (the NDJSON fast path) never decodes the rest. A line inside one chunk is not
 * copied.
 */
export async function* readLineRanges(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncIterable<LineRange> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let lineNo = 0;
  const range = (buf: Buffer, start: number, end: number, length: number, long: boolean): LineRange => {
    lineNo++;
    const e = !long && end > start && buf[end - 1] === 0x0d ? end - 1 : end;
    return { line: lineNo, buf, start, end: long ? start : e, tooLong: long, length };
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      if (nl !== -1 && size === 0 && !tooLong) {
        // The common case: a whole line inside this chunk.
        if (end - start > maxLineBytes) yield range(chunk, start, start, end - start, true);
        else yield range(chunk, start, end, end - start, false);
        start = nl + 1;
        continue;
      }
      if (end > start) {
        size += end - start;
        if (size > maxLineBytes) {
          tooLong = true;
          parts = [];
        } else if (!tooLong) parts.push(chunk.subarray(start, end));
      }
      if (nl === -1) break;
      const buf = tooLong ? Buffer.alloc(0) : parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
      yield range(buf, 0, tooLong ? 0 : buf.length, size, tooLong);
      parts = [];
      size = 0;
      tooLong = false;
      start = nl + 1;
    }
  }
  if (size > 0 || tooLong) {
    const buf = tooLong ? Buffer.alloc(0) : parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
    yield range(buf, 0, tooLong ? 0 : buf.length, size, tooLong);
  }
}
