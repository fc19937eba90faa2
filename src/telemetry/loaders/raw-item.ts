/** What a container reader (NDJSON, JSON, CSV) yields: one record, or one reject it could delimit. */
import type { RejectKind } from '../report.js';

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
  try {
    value = JSON.parse(text);
  } catch (e) {
    return [{ line, reject: 'unparsable', reason: `invalid JSON (${(e as Error).message}): ${snippet(text)}` }];
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ line, reject: 'not-a-record', reason: `expected a JSON object, found ${snippet(text)}` }];
  }
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
