/**
 * The NDJSON fast path: finds the keys a load needs (the hunt's projection) in a line's bytes and
 * reads only their values, without JSON.parse and without turning the line into a string.
 *
 * Why our own code: a Defender export line is ~2 KB with ~60 keys, a hunt reads 5–10 of them, and
 * JSON.parse builds every key and value of every line. Here each wanted key is first looked for
 * where the previous line had it — at the same distance from the previous wanted value, then at
 * the same distance from the end of the line (lines of one writer differ mostly in the lengths of
 * a few values) — and otherwise by walking the line key by key from the previous wanted value,
 * skipping string values with a native byte search. Only the wanted values are decoded; a loader
 * that can take bytes (FastRowWriter) gets them without any string being made.
 *
 * When the fast path answers, it gives exactly what JSON.parse + projection would give for that
 * line; whenever it cannot be sure, it declines and the caller uses the general path for the line
 * (counted in the file report). A line with an object or array in it is read by one walk over its
 * top-level keys instead of by guesses (a guessed position could be inside the inner value). It
 * declines a line that:
 *   - is not framed as one object (`{` … `}`), or has an object or array as a wanted key's value;
 *   - does not begin with the key the file's first record began with. The caller turns the fast
 *     path on only when that first record was a plain row of one table (no `$table`/`Type`
 *     selector, not a Windows event or a streaming envelope), and lines from one writer begin
 *     alike; a later line that begins the same way but carries a selector would be read as a
 *     plain row of that table (the load option fastPath: false reads every line in full);
 *   - has a key with a backslash in it on the way to a wanted key, or a wanted value that is not a
 *     plain JSON string, number, true, false or null, or a number of more than 15 significant
 *     digits (exactness is the general path's job). The record form (`scan`) also declines an
 *     integral number written as a real (`50.0`: a dynamic column keeps it as a real).
 * Keys are found by their bytes, so the loader uses this path only for keys of printable ASCII
 * (column names are; no JSON writer escapes such characters in a key). Bytes between the wanted
 * values are not validated, nor a wanted string's characters (a raw control character, which
 * JSON.parse refuses, is read as it is): a line with broken JSON elsewhere loads here where the
 * general path would reject it, and of a key written twice in one object this
 * path reads the first, JSON.parse the last (RFC 8259 leaves duplicate names unpredictable; looking
 * for a second occurrence would cost a walk over the rest of every line). Values are decoded from
 * the line's UTF-8 (invalid sequences become U+FFFD, as the general path's decoding does).
 */
import type { ColumnBuilder, ScalarType, StringBuilder, TicksBuilder } from '../../kql/engine.js';
import type { DirectSlot } from '../accumulator.js';
import { isoTicksWords } from '../io/iso-ticks.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;

/** What a located value is (scanner.kind per key). */
export const ABSENT = 0;
export const NULL = 1;
/** A string without escapes: its bytes are `vs..ve` (inside the quotes). */
export const STRING = 2;
/** A string with escapes: `vs - 1 .. ve + 1` is its JSON text, quotes included. */
export const ESCAPED = 3;
/** An integer literal of at most 15 digits (`-12`); its value is in `num`. */
export const INTEGER = 4;
/** Another number (`1.5`, `2e3`, `50.0`) of at most 15 significant digits; its text is `vs..ve`. */
export const REAL = 5;
export const TRUE = 6;
export const FALSE = 7;

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
}

/**
 * A remembered Buffer.indexOf of a byte or a byte string: valid for any later query position
 * between `from` and `at`, so a needle missing from most lines costs one search of the buffer
 * (native, ~3 GB/s for a key name), not one per line.
 */
class Needle {
  private buf: Buffer | undefined;
  private from = 0;
  private at = -1;
  constructor(readonly needle: number | Buffer) {}

  /** Forgets the remembered answer (the buffer's bytes are about to change). */
  forget(): void {
    this.buf = undefined;
  }

  /** First occurrence at or after `pos` in `buf`, or -1. */
  find(buf: Buffer, pos: number): number {
    if (buf === this.buf && this.from <= pos && (this.at === -1 || this.at >= pos)) return this.at;
    const at = this.search(buf, pos);
    this.buf = buf;
    this.from = pos;
    this.at = at;
    return at;
  }

