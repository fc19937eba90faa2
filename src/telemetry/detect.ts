/**
 * Format detection from the first decompressed bytes of a file (gzip itself is detected earlier
 * by magic bytes): container (NDJSON, JSON document, CSV) by extension when it is unambiguous,
 * else by content. Binary junk and empty files are recognised and reported, never parsed.
 */
import { looksBinary } from './io/byte-source.js';
import type { Container } from './report.js';

export type Detection =
  | { readonly kind: 'container'; readonly container: Container }
  | { readonly kind: 'empty' }
  | { readonly kind: 'error'; readonly reason: string };

/** Extensions a directory scan picks up (with or without `.gz`). */
export const TELEMETRY_EXTENSIONS = /\.(ndjson|jsonl|json|csv)(\.gz)?$/i;

export function detectContainer(fileName: string, head: Buffer): Detection {
  const text = head.toString('utf8');
  if (text.trim() === '') return { kind: 'empty' };
  if (looksBinary(head)) return { kind: 'error', reason: 'binary data, not a telemetry file (or a damaged archive)' };
  const name = fileName.replace(/\.gz$/i, '').toLowerCase();
  if (name.endsWith('.csv')) return { kind: 'container', container: 'csv' };
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return { kind: 'container', container: 'ndjson' };
  const first = text.trimStart()[0];
  if (first === '[') return { kind: 'container', container: 'json' };
  if (first === '{') return { kind: 'container', container: anyLineIsObject(text) ? 'ndjson' : 'json' };
  const nl = text.indexOf('\n');
  const firstLine = nl < 0 ? text : text.slice(0, nl);
  if (firstLine.includes(',')) return { kind: 'container', container: 'csv' };
  return { kind: 'error', reason: 'unrecognised format (expected NDJSON, JSON or CSV)' };
}

/** NDJSON when one of the first complete lines is a JSON object on its own. */
function anyLineIsObject(text: string): boolean {
  const lines = text.split('\n');
  lines.pop(); // the last piece may be cut off by the head size
  for (const line of lines.slice(0, 3)) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      const v = JSON.parse(t);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return true;
    } catch {
      // try the next line
    }
  }
  return false;
}

/** Reads the first `n` bytes of a chunk stream and returns them with a stream that replays them. */
export async function peek(
  chunks: AsyncIterable<Buffer>,
  n: number,
): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const it = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    seen.push(r.value);
    size += r.value.length;
  }
  const head = Buffer.concat(seen).subarray(0, n);
  async function* rest(): AsyncIterable<Buffer> {
    yield* seen;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, rest: rest() };
}
