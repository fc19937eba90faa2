/**
 * The NDJSON fast path: decodes only the keys a load needs (the hunt's projection) straight from a
 * line's bytes, without JSON.parse and without turning the whole line into a string.
 *
 * Why our own code: a Defender export line is ~2 KB with ~60 keys, a hunt reads 5–10 of them, and
 * JSON.parse builds every key and value of every line. Here each wanted key is looked for in a
 * small window around where the previous line had it (then in the rest of the line), and only its
 * value is decoded. The single-byte scans (`{`, `[`, `\\`) remember their last answer per buffer,
 * so a byte missing from most lines costs one pass over the chunk, not one per line.
 *
 * When the fast path answers, it gives exactly what JSON.parse + projection would give for that
 * line; whenever it cannot be sure, it declines and the caller uses the general path for the line
 * (counted in the file report). It declines a line that:
 *   - is not framed as one object (`{` … `}`), or opens an object or array inside it (a wanted key
 *     could belong to an inner object; a `{` or `[` inside a string value does not count);
 *   - does not begin with the key the file's first record began with. The caller turns the fast
 *     path on only when that first record was a plain row of one table (no `$table`/`Type`
 *     selector, not a Windows event or a streaming envelope), and lines from one writer begin
 *     alike; a later line that begins the same way but carries a selector would be read as a
 *     plain row of that table (the load option fastPath: false reads every line in full);
 *   - has a wanted key preceded by a backslash, or a value that is not a plain JSON string,
 *     number, true, false or null, a number of more than 15 significant digits (exactness is
 *     the general path's job), or an integral number written as a real (`50.0`: a dynamic column
 *     keeps it as a real);
 * Bytes between the wanted values are not validated: a line whose other values are broken JSON
 * loads here where the general path would reject it, and of a key written twice in one object this
 * path reads the first, JSON.parse the last (RFC 8259 leaves duplicate names unpredictable; looking
 * for a second occurrence would cost a scan of the rest of every line per key). Values are decoded from the line's UTF-8
 * (invalid sequences become U+FFFD, as the general path's decoding does).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;

/** How far past the previous line's position of a key its search starts (bytes). */
const GUESS_SLACK = 48;

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
}

/** A remembered Buffer.indexOf: valid for any later query position between `from` and `at`. */
class Needle {
  private buf: Buffer | undefined;
  private from = 0;
  private at = -1;
  constructor(readonly bytes: Buffer) {}

  /** First occurrence at or after `pos` in `buf`, or -1. */
  find(buf: Buffer, pos: number): number {
    if (buf === this.buf && this.from <= pos && (this.at === -1 || this.at >= pos)) return this.at;
    const at = buf.indexOf(this.bytes, pos);
    this.buf = buf;
    this.from = pos;
    this.at = at;
    return at;
  }
}

/** The values found in one line: the wanted keys that are present, in the order of `keys`. */
export type FastRecord = Record<string, unknown>;

export class NdjsonFastScanner {
  private readonly keys: readonly string[];
  /** `"<key>"` as UTF-8, per wanted key. */
  private readonly needles: Buffer[];
  /** `"<first key of the file's first record>"`: every line read here starts with it. */
  private readonly firstKey: Buffer;
  private readonly brace = new Needle(Buffer.from('{'));
  private readonly bracket = new Needle(Buffer.from('['));
  private readonly backslash = new Needle(Buffer.from('\\'));
  /** Key indexes in the order the last line had them: the next search starts where the last ended. */
  private order: number[];
  private readonly positions: Int32Array;
  /**
   * Where each key was in the previous line, counted from the end of the value before it in the
   * search order (-1: not known).
   */
  private readonly deltas: Int32Array;
  /** Lines answered / declined. */
  fast = 0;
  declined = 0;

  constructor(keys: Iterable<string>, firstKey: string) {
    this.keys = [...new Set(keys)];
    this.needles = this.keys.map((k) => Buffer.from(JSON.stringify(k), 'utf8'));
    this.firstKey = Buffer.from(JSON.stringify(firstKey), 'utf8');
    this.order = this.keys.map((_, i) => i);
    this.positions = new Int32Array(this.keys.length);
    this.deltas = new Int32Array(this.keys.length).fill(-1);
  }