  protected search(buf: Buffer, pos: number): number {
    return buf.indexOf(this.needle, pos);
  }
}

/**
 * A Needle for a key's quoted name that looks for its rarest byte with the one-byte search (memchr,
 * many times faster than the native search for a byte string, ~3 GB/s) and checks the name around
 * each hit. The byte is chosen from the byte counts of the file's first chunk; when it turns out
 * common after all (more than one hit per 64 bytes searched), the plain search takes over.
 */
export class NameNeedle extends Needle {
  /** Index in the name of the byte searched for; -1: the plain search. */
  private anchor = -1;
  constructor(private readonly name: Buffer) {
    super(name);
  }

  /** Picks the anchor from byte counts of a sample of the input. */
  tune(counts: Uint32Array): void {
    let best = -1;
    for (let j = 1; j < this.name.length - 1; j++)
      if (best === -1 || (counts[this.name[j] as number] as number) < (counts[this.name[best] as number] as number))
        best = j;
    this.anchor = best;
  }

  protected override search(buf: Buffer, pos: number): number {
    const a = this.anchor;
    if (a < 0) return super.search(buf, pos);
    const name = this.name;
    const n = name.length;
    const byte = name[a] as number;
    let hits = 0;
    for (let h = buf.indexOf(byte, pos + a); h !== -1; h = buf.indexOf(byte, h + 1)) {
      const start = h - a;
      if (start + n > buf.length) return -1;
      let j = 0;
      while (j < n && buf[start + j] === name[j]) j++;
      if (j === n) return start;
      if (++hits > 64 && (h - pos) / hits < 64) {
        this.anchor = -1; // a common byte: the plain search is faster
        return super.search(buf, start + 1);
      }
    }
    return -1;
  }
}

/** The values found in one line: the wanted keys that are present, in the order of `keys`. */
export type FastRecord = Record<string, unknown>;

export class NdjsonFastScanner {
  readonly keys: readonly string[];
  /** `"<key>"` as UTF-8, per wanted key. */
  private readonly needles: Buffer[];
  /** The same, remembered searches: a key missing from a line is known missing without a walk. */
  private readonly names: NameNeedle[];
  /** Whether the names' searches have been tuned to the input's byte counts. */
  private tuned = false;
  /** `"<first key of the file's first record>"`: every line read here starts with it. */
  private readonly firstKey: Buffer;
  private readonly brace = new Needle(OPEN_BRACE);
  private readonly bracket = new Needle(OPEN_BRACKET);
  private readonly backslash = new Needle(BACKSLASH);
  /** Key indexes in the order the last line had them: the next search starts where the last ended. */
  private order: number[];
  private readonly positions: Int32Array;
  /** Where each key was in the previous line, from the end of the value before it in `order` (-1: not known). */
  private readonly fromCursor: Int32Array;
  /** Where each key was in the previous line, back from the line's end (0: not known). */
  private readonly fromEnd: Int32Array;

  /** Per wanted key, after `locate`: the kind of its value (ABSENT …) and its bytes. */
  readonly kind: Uint8Array;
  readonly vs: Int32Array;
  readonly ve: Int32Array;
  /** INTEGER values. */
  readonly num: Float64Array;
  /** Lines answered / declined. */
  fast = 0;
  declined = 0;

  constructor(keys: Iterable<string>, firstKey: string) {
    this.keys = [...new Set(keys)];
    const n = this.keys.length;
    this.needles = this.keys.map((k) => Buffer.from(JSON.stringify(k), 'utf8'));
    this.names = this.needles.map((b) => new NameNeedle(b));
    this.firstKey = Buffer.from(JSON.stringify(firstKey), 'utf8');
    this.order = this.keys.map((_, i) => i);
    this.positions = new Int32Array(n);
    this.fromCursor = new Int32Array(n).fill(-1);
    this.fromEnd = new Int32Array(n);
    this.kind = new Uint8Array(n);
    this.vs = new Int32Array(n);
    this.ve = new Int32Array(n);
    this.num = new Float64Array(n);
  }

