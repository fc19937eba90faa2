/**
 * Export representation of cell values, shared by the writers: what Defender / Sentinel exports
 * contain and what our loaders read back. datetime → ISO 8601 UTC with 7 fractional digits,
 * timespan → `[d.]hh:mm:ss[.fffffff]`, dynamic → JSON value (NDJSON) or JSON text (CSV).
 */
import type { ScalarType } from '../../kql/types.js';
import { dynamicToJson, formatDatetime, formatTimespan, ticksFromMs } from '../../kql/values.js';

/** Encodes one value for a JSON-based export (NDJSON, streaming API). */
export function encodeJsonValue(v: unknown, type: ScalarType | undefined): unknown {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : formatDatetime(ticksFromMs(v.getTime()));
  if (typeof v === 'bigint') return type === 'timespan' ? formatTimespan(v) : formatDatetime(v);
  if (type === 'dynamic' || typeof v === 'object') return dynamicToJson(v);
  if (typeof v === 'number' && !Number.isFinite(v)) return dynamicToJson(v);
  return v;
}

/** Encodes one value as CSV field text (before quoting). */
export function encodeCsvText(v: unknown, type: ScalarType | undefined): string {
  const j = encodeJsonValue(v, type);
  if (j === null || j === undefined) return '';
  if (typeof j === 'object') return JSON.stringify(j);
  return String(j);
}

/** RFC 4180 quoting: only when the field holds a comma, quote, CR or LF (or leading/trailing spaces). */
export function quoteCsv(text: string): string {
  if (/[",\r\n]/.test(text) || text !== text.trim()) return `"${text.replaceAll('"', '""')}"`;
  return text;
}
