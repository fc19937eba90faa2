/**
 * Runtime value helpers shared by the executor, loaders and output writers: datetime and timespan
 * ticks, their parsing and formatting, and the JSON cell encoding of the CLI contract.
 * See types.ts for the value representation.
 */
import { DynReal, type KqlValue, type ScalarType } from './types.js';

export const TICKS_PER_MS = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60n * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24n * TICKS_PER_HOUR;

/** Kusto's datetime range: 0001-01-01 .. 9999-12-31 (ticks relative to 1970). */
export const MIN_DATETIME = -621355968000000000n;
export const MAX_DATETIME = 2534023007999999999n;

/** A computed datetime inside Kusto's range, else null (datetime arithmetic past the range is null). */
export function datetimeInRange(t: bigint): bigint | null {
  return t < MIN_DATETIME || t > MAX_DATETIME ? null : t;
}

export function ticksFromMs(ms: number): bigint {
  return BigInt(Math.round(ms * 10_000));
}

/** Floor division for bigint (bigint `/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export function msFromTicks(t: bigint): number {
  return Number(floorDiv(t, TICKS_PER_MS));
}

/** `2024-01-01T00:00:00.0000000Z`, the CLI/JSON datetime format. */
export function formatDatetime(t: bigint): string {
  const ms = floorDiv(t, TICKS_PER_MS);
  const sub = Number(t - ms * TICKS_PER_MS); // 0..9999
  const d = new Date(Number(ms));
  if (Number.isNaN(d.getTime())) return String(t);
  const iso = d.toISOString(); // yyyy-mm-ddThh:mm:ss.mmmZ (or ±yyyyyy for far years)
  const base = iso.slice(0, iso.length - 1); // drop Z
  return `${base}${String(sub).padStart(4, '0')}Z`;
}

/** `[-][d.]hh:mm:ss[.fffffff]`, the CLI/JSON timespan format. */
export function formatTimespan(t: bigint): string {
  const neg = t < 0n;
  let v = neg ? -t : t;
  const days = v / TICKS_PER_DAY;
  v -= days * TICKS_PER_DAY;
  const h = v / TICKS_PER_HOUR;
  v -= h * TICKS_PER_HOUR;
  const m = v / TICKS_PER_MINUTE;
  v -= m * TICKS_PER_MINUTE;
  const s = v / TICKS_PER_SECOND;
  const frac = v - s * TICKS_PER_SECOND;
  const p2 = (x: bigint) => String(x).padStart(2, '0');
  let out = `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${p2(h)}:${p2(m)}:${p2(s)}`;
  if (frac > 0n) out += `.${String(frac).padStart(7, '0')}`;
  return out;
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function fracToTicks(frac: string | undefined): bigint {
  if (!frac) return 0n;
  return BigInt(frac.slice(0, 7).padEnd(7, '0'));
}

function ymdhms(y: number, mo: number, d: number, h: number, mi: number, s: number): bigint | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 onto 1900..1999.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCDate() !== d) return null; // 2023-02-30
  date.setUTCHours(h, mi, s, 0);
  return BigInt(date.getTime()) * TICKS_PER_MS;
}

const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i;
// `M/d/yyyy` and `M-d-yyyy` (invariant culture: month first): "12-02-2022" is 2022-12-02
const US_RE = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(AM|PM)?)?$/i;
// RFC 822 / 850: "Sat, 8 Nov 14 15:05:02 GMT", "Saturday, 08-Nov-14 15:05:02 GMT", "8 Nov 2014 15:05"
const RFC_RE =
  /^(?:[A-Za-z]+,?\s+)?(\d{1,2})[\s-]([A-Za-z]{3})[a-z]*[\s-](\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|UT|GMT|UTC|[A-Z]{3}|[+-]\d{4})?$/;
/** RFC 822 zone names and their offsets from UTC in hours. */
const RFC822_ZONES: Readonly<Record<string, number>> = {
  Z: 0,
  UT: 0,
  UTC: 0,
  GMT: 0,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
};
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(?:[T ]?(\d{2})(\d{2})(\d{2})?)?$/;