  /** Tunes the name searches to the byte counts of up to 256 KiB of input from `from`. */
  private tune(buf: Buffer, from: number): void {
    const counts = new Uint32Array(256);
    const to = Math.min(buf.length, from + 256 * 1024);
    for (let i = from; i < to; i++) (counts[buf[i] as number] as number)++;
    for (const n of this.names) n.tune(counts);
    this.tuned = true;
  }

  /** To be called before a buffer already scanned is refilled (a reader reusing its buffers). */
  forget(): void {
    this.brace.forget();
    this.bracket.forget();
    this.backslash.forget();
    for (const n of this.names) n.forget();
  }

  /**
   * The wanted keys of the line `buf[start, end)` (without its line break) as a record, or
   * undefined when the general path must read the line. Counts the line (fast / declined).
   */
  scan(buf: Buffer, start: number, end: number): FastRecord | undefined {
    if (isBlank(buf, start, end)) return undefined; // the general path skips it, uncounted here
    if (!this.locate(buf, start, end)) {
      this.declined++;
      return undefined;
    }
    const out: FastRecord = {};
    for (let k = 0; k < this.keys.length; k++) {
      const v = this.valueOf(buf, k);
      if (v === DECLINE) {
        this.declined++;
        return undefined;
      }
      if (this.kind[k] !== ABSENT) out[this.keys[k] as string] = v;
    }
    this.fast++;
    return out;
  }

  /** The value of key `k` as JSON.parse gives it (after `locate`), or DECLINE. */
  private valueOf(buf: Buffer, k: number): unknown {
    const vs = this.vs[k] as number;
    const ve = this.ve[k] as number;
    switch (this.kind[k]) {
      case NULL:
        return null;
      case STRING:
        return buf.toString('utf8', vs, ve);
      case ESCAPED:
        return decodeEscaped(buf, vs, ve) ?? DECLINE;
      case INTEGER:
        return this.num[k];
      case REAL: {
        const value = Number(buf.toString('latin1', vs, ve));
        // `50.0`: a real that a dynamic column keeps as one (DynReal) — the general path's job.
        return Number.isInteger(value) ? DECLINE : value;
      }
      case TRUE:
        return true;
      case FALSE:
        return false;
      default:
        return undefined;
    }
  }

  /**
   * Finds every wanted key of the line `buf[start, end)` and fills kind/vs/ve/num; false when the
   * general path must read the line. Does not count the line.
   */
  locate(buf: Buffer, start: number, end: number): boolean {
    let s = start;
    let e = end;
    while (s < e && isSpace(buf[s])) s++;
    while (e > s && isSpace(buf[e - 1])) e--;
    if (buf[s] !== OPEN_BRACE || buf[e - 1] !== CLOSE_BRACE) return false;
    if (!this.sameFirstKey(buf, s, e)) return false;
    const backslash = this.backslash.find(buf, s);
    const escapes = backslash !== -1 && backslash < e;
    // A line with an object or array in it: a guessed position could be inside it, so walk.
    if (this.nests(this.brace, buf, s + 1, e) || this.nests(this.bracket, buf, s, e))
      return this.locateByWalk(buf, s, e, escapes);

    const order = this.order;
    let cursor = s + 1;
    let sorted = true;
    let last = -1;
    for (let i = 0; i < order.length; i++) {
      const k = order[i] as number;
      let at = this.guess(buf, k, cursor, e);
      if (at === -1) {
        // Not where it was: when its name is nowhere in the line it is absent, else walk to it.
        if (!this.tuned) this.tune(buf, s);
        const named = (this.names[k] as NameNeedle).find(buf, s);
        if (named !== -1 && named < e) {
          at = this.walk(buf, k, cursor, e);
          if (at === -1 && cursor > s + 1) at = this.walk(buf, k, s + 1, e, cursor);
        }
      }
      if (at === -2) return false;
      if (at === -1) {
        this.kind[k] = ABSENT;
        this.positions[k] = 0x7fffffff;
        continue;
      }
      // The value: after the key, optional spaces, the colon, optional spaces.
      let p = at + (this.needles[k] as Buffer).length;
      while (isSpace(buf[p])) p++;
      p++; // the colon (checked by isKeyAt / walk)
      while (isSpace(buf[p])) p++;
      const valueEnd = this.value(buf, k, p, e, escapes);
      if (valueEnd === -1) return false;
      this.positions[k] = at;
      this.fromCursor[k] = at >= cursor ? at - cursor : -1;
      this.fromEnd[k] = e - at;
      if (at < last) sorted = false;
      last = at;
      cursor = valueEnd;
    }
    // Keep the next line's search order the same as this line's key order.
    if (!sorted) this.order = [...order].sort((a, b) => (this.positions[a] as number) - (this.positions[b] as number));
    return true;
  }

