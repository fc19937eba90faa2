/**
 * A small streaming RFC 4180 CSV parser: quoted fields with doubled quotes, commas and CR/LF inside
 * quotes, CRLF or LF record ends. It only needs what Defender portal exports produce.
 *
 * Records over `maxRecordChars` are reported as too long and skipped while streaming. Text after a
 * closing quote (`"a"b`) is kept (lenient, like Excel) but flagged on the record as malformed.
 *
 * Speed: the state machine only looks at the characters that can change state; the runs between
 * them are found with indexOf (the next comma, line break and quote, each remembered until passed:
 * several times faster than a charCodeAt loop) and taken with one slice, instead of appending each
 * character to the field (that built a concatenated string per character, and flattening and
 * collecting them was most of the CSV load time).
 *
 * Projection (`keepOnly`): fields whose index is not kept are still scanned — quotes, line ends and
 * their length (for the too-long limit) count as before, so records, line numbers and rejects do
 * not change — but no string is built for them, and `fields` holds only the kept ones.
 *
 * UTF-8 as bytes (`push(text, true)`): the text is UTF-8 read as latin1, one character per byte —
 * far cheaper than decoding a whole chunk when most of it is never built. Only the runs a kept
 * field takes are decoded; the length limit still counts UTF-16 characters of the decoded text
 * (exactly, once a record's byte count passes the limit: see `take`).
 */

export interface CsvRecord {
  /** 1-based line where the record starts. */
  readonly line: number;
  /** The record's fields; with `keepOnly`, only the kept ones, in order (empty when too long). */
  readonly fields: string[];
  /** How many fields the record has, kept or not. */
  readonly count: number;
  readonly tooLong: boolean;
  /** A quote was left open at end of input, or stray text followed a closing quote. */
  readonly malformed?: string;
}

enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
/** V8 keeps slices of 13+ characters as views of the whole chunk; see `detach`. */
const SLICE_VIEW_MIN = 13;

export class CsvParser {
  private state = State.FieldStart;
  private field = '';
  private fields: string[] = [];
  /** Index of the current field in its record. */
  private index = 0;
  /** Field indexes to build (1), or undefined for every field. */
  private keep: Uint8Array | undefined;
  /** Whether the current field is built. */
  private keeping = true;
  private chars = 0;
  private tooLong = false;
  private malformed: string | undefined;
  private line = 1;
  private recordLine = 1;
  private pendingCR = false;
  private out: CsvRecord[] = [];
  /** The text being pushed is UTF-8 bytes as latin1 characters (see push). */
  private bytes = false;
  /**
   * UTF-8 bytes only: how many more bytes than UTF-16 characters the current record's text has
   * (counted up to `excessFrom` of the current text), so that `chars - excess` is its length.
   */
  private excess = 0;
  private excessFrom = 0;
  /** In the current text: the next comma, LF and CR at or after the last place asked (length: none). */
  private comma = -1;
  private lf = -1;
  private cr = -1;

  /**
   * `onRecord`, when given, receives each record as it ends (and push/end return nothing): a caller
   * can change `keepOnly` between two records of one chunk.
   */
  constructor(
    private readonly maxRecordChars: number,
    private readonly onRecord?: (r: CsvRecord) => void,
  ) {}

  /**
   * From the next record on, build only the fields whose index has `keep[i] === 1` (undefined:
   * every field). Call between records (from `onRecord`, or before a push).
   */
  keepOnly(keep: Uint8Array | undefined): void {
    this.keep = keep;
    this.keeping = keep === undefined || keep[this.index] === 1;
  }

