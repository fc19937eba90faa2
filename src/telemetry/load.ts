/**
 * loadTelemetry: files and directories → a TelemetryStore (the engine's TableProvider) and a
 * LoadReport. Streams every file (never one string per file), detects gzip / container / content
 * per file, and never throws on bad input: every problem lands in the report.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ScalarType } from '../kql/engine.js';
import type { TableAccumulator } from './accumulator.js';
import {
  type CacheOutcome,
  type CacheSettings,
  DEFAULT_MIN_BYTES,
  defaultCacheDir,
  entryPath,
  hasEntryFor,
  readEntry,
  statInputs,
  writeEntry,
} from './cache/cache.js';
import { decodeCache } from './cache/format.js';
import {
  detectContainer,
  GENERATOR_METADATA_REASON,
  generatorMetadataFiles,
  peek,
  TELEMETRY_EXTENSIONS,
} from './detect.js';
import { type ByteRange, openByteSource } from './io/byte-source.js';
import { type LineHandler, LineSplitter } from './io/line-reader.js';
import {
  chunkFromData,
  defaultLoadThreads,
  loadParts,
  mergeFileReports,
  PARALLEL_MIN_BYTES,
  type Part,
  type PartOptions,
  planParts,
  releaseLoadWorkers,
} from './load-parallel.js';
import { readCsv } from './loaders/csv.js';
import { readEvtx } from './loaders/evtx/reader.js';
import { readJson } from './loaders/json.js';
import { FastRowWriter, NdjsonFastScanner } from './loaders/ndjson-fast.js';
import { parseJsonRecords, type RawItem, type ReaderLimits } from './loaders/raw-item.js';
import { type RouteContext, type Routed, routeRecord, tableFromFileName } from './loaders/records.js';
import {
  type Container,
  type ContentKind,
  type FileReport,
  type LoadReport,
  newFileReport,
  RejectSink,
  type SkippedFile,
} from './report.js';
import { tableSchema } from './schemas.js';
import { type LoadProjection, TelemetryStore } from './store.js';
import { detectTable } from './table-detect.js';

export type LoadFormat = Container | 'streaming' | 'windows' | 'sentinel';

export interface LoadProgress {
  readonly file: string;
  /** Bytes read from disk in this file so far. */
  readonly bytes: number;
  /** Rows loaded from this file so far. */
  readonly rows: number;
}

export interface LoadOptions {
  /** Force the container (ndjson | json | csv) or the content (streaming | windows | sentinel). */
  readonly format?: LoadFormat;
  /** Load plain rows into this table regardless of file name or table columns. */
  readonly table?: string;
  /** Any reject fails the load (the report says which); loading stops at the first. */
  readonly strict?: boolean;
  /** How many reject samples the report keeps (all are counted). Default 20. */
  readonly maxErrorsShown?: number;
  /** Longest single record accepted. Default 64 MiB. */
  readonly maxRecordBytes?: number;
  readonly onProgress?: (p: LoadProgress) => void;
  /** Append into an existing store (e.g. several `--data` options). */
  readonly store?: TelemetryStore;
  /**
   * The transparent table cache (off unless given): loading the same unchanged files again reads
   * the tables from one columnar file (see cache/cache.ts). Not used with `store`.
   */
  readonly cache?: CacheSettings | false;
  /**
   * Build only these columns (per table; 'all' for every column). Tables not named keep only their
   * time columns. For hunts and queries that know what they read; `data inspect` loads everything.
   */
  readonly projection?: LoadProjection;
  /**
   * Loader threads (see load-parallel.ts): default $KQLHUNT_LOAD_THREADS, else min(2, cores); 1
   * loads on the calling thread. Used only for inputs of `parallelMinBytes` (default 32 MiB) or more.
   */
  readonly threads?: number;
  readonly parallelMinBytes?: number;
  /** Byte size of the ranges large NDJSON files are cut into (default: a quarter of a thread's share, at least 4 MiB; tests cut finer). */
  readonly parallelPartBytes?: number;
  /**
   * The NDJSON fast path for projected loads (default on; false reads every line with JSON.parse —
   * for comparisons; results are the same).
   */
  readonly fastPath?: boolean;
}

export interface LoadResult {
  readonly store: TelemetryStore;
  readonly report: LoadReport;
}

const HEAD_BYTES = 64 * 1024;
const PROGRESS_EVERY_ROWS = 10_000;

