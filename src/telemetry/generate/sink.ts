/**
 * Where generated rows go: one streaming table writer per table (src/telemetry/writers), each row
 * projected onto the table's Defender columns in schema order, and ground_truth.json written as a
 * JSON array as the planted rows stream past. Memory stays flat: nothing is kept but counters.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { formatDatetime } from '../../kql/values.js';
import { defenderSchema } from '../schemas.js';
import { createTableWriter, type TableWriter } from '../writers/table-writer.js';
import type { GenerateFormat } from './options.js';
import { INIT, type Row, TABLES, type TableName } from './rows.js';
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
  private readonly writers = new Map<TableName, { writer: TableWriter; columns: readonly string[]; template: Row }>();
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
      const writer = createTableWriter(format, outDir, table, { columns: schema.columns, tenantId });
      const columns = schema.columns.map((c) => c.name);
      const template: Row = {};
      for (const c of columns) template[c] = null;
      this.writers.set(table, { writer, columns, template });
      this.counts[table] = 0;
    }
    this.truth = createWriteStream(join(outDir, GROUND_TRUTH_FILE));
    this.truth.write('[');
  }

  get files(): string[] {
    return [...this.writers.values()].map((w) => w.writer.path);
  }

  get groundTruthCount(): number {
    return this.truthCount;
  }

  /** Writes one slice's rows; resolves when the file streams have room again. */
  async write(rows: readonly Pending[]): Promise<void> {
    let truthText = '';
    for (const p of rows) {
      const w = this.writers.get(p.table)!;
      const pressure = w.writer.write(project(p.row, w.columns, w.template));
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
    for (const w of this.writers.values()) await w.writer.close();
    await new Promise<void>((resolve, reject) => {
      this.truth.once('error', reject);
      this.truth.end(this.truthCount === 0 ? ']\n' : '\n]\n', () => resolve());
    });
  }
}

/** The table's columns only, in schema order; columns a builder did not set become null/empty. */
function project(row: Row, columns: readonly string[], template: Row): Row {
  // Cloning a template with every key in order keeps one hidden class per table (fast property
  // access in the writer) instead of growing each object key by key.
  const out: Row = { ...template };
  const init = row[INIT];
  for (const c of columns) {
    let v = row[c];
    if (v === undefined && init) v = init[c];
    out[c] = v === undefined ? null : v;
  }
  return out;
}
