/**
 * Literal tokens → Literal nodes holding the runtime value (types.ts): numbers, timespans,
 * typed literals (`datetime(...)`, `int(null)`, `real(+inf)`, `guid(...)`), strings (adjacent
 * ones concatenate), booleans and `dynamic(...)` JSON. Bad literals get KQL104/KQL105 and a null
 * value of the intended type, so the tree stays complete.
 */
import { DIAG } from '../diagnostics.js';
import { longNeg, parseLong } from '../long.js';
import { dynReal, type KqlDynamic, type KqlValue, parseTypeName, type ScalarType } from '../types.js';
import { formatDatetime, formatTimespan, parseDatetime, parseGuid, parseTimespan } from '../values.js';
import type { Literal, Span } from './ast.js';
import type { Cursor } from './cursor.js';
import { describeToken, type Token } from './tokens.js';

function literal(type: ScalarType, value: KqlValue, text: string, span: Span): Literal {
  return { kind: 'Literal', type, value, text, span };
}

/**
 * An integer or real number as written (`42`, `0x1F`, `1.5`, `1e3`, `.5`). Integers are exact longs
 * (a bigint beyond 2^53, long.ts); digits beyond the int64 range are read as a real.
 */
export function numberValue(text: string): { type: ScalarType; value: number | bigint } | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(text) || /^\d+$/.test(text)) {
    const v = parseLong(text);
    return v === null ? { type: 'real', value: Number(text) } : { type: 'long', value: v };
  }
  if (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { type: 'real', value: Number(text) };
  return undefined;
}

export function numberLiteral(_c: Cursor, t: Token): Literal {
  const n = numberValue(t.text);
  // The lexer already reported a malformed number (KQL104).
  return literal(n?.type ?? 'long', n?.value ?? null, t.text, { start: t.start, end: t.end });
}

export function timespanLiteral(c: Cursor, t: Token): Literal {
  const v = parseTimespan(t.text);
  if (v === null) c.report(DIAG.invalidLiteral('timespan', t.text, 'use a number and a unit such as 5m, 1h or 2d.'), t);
  return literal('timespan', v, t.text, { start: t.start, end: t.end });
}

/** Consumes one or more adjacent string tokens: `'a' 'b'` is the single literal 'ab'. */
export function stringLiteral(c: Cursor): Literal {
  const first = c.next();
  const parts = [first.value];
  while (c.tok.kind === 'string') parts.push(c.next().value);
  const end = c.lastEnd;
  return literal('string', parts.join(''), c.text.slice(first.start, end), { start: first.start, end });
}

/** `datetime(...)`, `time(...)`, `guid(...)`, `int(...)`, `real(+inf)`, `bool(true)`, `T(null)`. */
export function typedLiteral(c: Cursor, t: Token): Literal {
  // The lexer only makes typed tokens of TYPED_LITERAL_WORDS, all of which are type names.
  const type = parseTypeName(t.value) ?? 'dynamic';
  const span = { start: t.start, end: t.end };
  const body = t.body;
  if (body === 'null') return literal(type, null, t.text, span);
  const parsed = typedValue(type, body);
  if (parsed.ok) return literal(type, parsed.value, t.text, span);
  c.report(DIAG.invalidLiteral(type, t.text, parsed.hint), t);
  return literal(type, null, t.text, span);
}

type Parsed = { ok: true; value: KqlValue } | { ok: false; hint: string };

function typedValue(type: ScalarType, body: string): Parsed {
  switch (type) {
    case 'datetime': {
      const v = parseDatetime(normaliseDatetimeBody(body));
      return v === null
        ? { ok: false, hint: 'use ISO 8601 such as 2024-01-31 or 2024-01-31T12:00:00Z.' }
        : { ok: true, value: v };
    }
    case 'timespan': {
      const v = parseTimespan(body);
      return v === null
        ? { ok: false, hint: 'use d.hh:mm:ss or a number with a unit (2d, 5m).' }
        : { ok: true, value: v };
    }
    case 'guid': {
      const v = parseGuid(body);
      return v === null ? { ok: false, hint: 'a guid has 32 hex digits (8-4-4-4-12).' } : { ok: true, value: v };
    }
    case 'int':
    case 'long':
      return integerValue(body, type);
    case 'real':
    case 'decimal':
      return realValue(body);
    case 'bool':
      if (body === 'true' || body === '1') return { ok: true, value: true };
      if (body === 'false' || body === '0') return { ok: true, value: false };
      return { ok: false, hint: 'use true, false or null.' };
    case 'string':
    case 'dynamic':
      return { ok: false, hint: 'not a literal type.' };
    default: {
      const never: never = type;
      return { ok: false, hint: String(never) };
    }
  }
}

