/**
 * Format detection from the first decompressed bytes of a file (gzip itself is detected earlier
 * by magic bytes): container (NDJSON, JSON document, CSV) by extension when it is unambiguous,
 * else by content. Binary junk and empty files are recognised and reported, never parsed.
 */
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { looksBinary } from './io/byte-source.js';
import { isEvtx } from './loaders/evtx/reader.js';
import type { Container } from './report.js';

export type Detection =
  | { readonly kind: 'container'; readonly container: Container }
  | { readonly kind: 'empty' }
  | { readonly kind: 'error'; readonly reason: string };

/** Extensions a directory scan picks up (with or without `.gz`). */
export const TELEMETRY_EXTENSIONS = /\.(ndjson|jsonl|json|csv|evtx)(\.gz)?$/i;

export function detectContainer(fileName: string, head: Buffer): Detection {
  // Windows event logs by their magic, whatever the file is called.
  if (isEvtx(head)) return { kind: 'container', container: 'evtx' };
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

/** `kqlhunt generate` writes its run description here, beside the table files. */
export const GENERATOR_MANIFEST = 'manifest.json';
/** The manifest's `generator` value: marks a folder as a generated fleet. */
export const GENERATOR_MARKER = 'kqlhunt generate';
/** Why a directory scan leaves the generator's own files out. */
export const GENERATOR_METADATA_REASON = 'kqlhunt generator metadata';
/** A manifest is a few kilobytes; anything much larger is not ours. */
const MANIFEST_MAX_BYTES = 1 << 20;

/**
 * The generator's metadata files in a directory (manifest.json and the ground-truth file it names),
 * given the directory's file names: empty unless manifest.json is there and carries the marker.
 * They describe the fleet rather than being telemetry, so a directory scan skips them.
 */
export async function generatorMetadataFiles(dir: string, names: readonly string[]): Promise<Set<string>> {
  if (!names.includes(GENERATOR_MANIFEST)) return new Set();
  const manifest = await readSmallJson(join(dir, GENERATOR_MANIFEST));
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) return new Set();
  const m = manifest as Record<string, unknown>;
  if (m.generator !== GENERATOR_MARKER) return new Set();
  const out = new Set([GENERATOR_MANIFEST]);
  // Only a plain name in the same folder: the manifest must not point the scan elsewhere.
  const truth = m.groundTruthFile;
  if (typeof truth === 'string' && truth !== '' && basename(truth) === truth && names.includes(truth)) out.add(truth);
  return out;
}

/** A JSON file's value when it is at most MANIFEST_MAX_BYTES and parses; else undefined. */
async function readSmallJson(path: string): Promise<unknown> {
  let handle: import('node:fs/promises').FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const buf = Buffer.alloc(MANIFEST_MAX_BYTES + 1);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead > MANIFEST_MAX_BYTES) return undefined;
    return JSON.parse(buf.toString('utf8', 0, bytesRead)) as unknown;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
