/**
 * Where generated rows go: one streaming table writer per table (src/telemetry/writers), which
 * writes the table's Defender columns in schema order (a row's other keys are left out; its
 * initiating-process columns are read from the shared INIT record), and ground_truth.json written
 * as a JSON array as the planted rows stream past. Rows reach the sink already encoded (a slice's
 * SliceRows); the sink numbers them in time order. Nothing is kept but counters.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { formatDatetime } from '../../kql/engine.js';
import { defenderSchema } from '../schemas.js';
import { createTableWriter, type SplitWriter, type TableWriter } from '../writers/table-writer.js';
import type { GenerateFormat } from './options.js';
import { TABLES, type TableName } from './rows.js';
import type { DeviceState } from './slice.js';
import { SliceRows } from './slice-rows.js';

export const GROUND_TRUTH_FILE = 'ground_truth.json';

export interface GroundTruthEntry {
  readonly table: string;
  readonly ReportId: number;
  readonly DeviceId: string;
  readonly DeviceName: string;
  readonly Timestamp: string;
  readonly tool: string;
  readonly scenario: string;
  readonly verdict: 'benign' | 'malicious';
}

export class FleetSink {
  private readonly writers = new Map<TableName, TableWriter>();
  private readonly truth: WriteStream;
  private truthCount = 0;
  readonly counts: Record<string, number> = {};

  constructor(
    readonly outDir: string,
    format: GenerateFormat,
    tenantId: string,
  ) {
    mkdirSync(outDir, { recursive: true });
    for (const table of TABLES) {
      const schema = defenderSchema(table);
      if (!schema) throw new Error(`no built-in schema for ${table}`);
      this.writers.set(table, createTableWriter(format, outDir, table, { columns: schema.columns, tenantId }));
      this.counts[table] = 0;
    }
    this.truth = createWriteStream(join(outDir, GROUND_TRUTH_FILE));
    this.truth.write('[');
  }

  get files(): string[] {
    return [...this.writers.values()].map((w) => w.path);
  }

  get groundTruthCount(): number {
    return this.truthCount;
  }

  /** A row store whose rows this sink's writers encode (one per run, reused by every slice). */
  rowStore(): SliceRows {
    const split = (table: TableName): SplitWriter => {
      const w = this.writers.get(table)!.splitWriter('ReportId');
      if (!w) throw new Error(`no ReportId column in ${table}`);
      return w;
    };
    return new SliceRows(TABLES.map(split));
  }

  /**
   * Writes one slice's rows in `order`, numbering them from the device's ReportId counter;
   * resolves when the file streams have room again.
   */
  async write(rows: SliceRows, order: readonly number[], state: DeviceState): Promise<void> {
    let truthText = '';
    for (const i of order) {
      const reportId = state.nextReportId++;
      const pressure = rows.write(i, reportId);
      if (pressure) await pressure;
      const table = rows.tableOf(i);
      this.counts[table]!++;
      const planted = rows.plantedRow(i);
      if (planted) {
        const entry: GroundTruthEntry = {
          table,
          ReportId: reportId,
          DeviceId: planted.deviceId,
          DeviceName: planted.deviceName,
          Timestamp: formatDatetime(rows.timestampOf(i)),
          tool: planted.tag.tool,
          scenario: planted.tag.scenario,
          verdict: planted.tag.verdict,
        };
        truthText += `${this.truthCount++ === 0 ? '\n' : ',\n'}${JSON.stringify(entry)}`;
      }
    }
    if (truthText !== '' && !this.truth.write(truthText))
      await new Promise<void>((r) => this.truth.once('drain', () => r()));
  }

  async close(): Promise<void> {
    for (const w of this.writers.values()) await w.close();
    await new Promise<void>((resolve, reject) => {
      this.truth.once('error', reject);
      this.truth.end(this.truthCount === 0 ? ']\n' : '\n]\n', () => resolve());
    });
  }
}
