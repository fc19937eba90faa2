/**
 * Parallel loading: the input files — and byte ranges of large NDJSON files, cut just after a line
 * break — are loaded by a few worker threads, each with the ordinary loader (loadFile) into a store
 * of its own. Each worker hands back its tables as accumulator chunks (typed columns on transferred
 * buffers, dictionaries and raw values cloned) with its file report and reject samples; the parts
 * are merged in file order, so rows, dictionaries, inferred column types, reports and reject line
 * numbers are what the one-thread load makes.
 *
 * Used only where it pays: inputs of `minBytes` or more, more than one thread, not strict (strict
 * stops at the first reject), never stdin (only named files reach the loader). A range of a file
 * is split off only when the file's name names a known table (or `--table` is given), so a per-file
 * table decision made from a first row cannot differ between ranges; Windows events found in a
 * later range (their ReportId may fall back to the line number) make that file load again in one
 * piece. A worker that fails has its part loaded on the calling thread.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Column, exportTable, importTable, makeTable, type TableData } from '../kql/engine.js';
import type { AccumulatorChunk } from './accumulator.js';
import { detectContainer } from './detect.js';
import { type ByteRange, isGzip, readHead } from './io/byte-source.js';
import { tableFromFileName } from './loaders/records.js';
import { type ContentKind, type FileReport, newFileReport, type RejectSample, RejectSink } from './report.js';
import { tableSchema } from './schemas.js';
import { type LoadProjection, TelemetryStore } from './store.js';

/** Inputs smaller than this load on one thread (a worker's start-up costs more than it saves). */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/** Load threads to use: $KQLHUNT_LOAD_THREADS, else min(2, the machine's parallelism). */
export function defaultLoadThreads(): number {
  const env = Number(process.env.KQLHUNT_LOAD_THREADS);
  if (Number.isInteger(env) && env >= 1) return env;
  return Math.min(2, availableParallelism());
}

/** What a worker needs of the load options (plain data). */
export interface PartOptions {
  readonly format?: string;
  readonly table?: string;
  readonly maxErrorsShown?: number;
  readonly maxRecordBytes?: number;
  readonly fastPath?: false;
  readonly projection?: readonly (readonly [string, readonly string[] | 'all'])[];
}

export interface Part {
  readonly file: string;
  /** Bytes [start, end) of the file; the whole file when absent. */
  readonly range?: ByteRange;
}

export interface PartResult {
  readonly report: FileReport;
  readonly samples: readonly RejectSample[];
  readonly rejects: number;
  /** Line breaks in the range (ranges only): the next range's line numbers start after them. */
  readonly lines: number;
  readonly tables: readonly { readonly name: string; readonly chunk: ChunkData }[];
}

/** An AccumulatorChunk as plain data (typed columns as TableData, raw values as they are). */
export interface ChunkData {
  readonly rows: number;
  readonly known: TableData;
  readonly inferred: AccumulatorChunk['inferred'];
}

/** Loads one part into a store of its own (in a worker, or on the calling thread as a fallback). */
export async function loadPart(part: Part, o: PartOptions): Promise<{ result: PartResult; buffers: ArrayBuffer[] }> {
  // Imported here: load.ts imports this module.
  const { loadFile } = await import('./load.js');
  const projection: LoadProjection | undefined = o.projection
    ? new Map(o.projection.map(([t, c]) => [t, c === 'all' ? 'all' : new Set(c)]))
    : undefined;
  const store = new TelemetryStore(projection);
  const sink = new RejectSink(o.maxErrorsShown ?? 20);
  let lines = 0;
  const options = {
    ...(o.format !== undefined ? { format: o.format as never } : {}),
    ...(o.table !== undefined ? { table: o.table } : {}),
    ...(o.maxRecordBytes !== undefined ? { maxRecordBytes: o.maxRecordBytes } : {}),
    ...(o.fastPath === false ? { fastPath: false } : {}),
    ...(projection ? { projection } : {}), // for readers that project (CSV)
  };
  const range = part.range
    ? {
        ...part.range,
        countLines: (n: number) => {
          lines = n;
        },
      }
    : undefined;
  const report = await loadFile(part.file, store, sink, options, range);
  const buffers: ArrayBuffer[] = [];
  const tables = store.tableNames().map((name) => {
    const chunk = store.accumulator(name).toChunk();
    const known = makeTable(
      { columns: chunk.known.map((k) => ({ name: k.name, type: k.column.type })) },
      chunk.known.map((k) => k.column),
    );
    const exported = exportTable({ ...known, rowCount: chunk.rows }, 'transfer');
    buffers.push(...exported.buffers.filter((b) => !buffers.includes(b)));
    return { name, chunk: { rows: chunk.rows, known: exported.table, inferred: chunk.inferred } };
  });
  return { result: { report, samples: sink.samples, rejects: sink.total, lines, tables }, buffers };
}