/**
 * Whether a load of `paths` will probably be served by the table cache: some entry was written from
 * exactly these files, unchanged (see hasEntryFor). Used to skip starting loader threads.
 */
export async function cacheLikelyServes(paths: readonly string[], cache: CacheSettings | false = {}): Promise<boolean> {
  if (cache === false) return false;
  const files = (await expandPaths(paths, [])).filter((f) => !isCacheFile(f));
  if (files.length === 0) return false;
  const inputs = await statInputs(files.map((f) => resolve(f))).catch(() => undefined);
  return inputs !== undefined && (await hasEntryFor(cache.dir ?? defaultCacheDir(), inputs));
}

export async function loadTelemetry(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  try {
    return await loadTelemetryOnce(paths, options);
  } finally {
    // Loader workers started ahead of this load (prewarmLoadWorkers) that it did not take.
    await releaseLoadWorkers();
  }
}

async function loadTelemetryOnce(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const store = options.store ?? new TelemetryStore(options.projection);
  const sink = new RejectSink(options.maxErrorsShown ?? 20);
  const report: LoadReport = {
    files: [],
    skipped: [],
    rejectSamples: sink.samples,
    totalRejects: 0,
    totalRows: 0,
    tables: [],
    ok: true,
    elapsedMs: 0,
    ...(options.projection ? { projected: true } : {}),
  };
  const expanded = await expandPaths(paths, report.skipped);
  // `.kqc` files are tables written by `kqlhunt data import` (or the cache): adopted as they are.
  const imported = expanded.filter(isCacheFile);
  const files = expanded.filter((f) => !isCacheFile(f));
  for (const file of imported) await adoptCacheFile(file, store, report);

  const cache = options.cache && !options.store && imported.length === 0 ? options.cache : undefined;
  let cacheKey: { path: string; inputs: Awaited<ReturnType<typeof statInputs>> } | undefined;
  let stale = false;
  if (cache) {
    const inputs = await statInputs(files.map((f) => resolve(f))).catch(() => undefined);
    const bytes = inputs?.reduce((n, i) => n + i.size, 0) ?? 0;
    if (inputs && inputs.length > 0 && bytes >= (cache.minBytes ?? DEFAULT_MIN_BYTES)) {
      const path = entryPath(
        cache.dir ?? defaultCacheDir(),
        inputs.map((i) => i.path),
        cacheOptionsKey(options),
      );
      const hit = await readEntry(path, inputs);
      if (typeof hit === 'object') {
        for (const t of hit.tables) store.adopt(t.name, t.table, t.extraColumns);
        const saved = hit.meta.report;
        options.onProgress?.({ file: path, bytes: 0, rows: saved.totalRows });
        return {
          store,
          report: {
            ...saved,
            skipped: report.skipped,
            tables: store.summaries(),
            elapsedMs: performance.now() - started,
            cache: { status: 'hit', path },
            ...(options.projection ? { projected: true } : {}),
          },
        };
      }
      stale = hit === 'stale';
      cacheKey = { path, inputs };
    }
  }

  const threads = options.threads ?? defaultLoadThreads();
  if (threads > 1 && !options.strict && files.length > 0) {
    const done = await loadInParallel(files, store, sink, report, options, threads);
    if (done) {
      report.totalRejects = sink.total;
      report.tables = store.summaries();
      if (cacheKey) report.cache = await saveToCache(cacheKey, store, report, options, stale);
      report.elapsedMs = performance.now() - started;
      return { store, report };
    }
  }

  for (const file of files) {
    const fr = await loadFile(file, store, sink, options);
    report.files.push(fr);
    report.totalRows += fr.rows;
    if (fr.error && report.ok) {
      report.ok = false;
      report.failure = `${file}: ${fr.error}`;
    }
    if (options.strict && sink.first) {
      const f = sink.first;
      report.ok = false;
      report.failure = `strict: ${f.file}:${f.line}: ${f.kind}: ${f.reason}`;
      break;
    }
  }
  report.totalRejects = sink.total;
  report.tables = store.summaries();
  if (cacheKey) report.cache = await saveToCache(cacheKey, store, report, options, stale);
  report.elapsedMs = performance.now() - started;
  return { store, report };
}

const isCacheFile = (f: string) => /\.kqc$/i.test(f);

/**
 * The parallel load (load-parallel.ts) into `store`; false when the input is too small to pay, and
 * then nothing was loaded. Parts are merged in file order: each file's report is its parts' sum,
 * reject samples keep their order with line numbers counted from the file's start.
 */