  /**
   * Feeds text; returns the records completed by it. With `utf8Bytes`, `text` is UTF-8 read as
   * latin1 (`buffer.toString('latin1')`): valid, and not cutting a character (the caller's care).
   */
  push(text: string, utf8Bytes = false): CsvRecord[] {
    this.out = [];
    this.bytes = utf8Bytes;
    this.excessFrom = 0;
    this.comma = -1;
    this.lf = -1;
    this.cr = -1;
    let i = 0;
    if (this.pendingCR && text.length > 0) {
      this.pendingCR = false;
      if (text.charCodeAt(0) === LF) i = 1; // CRLF already ended the record
    }
    while (i < text.length) {
      if (this.state === State.FieldStart && !this.keeping && !this.tooLong) {
        i = this.skipFields(text, i);
        if (i >= text.length) break;
      }
      i = this.step(text, i);
    }
    // The record going on into the next text: its excess so far (a part of one record, usually).
    if (utf8Bytes && !this.tooLong) this.excess += utf8Excess(text, this.excessFrom, text.length);
    return this.out;
  }

  /** Ends input; returns the last record if any. */
  end(): CsvRecord[] {
    this.out = [];
    if (this.state === State.Quoted) this.malformed = 'unterminated quoted field';
    // As before projection: a too-long record cut off right after a comma ends without a record.
    if (this.state !== State.FieldStart || (this.index > 0 && !this.tooLong)) this.endRecord();
    return this.out;
  }

  /** Consumes the character at `i` (and the ordinary run after it); returns the next position. */
  private step(text: string, i: number): number {
    const ch = text.charCodeAt(i);
    switch (this.state) {
      case State.FieldStart:
        if (ch === QUOTE) {
          this.state = State.Quoted;
          return i + 1;
        }
        this.state = State.Unquoted;
        return this.unquoted(text, i);
      case State.Unquoted:
        return this.unquoted(text, i);
      case State.Quoted:
        if (ch === QUOTE) {
          this.state = State.QuoteInQuoted;
          return i + 1;
        }
        return this.quotedRun(text, i);
      case State.QuoteInQuoted:
        if (ch === QUOTE) {
          this.take(text, i, i + 1); // the second quote of the pair
          this.state = State.Quoted;
          return i + 1;
        }
        if (ch === COMMA || ch === CR || ch === LF) return this.delimiter(text, i, ch);
        this.malformed ??= 'text after a closing quote';
        this.state = State.Unquoted;
        return this.unquoted(text, i);
      default: {
        const never: never = this.state;
        throw new Error(`bad state ${String(never)}`);
      }
    }
  }

  /**
   * The fast way over fields that are not kept: plain (unquoted) fields ended by a comma, one after
   * the other, counted and passed over in one loop. Stops — leaving the rest to `step` — at a
   * quoted field, a kept field, a record's end, the end of the text, or where the field would pass
   * the length limit.
   */
  private skipFields(text: string, i: number): number {
    const keep = this.keep as Uint8Array;
    const n = text.length;
    let index = this.index;
    let chars = this.chars;
    while (i < n) {
      if (text.charCodeAt(i) === QUOTE) break;
      const j = this.commaAt(text, i);
      if (j === n || this.lineEndAt(text, i) < j || chars + (j - i) > this.maxRecordChars) {
        // Continued in the next text, the record's last field, or too long: the general path.
        this.state = State.Unquoted;
        break;
      }
      chars += j - i;
      index++;
      i = j + 1;
      if (keep[index] === 1) break;
    }
    this.index = index;
    this.chars = chars;
    this.keeping = keep[index] === 1;
    return i;
  }

  /** Unquoted text up to the next comma or line end (a quote here is an ordinary character). */
  private unquoted(text: string, i: number): number {
    const c = this.commaAt(text, i);
    const e = this.lineEndAt(text, i);
    const j = Math.min(c, e);
    if (j > i) this.take(text, i, j);
    return j < text.length ? this.delimiter(text, j, text.charCodeAt(j)) : j;
  }

  /** Quoted text up to the next quote; line feeds inside count as lines. */
  private quotedRun(text: string, i: number): number {
    let j = text.indexOf('"', i);
    if (j === -1) j = text.length;
    if (this.lfAt(text, i) < j) {
      for (let k = this.lf; k !== -1 && k < j; k = text.indexOf('\n', k + 1)) this.line++;
    }
    this.take(text, i, j);
    return j;
  }

