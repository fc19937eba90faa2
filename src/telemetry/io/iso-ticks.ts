/**
 * Fast path for the datetime text our writers and the Defender exports use most:
 * `yyyy-mm-ddThh:mm:ss[.f{1,7}]Z`. Returns the same ticks as `parseDatetime` (src/kql/values.ts)
 * for that exact shape and `undefined` for anything else, so callers fall back to the general
 * parser (which tries several regular expressions and was a tenth of the NDJSON load time).
 */

const ZERO = 0x30;
const TICKS_PER_SECOND = 10_000_000;
const FRAC_SCALE: readonly number[] = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

/** The last date seen and its ticks at midnight: rows of a file mostly share a few days. */
let lastDayKey = -1;
let lastDayTicks = 0n;

/** `d` ≥ 0 when the character at `i` is an ASCII digit. */
function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Two-digit number at `i`, or -1. */
function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

export function isoTicks(s: string): bigint | undefined {
  const n = s.length;
  if (n < 20 || n > 28 || s.charCodeAt(n - 1) !== 0x5a /* Z */) return undefined;
  if (s[4] !== '-' || s[7] !== '-' || (s[10] !== 'T' && s[10] !== 't') || s[13] !== ':' || s[16] !== ':')
    return undefined;
  const y1 = two(s, 0);
  const y2 = two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  const sec = two(s, 17);
  // Years below 1000 take parseDatetime's two-digit-year care; leave them to it.
  if (y1 < 10 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59)
    return undefined;
  if (sec < 0 || sec > 59) return undefined;
  let frac = 0;
  if (n > 20) {
    if (s[19] !== '.' || n === 21) return undefined;
    for (let i = 20; i < n - 1; i++) {
      const x = digit(s, i);
      if (x < 0) return undefined;
      frac += x * (FRAC_SCALE[i - 20] as number);
    }
  }
  const dayKey = (y1 * 100 + y2) * 10_000 + mo * 100 + d;
  if (dayKey !== lastDayKey) {
    const ms = Date.UTC(y1 * 100 + y2, mo - 1, d);
    if (new Date(ms).getUTCDate() !== d) return undefined; // 2023-02-30: not a date
    lastDayKey = dayKey;
    lastDayTicks = BigInt(ms) * 10_000n;
  }
  return lastDayTicks + BigInt((h * 3600 + mi * 60 + sec) * TICKS_PER_SECOND + frac);
}

/** The last date seen by isoTicksWords and its seconds since 1970 at midnight. */
let lastWordsDayKey = -1;
let lastWordsDaySeconds = 0;

/** Two ASCII digits at `i` of `buf` as a number, or -1. */
function twoAt(buf: Uint8Array, i: number): number {
  const a = (buf[i] as number) - ZERO;
  const b = (buf[i + 1] as number) - ZERO;
  return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
}

/**
 * isoTicks of the text `buf[s, e)` (ASCII), written as the low and high 32-bit halves of the
 * ticks into `out[0]`, `out[1]` (see TicksBuilder.appendWords): false for anything isoTicks would
 * not read. The NDJSON fast path parses datetimes here, straight from the line's bytes, with no
 * string and no bigint per value.
 */
export function isoTicksWords(buf: Uint8Array, s: number, e: number, out: Int32Array): boolean {
  const n = e - s;
  if (n < 20 || n > 28 || buf[e - 1] !== 0x5a /* Z */) return false;
  const t = buf[s + 10];
  if (buf[s + 4] !== 0x2d || buf[s + 7] !== 0x2d || (t !== 0x54 && t !== 0x74) || buf[s + 13] !== 0x3a) return false;
  if (buf[s + 16] !== 0x3a) return false;
  const y1 = twoAt(buf, s);
  const y2 = twoAt(buf, s + 2);
  const mo = twoAt(buf, s + 5);
  const d = twoAt(buf, s + 8);
  const h = twoAt(buf, s + 11);
  const mi = twoAt(buf, s + 14);
  const sec = twoAt(buf, s + 17);
  if (y1 < 10 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) return false;
  if (sec < 0 || sec > 59) return false;
  let frac = 0;
  if (n > 20) {
    if (buf[s + 19] !== 0x2e /* . */ || n === 21) return false;
    for (let i = 20; i < n - 1; i++) {
      const x = (buf[s + i] as number) - ZERO;
      if (x < 0 || x > 9) return false;
      frac += x * (FRAC_SCALE[i - 20] as number);
    }
  }
  const dayKey = (y1 * 100 + y2) * 10_000 + mo * 100 + d;
  if (dayKey !== lastWordsDayKey) {
    const ms = Date.UTC(y1 * 100 + y2, mo - 1, d);
    if (new Date(ms).getUTCDate() !== d) return false;
    lastWordsDayKey = dayKey;
    lastWordsDaySeconds = ms / 1000;
  }
  ticksWords(lastWordsDaySeconds + h * 3600 + mi * 60 + sec, frac, out);
  return true;
}

const TWO_16 = 65_536;
const TWO_32 = 4_294_967_296;

/**
 * `seconds * 10^7 + frac` (|seconds| < 2^38, 0 ≤ frac < 10^7) as 32-bit halves, exactly: the
 * product does not fit a double's 53 bits, so it is assembled from 16-bit pieces that do.
 */
export function ticksWords(seconds: number, frac: number, out: Int32Array): void {
  const a = Math.floor(seconds / TWO_16);
  const b = seconds - a * TWO_16; // seconds = a·2^16 + b
  const high = a * TICKS_PER_SECOND; // ticks = high·2^16 + b·10^7 + frac
  const q = Math.floor(high / TWO_16);
  const r = high - q * TWO_16; // high = q·2^16 + r, so ticks = q·2^32 + r·2^16 + b·10^7 + frac
  const low = r * TWO_16 + b * TICKS_PER_SECOND + frac;
  const carry = Math.floor(low / TWO_32);
  out[0] = low - carry * TWO_32; // Int32Array stores the low 32 bits
  out[1] = q + carry;
}
