/**
 * A slice is one device's events for one day of the window. Activities add rows to it in any order;
 * each is encoded at once into the slice's row store (slice-rows.ts), and `finish` gives the output
 * order (by time), in which the sink numbers them with the device's ReportId counter. Generating
 * per (day, device) keeps memory bounded by one slice, however many events the whole run has.
 */
import type { Binary } from './binary.js';
import type { BootProcs } from './boot.js';
import type { Device, Org } from './fleet.js';
import type { Rng } from './prng.js';
import { certificateRow, type Row, type TableName } from './rows.js';
import type { SliceRows } from './slice-rows.js';
import { type DiurnalPattern, sampleTime } from './timeline.js';

export type Verdict = 'benign' | 'malicious';

/** Marks a planted row for ground_truth.json. */
export interface PlantTag {
  readonly tool: string;
  readonly scenario: string;
  readonly verdict: Verdict;
}

/** What persists for a device across its slices (identity, counters, long-lived processes). */
export interface DeviceState {
  readonly org: Org;
  readonly device: Device;
  readonly boot: BootProcs;
  nextReportId: number;
  readonly nextPid: () => number;
}

export class Slice {
  /** Background rows emitted so far, including those past the budget (which are dropped). */
  private backgroundEmitted = 0;
  private readonly certsSeen = new Set<string>();

  /** `rows` is emptied here and receives the slice's rows. */
  constructor(
    private readonly rows: SliceRows,
    readonly state: DeviceState,
    readonly rng: Rng,
    readonly start: bigint,
    readonly end: bigint,
    readonly dayIndex: number,
    readonly budget: number,
  ) {
    rows.reset(start);
  }

  get device(): Device {
    return this.state.device;
  }

  /** Background rows emitted so far (activities stop at the budget). */
  get backgroundCount(): number {
    return this.backgroundEmitted;
  }

  /**
   * Adds a row. Background rows past the budget are dropped: the last activity of a day may
   * overshoot, and the slice keeps the budget's first rows, as emitted. Planted rows are all kept.
   */
  emit(table: TableName, row: Row, tag: PlantTag | null = null): void {
    if (!tag && this.backgroundEmitted++ >= this.budget) return;
    this.rows.add(table, row, tag);
  }

  /** A moment of the slice following the daily activity curve of `pattern`. */
  time(pattern: DiurnalPattern): bigint {
    return sampleTime(this.rng, this.start, this.end, this.state.org.utcOffsetHours, pattern);
  }

  /** `at` plus a random delay, kept inside the slice. */
  after(at: bigint, minMs: number, maxMs: number): bigint {
    const t = at + BigInt(this.rng.int(minMs, maxMs)) * 10_000n;
    return t < this.end ? t : this.end - 1n;
  }

  /**
   * Reports a binary's signing certificate the first time the device sees it that day, as Defender's
   * DeviceFileCertificateInfo does for files it profiles.
   */
  seeBinary(bin: Binary, at: bigint, tag: PlantTag | null = null): void {
    const key = `${bin.sha1}|${tag ? tag.scenario : ''}`;
    if (this.certsSeen.has(key)) return;
    this.certsSeen.add(key);
    this.emit('DeviceFileCertificateInfo', certificateRow(this.device, bin, at), tag);
  }

  /** The slice's rows in output order (indexes into its row store): see SliceRows.order. */
  finish(): number[] {
    return this.rows.order();
  }
}