  /**
   * The wanted keys of the line `buf[start, end)` (without its line break), or undefined when the
   * general path must read the line.
   */
  scan(buf: Buffer, start: number, end: number): FastRecord | undefined {
    let s = start;
    while (s < end && isSpace(buf[s])) s++;
    if (s === end) return undefined; // a blank line: the general path skips it, uncounted here
    const r = this.scanLine(buf, start, end);
    if (r === undefined) this.declined++;
    else this.fast++;
    return r;
  }

  private scanLine(buf: Buffer, start: number, end: number): FastRecord | undefined {
    let s = start;
    let e = end;
    while (s < e && isSpace(buf[s])) s++;
    while (e > s && isSpace(buf[e - 1])) e--;
    if (buf[s] !== OPEN_BRACE || buf[e - 1] !== CLOSE_BRACE) return undefined;
    if (this.nests(this.brace, buf, s + 1, e) || this.nests(this.bracket, buf, s, e)) return undefined;
    if (!this.sameFirstKey(buf, s, e)) return undefined;
    const backslash = this.backslash.find(buf, s);
    const escapes = backslash !== -1 && backslash < e;

    const out: FastRecord = {};
    const found: number[] = [];
    let cursor = s + 1;
    for (const k of this.order) {
      const needle = this.needles[k] as Buffer;
      let at = this.locate(buf, k, cursor, e);
      if (at === -1 && cursor > s + 1) at = this.findKey(buf, needle, s + 1, e);
      if (at === -2) return undefined;
      if (at === -1) {
        this.positions[k] = 0x7fffffff;
        continue;
      }
      // The value: after the key, optional spaces, the colon, optional spaces.
      let p = at + needle.length;
      while (isSpace(buf[p])) p++;
      p++; // the colon (checked by findKey)
      while (isSpace(buf[p])) p++;
      const v = this.value(buf, p, e, escapes);
      if (v === undefined) return undefined;
      out[this.keys[k] as string] = v.value;
      this.positions[k] = at;
      this.deltas[k] = at >= cursor ? at - cursor : -1;
      found.push(k);
      cursor = v.end;
    }
    // Keep the next line's search order the same as this line's key order.
    if (found.length > 1) {
      let sorted = true;
      for (let i = 1; i < found.length; i++)
        if ((this.positions[found[i] as number] as number) < (this.positions[found[i - 1] as number] as number)) {
          sorted = false;
          break;
        }
      if (!sorted)
        this.order = [...this.order].sort((a, b) => (this.positions[a] as number) - (this.positions[b] as number));
    }
    return out;
  }

  /**
   * Whether `buf[from, end)` opens an object or array: a `{` or `[` that follows a colon, a comma
   * or a `[` (spaces between) — where JSON allows a value to start. One that follows anything else
   * is inside a string (`"[\"http://…\"]"`) and is skipped; text like `"a:[b"` inside a string
   * only makes the line decline.
   */
  private nests(needle: Needle, buf: Buffer, from: number, end: number): boolean {
    let pos = from;
    for (;;) {
      const at = needle.find(buf, pos);
      if (at === -1 || at >= end) return false;
      let p = at - 1;
      while (p > from && isSpace(buf[p])) p--;
      const before = buf[p];
      if (before === COLON || before === COMMA || before === OPEN_BRACKET) return true;
      pos = at + 1;
    }
  }

  /** The line (framed by s, e) starts with the file's first key, followed by a colon. */
  private sameFirstKey(buf: Buffer, s: number, e: number): boolean {
    let p = s + 1;
    while (p < e && isSpace(buf[p])) p++;
    const k = this.firstKey;
    if (p + k.length >= e) return false;
    for (let j = 0; j < k.length; j++) if (buf[p + j] !== k[j]) return false;
    p += k.length;
    while (p < e && isSpace(buf[p])) p++;
    return buf[p] === COLON;
  }