async function loadInParallel(
  files: readonly string[],
  store: TelemetryStore,
  sink: RejectSink,
  report: LoadReport,
  options: LoadOptions,
  threads: number,
): Promise<boolean> {
  const minBytes = options.parallelMinBytes ?? PARALLEL_MIN_BYTES;
  const fmt = {
    ...(options.format ? { format: options.format } : {}),
    ...(options.table ? { table: options.table } : {}),
  };
  // Parts of ~1/4 of a thread's share (at least 4 MiB), so that the threads finish together.
  const sizes = await planParts(files, fmt, Number.POSITIVE_INFINITY);
  if (sizes.bytes < minBytes) return false;
  const partBytes = options.parallelPartBytes ?? Math.max(4 * 1024 * 1024, Math.ceil(sizes.bytes / (threads * 4)));
  const { parts } = await planParts(files, fmt, partBytes);
  const partOptions: PartOptions = {
    ...fmt,
    ...(options.maxErrorsShown !== undefined ? { maxErrorsShown: options.maxErrorsShown } : {}),
    ...(options.maxRecordBytes !== undefined ? { maxRecordBytes: options.maxRecordBytes } : {}),
    ...(options.fastPath === false ? { fastPath: false } : {}),
    ...(options.projection
      ? { projection: [...options.projection].map(([t, c]) => [t, c === 'all' ? c : [...c]]) }
      : {}),
  };
  report.threads = Math.min(threads, parts.length);
  const soFar = new Map<string, { bytes: number; rows: number }>();
  const results = await loadParts(parts, partOptions, threads, (_i, r) => {
    const was = soFar.get(r.report.file) ?? { bytes: 0, rows: 0 };
    const now = { bytes: was.bytes + r.report.bytes, rows: was.rows + r.report.rows };
    soFar.set(r.report.file, now);
    options.onProgress?.({ file: r.report.file, ...now });
  });
  for (let i = 0; i < parts.length; ) {
    const file = (parts[i] as Part).file;
    // A file's parts: the first, then its later ranges (a file named twice is two files, as on one thread).
    let j = i + 1;
    while (j < parts.length && (parts[j] as Part).file === file && ((parts[j] as Part).range?.start ?? 0) > 0) j++;
    const mine = results.slice(i, j);
    let fr: FileReport;
    // A later range holding Windows events: their ReportId may be the line number, so load the file whole.
    if (mine.slice(1).some((r) => r.report.kind === 'windows-events' || r.report.kind === 'mixed')) {
      fr = await loadFile(file, store, sink, options);
    } else {
      fr = mergeFileReports(
        file,
        mine.map((r) => r.report),
      );
      let lineBase = 0;
      for (const r of mine) {
        for (const s of r.samples) sink.keep(s.line > 0 ? { ...s, line: s.line + lineBase } : s);
        sink.total += r.rejects;
        lineBase += r.lines;
        for (const { name, chunk } of r.tables) {
          const known = tableSchema(name) !== undefined;
          const added = store.accumulator(name).appendChunk(chunkFromData(chunk), (column, type, raw) => {
            sink.add(fr, {
              file,
              line: 0,
              kind: 'type-mismatch',
              reason: `${JSON.stringify(raw)?.slice(0, 60)} is not a ${type}; cell set to null`,
              table: name,
              column,
            });
          });
          if (known && added.length > 0) fr.unknownColumns[name] = [...(fr.unknownColumns[name] ?? []), ...added];
        }
      }
    }
    report.files.push(fr);
    report.totalRows += fr.rows;
    if (fr.error && report.ok) {
      report.ok = false;
      report.failure = `${file}: ${fr.error}`;
    }
    i = j;
  }
  return true;
}

const ROUTING = 'table-by-columns';

/** The options that change what a load produces (part of the cache key). */
function cacheOptionsKey(o: LoadOptions): string {
  const projection = o.projection
    ? [...o.projection].map(([t, c]) => [t, c === 'all' ? c : [...c].sort()]).sort()
    : null;
  // ROUTING names how files map to tables: a cache written before tables were told from columns
  // (a portal export loaded as `export__3_`) must not be reused.
  return JSON.stringify([
    o.format ?? null,
    o.table ?? null,
    o.strict ?? false,
    o.maxRecordBytes ?? null,
    projection,
    ROUTING,
  ]);
}