/**
 * Datetime bodies Kusto accepts beyond values.ts's formats: `2025, 6, 14[, h, m, s]` (parts
 * separated by commas), `2017 - 08 - 01` (blanks around the dashes) and a bare time `8:05`, which
 * Kusto puts on the current day; here it is put on 1970-01-01 so parsing stays deterministic.
 */
function normaliseDatetimeBody(body: string): string {
  const parts =
    /^(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2}))?)?)?$/.exec(
      body,
    );
  if (parts) {
    const p2 = (s: string | undefined) => (s ?? '0').padStart(2, '0');
    return `${parts[1]}-${p2(parts[2])}-${p2(parts[3])}T${p2(parts[4])}:${p2(parts[5])}:${p2(parts[6])}`;
  }
  if (/^\d{4}\s*-\s*\d{1,2}\s*-\s*\d{1,2}/.test(body))
    return body.replace(/^(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})/, '$1-$2-$3');
  if (/^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(body))
    return `1970-01-01T${body.padStart(body.indexOf(':') === 1 ? body.length + 1 : body.length, '0')}`;
  return body;
}

function integerValue(body: string, type: 'int' | 'long'): Parsed {
  const m = /^([+-]?)\s*(0[xX][0-9a-fA-F]+|\d+)$/.exec(body);
  if (!m) return { ok: false, hint: 'use a whole number or null.' };
  const digits = m[2] as string;
  if (type === 'long') {
    const v = parseLong(`${m[1]}${digits}`);
    return v === null
      ? { ok: false, hint: 'a long is a 64-bit integer (±9223372036854775807).' }
      : { ok: true, value: v };
  }
  const v = /^0[xX]/.test(digits) ? Number.parseInt(digits.slice(2), 16) : Number(digits);
  return { ok: true, value: m[1] === '-' ? -v : v };
}

function realValue(body: string): Parsed {
  const lower = body.toLowerCase().replace(/\s+/g, '');
  if (lower === 'nan') return { ok: true, value: Number.NaN };
  if (lower === '+inf' || lower === 'inf') return { ok: true, value: Number.POSITIVE_INFINITY };
  if (lower === '-inf') return { ok: true, value: Number.NEGATIVE_INFINITY };
  const m = /^([+-]?)(.*)$/.exec(lower) as RegExpExecArray;
  const n = numberValue(m[2] as string);
  if (!n) return { ok: false, hint: 'use a number, nan, +inf, -inf or null.' };
  const v = Number(n.value);
  return { ok: true, value: m[1] === '-' ? -v : v };
}

/**
 * `dynamic(<json>)` with the `dynamic` word at the cursor. Values inside may be typed literals
 * (`datetime(...)` is kept as its ISO text, a timespan as `d.hh:mm:ss`), so this walks tokens
 * rather than calling JSON.parse.
 */
export function dynamicLiteral(c: Cursor): Literal {
  const start = c.next().start;
  c.expectPunct('(');
  let value: KqlDynamic = null;
  if (!c.isPunct(')')) value = dynamicValue(c);
  c.expectPunct(')');
  const span = c.spanFrom(start);
  return literal('dynamic', value, c.text.slice(span.start, span.end), span);
}

function dynamicValue(c: Cursor): KqlDynamic {
  if (!c.enter()) {
    c.skipGroup();
    return null;
  }
  try {
    return dynamicValueCore(c);
  } finally {
    c.leave();
  }
}

