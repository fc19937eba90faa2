/**
 * Export representation of cell values, shared by the writers: what Defender / Sentinel exports
 * contain and what our loaders read back. datetime → ISO 8601 UTC with 7 fractional digits,
 * timespan → `[d.]hh:mm:ss[.fffffff]`, dynamic → JSON value (NDJSON) or JSON text (CSV).
 *
 * `encodeJsonValue` / `encodeCsvText` define the representation (JSON text by `jsonText`: a long
 * past 2^53 is a bigint written with every digit); `jsonValueText` / `csvFieldText`
 * are the hot-path forms the row encoders use (text straight away, no intermediate object), and
 * must produce exactly the bytes the defining forms produce (test/telemetry/writers/encode.test.ts).
 */
import type { ScalarType } from '../../kql/engine.js';
import { dynamicToJson, formatDatetime, formatTimespan, jsonText, ticksFromMs } from '../../kql/engine.js';
import { datetimeText } from './datetime-text.js';

/** Encodes one value for a JSON-based export (NDJSON, streaming API). */
export function encodeJsonValue(v: unknown, type: ScalarType | undefined): unknown {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : formatDatetime(ticksFromMs(v.getTime()));
  if (typeof v === 'bigint') {
    if (type === 'long') return v; // a long past 2^53: JSON text via jsonText (every digit)
    return type === 'timespan' ? formatTimespan(v) : formatDatetime(v);
  }
  if (type === 'dynamic' || typeof v === 'object') return dynamicToJson(v);
  if (typeof v === 'number' && !Number.isFinite(v)) return dynamicToJson(v);
  return v;
}

/**
 * `JSON.stringify(encodeJsonValue(v, type))`, with the common cases (plain strings, finite numbers,
 * booleans, datetime ticks) written directly instead of through an intermediate value.
 */
export function jsonValueText(v: unknown, type: ScalarType | undefined): string {
  if (type !== 'dynamic') {
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'number':
        // Number → text is the same conversion JSON.stringify uses for finite numbers.
        if (Number.isFinite(v)) return String(v);
        break;
      case 'boolean':
        return v ? 'true' : 'false';
      case 'bigint':
        if (type === 'long') return v.toString(); // a long past 2^53: a JSON number with every digit
        // Formatted datetimes and timespans hold only digits and `-:.TZ+`: nothing to escape.
        return `"${type === 'timespan' ? formatTimespan(v) : datetimeText(v)}"`;
      case 'undefined':
        return type === 'string' ? '""' : 'null';
      default:
        if (v === null) return type === 'string' ? '""' : 'null';
    }
  }
  return jsonText(encodeJsonValue(v, type));
}

/** Encodes one value as CSV field text (before quoting). */
export function encodeCsvText(v: unknown, type: ScalarType | undefined): string {
  const j = encodeJsonValue(v, type);
  if (j === null || j === undefined) return '';
  if (typeof j === 'object') return jsonText(j);
  return String(j);
}

/** `quoteCsv(encodeCsvText(v, type))`, with plain strings, numbers and datetimes written directly. */
export function csvFieldText(v: unknown, type: ScalarType | undefined): string {
  if (type !== 'dynamic') {
    switch (typeof v) {
      case 'string':
        return quoteCsv(v);
      case 'number':
        if (Number.isFinite(v)) return String(v);
        break;
      case 'boolean':
        return v ? 'true' : 'false';
      case 'bigint':
        if (type === 'long') return v.toString();
        return type === 'timespan' ? formatTimespan(v) : datetimeText(v);
      case 'undefined':
        return '';
      default:
        if (v === null) return '';
    }
  }
  return quoteCsv(encodeCsvText(v, type));
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 quoting: only when the field holds a comma, quote, CR or LF (or leading/trailing spaces). */
export function quoteCsv(text: string): string {
  if (NEEDS_QUOTES.test(text) || hasOuterSpace(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

/** `text !== text.trim()`, without building the trimmed copy when both ends are printable ASCII. */
function hasOuterSpace(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  const a = text.charCodeAt(0);
  const b = text.charCodeAt(n - 1);
  if (a > 32 && a < 127 && b > 32 && b < 127) return false;
  return text !== text.trim();
}