async function saveToCache(
  key: { path: string; inputs: Awaited<ReturnType<typeof statInputs>> },
  store: TelemetryStore,
  report: LoadReport,
  options: LoadOptions,
  stale: boolean,
): Promise<CacheOutcome> {
  if (!report.ok) return { status: 'skipped', reason: 'the load failed' };
  try {
    const outcome = await writeEntry(
      key.path,
      { inputs: key.inputs, options: cacheOptionsKey(options), report, createdAt: new Date().toISOString() },
      store.tablesToWrite(),
    );
    return outcome.status === 'written' ? { ...outcome, stale } : outcome;
  } catch (e) {
    // A full disk or a read-only cache directory must not fail the hunt: say so and go on.
    return { status: 'skipped', reason: `could not write the cache: ${(e as Error).message}` };
  }
}

async function adoptCacheFile(file: string, store: TelemetryStore, report: LoadReport): Promise<void> {
  const started = performance.now();
  const fr = newFileReport(file);
  try {
    const buf = await readFile(file);
    fr.bytes = buf.byteLength;
    const decoded = decodeCache<{ report?: LoadReport }>(buf);
    for (const t of decoded.tables) {
      store.adopt(t.name, t.table, t.extraColumns);
      fr.rowsByTable[t.name] = (fr.rowsByTable[t.name] ?? 0) + t.table.rowCount;
      fr.rows += t.table.rowCount;
    }
    fr.kind = 'rows';
  } catch (e) {
    fr.error = `not a readable kqlhunt table file (${(e as Error).message})`;
    report.ok = false;
    report.failure ??= `${file}: ${fr.error}`;
  }
  fr.elapsedMs = performance.now() - started;
  report.files.push(fr);
  report.totalRows += fr.rows;
}

/** Code-unit order: deterministic across locales. */
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Files named directly are always tried; directories contribute files with a telemetry extension,
 * except the metadata files of a generated fleet (its marked manifest.json and ground truth).
 */
async function expandPaths(paths: readonly string[], skipped: SkippedFile[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ file: dir, reason: `cannot read directory: ${(e as Error).message}` });
      return;
    }
    const metadata = await generatorMetadataFiles(
      dir,
      entries.filter((e) => e.isFile()).map((e) => e.name),
    );
    for (const e of entries.sort(byName)) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (metadata.has(e.name) && e.isFile()) skipped.push({ file: p, reason: GENERATOR_METADATA_REASON });
      else if (!e.isFile()) skipped.push({ file: p, reason: 'not a regular file' });
      else if (TELEMETRY_EXTENSIONS.test(e.name) || isCacheFile(e.name)) out.push(p);
      else
        skipped.push({
          file: p,
          reason: 'not a telemetry file extension (.ndjson .jsonl .json .csv .evtx, optionally .gz)',
        });
    }
  };
  for (const p of paths) {
    try {
      const s = await stat(p);
      if (s.isDirectory()) await walk(p);
      else out.push(p);
    } catch (e) {
      skipped.push({ file: p, reason: `cannot open: ${(e as Error).message}` });
    }
  }
  return out;
}

/**
 * Loads one file — or, with `range`, the NDJSON lines in those bytes of it (parallel loading; line
 * numbers then count from the range's start and `countLines` gets the number of line breaks).
 */
export async function loadFile(
  file: string,
  store: TelemetryStore,
  sink: RejectSink,
  options: LoadOptions,
  range?: ByteRange & { readonly countLines: (n: number) => void },
) {
  const started = performance.now();
  const fr = newFileReport(file);
  let bytesRead = () => 0;
  try {
    const source = await openByteSource(file, range);
    bytesRead = source.bytesRead;
    fr.compressed = source.compressed;
    const chunks = range ? countingLines(source.chunks, range.countLines) : source.chunks;
    const ingest = new FileIngest(file, fr, store, sink, options, bytesRead);
    if (range && range.start > 0) {
      // A later range of a file already detected as NDJSON: nothing to detect.
      fr.container = 'ndjson';
      await ingestNdjson(chunks, source.reuseBuffers, ingest, options);
    } else {
      const { head, rest } = await peek(chunks, HEAD_BYTES);
      const forced =
        options.format === 'ndjson' ||
        options.format === 'json' ||
        options.format === 'csv' ||
        options.format === 'evtx';
      const detection = detectContainer(basename(file), head);
      if (detection.kind === 'error' && !forced && !range) fr.error = detection.reason;
      else if (detection.kind !== 'empty') {
        const container = range
          ? 'ndjson'
          : forced
            ? (options.format as Container)
            : (detection as { container: Container }).container;
        fr.container = container;
        if (container === 'ndjson') await ingestNdjson(rest, source.reuseBuffers, ingest, options);
        else
          for await (const item of read(container, rest, options)) {
            if (!ingest.handle(item)) break;
          }
      }
    }
    ingest.finish();
  } catch (e) {
    fr.error = describeIoError(e);
  }
  fr.bytes = bytesRead();
  fr.elapsedMs = performance.now() - started;
  options.onProgress?.({ file, bytes: fr.bytes, rows: fr.rows });
  return fr;
}

