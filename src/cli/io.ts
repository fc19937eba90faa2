/** Input helpers: query text from a file, an argument or stdin; JSON-lines batches from stdin. */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { jsonText } from '../kql/engine.js';
import { UsageError } from './exit.js';

/**
 * Reads all of stdin as UTF-8 text. On an interactive terminal that would wait silently for input
 * the user did not mean to type, so it is a usage error instead.
 */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('no query given: pass a file or the query text, or pipe it on stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** A query's text and the name diagnostics print it under (`file:line:col`). */
export interface QuerySource {
  readonly name: string;
  readonly text: string;
}

/** `FILE`, `-` or nothing (= stdin). Unreadable files are usage errors (exit 2). */
export async function readQueryFile(file: string | undefined): Promise<QuerySource> {
  if (file === undefined || file === '-') return { name: '<stdin>', text: await readStdin() };
  try {
    return { name: file, text: await readFile(file, 'utf8') };
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** One input line of a `--jsonl` batch: either a query with its id or the reason the line is unusable. */
export type BatchItem =
  | { readonly ok: true; readonly id: unknown; readonly query: string }
  | { readonly ok: false; readonly id: unknown; readonly reason: string };

export function parseBatchLine(line: string, lineNo: number): BatchItem {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, id: null, reason: `line ${lineNo}: not valid JSON` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, id: null, reason: `line ${lineNo}: expected an object {"id", "query"}` };
  }
  const rec = value as Record<string, unknown>;
  const id = rec.id ?? null;
  if (typeof rec.query !== 'string') return { ok: false, id, reason: `line ${lineNo}: "query" must be a string` };
  return { ok: true, id, query: rec.query };
}

/**
 * Calls `handle` for each non-blank stdin line, in order, one at a time, so output lines follow
 * input lines and a long batch streams instead of buffering.
 */
export async function forEachStdinLine(handle: (item: BatchItem) => void | Promise<void>): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  let count = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') continue;
    count++;
    await handle(parseBatchLine(line, lineNo));
  }
  return count;
}

/** Writes one JSON line to stdout (integral reals in dynamic cells keep `.0`, see jsonText). */
export function writeJsonLine(value: unknown): void {
  process.stdout.write(`${jsonText(value)}\n`); // exact digits for longs beyond 2^53
}