  /**
   * The key `k` at or after `cursor` in the line starting at `s`: first in a small window around
   * where the previous line had it, then in the rest of the line — Buffer.indexOf with a multi-byte
   * needle runs at only a few hundred MB/s, so the window saves most of the bytes. Any occurrence
   * after the cursor that is followed by a colon is the key (see the header for duplicates).
   */
  private locate(buf: Buffer, k: number, cursor: number, e: number): number {
    const needle = this.needles[k] as Buffer;
    const delta = this.deltas[k] as number;
    const guess = cursor + delta;
    if (delta >= 0 && guess < e) {
      // Most often exactly where the previous line had it, counted from the previous key's value.
      const exact = this.findKey(buf, needle, guess, Math.min(e, guess + needle.length + 1));
      if (exact !== -1) return exact;
      const lo = Math.max(cursor, guess - GUESS_SLACK);
      const at = this.findKey(buf, needle, lo, Math.min(e, guess + needle.length + GUESS_SLACK));
      if (at !== -1) return at;
    }
    return this.findKey(buf, needle, cursor, e);
  }

  /**
   * The position of `needle` as a key in `buf[from, end)` (a quoted string followed by a colon),
   * -1 when there is none, -2 when the line must take the general path. The search is bounded by
   * a view of the range, so a key missing from a line never scans the lines after it.
   */
  private findKey(buf: Buffer, bytes: Buffer, from: number, end: number): number {
    const n = bytes.length;
    // The key's first letter (bytes[1]; bytes[0] is the quote, which is everywhere) as the anchor.
    const anchor = bytes[1] as number;
    const last = end - n;
    // A plain loop: for windows of a few dozen bytes it beats Buffer.indexOf, whose multi-byte
    // search pays a table set-up on every call.
    outer: for (let at = from; at <= last; at++) {
      if (buf[at + 1] !== anchor || buf[at] !== QUOTE) continue;
      for (let j = 2; j < n; j++) if (buf[at + j] !== bytes[j]) continue outer;
      if (buf[at - 1] === BACKSLASH) return -2;
      let p = at + n;
      while (p < end && isSpace(buf[p])) p++;
      if (p < end && buf[p] === COLON) return at;
    }
    return -1;
  }

  /** Decodes the JSON value starting at `p`; undefined when it is not a plain scalar. */
  private value(buf: Buffer, p: number, end: number, escapes: boolean): { value: unknown; end: number } | undefined {
    const b = buf[p];
    let valueEnd: number;
    let value: unknown;
    if (b === QUOTE) {
      let q = buf.indexOf(QUOTE, p + 1);
      if (q === -1 || q >= end) return undefined;
      const bs = escapes ? this.backslash.find(buf, p + 1) : -1;
      if (bs === -1 || bs > q) value = buf.toString('utf8', p + 1, q);
      else {
        // Skip escaped quotes: a quote preceded by an odd number of backslashes is content.
        for (;;) {
          let n = 0;
          while (buf[q - 1 - n] === BACKSLASH) n++;
          if (n % 2 === 0) break;
          q = buf.indexOf(QUOTE, q + 1);
          if (q === -1 || q >= end) return undefined;
        }
        try {
          value = JSON.parse(buf.toString('utf8', p, q + 1));
        } catch {
          return undefined;
        }
      }
      valueEnd = q + 1;
    } else {
      let q = p;
      while (q < end) {
        const c = buf[q] as number;
        if (c === COMMA || c === CLOSE_BRACE || isSpace(c)) break;
        q++;
      }
      const text = buf.toString('latin1', p, q);
      if (text === 'true') value = true;
      else if (text === 'false') value = false;
      else if (text === 'null') value = null;
      else {
        if (!JSON_NUMBER.test(text) || significantDigits(text) > 15) return undefined;
        value = Number(text);
        // `50.0`: a real that a dynamic column keeps as one (DynReal) — the general path's job.
        if (Number.isInteger(value) && /[.eE]/.test(text)) return undefined;
      }
      valueEnd = q;
    }
    let after = valueEnd;
    while (after < end && isSpace(buf[after])) after++;
    const next = buf[after];
    if (next !== COMMA && next !== CLOSE_BRACE) return undefined;
    return { value, end: valueEnd };
  }
}

function significantDigits(num: string): number {
  let n = 0;
  let leading = true;
  for (let i = 0; i < num.length; i++) {
    const c = num.charCodeAt(i);
    if (c === 0x65 || c === 0x45) break; // exponent
    if (c < 0x30 || c > 0x39) continue;
    if (leading && c === 0x30) continue;
    leading = false;
    n++;
  }
  return n;
}