async function* countingLines(chunks: AsyncIterable<Buffer>, count: (n: number) => void): AsyncIterable<Buffer> {
  let n = 0;
  for await (const c of chunks) {
    for (let i = c.indexOf(0x0a); i !== -1; i = c.indexOf(0x0a, i + 1)) n++;
    yield c;
  }
  count(n);
}

/** The reader of a container other than NDJSON (which ingestNdjson reads line by line). */
function read(
  container: Exclude<Container, 'ndjson'>,
  chunks: AsyncIterable<Buffer>,
  options: LoadOptions,
): AsyncIterable<RawItem> {
  const limits = readerLimits(options);
  switch (container) {
    case 'json':
      return readJson(chunks, limits);
    case 'csv':
      return readCsv(chunks, limits, options);
    case 'evtx':
      return readEvtx(chunks);
    default: {
      const never: never = container;
      throw new Error(`unknown container ${String(never)}`);
    }
  }
}

function readerLimits(options: LoadOptions): ReaderLimits {
  return { maxRecordBytes: options.maxRecordBytes ?? 64 * 1024 * 1024 };
}

/**
 * NDJSON, line by line, each chunk's lines handled synchronously (no promise or object per line).
 * Once the first record shows plain rows of a projected table, lines go through the fast path
 * (ndjson-fast.ts): straight into the column builders where the table's columns allow
 * (FastRowWriter), else as a record of the wanted keys. Lines it declines, and every line before,
 * take the general path: JSON.parse, routing, coercion.
 */
async function ingestNdjson(
  chunks: AsyncIterable<Buffer>,
  reuseBuffers: () => void,
  ingest: FileIngest,
  options: LoadOptions,
): Promise<void> {
  const { maxRecordBytes } = readerLimits(options);
  const splitter = new LineSplitter(maxRecordBytes);
  const general = (buf: Buffer, start: number, end: number, line: number): boolean => {
    const text = buf.toString('utf8', start, end);
    if (text.trim() === '') return true;
    for (const item of parseJsonRecords(text, line)) if (!ingest.handle(item)) return false;
    return true;
  };
  const onLine: LineHandler = (buf, start, end, line, tooLong, length) => {
    if (tooLong)
      return ingest.handle({ line, reject: 'too-long', reason: `line of ${length} bytes exceeds ${maxRecordBytes}` });
    const writer = ingest.liveWriter();
    if (writer) {
      if (writer.write(buf, start, end)) {
        ingest.countWritten();
        return true;
      }
    } else if (ingest.scanner) {
      const record = ingest.scanner.scan(buf, start, end);
      if (record) return ingest.handleFast(record, line);
    }
    return general(buf, start, end, line);
  };
  reuseBuffers();
  for await (const chunk of chunks) {
    const go = splitter.push(chunk, onLine);
    ingest.scanner?.forget(); // the chunk's buffer is refilled later
    ingest.progress();
    if (!go) return;
  }
  splitter.end(onLine);
}

/** A key the fast path looks for: printable ASCII without quote or backslash (column names are). */
const PLAIN_KEY = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;

/** Routes one file's records into the store and keeps its report (every container's readers end here). */
class FileIngest {
  private readonly ctx: RouteContext;
  private readonly kinds = new Set<ContentKind>();
  /** The NDJSON fast path: its table (decided from a record the general path routed) and scanner. */
  private fastAcc: TableAccumulator | undefined;
  /** The fast path cannot apply to this file (turned off, or a projection it cannot read by bytes). */
  private noFastPath: boolean;
  scanner: NdjsonFastScanner | undefined;
  private writer: FastRowWriter | undefined;
  /** The table's slot count the writer was made for (a new column makes it stale). */
  private writerSlots = 0;
  /** Rows the writer appended and the report has not counted yet. */
  private written = 0;
  private lastProgress = 0;

