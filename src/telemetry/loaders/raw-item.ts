/** What a container reader (NDJSON, JSON, CSV) yields: one record, or one reject it could delimit. */
import { jsonNestsDeeperThan, MAX_DYNAMIC_DEPTH, parseJsonText } from '../../kql/engine.js';
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