  /**
   * locate for a line with nested values: one walk over its top-level keys, reading the first
   * occurrence of each wanted one and skipping every other value (objects and arrays included).
   * A wanted key whose value is an object or array declines the line.
   */
  private locateByWalk(buf: Buffer, s: number, e: number, escapes: boolean): boolean {
    this.kind.fill(ABSENT);
    let p = s + 1;
    for (;;) {
      while (p < e && isSpace(buf[p])) p++;
      if (p >= e) return false;
      let c = buf[p];
      if (c === CLOSE_BRACE) return p === e - 1;
      if (c === COMMA && p > s + 1) {
        p++;
        while (p < e && isSpace(buf[p])) p++;
        c = buf[p];
      }
      if (c !== QUOTE) return false;
      const close = keyEnd(buf, p, e);
      if (close === -1) return false;
      const k = this.keyIndex(buf, p, close + 1);
      p = valueStart(buf, close + 1, e);
      if (p === -1) return false;
      if (k >= 0 && this.kind[k] === ABSENT) {
        if (buf[p] === OPEN_BRACE || buf[p] === OPEN_BRACKET) return false;
        p = this.value(buf, k, p, e, escapes);
      } else p = skipValue(buf, p, e);
      if (p === -1) return false;
    }
  }

  /** The wanted key whose quoted name is `buf[from, to)`, or -1. */
  private keyIndex(buf: Buffer, from: number, to: number): number {
    const n = to - from;
    for (let k = 0; k < this.needles.length; k++) {
      const needle = this.needles[k] as Buffer;
      if (needle.length !== n) continue;
      let j = 1;
      while (j < n - 1 && buf[from + j] === needle[j]) j++;
      if (j === n - 1) return k;
    }
    return -1;
  }

  /** Key `k` where the previous line suggests (from the cursor, then from the end), or -1. */
  private guess(buf: Buffer, k: number, cursor: number, e: number): number {
    const d = this.fromCursor[k] as number;
    if (d >= 0 && this.isKeyAt(buf, k, cursor + d, e)) return cursor + d;
    const back = this.fromEnd[k] as number;
    if (back > 0 && e - back >= cursor && this.isKeyAt(buf, k, e - back, e)) return e - back;
    return -1;
  }

  /**
   * Whether key `k` (a quoted name followed by a colon) starts at `at`. The byte before it must be
   * one a key can follow (`{`, `,` or a space): inside a string value every quote follows a
   * backslash, so such a match is never part of a value.
   */
  private isKeyAt(buf: Buffer, k: number, at: number, e: number): boolean {
    const needle = this.needles[k] as Buffer;
    const n = needle.length;
    if (at + n >= e) return false;
    const before = buf[at - 1];
    if (before !== COMMA && before !== OPEN_BRACE && !isSpace(before)) return false;
    for (let j = 0; j < n; j++) if (buf[at + j] !== needle[j]) return false;
    let p = at + n;
    while (p < e && isSpace(buf[p])) p++;
    return buf[p] === COLON;
  }

