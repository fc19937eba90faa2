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
  const splitter = new LineSplitter(maxLineBytes);
  const ranges: LineRange[] = [];
  const collect: LineHandler = (buf, start, end, line, tooLong, length) => {
    ranges.push({ line, buf, start, end, tooLong, length });
    return true;
  };
  for await (const chunk of chunks) {
    splitter.push(chunk, collect);
    yield* ranges;
    ranges.length = 0;
  }
  splitter.end(collect);
  yield* ranges;
}

/**
 * Called per line with its bytes `buf[start, end)` (no line break, no trailing CR; empty when
 * `tooLong`), its 1-based number and its length; returns false to stop the splitter.
 */
export type LineHandler = (
  buf: Buffer,
  start: number,
  end: number,
  line: number,
  tooLong: boolean,
  length: number,
) => boolean;

/**
 * The line splitting behind readLineRanges, fed chunk by chunk and calling back per line: a loader
 * that handles lines synchronously (the NDJSON loader) pays no promise or object per line. A line
 * that spans chunks is copied, so a chunk's buffer may be reused once its lines are handled.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private tooLong = false;
  private lineNo = 0;
  constructor(private readonly maxLineBytes: number) {}

  /** Lines seen so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Hands `onLine` every line `chunk` completes; false when onLine asked to stop. */
  push(chunk: Buffer, onLine: LineHandler): boolean {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      if (nl !== -1 && this.size === 0 && !this.tooLong) {
        // The common case: a whole line inside this chunk.
        if (!this.emit(onLine, chunk, start, end, end - start, end - start > this.maxLineBytes)) return false;
        start = nl + 1;
        continue;
      }
      if (end > start) {
        this.size += end - start;
        if (this.size > this.maxLineBytes) {
          this.tooLong = true;
          this.parts = [];
        } else if (!this.tooLong) this.parts.push(Buffer.from(chunk.subarray(start, end))); // a copy: the chunk may be reused
      }
      if (nl === -1) return true;
      if (!this.flush(onLine)) return false;
      start = nl + 1;
    }
  }

  /** The last line, when the input does not end with a line break; false when onLine asked to stop. */
  end(onLine: LineHandler): boolean {
    if (this.size > 0 || this.tooLong) return this.flush(onLine);
    return true;
  }

  private flush(onLine: LineHandler): boolean {
    const long = this.tooLong;
    const parts = this.parts;
    const buf = long ? Buffer.alloc(0) : parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, this.size);
    const size = this.size;
    this.parts = [];
    this.size = 0;
    this.tooLong = false;
    return this.emit(onLine, buf, 0, long ? 0 : buf.length, size, long);
  }

  private emit(onLine: LineHandler, buf: Buffer, start: number, end: number, length: number, long: boolean): boolean {
    this.lineNo++;
    if (long) return onLine(buf, start, start, this.lineNo, true, length);
    const e = end > start && buf[end - 1] === 0x0d ? end - 1 : end;
    return onLine(buf, start, e, this.lineNo, false, length);
  }
}
