/**
 * A small streaming RFC 4180 CSV parser: quoted fields with doubled quotes, commas and CR/LF inside
 * quotes, CRLF or LF record ends. Written here because no CSV package is installed (csv-parse is
 * requested in the report); it only needs what Defender portal exports produce.
 *
 * Records over `maxRecordChars` are reported as too long and skipped while streaming. Text after a
 * closing quote (`"a"b`) is kept (lenient, like Excel) but flagged on the record as malformed.
 */

export interface CsvRecord {
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly fields: string[];
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

export class CsvParser {
  private state = State.FieldStart;
  private field = '';
  private fields: string[] = [];
  private chars = 0;
  private tooLong = false;
  private malformed: string | undefined;
  private line = 1;
  private recordLine = 1;
  private pendingCR = false;

  constructor(private readonly maxRecordChars: number) {}

  /** Feeds text; returns the records completed by it. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (this.pendingCR) {
        this.pendingCR = false;
        if (ch === '\n') continue; // CRLF already ended the record
      }
      this.step(ch, out);
    }
    return out;
  }

  /** Ends input; returns the last record if any. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.state === State.Quoted) this.malformed = 'unterminated quoted field';
    if (this.state !== State.FieldStart || this.fields.length > 0 || this.field !== '') this.endRecord(out);
    return out;
  }

  private step(ch: string, out: CsvRecord[]): void {
    if (ch === '\n') this.line++;
    switch (this.state) {
      case State.FieldStart:
        if (ch === '"') this.state = State.Quoted;
        else if (ch === ',') this.endField();
        else if (ch === '\r' || ch === '\n') this.lineEnd(ch, out);
        else {
          this.add(ch);
          this.state = State.Unquoted;
        }
        return;
      case State.Unquoted:
        if (ch === ',') this.endField();
        else if (ch === '\r' || ch === '\n') this.lineEnd(ch, out);
        else this.add(ch);
        return;
      case State.Quoted:
        if (ch === '"') this.state = State.QuoteInQuoted;
        else this.add(ch);
        return;
      case State.QuoteInQuoted:
        if (ch === '"') {
          this.add('"');
          this.state = State.Quoted;
        } else if (ch === ',') this.endField();
        else if (ch === '\r' || ch === '\n') this.lineEnd(ch, out);
        else {
          this.malformed ??= 'text after a closing quote';
          this.add(ch);
          this.state = State.Unquoted;
        }
        return;
      default: {
        const never: never = this.state;
        throw new Error(`bad state ${String(never)}`);
      }
    }
  }

  private add(ch: string): void {
    if (this.tooLong) return;
    if (++this.chars > this.maxRecordChars) {
      this.tooLong = true;
      this.field = '';
      this.fields = [];
      return;
    }
    this.field += ch;
  }

  private endField(): void {
    if (!this.tooLong) this.fields.push(this.field);
    this.field = '';
    this.state = State.FieldStart;
  }

  private lineEnd(ch: string, out: CsvRecord[]): void {
    if (ch === '\r') {
      this.pendingCR = true;
      this.line++;
    }
    this.endRecord(out);
  }

  private endRecord(out: CsvRecord[]): void {
    this.endField();
    const blank = this.fields.length === 1 && this.fields[0] === '' && !this.tooLong;
    if (!blank) {
      const rec: CsvRecord = { line: this.recordLine, fields: this.fields, tooLong: this.tooLong };
      out.push(this.malformed ? { ...rec, malformed: this.malformed } : rec);
    }
    this.fields = [];
    this.chars = 0;
    this.tooLong = false;
    this.malformed = undefined;
    this.recordLine = this.line;
  }
}
