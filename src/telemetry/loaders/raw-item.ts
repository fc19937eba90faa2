/** What a container reader (NDJSON, JSON, CSV) yields: one record, or one reject it could delimit. */
import { jsonNestsDeeperThan, MAX_DYNAMIC_DEPTH, parseJsonText } from '../../kql/engine.js';
import type { RejectKind } from '../report.js';
import { parseJsonExact, wrapBigFields } from './exact-json.js';

export type RawItem =
  | {
      readonly line: number;
      readonly record: Readonly<Record<string, unknown>>;
      /** Values are CSV text (types may be read from them). */
      readonly textual: boolean;
    }
  | { readonly line: number; readonly reject: RejectKind; readonly reason: string };

export interface ReaderLimits {
  /** Longest line / record / JSON value kept; longer ones are rejected as too-long without buffering. */
  readonly maxRecordBytes: number;
}

const snippet = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** Parses one JSON text into records: an object, or the elements of a `{"records":[…]}` wrapper. */
export function parseJsonRecords(text: string, line: number): RawItem[] {
  let value: unknown;
  // A record, a `records` wrapper, then the values: deeper nesting than dynamic values may have is
  // refused here, before anything recurses into it.
  if (jsonNestsDeeperThan(text, MAX_DYNAMIC_DEPTH + 2))
    return [
      { line, reject: 'unparsable', reason: `JSON nested deeper than ${MAX_DYNAMIC_DEPTH} levels: ${snippet(text)}` },
    ];
  try {
    // parseJsonText keeps `50.0` a real for dynamic columns (JSON.parse where no number needs care).
    value = parseJsonText(text);
  } catch (e) {
    return [{ line, reject: 'unparsable', reason: `invalid JSON (${(e as Error).message}): ${snippet(text)}` }];
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ line, reject: 'not-a-record', reason: `expected a JSON object, found ${snippet(text)}` }];
  }
  const items = recordsOf(value, line);
  // JSON.parse rounds an integer past 2^53 (a 23-digit id becomes 1e+23): a record with such a
  // field is read again with exact integers (exact-json.ts), so a long column gets every digit or
  // a reject. Ordinary records only pay a look at their own fields.
  for (const it of items) if ('record' in it && hasUnsafeNumber(it.record)) return exactRecords(text, line, items);
  return items;
}

function recordsOf(value: object, line: number): RawItem[] {
  const records = (value as { records?: unknown }).records;
  if (Array.isArray(records) && Object.keys(value).length <= 2) {
    return records.map((r): RawItem => {
      if (r === null || typeof r !== 'object' || Array.isArray(r)) {
        return { line, reject: 'not-a-record', reason: 'a "records" element is not an object' };
      }
      return { line, record: r as Record<string, unknown>, textual: false };
    });
  }
  return [{ line, record: value as Record<string, unknown>, textual: false }];
}

function hasUnsafeNumber(record: Readonly<Record<string, unknown>>): boolean {
  for (const k in record) {
    const v = record[k];
    if (typeof v === 'number' && (v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER)) return true;
  }
  return false;
}

function exactRecords(text: string, line: number, rounded: RawItem[]): RawItem[] {
  let value: unknown;
  try {
    value = parseJsonExact(text);
  } catch {
    return rounded; // not reached: the same text parsed a moment ago
  }
  return recordsOf(value as object, line).map((it) =>
    'record' in it ? { ...it, record: wrapBigFields(it.record as Record<string, unknown>) } : it,
  );
}
