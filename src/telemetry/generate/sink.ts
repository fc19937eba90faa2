/**
 * Where generated rows go: one streaming table writer per table (src/telemetry/writers), which
 * writes the table's Defender columns in schema order (a row's other keys are left out; its
 * initiating-process columns are read from the shared INIT record), and ground_truth.json written
 * as a JSON array as the planted rows stream past. Memory stays flat: nothing is kept but counters.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { formatDatetime } from '../../kql/values.js';
import { defenderSchema } from '../schemas.js';
import { createTableWriter, type TableWriter } from '../writers/table-writer.js';
import type { GenerateFormat } from './options.js';
import { INIT, TABLES, type TableName } from './rows.js';
import type { Pending } from './slice.js';

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

  /** Writes one slice's rows; resolves when the file streams have room again. */
  async write(rows: readonly Pending[]): Promise<void> {
    let truthText = '';
    for (const p of rows) {
      const pressure = this.writers.get(p.table)!.write(p.row, p.row[INIT]);
      if (pressure) await pressure;
      this.counts[p.table]!++;
      if (p.tag) {
        const entry: GroundTruthEntry = {
          table: p.table,
          ReportId: p.row.ReportId as number,
          DeviceId: p.row.DeviceId as string,
          DeviceName: p.row.DeviceName as string,
          Timestamp: formatDatetime(p.row.Timestamp as bigint),
          tool: p.tag.tool,
          scenario: p.tag.scenario,
          verdict: p.tag.verdict,
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