/**
 * Parses the datetime formats Kusto accepts (ISO 8601 with or without T/Z/offset and with up to 7
 * fractional digits, US `M/d/yyyy h:mm:ss.fff AM`, RFC 822/850, compact `yyyyMMdd`). Returns ticks
 * since 1970 (UTC), or null when the text is not a datetime.
 */
export function parseDatetime(text: string): bigint | null {
  const s = text.trim();
  if (s === '') return null;
  let m = ISO_RE.exec(s);
  if (m) {
    const base = ymdhms(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    if (base === null) return null;
    let t = base + fracToTicks(m[7]);
    const zone = m[8];
    if (zone && /^[+-]/.test(zone)) {
      const z = zone.replace(':', '');
      const sign = z[0] === '-' ? -1n : 1n;
      const off = BigInt(+z.slice(1, 3)) * TICKS_PER_HOUR + BigInt(+z.slice(3, 5)) * TICKS_PER_MINUTE;
      t -= sign * off;
    }
    return t;
  }
  m = US_RE.exec(s);
  if (m) {
    let h = +(m[5] ?? 0);
    const ampm = m[9]?.toUpperCase();
    if (ampm === 'PM' && h < 12) h += 12;
    if (ampm === 'AM' && h === 12) h = 0;
    const base = ymdhms(+m[4]!, +m[1]!, +m[3]!, h, +(m[6] ?? 0), +(m[7] ?? 0));
    return base === null ? null : base + fracToTicks(m[8]);
  }
  m = RFC_RE.exec(s);
  if (m) {
    const mo = MONTHS[m[2]!.toLowerCase()];
    if (!mo) return null;
    let y = +m[3]!;
    if (m[3]!.length === 2) y += y < 50 ? 2000 : 1900;
    let t = ymdhms(y, mo, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    if (t === null) return null;
    const zone = m[7];
    if (zone && /^[+-]\d{4}$/.test(zone)) {
      const sign = zone[0] === '-' ? -1n : 1n;
      t -= sign * (BigInt(+zone.slice(1, 3)) * TICKS_PER_HOUR + BigInt(+zone.slice(3, 5)) * TICKS_PER_MINUTE);
    } else if (zone) {
      const hours = RFC822_ZONES[zone.toUpperCase()];
      if (hours === undefined) return null;
      t -= BigInt(hours) * TICKS_PER_HOUR;
    }
    return t;
  }
  m = COMPACT_RE.exec(s);
  if (m) return ymdhms(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  return null;
}

const TS_UNITS: Readonly<Record<string, bigint>> = {
  d: TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR,
  hr: TICKS_PER_HOUR,
  hrs: TICKS_PER_HOUR,
  hour: TICKS_PER_HOUR,
  hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE,
  min: TICKS_PER_MINUTE,
  minute: TICKS_PER_MINUTE,
  minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND,
  sec: TICKS_PER_SECOND,
  second: TICKS_PER_SECOND,
  seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MS,
  milli: TICKS_PER_MS,
  millis: TICKS_PER_MS,
  millisecond: TICKS_PER_MS,
  milliseconds: TICKS_PER_MS,
  microsecond: 10n,
  microseconds: 10n,
  micro: 10n,
  micros: 10n,
  tick: 1n,
  ticks: 1n,
  nanosecond: 0n,
  nanoseconds: 0n,
  nano: 0n,
  nanos: 0n,
};

/** Multiplies a decimal-number text by a unit in ticks exactly, rounding to the nearest tick. */
function scaleDecimal(num: string, unit: bigint, nanoUnit = false): bigint | null {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(num);
  if (!m || (m[1] === '' && !m[2])) return null;
  const intPart = BigInt(m[1] || '0');
  const frac = m[2] ?? '';
  const scale = 10n ** BigInt(frac.length);
  const fracVal = frac ? BigInt(frac) : 0n;
  if (nanoUnit) {
    // nanoseconds: 100 ns per tick
    const total = intPart * scale + fracVal; // in nanos * scale
    return (total + 50n * scale) / (100n * scale);
  }
  return intPart * unit + (fracVal * unit + scale / 2n) / scale;
}

/**
 * Parses a timespan literal body as written after the number (`5d`, `1.5h`, `100ms`, `10tick`,
 * `2microseconds`) or a `[-][d.]hh:mm[:ss[.fffffff]]` text. Returns ticks or null.
 */
export function parseTimespan(text: string): bigint | null {
  const s = text.trim();
  let m = /^(-)?(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Z]+)$/.exec(s);
  if (m) {
    const unitName = m[3]!.toLowerCase();
    const unit = TS_UNITS[unitName];
    if (unit === undefined) return null;
    const v = scaleDecimal(m[2]!, unit, unit === 0n);
    if (v === null) return null;
    return m[1] ? -v : v;
  }
  m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(s);
  if (m) {
    const v =
      BigInt(m[2] ?? 0) * TICKS_PER_DAY +
      BigInt(+m[3]!) * TICKS_PER_HOUR +
      BigInt(+m[4]!) * TICKS_PER_MINUTE +
      BigInt(+(m[5] ?? 0)) * TICKS_PER_SECOND +
      fracToTicks(m[6]);
    return m[1] ? -v : v;
  }
  m = /^(-)?(\d+)$/.exec(s); // time(2) means 2 days
  if (m) return (m[1] ? -1n : 1n) * BigInt(m[2]!) * TICKS_PER_DAY;
  return null;
}

const GUID_RE = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/** Canonical lower-case guid text, or null if `text` is not a guid. */
export function parseGuid(text: string): string | null {
  const s = text.trim().replace(/^\{|\}$/g, '');
  if (!GUID_RE.test(s)) return null;
  const h = s.replace(/-/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** JSON-safe cell encoding of the CLI contract (see README "JSON cells"). */
export function toJsonCell(v: KqlValue, type: ScalarType): unknown {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'datetime':
      return formatDatetime(v as bigint);
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'int':
    case 'long':
    case 'real':
    case 'decimal': {
      const n = v as number;
      if (Number.isNaN(n)) return 'NaN';
      if (n === Number.POSITIVE_INFINITY) return 'Infinity';
      if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
      return n;
    }
    case 'dynamic':
      return dynamicToJson(v);
    default:
      return v;
  }
}

/**
 * A dynamic value in the JSON-cell shape: datetime ticks become their text, non-finite numbers
 * "NaN"/"Infinity"/"-Infinity"; integral reals stay DynReal (JSON.stringify sees the number,
 * `jsonText` writes `50.0`).
 */
export function dynamicToJson(v: unknown): unknown {
  if (typeof v === 'bigint') return formatDatetime(v);
  if (Array.isArray(v)) return v.map(dynamicToJson);
  if (v instanceof DynReal) return v;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = dynamicToJson(x);
    return out;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  return v;
}

/** Kusto prints reals like .NET's round-trip format: `1.5`, `1E+21`, `1E-07`, `NaN`, `Infinity`. */
export function realText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const exp = s.slice(e + 1);
  const sign = exp[0] === '-' ? '-' : '+';
  const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
  return `${s.slice(0, e)}E${sign}${digits}`;
}

/** A real as JSON text inside a dynamic value: always with a decimal point or exponent (`50.0`). */
export function dynamicRealText(n: number): string {
  if (Object.is(n, -0)) return '-0.0';
  const s = realText(n);
  return /[.EN]|Infinity/.test(s) ? s : `${s}.0`;
}

/**
 * JSON text of a dynamic value as Kusto writes it: integral reals keep `.0`, other reals use the
 * round-trip format, integers print exactly, non-finite numbers are quoted text. `datetime` formats
 * datetime ticks (tostring drops a zero fraction, the table and CSV output keep seven digits).
 * Keys with undefined values are left out and undefined array items are null, as in JSON.stringify.
 */
export function dynamicJsonText(v: unknown, datetime: (t: bigint) => string = formatDatetime): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (Number.isInteger(v)) return Math.abs(v) < 1e21 ? String(v) : dynamicRealText(v);
      return Number.isFinite(v) ? realText(v) : `"${realText(v)}"`;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(datetime(v));
    case 'object':
      if (v === null) return 'null';
      if (v instanceof DynReal) return dynamicRealText(v.value);
      return containerText(v, (x) => dynamicJsonText(x, datetime));
    default:
      return 'null';
  }
}