function dynamicValueCore(c: Cursor): KqlDynamic {
  const t = c.tok;
  if (c.isPunct('[')) return dynamicArray(c);
  if (c.isPunct('{')) return dynamicObject(c);
  // JSON has no adjacent-string concatenation, so each string token stands alone here.
  if (t.kind === 'string') return c.next().value;
  if (c.isPunct('-') || c.isPunct('+')) return signedNumber(c);
  if (t.kind === 'number') return dynamicNumber(numberLiteral(c, c.next()), 1);
  if (t.kind === 'timespan') {
    const v = timespanLiteral(c, c.next()).value;
    return typeof v === 'bigint' ? formatTimespan(v) : null;
  }
  if (t.kind === 'typed') return dynamicFromTyped(typedLiteral(c, c.next()));
  if (t.kind === 'ident') {
    if (t.text === 'true' || t.text === 'false') return c.next().text === 'true';
    if (t.text === 'null') {
      c.next();
      return null;
    }
    if (t.text === 'dynamic' && c.isPunct('(', 1)) return dynamicLiteral(c).value as KqlDynamic;
  }
  c.report(DIAG.invalidLiteral('dynamic', describeToken(t), 'expected a JSON value.'), t);
  c.skipToBoundary(true);
  return null;
}

/** `-1`, `+2.5`, `--3`: signs are counted in a loop so a long run of them cannot recurse deeply. */
function signedNumber(c: Cursor): KqlDynamic {
  let sign = 1;
  while (c.isPunct('-') || c.isPunct('+')) if (c.next().text === '-') sign = -sign;
  const t = c.tok;
  if (t.kind === 'number') return dynamicNumber(numberLiteral(c, c.next()), sign);
  c.report(DIAG.invalidLiteral('dynamic', describeToken(t), 'a sign must be followed by a number.'), t);
  return null;
}

/** A number literal inside dynamic: `50.0` stays a real (DynReal), `50` an integer. */
/**
 * A number inside a dynamic literal. A long past 2^53 becomes the nearest double there: inside
 * dynamic a bigint stands for datetime ticks (library/coerce.ts), so exact longs are kept in
 * long columns and values only.
 */
function dynamicNumber(lit: Literal, sign: number): KqlDynamic {
  const v = lit.value;
  if (typeof v === 'bigint') return Number(sign < 0 ? longNeg(v) : v);
  if (typeof v !== 'number') return null;
  return lit.type === 'real' || lit.type === 'decimal' ? dynReal(sign * v) : sign * v;
}

function dynamicFromTyped(lit: Literal): KqlDynamic {
  const v = lit.value;
  if (typeof v === 'bigint' && (lit.type === 'datetime' || lit.type === 'timespan'))
    return lit.type === 'datetime' ? formatDatetime(v) : formatTimespan(v);
  if (typeof v === 'number' || typeof v === 'bigint') return dynamicNumber(lit, 1);
  return v as KqlDynamic;
}

function dynamicArray(c: Cursor): KqlDynamic {
  c.next();
  const items: KqlDynamic[] = [];
  // JSON allows no trailing comma: after a comma a value must follow.
  if (!c.isPunct(']')) {
    do items.push(dynamicValue(c));
    while (c.eatPunct(','));
  }
  c.expectPunct(']');
  return items;
}

function dynamicObject(c: Cursor): KqlDynamic {
  c.next();
  const out: Record<string, KqlDynamic> = {};
  if (!c.isPunct('}')) {
    do {
      const k = c.tok;
      if (k.kind !== 'string' && k.kind !== 'ident') {
        c.report(DIAG.expected('a property name', describeToken(k)), k);
        c.skipToBoundary();
        break;
      }
      const key = k.kind === 'string' ? c.next().value : c.next().text;
      c.expectPunct(':');
      // defineProperty keeps a "__proto__" key as data instead of changing the prototype.
      Object.defineProperty(out, key, { value: dynamicValue(c), enumerable: true, writable: true, configurable: true });
    } while (c.eatPunct(','));
  }
  c.expectPunct('}');
  return out;
}