  /** The next comma at or after `i` (the text's length when none). */
  private commaAt(text: string, i: number): number {
    if (this.comma < i) {
      const k = text.indexOf(',', i);
      this.comma = k === -1 ? text.length : k;
    }
    return this.comma;
  }

  private lfAt(text: string, i: number): number {
    if (this.lf < i) {
      const k = text.indexOf('\n', i);
      this.lf = k === -1 ? text.length : k;
    }
    return this.lf;
  }

  /** The next CR or LF at or after `i` (the text's length when none). */
  private lineEndAt(text: string, i: number): number {
    const lf = this.lfAt(text, i);
    if (this.cr < i) {
      const k = text.indexOf('\r', i);
      this.cr = k === -1 ? text.length : k;
    }
    return Math.min(lf, this.cr);
  }

  /** A comma ends the field; CR, LF or CRLF ends the record. */
  private delimiter(text: string, i: number, ch: number): number {
    if (ch === COMMA) {
      this.endField();
      return i + 1;
    }
    this.line++;
    this.endRecord();
    this.excessFrom = i;
    if (ch === LF) return i + 1;
    if (i + 1 < text.length) return text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    this.pendingCR = true;
    return i + 1;
  }

  /** Adds `text[i, j)` to the field (built only when kept; counted for the limit either way). */
  private take(text: string, i: number, j: number): void {
    if (this.tooLong) return;
    this.chars += j - i;
    if (this.chars > this.maxRecordChars) {
      // Bytes are at least as many as characters: count the characters exactly only now.
      if (this.bytes) {
        this.excess += utf8Excess(text, this.excessFrom, j);
        this.excessFrom = j;
      }
      if (this.chars - this.excess > this.maxRecordChars) {
        this.tooLong = true;
        this.field = '';
        this.fields = [];
        return;
      }
    }
    if (this.keeping) {
      const run = text.slice(i, j);
      this.field += this.bytes && !isAscii(run) ? Buffer.from(run, 'latin1').toString('utf8') : run;
    }
  }

  private endField(): void {
    if (!this.tooLong && this.keeping) this.fields.push(detach(this.field));
    this.field = '';
    this.state = State.FieldStart;
    this.index++;
    this.keeping = this.keep === undefined || this.keep[this.index] === 1;
  }

  private endRecord(): void {
    // A record of one empty field (a blank line, or `""`) is no record.
    const blank = this.index === 0 && this.chars === 0 && !this.tooLong;
    this.endField();
    const count = this.index;
    const rec: CsvRecord | undefined = blank
      ? undefined
      : this.malformed
        ? { line: this.recordLine, fields: this.fields, count, tooLong: this.tooLong, malformed: this.malformed }
        : { line: this.recordLine, fields: this.fields, count, tooLong: this.tooLong };
    this.fields = [];
    this.index = 0;
    this.keeping = this.keep === undefined || this.keep[0] === 1;
    this.chars = 0;
    this.excess = 0;
    this.tooLong = false;
    this.malformed = undefined;
    this.recordLine = this.line;
    if (rec) {
      if (this.onRecord) this.onRecord(rec);
      else this.out.push(rec);
    }
  }
}

/**
 * A copy of a field that does not keep the chunk it was sliced from alive: loaded values live as
 * long as the table, and a view would pin every ~64 KiB chunk that one of its values came from.
 */
function detach(s: string): string {
  // Concatenating makes a new string; slicing that one pins only it (one character longer than s).
  return s.length < SLICE_VIEW_MIN ? s : ` ${s}`.slice(1);
}

/** Whether a string has only ASCII characters. */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Of UTF-8 bytes read as latin1 characters (whole, valid sequences): how many more bytes than
 * UTF-16 characters they decode to. A continuation byte adds one; a four-byte sequence decodes to
 * two characters, so its lead takes one off.
 */
function utf8Excess(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x80) continue;
    if (c < 0xc0) n++;
    else if (c >= 0xf0) n--;
  }
  return n;
}
