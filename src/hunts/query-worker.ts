/**
 * The query worker (a worker thread of QueryPool): receives the loaded tables once, at start
 * (numeric columns on SharedArrayBuffers, strings cloned), then runs one query per message with the
 * engine's own limits and posts the result back as transferable column data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  exportTable,
  headRows,
  importTable,
  MapTableProvider,
  runQuery,
  type Table,
  type TableData,
} from '../kql/engine.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './query-pool.js';

const init = workerData as WorkerInit;
const provider = new MapTableProvider(init.tables.map((t): [string, Table] => [t.name, importTable(t.table)]));

function answer(req: WorkerRequest): { reply: WorkerReply; buffers: ArrayBuffer[] } {
  const { result, diagnostics } = runQuery(req.text, {
    provider,
    ...(req.now !== undefined ? { now: req.now } : {}),
    ...(req.timeoutMs !== undefined ? { timeoutMs: req.timeoutMs } : {}),
    ...(req.maxRows !== undefined ? { maxRows: req.maxRows } : {}),
    ...(req.maxMemoryMb !== undefined ? { maxMemoryMb: req.maxMemoryMb } : {}),
    ...(req.allowFiles ? { allowFiles: req.allowFiles } : {}),
  });
  const failed = diagnostics.some((d) => d.severity === 'error');
  if (!result || failed) return { reply: { id: req.id, diagnostics }, buffers: [] };
  const buffers: ArrayBuffer[] = [];
  const send = (t: Table): TableData => {
    const out = exportTable(req.headRows === undefined ? t : headRows(t, req.headRows), 'transfer');
    buffers.push(...out.buffers);
    return out.table;
  };
  return {
    reply: {
      id: req.id,
      diagnostics,
      result: {
        table: send(result.table),
        totalRows: result.table.rowCount,
        ...(result.chart ? { chart: result.chart } : {}),
        ...(result.extraTables
          ? { extraTables: result.extraTables.map((x) => ({ name: x.name, table: send(x.table) })) }
          : {}),
        stats: result.stats,
      },
    },
    buffers,
  };
}

parentPort?.on('message', (req: WorkerRequest) => {
  let out: { reply: WorkerReply; buffers: ArrayBuffer[] };
  try {
    out = answer(req);
  } catch (e) {
    // runQuery promises diagnostics; anything else is reported, and the worker stays usable.
    out = { reply: { id: req.id, diagnostics: [], fault: e instanceof Error ? e.message : String(e) }, buffers: [] };
  }
  try {
    parentPort?.postMessage(out.reply, out.buffers);
  } catch (e) {
    // Structured clone recurses: a value nested too deeply to copy is reported, not lost.
    const message = e instanceof Error ? e.message : String(e);
    parentPort?.postMessage({ id: req.id, diagnostics: [], fault: `the result could not be returned (${message})` });
  }
});
