/**
 * JSON text → dynamic value, keeping what JSON.parse loses: `50.0` is a real (DynReal) and `50`
 * an integer. Most JSON has no integral real, so a scan for the few number shapes that need care
 * (needsPreciseParse) sends everything else to the native JSON.parse; the
 * precise parser below accepts exactly JSON.parse's grammar and builds the same values apart from
 * the DynReal tags (test/kql/library/json-parse.test.ts checks both with generated inputs).
 * Callers bound nesting first (coerce.ts `jsonNestsDeeperThan`).
 */
import { DynReal, type KqlDynamic } from '../types.js';

const PREFILTER = /\.0|\d[eE]|\d{8}/;

/** Digits, letters, `_` and `.`: characters a JSON number token is never next to. */
function isWordOrDot(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 // 0-9 A-Z a-z _ .
  );
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * True when the text may hold a number whose JSON.parse value loses the real/integer distinction
 * (one linear scan; strings are scanned too, which only costs a false alarm):
 * - a fraction of zeros (`50.0`);
 * - an exponent (`1e3` is the real 1000.0);
 * - 16 or more digits: a decimal of at most 15 significant digits is the only one of its length
 *   that rounds to its double, so only longer ones can round to an integer (`0.99999999999999999`)
 *   or lose integer digits (`9007199254740993`).
 * In valid JSON a number is never next to a letter, digit, `_` or `.`, so digit runs inside words,
 * IP addresses, versions and GUIDs (`10.0.0.1`, `v1.0`, `12e8b78d`) are skipped.
 */
export function needsPreciseParse(text: string): boolean {
  // Cheap pre-filter (native regex search): each shape above needs `.0`, a digit before an
  // exponent letter, or 8 digits in a row (16 digits around one dot leave 8 on one side).
  if (!PREFILTER.test(text)) return false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) {
      i++;
      continue;
    }
    if (i > 0 && isWordOrDot(text.charCodeAt(i - 1))) {
      // Inside a word: skip the rest of it.
      while (i < n && isWordOrDot(text.charCodeAt(i))) i++;
      continue;
    }
    let j = i;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
    let digits = j - i;
    let zeroFraction = false;
    let exponent = false;
    if (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
      const f = j + 1;
      j = f;
      zeroFraction = true;
      while (j < n && isDigit(text.charCodeAt(j))) {
        if (text.charCodeAt(j) !== 48) zeroFraction = false;
        j++;
      }
      digits += j - f;
    }
    const e = text.charCodeAt(j);
    if (e === 101 || e === 69) {
      let k = j + 1;
      const s = text.charCodeAt(k);
      if (s === 43 || s === 45) k++;
      if (isDigit(text.charCodeAt(k))) {
        while (k < n && isDigit(text.charCodeAt(k))) k++;
        exponent = true;
        j = k;
      }
    }
    if (j < n && isWordOrDot(text.charCodeAt(j))) {
      // Not a number token after all (an IP address, a version, a word): skip the rest of it.
      while (j < n && isWordOrDot(text.charCodeAt(j))) j++;
      i = j;
      continue;
    }
    if (zeroFraction || exponent || digits >= 16) return true;
    i = j;
  }
  return false;
}

/** Parses strict JSON text; throws SyntaxError when it is not JSON (as JSON.parse does). */
export function parseJsonText(text: string): KqlDynamic {
  return needsPreciseParse(text) ? parseJsonPrecise(text) : (JSON.parse(text) as KqlDynamic);
}

/** The precise parser alone (exported for the equivalence tests). */
export function parseJsonPrecise(text: string): KqlDynamic {
  const p = new PreciseParser(text);
  p.skipSpace();
  const v = p.value();
  p.skipSpace();
  if (p.pos !== text.length) p.fail();
  return v;
}

const NUMBER_RE = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class PreciseParser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(): never {
    throw new SyntaxError(`invalid JSON at position ${this.pos}`);
  }

  skipSpace(): void {
    const s = this.text;
    let i = this.pos;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.pos = i;
  }

  value(): KqlDynamic {
    const s = this.text;
    const c = s.charCodeAt(this.pos);
    switch (c) {
      case 123: // {
        return this.object();
      case 91: // [
        return this.array();
      case 34: // "
        return this.string();
      case 116: // t
        return this.word('true', true);
      case 102: // f
        return this.word('false', false);
      case 110: // n
        return this.word('null', null);
      default:
        return this.number();
    }
  }

  private word<T extends KqlDynamic>(w: string, v: T): T {
    if (!this.text.startsWith(w, this.pos)) this.fail();
    this.pos += w.length;
    return v;
  }

  private number(): KqlDynamic {
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.text);
    if (m === null) this.fail();
    this.pos = NUMBER_RE.lastIndex;
    const n = Number(m[0]);
    // A fraction or exponent makes a real; tag it when its value is integral (50.0, 1e3).
    if ((m[1] !== undefined || m[2] !== undefined) && Number.isInteger(n)) return new DynReal(n);
    return n;
  }

  private string(): string {
    const s = this.text;
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(i);
      if (Number.isNaN(c) || c < 32) {
        this.pos = i;
        this.fail();
      }
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        i += 2;
      } else i++;
    }
    this.pos = i + 1;
    // Escapes are rare; JSON.parse of the one string literal decodes them exactly.
    return escaped ? (JSON.parse(s.slice(start, i + 1)) as string) : s.slice(start + 1, i);
  }

  private array(): KqlDynamic[] {
    this.pos++;
    const out: KqlDynamic[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value());
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 93) return out;
      if (c !== 44) {
        this.pos--;
        this.fail();
      }
    }
  }

  private object(): { [key: string]: KqlDynamic } {
    this.pos++;
    const out: { [key: string]: KqlDynamic } = {};
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 34) this.fail();
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos++) !== 58) {
        this.pos--;
        this.fail();
      }
      this.skipSpace();
      const v = this.value();
      // `__proto__` is an own key in JSON.parse's result, never the prototype.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 125) return out;
      if (c !== 44) {
        this.pos--;
        this.fail();
      }
    }
  }
}