export function chunkFromData(d: ChunkData): AccumulatorChunk {
  const t = importTable(d.known);
  return {
    rows: d.rows,
    known: d.known.columns.map((c, i) => ({ name: c.name, column: t.columns[i] as Column })),
    inferred: d.inferred,
  };
}

/**
 * The parts to load: every file whole, except uncompressed UTF-8 NDJSON files of a known table
 * larger than a part, which are cut into ranges of about `partBytes` at line breaks.
 */
export async function planParts(
  files: readonly string[],
  o: { readonly format?: string; readonly table?: string },
  partBytes: number,
): Promise<{ parts: Part[]; bytes: number }> {
  const parts: Part[] = [];
  let bytes = 0;
  for (const file of files) {
    let size = 0;
    try {
      size = (await stat(file)).size;
    } catch {
      parts.push({ file }); // loadFile reports it
      continue;
    }
    bytes += size;
    if (size <= partBytes * 1.5 || !(await splittable(file, o))) {
      parts.push({ file });
      continue;
    }
    const n = Math.ceil(size / partBytes);
    let start = 0;
    for (let k = 1; k < n; k++) {
      const cut = await lineBreakAfter(file, Math.max(start, Math.floor((k * size) / n)), size);
      if (cut === undefined || cut >= size) break;
      if (cut <= start) continue;
      parts.push({ file, range: { start, end: cut } });
      start = cut;
    }
    parts.push({ file, range: { start, end: size } });
  }
  return { parts, bytes };
}

async function splittable(file: string, o: { readonly format?: string; readonly table?: string }): Promise<boolean> {
  if (o.format !== undefined && o.format !== 'ndjson') return false;
  if (o.table === undefined && tableSchema(tableFromFileName(basename(file))) === undefined) return false;
  const head = await readHead(file, 64 * 1024).catch(() => undefined);
  if (!head || isGzip(head)) return false;
  // UTF-16 files are transcoded as one stream.
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false;
  if (o.format === 'ndjson') return true;
  const d = detectContainer(basename(file), head);
  return d.kind === 'container' && d.container === 'ndjson';
}

/** The offset just after the first line break at or after `from`, or undefined when there is none. */
async function lineBreakAfter(file: string, from: number, size: number): Promise<number | undefined> {
  const { open } = await import('node:fs/promises');
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    for (let at = from; at < size; ) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, at);
      if (bytesRead === 0) return undefined;
      const i = buf.subarray(0, bytesRead).indexOf(0x0a);
      if (i !== -1) return at + i + 1;
      at += bytesRead;
    }
    return undefined;
  } finally {
    await fh.close();
  }
}

/** Loader workers started ahead of a load (prewarmLoadWorkers), waiting to be taken by loadParts. */
const warm: { worker: Worker; exited: boolean }[] = [];

function spawnWorker(): { worker: Worker; exited: boolean } {
  const entry = workerEntry();
  const w = { worker: new Worker(entry.code, { eval: entry.eval, stdout: false, stderr: false }), exited: false };
  w.worker.on('error', () => {}); // reported to the part that is waiting, if any (see loadParts)
  w.worker.on('exit', () => {
    w.exited = true;
  });
  return w;
}

/**
 * Starts `n` loader workers now, so that their start-up (loading the engine's modules) overlaps
 * other work — a hunt reads its rule pack before its data. loadParts takes them; the ones no load
 * takes are ended by releaseLoadWorkers (and never keep the process alive).
 */
export function prewarmLoadWorkers(n: number): void {
  while (warm.length < n) {
    const w = spawnWorker();
    w.worker.unref();
    warm.push(w);
  }
}

export async function releaseLoadWorkers(): Promise<void> {
  for (let w = warm.pop(); w; w = warm.pop()) await w.worker.terminate();
}

/** Total bytes of the files under `paths` (directories walked), for deciding on parallel loading. */
export async function inputBytes(paths: readonly string[]): Promise<number> {
  const { readdir } = await import('node:fs/promises');
  const { join } = await import('node:path');
  let total = 0;
  const visit = async (p: string, depth: number): Promise<void> => {
    const st = await stat(p).catch(() => undefined);
    if (!st) return;
    if (st.isFile()) total += st.size;
    else if (st.isDirectory() && depth < 8)
      for (const name of await readdir(p).catch(() => [] as string[])) await visit(join(p, name), depth + 1);
  };
  for (const p of paths) await visit(p, 0);
  return total;
}