  constructor(
    private readonly file: string,
    private readonly fr: FileReport,
    private readonly store: TelemetryStore,
    private readonly sink: RejectSink,
    private readonly options: LoadOptions,
    private readonly bytesRead: () => number,
  ) {
    const fileTable = tableFromFileName(basename(file));
    this.ctx = {
      fileTable,
      ...(options.table !== undefined ? { table: options.table } : {}),
      ...(options.table === undefined && tableSchema(fileTable) === undefined
        ? { tableOfRow: byColumns(fileTable, fr) }
        : {}),
      ...contentFormat(options.format),
    };
    this.noFastPath = options.fastPath === false;
  }

  /** One item of the general path; false when a strict load must stop. */
  handle(item: RawItem): boolean {
    const { fr, file, store, sink } = this;
    this.settle(); // the accumulator's row count must be current before a record can add a column
    fr.records++;
    if ('reject' in item) sink.add(fr, { file, line: item.line, kind: item.reject, reason: item.reason });
    else {
      const routed = routeRecord(item.record, item.line, this.ctx);
      this.kinds.add(routed.kind);
      if ('unmapped' in routed) fr.unmappedEvents[routed.unmapped] = (fr.unmappedEvents[routed.unmapped] ?? 0) + 1;
      else {
        appendRow(routed.table, routed.row, item.textual, item.line, file, fr, store, sink);
        if (routed.also) appendRow(routed.also.table, routed.also.row, item.textual, item.line, file, fr, store, sink);
        if (this.fastAcc === undefined && !this.noFastPath && fr.container === 'ndjson')
          this.startFastPath(routed, item.record);
      }
    }
    if (this.options.strict && sink.first) return false;
    if (this.options.onProgress) this.progress();
    return true;
  }

  /** A record of the fast path's wanted keys (the scanner's record form). */
  handleFast(record: Readonly<Record<string, unknown>>, line: number): boolean {
    this.settle();
    this.fr.records++;
    appendRow((this.fastAcc as TableAccumulator).name, record, false, line, this.file, this.fr, this.store, this.sink);
    return !(this.options.strict && this.sink.first);
  }

  /** The direct writer, while the table's columns are still the ones it was made for. */
  liveWriter(): FastRowWriter | undefined {
    const w = this.writer;
    if (w !== undefined && (this.fastAcc as TableAccumulator).slotCount !== this.writerSlots) {
      this.settle();
      this.writer = undefined;
      return undefined;
    }
    return w;
  }

  /** A row the writer appended. */
  countWritten(): void {
    this.written++;
  }

  /** Reports progress when some rows have loaded since the last report. */
  progress(): void {
    this.settle();
    if (this.options.onProgress && this.fr.records - this.lastProgress >= PROGRESS_EVERY_ROWS) {
      this.lastProgress = this.fr.records;
      this.options.onProgress({ file: this.file, bytes: this.bytesRead(), rows: this.fr.rows });
    }
  }

  finish(): void {
    this.settle();
    const { fr, kinds } = this;
    fr.kind = kinds.size === 0 ? 'empty' : kinds.size === 1 ? ([...kinds][0] as ContentKind) : 'mixed';
    if (this.scanner) fr.fastPath = { lines: this.scanner.fast, declined: this.scanner.declined };
  }

  /** Counts the writer's rows in the report and the accumulator. */
  private settle(): void {
    const n = this.written;
    if (n === 0) return;
    this.written = 0;
    const acc = this.fastAcc as TableAccumulator;
    const table = acc.name;
    acc.countDirectRows(n);
    this.fr.records += n;
    this.fr.rows += n;
    this.fr.rowsByTable[table] = (this.fr.rowsByTable[table] ?? 0) + n;
  }