  /**
   * Walks the line's keys from `from` (just after the `{`, or at the end of a value) to key `k`:
   * its position, -1 when it is not there (up to the line's end, or up to `stop`, the end of a
   * value), -2 when the line must take the general path (it is not the flat JSON this walk reads,
   * or a key has an escape in it).
   */
  private walk(buf: Buffer, k: number, from: number, e: number, stop = e): number {
    const needle = this.needles[k] as Buffer;
    const n = needle.length;
    let p = from;
    for (;;) {
      if (p === stop && stop < e) return -1; // the end of the value where an earlier search stopped
      while (p < e && isSpace(buf[p])) p++;
      if (p >= e) return -2;
      let c = buf[p];
      if (c === CLOSE_BRACE) return -1;
      if (c === COMMA) {
        p++;
        while (p < e && isSpace(buf[p])) p++;
        c = buf[p];
      }
      if (c !== QUOTE) return -2;
      const at = p;
      const close = keyEnd(buf, p, e);
      if (close === -1) return -2;
      let match = close + 1 - at === n;
      for (let j = 1; match && j < n - 1; j++) if (buf[at + j] !== needle[j]) match = false;
      p = valueStart(buf, close + 1, e);
      if (p === -1) return -2;
      if (match) return at;
      p = skipValue(buf, p, e);
      if (p === -1) return -2;
    }
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
   * Reads the JSON value of key `k` starting at `p` into kind/vs/ve/num: the end of the value, or
   * -1 when it is not a plain scalar followed by `,` or `}`.
   */
  private value(buf: Buffer, k: number, p: number, end: number, escapes: boolean): number {
    const b = buf[p];
    let valueEnd: number;
    if (b === QUOTE) {
      let q = buf.indexOf(QUOTE, p + 1);
      if (q === -1 || q >= end) return -1;
      const bs = escapes ? this.backslash.find(buf, p + 1) : -1;
      if (bs === -1 || bs > q) this.kind[k] = STRING;
      else {
        q = stringEnd(buf, p, end);
        if (q === -1) return -1;
        this.kind[k] = ESCAPED;
      }
      this.vs[k] = p + 1;
      this.ve[k] = q;
      valueEnd = q + 1;
    } else {
      let q = p;
      while (q < end) {
        const c = buf[q] as number;
        if (c === COMMA || c === CLOSE_BRACE || isSpace(c)) break;
        q++;
      }
      const kind = literal(buf, p, q, this.num, k);
      if (kind === -1) return -1;
      this.kind[k] = kind;
      this.vs[k] = p;
      this.ve[k] = q;
      valueEnd = q;
    }
    let after = valueEnd;
    while (after < end && isSpace(buf[after])) after++;
    const next = buf[after];
    return next === COMMA || next === CLOSE_BRACE ? valueEnd : -1;
  }
}

/** A marker for "decline this line" from value readers. */
const DECLINE: unique symbol = Symbol('decline');

function isBlank(buf: Buffer, start: number, end: number): boolean {
  let s = start;
  while (s < end && isSpace(buf[s])) s++;
  return s === end;
}

/** The closing quote of the string opening at `p` (escaped quotes skipped), or -1. */
function stringEnd(buf: Buffer, p: number, end: number): number {
  let q = buf.indexOf(QUOTE, p + 1);
  for (;;) {
    if (q === -1 || q >= end) return -1;
    // A quote preceded by an odd number of backslashes is content.
    let n = 0;
    while (buf[q - 1 - n] === BACKSLASH) n++;
    if (n % 2 === 0) return q;
    q = buf.indexOf(QUOTE, q + 1);
  }
}

/** The closing quote of the key whose opening quote is at `p`, or -1 (none, or an escape in the key). */
function keyEnd(buf: Buffer, p: number, end: number): number {
  const close = buf.indexOf(QUOTE, p + 1);
  return close === -1 || close >= end || buf[close - 1] === BACKSLASH ? -1 : close;
}

/** Where the value after a key ending before `p` starts (past the colon and spaces), or -1. */
function valueStart(buf: Buffer, p: number, end: number): number {
  let q = p;
  while (q < end && isSpace(buf[q])) q++;
  if (buf[q] !== COLON) return -1;
  q++;
  while (q < end && isSpace(buf[q])) q++;
  return q;
}

/**
 * The end of the JSON value starting at `p` (a string, a literal, or an object or array with
 * everything in it), or -1 when the line ends first. Literals are not checked here.
 */
function skipValue(buf: Buffer, p: number, end: number): number {
  const c = buf[p];
  if (c === QUOTE) {
    const q = stringEnd(buf, p, end);
    return q === -1 ? -1 : q + 1;
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let q = p; q < end; q++) {
      const b = buf[q];
      if (b === QUOTE) {
        q = stringEnd(buf, q, end);
        if (q === -1) return -1;
      } else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return q + 1;
      }
    }
    return -1;
  }
  let q = p;
  while (q < end) {
    const b = buf[q];
    if (b === COMMA || b === CLOSE_BRACE || isSpace(b)) break;
    q++;
  }
  return q;
}