function workerEntry(): { code: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { code: new URL('./load-worker.js', import.meta.url), eval: false };
  const target = JSON.stringify(new URL('./load-worker.ts', import.meta.url).href);
  return { code: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${target}); });`, eval: true };
}

interface WorkerReply {
  readonly id: number;
  readonly result?: PartResult;
  readonly fault?: string;
}

/**
 * Loads every part on `threads` threads — the calling thread and `threads - 1` workers; each takes
 * the next part when it is done (the calling thread starts at once, while the workers are still
 * starting up) — and hands back the results indexed like `parts`. A part whose worker faults or
 * dies is loaded on the calling thread instead.
 */
export async function loadParts(
  parts: readonly Part[],
  o: PartOptions,
  threads: number,
  onPart?: (index: number, result: PartResult) => void,
): Promise<PartResult[]> {
  const results: PartResult[] = new Array(parts.length);
  let next = 0;
  const here = async (): Promise<void> => {
    while (next < parts.length) {
      const id = next++;
      results[id] = (await loadPart(parts[id] as Part, o)).result;
      onPart?.(id, results[id] as PartResult);
    }
  };
  const runWorker = async (): Promise<void> => {
    let taken = warm.pop();
    while (taken?.exited) taken = warm.pop();
    const worker = (taken ?? spawnWorker()).worker;
    worker.ref();
    let pending: { id: number; resolve: (r: WorkerReply) => void } | undefined;
    const die = (why: string) => {
      const p = pending;
      pending = undefined;
      p?.resolve({ id: p.id, fault: why });
    };
    worker.on('message', (reply: WorkerReply) => {
      if (pending && reply.id === pending.id) {
        const p = pending;
        pending = undefined;
        p.resolve(reply);
      }
    });
    worker.on('error', (e) => die(e.message));
    worker.on('exit', (code) => die(`exited with code ${code}`));
    try {
      while (next < parts.length) {
        const id = next++;
        const reply = await new Promise<WorkerReply>((resolve) => {
          pending = { id, resolve };
          worker.postMessage({ id, part: parts[id], options: o });
        });
        if (!reply.result) break; // this part, and the rest, are loaded on the calling thread
        results[id] = reply.result;
        onPart?.(id, reply.result);
      }
    } finally {
      await worker.terminate();
    }
  };
  const workers = Math.max(0, Math.min(threads, parts.length) - 1);
  await Promise.all([here(), ...Array.from({ length: workers }, runWorker)]);
  // Parts a failed worker had taken: here, one by one.
  for (let id = 0; id < parts.length; id++) {
    if (results[id] !== undefined) continue;
    results[id] = (await loadPart(parts[id] as Part, o)).result;
    onPart?.(id, results[id] as PartResult);
  }
  return results;
}

/** Sums the reports of one file's parts into the file's report (unknownColumns is the caller's). */
export function mergeFileReports(file: string, reports: readonly FileReport[]): FileReport {
  if (reports.length === 1) return { ...(reports[0] as FileReport), unknownColumns: {} };
  const fr = newFileReport(file);
  const kinds = new Set<ContentKind>();
  for (const r of reports) {
    fr.container ??= r.container;
    fr.compressed ||= r.compressed;
    fr.bytes += r.bytes;
    fr.records += r.records;
    fr.rows += r.rows;
    fr.rejects += r.rejects;
    fr.elapsedMs += r.elapsedMs;
    if (r.error !== undefined) fr.error ??= r.error;
    if (r.kind !== 'empty') kinds.add(r.kind);
    for (const [t, n] of Object.entries(r.rowsByTable)) fr.rowsByTable[t] = (fr.rowsByTable[t] ?? 0) + n;
    for (const [k, n] of Object.entries(r.rejectsByKind))
      fr.rejectsByKind[k as keyof FileReport['rejectsByKind']] =
        (fr.rejectsByKind[k as keyof FileReport['rejectsByKind']] ?? 0) + (n as number);
    for (const [k, n] of Object.entries(r.unmappedEvents)) fr.unmappedEvents[k] = (fr.unmappedEvents[k] ?? 0) + n;
    for (const t of r.unknownTables) if (!fr.unknownTables.includes(t)) fr.unknownTables.push(t);
    if (r.tableFromColumns) fr.tableFromColumns ??= r.tableFromColumns;
    if (r.fastPath)
      fr.fastPath = {
        lines: (fr.fastPath?.lines ?? 0) + r.fastPath.lines,
        declined: (fr.fastPath?.declined ?? 0) + r.fastPath.declined,
      };
  }
  fr.kind = kinds.size === 0 ? 'empty' : kinds.size === 1 ? ([...kinds][0] as ContentKind) : 'mixed';
  return fr;
}
