/**
 * One slice's rows, encoded as they are made: each row becomes its output line at once (UTF-8 in
 * one reusable off-heap buffer, split around ReportId, which is only known after sorting), and
 * only a few numbers per row stay on the JavaScript heap.
 *
 * Why: a slice used to keep its row objects (with their fresh strings and bigints) until it was
 * sorted and written. Those lived through several young-generation collections, so nearly every
 * allocation was copied and promoted, and garbage collection took a third of the generator's
 * time. Bytes outside the heap are never scanned or copied.
 */
import type { SplitWriter } from '../writers/table-writer.js';
import { INIT, type Row, TABLES, type TableName } from './rows.js';
import type { PlantTag } from './slice.js';

/** A planted row's ground-truth identity (planted rows are few: these are kept as objects). */
export interface PlantedRow {
  readonly tag: PlantTag;
  readonly deviceId: string;
  readonly deviceName: string;
}

const TABLE_INDEX: ReadonlyMap<TableName, number> = new Map(TABLES.map((t, i) => [t, i]));
const PLANTED = 0x80;
const TABLE_MASK = 0x7f;
const INITIAL_ROWS = 4096;
const INITIAL_BYTES = 4 << 20;

export class SliceRows {
  private bytes: Buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private used = 0;
  private n = 0;
  /** Per row: byte offsets of its line's head, tail (after the ReportId value) and end. */
  private starts = new Float64Array(INITIAL_ROWS);
  private mids = new Float64Array(INITIAL_ROWS);
  private ends = new Float64Array(INITIAL_ROWS);
  /** Per row: ticks after `base` (a day is far below 2^53 ticks, so exact as a double). */
  private times = new Float64Array(INITIAL_ROWS);
  /** Per row: its table's index in TABLES, plus PLANTED when the row is planted. */
  private tables = new Uint8Array(INITIAL_ROWS);
  private readonly planted = new Map<number, PlantedRow>();
  private base = 0n;

  /** `writers[i]` encodes and writes the rows of TABLES[i]. */
  constructor(private readonly writers: readonly SplitWriter[]) {}

  get count(): number {
    return this.n;
  }

  /** Empties the store for a slice whose times are measured from `base`. */
  reset(base: bigint): void {
    this.base = base;
    this.used = 0;
    this.n = 0;
    this.planted.clear();
  }

  add(table: TableName, row: Row, tag: PlantTag | null): void {
    const t = TABLE_INDEX.get(table)!;
    const line = this.writers[t]!.encode(row, row[INIT]);
    if (this.n === this.times.length) this.growRows();
    // A UTF-16 code unit takes at most 3 UTF-8 bytes.
    const room = (line.head.length + line.tail.length) * 3;
    if (this.used + room > this.bytes.length) this.growBytes(this.used + room);
    const i = this.n++;
    this.starts[i] = this.used;
    this.used += this.bytes.write(line.head, this.used, 'utf8');
    this.mids[i] = this.used;
    this.used += this.bytes.write(line.tail, this.used, 'utf8');
    this.ends[i] = this.used;
    this.times[i] = Number((row.Timestamp as bigint) - this.base);
    this.tables[i] = tag ? t | PLANTED : t;
    if (tag) this.planted.set(i, { tag, deviceId: row.DeviceId as string, deviceName: row.DeviceName as string });
  }

  tableOf(i: number): TableName {
    return TABLES[this.tables[i]! & TABLE_MASK]!;
  }

  timestampOf(i: number): bigint {
    return this.base + BigInt(this.times[i]!);
  }

  plantedRow(i: number): PlantedRow | undefined {
    return this.planted.get(i);
  }

  /** Planted rows in the order they were added. */
  plantedRows(): IterableIterator<PlantedRow> {
    return this.planted.values();
  }

  /**
   * Row indexes in output order: by time; at equal times background rows before planted ones, each
   * in the order they were added (what a stable sort of background-then-planted rows gives).
   */
  order(): number[] {
    const idx = Array.from({ length: this.n }, (_, i) => i);
    const times = this.times;
    const flags = this.tables;
    return idx.sort((a, b) => {
      const d = times[a]! - times[b]!;
      if (d !== 0) return d;
      const p = (flags[a]! & PLANTED) - (flags[b]! & PLANTED);
      return p !== 0 ? p : a - b;
    });
  }

  /** Writes row `i` through its table's writer with `reportId` filled in. */
  write(i: number, reportId: number): Promise<void> | undefined {
    return this.writers[this.tables[i]! & TABLE_MASK]!.write(
      this.bytes,
      this.starts[i]!,
      this.mids[i]!,
      this.ends[i]!,
      reportId,
    );
  }

  private growRows(): void {
    const size = this.times.length * 2;
    const grow = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts, (k) => new Float64Array(k));
    this.mids = grow(this.mids, (k) => new Float64Array(k));
    this.ends = grow(this.ends, (k) => new Float64Array(k));
    this.times = grow(this.times, (k) => new Float64Array(k));
    this.tables = grow(this.tables, (k) => new Uint8Array(k));
  }

  private growBytes(needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(next, 0, 0, this.used);
    this.bytes = next;
  }
}
