/**
 * `data push`: local telemetry into an ADX database, so a team moves a large export to a cluster
 * (or the Kusto emulator) and hunts there. Each table is created or extended from its schema with
 * `.create-merge table` (azure-kusto-data, management endpoint), then its rows are streamed as JSON
 * lines with azure-kusto-ingest's streaming client, in chunks under the 4 MB streaming limit.
 */
import { Readable } from 'node:stream';
import type { TokenCredential } from '@azure/core-auth';
import type { ScalarType, Table, TableProvider } from '../kql/engine.js';
import { jsonText, toJsonCell } from '../kql/engine.js';
import type { TargetAddress } from './address.js';
import { classify } from './failures.js';
import { TargetError } from './types.js';

/** Streaming ingestion takes at most 4 MB per request; stay under it. */
const CHUNK_BYTES = 3 * 1024 * 1024;

const bracket = (name: string) => `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;

/** `.create-merge table ['T'] (['c']:type, …)`: creates the table, or adds missing columns. */
export function createMergeCommand(table: string, columns: readonly { name: string; type: ScalarType }[]): string {
  return `.create-merge table ${bracket(table)} (${columns.map((c) => `${bracket(c.name)}:${c.type}`).join(', ')})`;
}

/** JSON lines of a table, split into chunks of at most CHUNK_BYTES. */
export function jsonChunks(t: Table): string[] {
  const chunks: string[] = [];
  let lines: string[] = [];
  let size = 0;
  for (let r = 0; r < t.rowCount; r++) {
    const row: Record<string, unknown> = {};
    t.schema.columns.forEach((c, i) => {
      row[c.name] = toJsonCell(t.columns[i]!.get(r), c.type);
    });
    const line = jsonText(row);
    if (size + line.length > CHUNK_BYTES && lines.length > 0) {
      chunks.push(lines.join('\n'));
      lines = [];
      size = 0;
    }
    lines.push(line);
    size += line.length + 1;
  }
  if (lines.length > 0) chunks.push(lines.join('\n'));
  return chunks;
}

export interface PushProgress {
  readonly table: string;
  readonly rows: number;
  readonly totalRows: number;
  readonly tableIndex: number;
  readonly tables: number;
}

export async function pushTables(
  data: TableProvider,
  addr: Extract<TargetAddress, { kind: 'adx' }>,
  credential: TokenCredential | undefined,
  onProgress: (p: PushProgress) => void,
): Promise<{ tables: number; rows: number }> {
  const kusto = await import('azure-kusto-data');
  const ingest = await import('azure-kusto-ingest');
  const kcsb = () =>
    credential
      ? kusto.KustoConnectionStringBuilder.withTokenCredential(addr.cluster, credential)
      : new kusto.KustoConnectionStringBuilder(addr.cluster);
  const client = new kusto.Client(kcsb());
  const streaming = new ingest.StreamingIngestClient(kcsb());
  const names = data.tableNames();
  let total = 0;
  try {
    for (const [i, name] of names.entries()) {
      const t = data.getTable(name);
      if (!t) continue;
      await client.executeMgmt(addr.database, createMergeCommand(name, t.schema.columns));
      let rows = 0;
      for (const chunk of jsonChunks(t)) {
        await streaming.ingestFromStream(Readable.from([Buffer.from(chunk)]), {
          database: addr.database,
          table: name,
          format: ingest.DataFormat.MULTIJSON,
        });
        rows += chunk.split('\n').length;
        onProgress({ table: name, rows, totalRows: t.rowCount, tableIndex: i + 1, tables: names.length });
      }
      total += rows;
    }
  } catch (e) {
    throw new TargetError(classify(e, addr.text), { cause: e });
  } finally {
    client.close();
    streaming.close();
  }
  return { tables: names.length, rows: total };
}
