/**
 * The load report: what each file contributed and every problem found, counted in full with the
 * first N samples kept. Rejects never abort a load (unless `strict`); see docs/telemetry.md.
 */

/**
 * - unparsable: the line / record is not valid JSON or CSV → row dropped
 * - not-a-record: valid JSON that is not an object (a number, a string …) → dropped
 * - too-long: a line or CSV record above the size cap → dropped without being buffered
 * - type-mismatch: a cell does not fit its column type → row kept, cell null
 * - damaged-chunk: an .evtx chunk whose signature or checksums fail (or a truncated chunk / file
 *   header) → its records are skipped, the other chunks load; the reason names the chunk
 */
export type RejectKind = 'unparsable' | 'not-a-record' | 'too-long' | 'type-mismatch' | 'damaged-chunk';

export const REJECT_KINDS: readonly RejectKind[] = [
  'unparsable',
  'not-a-record',
  'too-long',
  'type-mismatch',
  'damaged-chunk',
];

export interface RejectSample {
  readonly file: string;
  /** 1-based line where the record starts (0 when unknown). */
  readonly line: number;
  readonly kind: RejectKind;
  readonly reason: string;
  readonly table?: string;
  readonly column?: string;
}

export type Container = 'ndjson' | 'json' | 'csv' | 'evtx';
export type ContentKind = 'rows' | 'sentinel' | 'streaming-api' | 'windows-events' | 'mixed' | 'empty';

export interface FileReport {
  readonly file: string;
  container?: Container;
  /** What the records were: plain rows, Sentinel rows (Type column), streaming-API envelopes, Windows events. */
  kind: ContentKind;
  compressed: boolean;
  bytes: number;
  /** Records read (before mapping); includes rejected ones that could be delimited. */
  records: number;
  /** Rows appended, per table. */
  readonly rowsByTable: Record<string, number>;
  rows: number;
  rejects: number;
  readonly rejectsByKind: Partial<Record<RejectKind, number>>;
  /** Windows events without a mapping, per `Channel/EventID` (counted, not errors). */
  readonly unmappedEvents: Record<string, number>;
  /** Tables not in the built-in catalog that rows were loaded into (kept, columns inferred). */
  readonly unknownTables: string[];
  /** Columns not in a known table's schema, per table (kept, type inferred). */
  readonly unknownColumns: Record<string, string[]>;
  elapsedMs: number;
  /** Set when the file could not be read at all (bad gzip, I/O error, unrecognised format …). */
  error?: string;
  /**
   * Set when the file's name names no known table and its plain rows were placed by their
   * columns (`export (3).csv` → DeviceProcessEvents): the table chosen and the others that fit as
   * well (then the choice is a guess; `--table NAME` settles it).
   */
  tableFromColumns?: { readonly table: string; readonly exact: boolean; readonly alsoFits: readonly string[] };
  /** NDJSON lines read by the fast path (ndjson-fast.ts) and lines it handed to the general path. */
  fastPath?: { readonly lines: number; readonly declined: number };
}

export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

export interface TableSummary {
  readonly table: string;
  readonly rows: number;
  readonly known: boolean;
  readonly timeColumn?: string;
  /** ISO text of the min / max of the time column (Timestamp, else TimeGenerated). */
  readonly minTime?: string;
  readonly maxTime?: string;
  readonly extraColumns: readonly string[];
}

/** What the table cache did for a load (see cache/cache.ts). */
export type LoadCacheStatus =
  | { readonly status: 'hit'; readonly path: string }
  | { readonly status: 'written'; readonly path: string; readonly stale: boolean }
  | { readonly status: 'skipped'; readonly reason: string };

export interface LoadReport {
  readonly files: FileReport[];
  readonly skipped: SkippedFile[];
  /** First `maxErrorsShown` rejects over all files. */
  readonly rejectSamples: RejectSample[];
  totalRejects: number;
  totalRows: number;
  tables: TableSummary[];
  /** False when a file failed to read, or (strict) when any reject happened. */
  ok: boolean;
  /** Only the columns a hunt or query reads were built (see LoadOptions.projection). */
  projected?: boolean;
  /** Set when the load used the table cache: read from it, wrote it, or could not. */
  cache?: LoadCacheStatus;
  /** Threads that loaded the files, when more than one did (see load-parallel.ts). */
  threads?: number;
  /** Why the load failed, when ok is false. */
  failure?: string;
  elapsedMs: number;
}

export function newFileReport(file: string): FileReport {
  return {
    file,
    kind: 'empty',
    compressed: false,
    bytes: 0,
    records: 0,
    rowsByTable: {},
    rows: 0,
    rejects: 0,
    rejectsByKind: {},
    unmappedEvents: {},
    unknownTables: [],
    unknownColumns: {},
    elapsedMs: 0,
  };
}

/** Collects rejects: counts all, keeps the first `limit` samples, and remembers the first for strict mode. */
export class RejectSink {
  readonly samples: RejectSample[] = [];
  total = 0;
  first: RejectSample | undefined;
  constructor(private readonly limit: number) {}
  add(report: FileReport, sample: RejectSample): void {
    this.total++;
    report.rejects++;
    report.rejectsByKind[sample.kind] = (report.rejectsByKind[sample.kind] ?? 0) + 1;
    if (this.first === undefined) this.first = sample;
    if (this.samples.length < this.limit) this.samples.push(sample);
  }
  /** Keeps a sample counted elsewhere (a loader worker's): the caller adds to `total`. */
  keep(sample: RejectSample): void {
    if (this.first === undefined) this.first = sample;
    if (this.samples.length < this.limit) this.samples.push(sample);
  }
}