  /**
   * The NDJSON fast path applies to a file once its first record shows plain rows placed without
   * change (no `$table`/`Type` selector, not a Windows event or streaming envelope) in a table that
   * loads only some columns; the scanner itself declines any later line routing could treat
   * differently (see ndjson-fast.ts). Until a record shows that, each routed record is looked at.
   */
  private startFastPath(routed: Routed, record: Readonly<Record<string, unknown>>): void {
    if (routed.kind !== 'rows' || 'unmapped' in routed || routed.row !== record || routed.also) return;
    if (this.ctx.format !== undefined && this.ctx.format !== 'rows') return;
    const acc = this.store.accumulator(routed.table);
    const keys = acc.projectedColumns();
    // Names the scanner finds by their bytes: a writer escapes no printable ASCII in a key.
    if (!keys || [...keys].some((k) => !PLAIN_KEY.test(k))) {
      this.noFastPath = true; // a file's plain rows go to one table (routeRecord), so no later record differs
      return;
    }
    const first = Object.keys(record)[0];
    if (first === undefined) return;
    this.fastAcc = acc;
    this.scanner = new NdjsonFastScanner(keys, first);
    const slots = acc.directSlots();
    if (slots && FastRowWriter.supports(slots)) {
      this.writer = new FastRowWriter(this.scanner, slots);
      this.writerSlots = acc.slotCount;
    }
  }
}

/**
 * For a file whose name names no known table: the table its first plain row's columns (a CSV
 * header) fit best, decided once per file; the file's own name when nothing fits.
 */
function byColumns(fileTable: string, fr: FileReport): (rec: Readonly<Record<string, unknown>>) => string {
  let decided: string | undefined;
  return (rec) => {
    if (decided === undefined) {
      const d = detectTable(Object.keys(rec));
      decided = d.best?.table ?? fileTable;
      if (d.best) fr.tableFromColumns = { table: d.best.table, exact: d.best.exact, alsoFits: d.alsoFits };
    }
    return decided;
  };
}

function appendRow(
  table: string,
  row: Readonly<Record<string, unknown>>,
  textual: boolean,
  line: number,
  file: string,
  fr: FileReport,
  store: TelemetryStore,
  sink: RejectSink,
): void {
  const known = tableSchema(table) !== undefined;
  if (!known && !fr.unknownTables.includes(table)) fr.unknownTables.push(table);
  const acc = store.accumulator(table);
  const added = acc.append(row, textual, (column: string, type: ScalarType, raw: unknown) => {
    sink.add(fr, {
      file,
      line,
      kind: 'type-mismatch',
      reason: `${JSON.stringify(raw)?.slice(0, 60)} is not a ${type}; cell set to null`,
      table,
      column,
    });
  });
  if (known && added.length > 0) {
    const list = fr.unknownColumns[table] ?? [];
    list.push(...added);
    fr.unknownColumns[table] = list;
  }
  fr.rows++;
  fr.rowsByTable[table] = (fr.rowsByTable[table] ?? 0) + 1;
}

function contentFormat(format: LoadFormat | undefined): Pick<RouteContext, 'format'> {
  switch (format) {
    case 'streaming':
    case 'windows':
    case 'sentinel':
      return { format };
    default:
      return {};
  }
}

function describeIoError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (
    err?.code === 'Z_DATA_ERROR' ||
    err?.code === 'Z_BUF_ERROR' ||
    /incorrect header|unexpected end/i.test(err?.message ?? '')
  ) {
    return `damaged gzip data (${err.message})`;
  }
  return err?.message ?? String(e);
}

export interface ImportResult {
  readonly report: LoadReport;
  /** The `.kqc` file written (undefined when the load failed). */
  readonly path: string;
  readonly bytes: number;
}

/** `kqlhunt data import`: loads `paths` and writes the tables to `<dir>/tables.kqc`. */
export async function importTelemetry(
  paths: readonly string[],
  dir: string,
  options: Omit<LoadOptions, 'cache' | 'store'> = {},
): Promise<ImportResult> {
  const { store, report } = await loadTelemetry(paths, options);
  const path = join(dir, 'tables.kqc');
  if (!report.ok) return { report, path, bytes: 0 };
  const inputs = await statInputs(report.files.map((f) => resolve(f.file))).catch(() => []);
  let outcome: CacheOutcome;
  try {
    outcome = await writeEntry(
      path,
      { inputs, options: cacheOptionsKey(options), report, createdAt: new Date().toISOString() },
      store.tablesToWrite(),
      { trim: false },
    );
  } catch (e) {
    outcome = { status: 'skipped', reason: `cannot write ${path}: ${(e as Error).message}` };
  }
  if (outcome.status !== 'written') {
    report.ok = false;
    report.failure = outcome.status === 'skipped' ? outcome.reason : 'not written';
    return { report, path, bytes: 0 };
  }
  return { report, path, bytes: (await stat(path)).size };
}