/** A JSON string with escapes (`buf[vs - 1, ve + 1)`, quotes included), decoded; undefined if invalid. */
function decodeEscaped(buf: Buffer, vs: number, ve: number): string | undefined {
  try {
    return JSON.parse(buf.toString('utf8', vs - 1, ve + 1)) as string;
  } catch {
    return undefined;
  }
}

/**
 * The kind of the literal `buf[p, q)` — null, true, false, INTEGER (value in `num[k]`) or REAL —
 * or -1 when it is not a JSON literal, or a number of more than 15 significant digits.
 */
function literal(buf: Buffer, p: number, q: number, num: Float64Array, k: number): number {
  const n = q - p;
  const c = buf[p];
  if (n === 4 && c === 0x6e && buf[p + 1] === 0x75 && buf[p + 2] === 0x6c && buf[p + 3] === 0x6c) return NULL;
  if (n === 4 && c === 0x74 && buf[p + 1] === 0x72 && buf[p + 2] === 0x75 && buf[p + 3] === 0x65) return TRUE;
  if (n === 5 && c === 0x66 && buf[p + 1] === 0x61 && buf[p + 2] === 0x6c && buf[p + 3] === 0x73 && buf[p + 4] === 0x65)
    return FALSE;
  // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
  let i = p;
  const negative = c === MINUS;
  if (negative) i++;
  const intStart = i;
  let value = 0;
  while (i < q && isDigit(buf[i])) value = value * 10 + ((buf[i++] as number) - 0x30);
  const intDigits = i - intStart;
  if (intDigits === 0 || (intDigits > 1 && buf[intStart] === 0x30)) return -1;
  let significant = significantIn(buf, intStart, i, true);
  if (i === q) {
    if (significant > 15) return -1;
    num[k] = negative ? -value : value;
    return INTEGER;
  }
  if (buf[i] === DOT) {
    const f = ++i;
    while (i < q && isDigit(buf[i])) i++;
    if (i === f) return -1;
    significant += significantIn(buf, f, i, significant === 0);
  }
  if (i < q && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    if (buf[i] === 0x2b || buf[i] === MINUS) i++;
    const x = i;
    while (i < q && isDigit(buf[i])) i++;
    if (i === x) return -1;
  }
  return i === q && significant <= 15 ? REAL : -1;
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

/** Digits of `buf[from, to)` counted from the first non-zero one when `leading` zeros do not count. */
function significantIn(buf: Buffer, from: number, to: number, leading: boolean): number {
  let i = from;
  if (leading) while (i < to && buf[i] === 0x30) i++;
  return to - i;
}

/**
 * Writes a located line straight into a table's column builders — the typed columns of a
 * projected load (accumulator.ts directSlots) — with the same values the general path's coercion
 * gives (coerce.ts), or declines the line when a value is anything else (a number in a string
 * column, text in a long column, a datetime that is not canonical ISO …): then nothing is written
 * and the general path reads the line. Strings already in a column's dictionary are found by
 * their bytes, datetimes are parsed from bytes into ticks.
 */
export class FastRowWriter {
  /** Per slot: the scanner's key index. */
  private readonly keyOf: Int32Array;
  private readonly types: readonly ScalarType[];
  /** Wanted keys that are not typed columns (a projected name outside the schema): a line that has one declines. */
  private readonly others: Int32Array;
  /** Per slot, filled by the check: ticks halves, numbers, decoded escaped strings. */
  private readonly words: Int32Array;
  private readonly numbers: Float64Array;
  private readonly texts: (string | undefined)[];
  private readonly pair = new Int32Array(2);

  constructor(
    private readonly scanner: NdjsonFastScanner,
    private readonly slots: readonly DirectSlot[],
  ) {
    const index = new Map(scanner.keys.map((k, i) => [k, i]));
    this.keyOf = Int32Array.from(slots, (s) => index.get(s.name) ?? -1);
    this.types = slots.map((s) => s.type);
    const typed = new Set(slots.map((s) => s.name));
    this.others = Int32Array.from(scanner.keys.flatMap((k, i) => (typed.has(k) ? [] : [i])));
    this.words = new Int32Array(slots.length * 2);
    this.numbers = new Float64Array(slots.length);
    this.texts = new Array(slots.length).fill(undefined);
  }

  /** Whether the writer can take every slot's type (string, datetime, numbers, bool). */
  static supports(slots: readonly DirectSlot[]): boolean {
    return slots.every((s) => WRITABLE.has(s.type));
  }

  /**
   * Appends the line `buf[start, end)` to the builders; false when the general path must read it
   * (nothing was appended; a blank line is not counted as declined).
   */
  write(buf: Buffer, start: number, end: number): boolean {
    const sc = this.scanner;
    if (isBlank(buf, start, end)) return false;
    if (!sc.locate(buf, start, end) || !this.check(buf)) {
      sc.declined++;
      return false;
    }
    this.commit(buf);
    sc.fast++;
    return true;
  }

  /** Whether every located value fits its column (and fills the scratch values). */
  private check(buf: Buffer): boolean {
    const sc = this.scanner;
    const kind = sc.kind;
    for (let i = 0; i < this.others.length; i++) if (kind[this.others[i] as number] !== ABSENT) return false;
    for (let i = 0; i < this.keyOf.length; i++) {
      const k = this.keyOf[i] as number;
      const kd = k < 0 ? ABSENT : (kind[k] as number);
      if (kd === ABSENT || kd === NULL) continue;
      switch (this.types[i]) {
        case 'string':
          if (kd === ESCAPED) {
            const text = decodeEscaped(buf, sc.vs[k] as number, sc.ve[k] as number);
            if (text === undefined) return false;
            this.texts[i] = text;
          } else if (kd !== STRING) return false;
          break;
        case 'datetime':
          if (kd !== STRING || !isoTicksWords(buf, sc.vs[k] as number, sc.ve[k] as number, this.pair)) return false;
          this.words[2 * i] = this.pair[0] as number;
          this.words[2 * i + 1] = this.pair[1] as number;
          break;
        case 'long':
          if (kd !== INTEGER) return false;
          this.numbers[i] = sc.num[k] as number;
          break;
        case 'int': {
          const v = sc.num[k] as number;
          if (kd !== INTEGER || v < -2147483648 || v > 2147483647) return false;
          this.numbers[i] = v;
          break;
        }
        case 'real':
        case 'decimal':
          if (kd === INTEGER) this.numbers[i] = sc.num[k] as number;
          else if (kd === REAL) this.numbers[i] = Number(buf.toString('latin1', sc.vs[k], sc.ve[k]));
          else return false;
          break;
        case 'bool':
          if (kd !== TRUE && kd !== FALSE) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }

  private commit(buf: Buffer): void {
    const sc = this.scanner;
    for (let i = 0; i < this.keyOf.length; i++) {
      const k = this.keyOf[i] as number;
      const kd = k < 0 ? ABSENT : (sc.kind[k] as number);
      const b: ColumnBuilder = (this.slots[i] as DirectSlot).builder;
      if (kd === ABSENT || kd === NULL) b.append(null);
      else
        switch (this.types[i]) {
          case 'string':
            if (kd === STRING) (b as StringBuilder).appendBytes(buf, sc.vs[k] as number, sc.ve[k] as number);
            else {
              b.append(this.texts[i] as string);
              this.texts[i] = undefined;
            }
            break;
          case 'datetime':
            (b as TicksBuilder).appendWords(this.words[2 * i] as number, this.words[2 * i + 1] as number);
            break;
          case 'bool':
            b.append(kd === TRUE);
            break;
          default:
            b.append(this.numbers[i] as number);
        }
    }
  }
}

const WRITABLE: ReadonlySet<ScalarType> = new Set(['string', 'datetime', 'long', 'int', 'real', 'decimal', 'bool']);
