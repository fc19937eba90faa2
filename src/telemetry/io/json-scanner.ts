/**
 * Streams the records out of JSON documents without parsing the whole document: a top-level array
 * (`[{…},{…}]`), the Event Hubs / storage wrapper (`{"records":[{…},…]}`), pretty-printed objects,
 * and any concatenation of these. It tracks only string/escape state and nesting depth, and hands
 * each record's text to JSON.parse separately, so one bad record does not lose the others and a
 * multi-GB array never becomes one string.
 */

export interface JsonChunk {
  /** 1-based line where the value starts. */
  readonly line: number;
  /** The value's JSON text ('' when tooLong or junk). */
  readonly text: string;
  readonly tooLong: boolean;
  /** Set for text that cannot start a JSON value, or a value cut off at end of input. */
  readonly error?: string;
}

const WS = new Set([' ', '\t', '\r', '\n']);

export class JsonScanner {
  private depth = 0;
  private inString = false;
  private escape = false;
  private line = 1;
  /** Depth whose direct values are records: 1 in a top-level array, 2 in a records wrapper. */
  private emitDepth: number | undefined;
  private capturing = false;
  private captureDepth = 0;
  private captureScalar = false;
  private captureLine = 0;
  private captured = '';
  private captureFrom = 0;
  private captureSize = 0;
  private tooLong = false;
  private junk = false;
  // records-wrapper detection: the last key read directly inside a top-level object
  private keyStart = -1;
  private keyText = '';
  private pendingKey: string | undefined;

  constructor(private readonly maxValueChars: number) {}

  push(text: string): JsonChunk[] {
    const out: JsonChunk[] = [];
    this.captureFrom = 0;
    for (let i = 0; i < text.length; i++) this.step(text, i, out);
    if (this.capturing) this.keep(text, text.length);
    if (this.keyStart >= 0) {
      // only short keys matter ("records"); a long string is cut so it cannot grow without bound
      this.keyText = (this.keyText + text.slice(this.keyStart)).slice(0, 64);
      this.keyStart = 0;
    }
    return out;
  }

  end(): JsonChunk[] {
    const out: JsonChunk[] = [];
    if (this.capturing) {
      if (this.captureScalar) this.emit(out);
      else {
        out.push({ line: this.captureLine, text: '', tooLong: false, error: 'value cut off at end of input' });
        this.capturing = false;
      }
    } else if (this.depth > 0) {
      out.push({ line: this.line, text: '', tooLong: false, error: 'document cut off at end of input' });
    }
    return out;
  }

  private step(text: string, i: number, out: JsonChunk[]): void {
    const ch = text[i] as string;
    if (ch === '\n') this.line++;
    if (this.inString) {
      if (this.escape) this.escape = false;
      else if (ch === '\\') this.escape = true;
      else if (ch === '"') this.endString(text, i);
      return;
    }
    if (this.capturing && this.captureScalar && (WS.has(ch) || ch === ',' || ch === ']' || ch === '}')) {
      this.keep(text, i);
      this.emit(out);
    }
    if (WS.has(ch)) return;
    if (this.depth === 1 && this.emitDepth === undefined && ch !== ':' && ch !== '"' && ch !== '[') {
      this.pendingKey = undefined;
    }
    if (!this.capturing && this.depth === (this.emitDepth ?? 0) && ch !== ',' && ch !== ']' && ch !== '}') {
      if (this.depth === 0 && ch !== '{' && ch !== '[') {
        if (!this.junk)
          out.push({ line: this.line, text: '', tooLong: false, error: `unexpected ${JSON.stringify(ch)}` });
        this.junk = true;
        return;
      }
      if (this.depth === 0 && ch === '[')
        this.emitDepth = 1; // top-level array: its elements are the records
      else this.startCapture(i, ch);
    }
    this.junk = false;
    switch (ch) {
      case '"':
        this.inString = true;
        if (this.depth === 1 && this.emitDepth === undefined) {
          this.keyStart = i + 1;
          this.keyText = '';
        }
        return;
      case '{':
      case '[':
        if (ch === '[' && this.depth === 1 && this.emitDepth === undefined && this.pendingKey === 'records') {
          this.capturing = false; // the wrapper is not a record: its array elements are
          this.captured = '';
          this.emitDepth = 2;
        }
        this.pendingKey = undefined;
        this.depth++;
        return;
      case '}':
      case ']':
        if (this.depth === 0) return;
        this.depth--;
        if (this.emitDepth !== undefined && this.depth < this.emitDepth) this.emitDepth = undefined;
        if (this.capturing && !this.captureScalar && this.depth === this.captureDepth) {
          this.keep(text, i + 1);
          this.emit(out);
        }
        return;
      default:
        return;
    }
  }

  private startCapture(i: number, ch: string): void {
    this.capturing = true;
    this.captureDepth = this.depth;
    // strings, numbers and literals end at the next delimiter; objects and arrays at their closer
    this.captureScalar = ch !== '{' && ch !== '[';
    this.captureLine = this.line;
    this.captured = '';
    this.captureFrom = i;
    this.captureSize = 0;
    this.tooLong = false;
  }

  private endString(text: string, i: number): void {
    this.inString = false;
    if (this.keyStart >= 0) {
      const key = this.keyText + text.slice(this.keyStart, i);
      this.keyStart = -1;
      this.keyText = '';
      this.pendingKey = key;
    }
  }

  /** Appends text[captureFrom, end) to the capture, respecting the size cap. */
  private keep(text: string, end: number): void {
    const piece = end - this.captureFrom;
    this.captureSize += piece;
    if (this.captureSize > this.maxValueChars) {
      this.tooLong = true;
      this.captured = '';
    } else if (!this.tooLong) this.captured += text.slice(this.captureFrom, end);
    this.captureFrom = end;
  }

  private emit(out: JsonChunk[]): void {
    out.push({ line: this.captureLine, text: this.tooLong ? '' : this.captured, tooLong: this.tooLong });
    this.capturing = false;
    this.captured = '';
  }
}
