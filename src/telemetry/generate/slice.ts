/**
 * A slice is one device's events for one day of the window. Activities add rows to it in any order;
 * `finish` sorts them by time and numbers them with the device's ReportId counter. Generating per
 * (day, device) keeps memory bounded by one slice, however many events the whole run has.
 */
import type { Binary } from './binary.js';
import type { Device, Org } from './fleet.js';
import type { Rng } from './prng.js';
import type { BootProcs } from './boot.js';
import { certificateRow, type Row, type TableName } from './rows.js';
import { type DiurnalPattern, sampleTime } from './timeline.js';

export type Verdict = 'benign' | 'malicious';

/** Marks a planted row for ground_truth.json. */
export interface PlantTag {
  readonly tool: string;
  readonly scenario: string;
  readonly verdict: Verdict;
}

export interface Pending {
  readonly table: TableName;
  readonly row: Row;
  readonly tag: PlantTag | null;
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
  readonly background: Pending[] = [];
  readonly planted: Pending[] = [];
  private readonly certsSeen = new Set<string>();

  constructor(
    readonly state: DeviceState,
    readonly rng: Rng,
    readonly start: bigint,
    readonly end: bigint,
    readonly dayIndex: number,
    readonly budget: number,
  ) {}

  get device(): Device {
    return this.state.device;
  }

  emit(table: TableName, row: Row, tag: PlantTag | null = null): void {
    (tag ? this.planted : this.background).push({ table, row, tag });
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

  /** Background rows capped at the budget, plus every planted row, sorted by time and numbered. */
  finish(): Pending[] {
    if (this.background.length > this.budget) this.background.length = this.budget;
    const all = this.background.concat(this.planted);
    all.sort(byTimestamp);
    for (const p of all) p.row.ReportId = this.state.nextReportId++;
    return all;
  }
}

function byTimestamp(a: Pending, b: Pending): number {
  const x = a.row.Timestamp as bigint;
  const y = b.row.Timestamp as bigint;
  return x < y ? -1 : x > y ? 1 : 0;
}
