/**
 * JSON text → dynamic value, keeping what JSON.parse loses: `50.0` is a real (DynReal) and `50`
 * an integer. Most JSON has no integral real, so a scan for the few number shapes that need care
 * (NEEDS_CARE) sends everything else to the native JSON.parse; the
 * precise parser below accepts exactly JSON.parse's grammar and builds the same values apart from
 * the DynReal tags (test/kql/library/json-parse.test.ts checks both with generated inputs).
 * Callers bound nesting first (coerce.ts `jsonNestsDeeperThan`).
 */
import { DynReal, type KqlDynamic } from '../types.js';

/**
 * Number shapes whose JSON.parse value loses the real/integer distinction, found by one regular
 * expression over the text (strings included, which only costs a false alarm):
 * - a fraction of zeros (`50.0`): in valid JSON a number is never next to a letter, digit or dot,
 *   so IP addresses and versions (`10.0.0.1`) do not count;
 * - an exponent (`1e3` is the real 1000.0), again not inside a word such as a GUID (`12e8b78d`);
 * - 16 or more digits: a decimal of at most 15 significant digits is the only one of its length
 *   that rounds to its double, so only longer ones can round to an integer (`0.99999999999999999`)
 *   or lose integer digits (`9007199254740993`).
 */
const NEEDS_CARE = /(?<![\w.])\d+\.0+(?![\w.])|(?<![\w.])\d+(?:\.\d+)?[eE][+-]?\d+(?![\w.])|\d(?:\.?\d){15}/;

/** Parses strict JSON text; throws SyntaxError when it is not JSON (as JSON.parse does). */
export function parseJsonText(text: string): KqlDynamic {
  return needsPreciseParse(text) ? parseJsonPrecise(text) : (JSON.parse(text) as KqlDynamic);
}

/** True when the text may hold a number JSON.parse would misread (see NEEDS_CARE). */
export function needsPreciseParse(text: string): boolean {
  return NEEDS_CARE.test(text);
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