/**
 * `[…]` of an array's items or `{…}` of an object's own properties, each written by `item`, laid
 * out as JSON.stringify lays them out: undefined items become null, undefined and function
 * properties are left out.
 */
function containerText(v: object, item: (x: unknown) => string): string {
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += `${i > 0 ? ',' : ''}${v[i] === undefined ? 'null' : item(v[i])}`;
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function') continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${item(x)}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * JSON text of a JSON-cell structure (`toJsonCell` output, whole CLI results): like
 * JSON.stringify, but an integral real inside a dynamic cell keeps `.0` and a bigint prints as
 * its exact digits.
 */
export function jsonText(v: unknown): string {
  // Most results hold neither: one cheap walk keeps them on the native path.
  return needsOwnWriter(v, 0) ? writeJsonText(v) : (JSON.stringify(v) ?? 'null');
}

function needsOwnWriter(v: unknown, depth: number): boolean {
  if (typeof v === 'bigint') return true;
  if (v === null || typeof v !== 'object' || depth > 256) return false;
  if (v instanceof DynReal) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (needsOwnWriter(x, depth + 1)) return true;
    return false;
  }
  for (const k in v)
    if (Object.hasOwn(v, k) && needsOwnWriter((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

function writeJsonText(v: unknown): string {
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return JSON.stringify(v);
    case 'object':
      if (v === null) return 'null';
      if (v instanceof DynReal) return dynamicRealText(v.value);
      return containerText(v, writeJsonText);
    default:
      return JSON.stringify(v) ?? 'null';
  }
}

/** Human-readable cell text (table and CSV output). */
export function formatCell(v: KqlValue, type: ScalarType): string {
  if (v === null || v === undefined) return '';
  switch (type) {
    case 'datetime':
      return formatDatetime(v as bigint);
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'dynamic':
      return typeof v === 'string' ? v : dynamicJsonText(v);
    case 'bool':
      return v ? 'true' : 'false';
    default:
      return String(v);
  }
}

/**
 * A deep copy of a dynamic value with each DynReal replaced by `real(it)`; every key (`__proto__`
 * too) stays an own data property.
 */
function mapReals(v: unknown, real: (r: DynReal) => unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof DynReal) return real(v);
  if (Array.isArray(v)) return v.map((x) => mapReals(x, real));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = mapReals((v as Record<string, unknown>)[k], real);
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return out;
}

/** A deep copy of a dynamic value (DynReal is immutable and shared; bigint ticks copy as values). */
export function cloneDynamic<T>(v: T): T {
  return mapReals(v, (r) => r) as T;
}

/** The key that stands for a DynReal while a value crosses a structured clone (postMessage). */
const CLONED_REAL = '\u0000DynReal';

/** True when a DynReal occurs anywhere inside the value. */
function holdsDynReal(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (v instanceof DynReal) return true;
  if (Array.isArray(v)) return v.some(holdsDynReal);
  for (const k in v) if (holdsDynReal((v as Record<string, unknown>)[k])) return true;
  return false;
}

function markReals(v: unknown): unknown {
  return mapReals(v, (r) => ({ [CLONED_REAL]: r.value }));
}

function unmarkReals(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = unmarkReals(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === CLONED_REAL && typeof o[CLONED_REAL] === 'number')
    return new DynReal(o[CLONED_REAL]);
  for (const k of keys) o[k] = unmarkReals(o[k]);
  return o;
}

/**
 * Dynamic cells ready for a structured clone: a structured clone keeps no class, so DynReal
 * travels as a one-key marker object (values without one are passed as they are).
 */
export function dynamicCellsForClone(values: readonly KqlValue[]): { values: readonly KqlValue[]; marked: boolean } {
  if (!values.some(holdsDynReal)) return { values, marked: false };
  return { values: values.map((v) => markReals(v) as KqlValue), marked: true };
}

/** Undoes dynamicCellsForClone on the receiving side (in place: the clone is ours). */
export function dynamicCellsFromClone(values: KqlValue[]): KqlValue[] {
  for (let i = 0; i < values.length; i++) values[i] = unmarkReals(values[i]) as KqlValue;
  return values;
}

/** A copy with every DynReal replaced by its number (for libraries that expect plain JSON). */
export function untagReals(v: unknown): unknown {
  return mapReals(v, (r) => r.value);
}
