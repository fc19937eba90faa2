/**
 * QueryPool: runs ad-hoc queries (the web app's /api/query, `kqlhunt query`) in worker threads so
 * that no query can freeze or kill the process that asked for it.
 *
 * Limits, from the inside out:
 * - the engine's own guards, inside the worker: timeout (KQL601), row budget (KQL602) and memory
 *   budget (KQL605, checked as operators allocate);
 * - the worker's V8 heap (`resourceLimits.maxOldGenerationSizeMb`): a query that outgrows it kills
 *   only its worker, and the caller gets KQL605;
 * - a wall clock: a worker still busy `graceMs` after the query's timeout is terminated (KQL601);
 * - a bounded queue: when every worker is busy and `queueLimit` queries wait, the next one is
 *   answered at once with KQL607 (busy).
 *
 * The data: the tables are exported once (numeric columns copied to SharedArrayBuffers that every
 * worker reads in place; string dictionaries, plain string columns and dynamic values cloned into
 * each worker when it starts). A dead worker is replaced on the next query.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  DIAG,
  type Diagnostic,
  exportTable,
  importTable,
  type QueryResult,
  type RawDiagnostic,
  type TableData,
  type TableProvider,
} from '../kql/engine.js';

export interface WorkerInit {
  readonly tables: readonly { readonly name: string; readonly table: TableData }[];
}

export interface WorkerRequest {
  readonly id: number;
  readonly text: string;
  readonly now?: bigint;
  readonly timeoutMs?: number;
  readonly maxRows?: number;
  readonly maxMemoryMb?: number;
  readonly allowFiles?: readonly string[];
  /** Send back only the first rows (the web app shows 1,000); `totalRows` still counts them all. */
  readonly headRows?: number;
}

export interface WorkerReply {
  readonly id: number;
  readonly diagnostics: readonly Diagnostic[];
  readonly result?: {
    readonly table: TableData;
    readonly totalRows: number;
    readonly chart?: QueryResult['chart'];
    readonly extraTables?: readonly { readonly name: string; readonly table: TableData }[];
    readonly stats: QueryResult['stats'];
  };
  /** An exception escaped the engine (a bug); the message, for the log. */
  readonly fault?: string;
}

export type PoolQuery = Omit<WorkerRequest, 'id'>;

export interface PoolAnswer {
  /** Absent when the query failed: then `diagnostics` holds at least one error. */
  readonly result?: QueryResult & { readonly totalRows: number };
  readonly diagnostics: readonly Diagnostic[];
  /** True when the pool refused the query because it was full (KQL607). */
  readonly busy?: boolean;
}

export interface PoolOptions {
  /** Worker threads (default: the machine's parallelism, 1 to 4). */
  readonly size?: number;
  /** Queries that may wait for a worker before new ones are refused (default 8). */
  readonly queueLimit?: number;
  /** Old-generation heap of each worker, in MiB (default: V8's own limit). */
  readonly heapMb?: number;
  /** A worker still running this long after its query's timeout is terminated (default 2000 ms). */
  readonly graceMs?: number;
  /** Called with the detail of worker faults (the caller decides where logs go). */
  readonly log?: (line: string) => void;
}

export const DEFAULT_QUEUE_LIMIT = 8;
const DEFAULT_GRACE_MS = 2000;

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

interface Job {
  readonly request: WorkerRequest;
  readonly resolve: (a: PoolAnswer) => void;
}

interface Slot {
  worker: Worker | undefined;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

const at = (fact: Omit<RawDiagnostic, 'offset' | 'length'>): Diagnostic => ({
  ...fact,
  offset: 0,
  length: 0,
  line: 1,
  column: 1,
});

/**
 * The worker's code, beside this module: `query-worker.js` in dist/. When this module runs from
 * TypeScript source (the tests), a small bootstrap registers tsx's loader in the worker first.
 */
function workerEntry(): { code: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { code: new URL('./query-worker.js', import.meta.url), eval: false };
  const target = JSON.stringify(new URL('./query-worker.ts', import.meta.url).href);
  return { code: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${target}); });`, eval: true };
}

/** Exports a provider's tables once for every worker (numeric columns shared, strings cloned per worker). */
export function exportProvider(provider: TableProvider): WorkerInit {
  const tables: { name: string; table: TableData }[] = [];
  for (const name of provider.tableNames()) {
    const t = provider.getTable(name);
    if (t) tables.push({ name, table: exportTable(t, 'shared').table });
  }
  return { tables };
}

/**
 * A rough size of what each worker holds on its own heap for the data (strings and dynamic
 * values; shared numeric columns are not on any heap), in MiB. Used to size the heap limit.
 */
export function estimateWorkerDataMb(init: WorkerInit): number {
  let bytes = 0;
  for (const { table } of init.tables) {
    for (const c of table.data) {
      if (c.kind === 'dict') for (const s of c.dict) bytes += 32 + s.length * 2;
      else if (c.kind === 'string') for (const s of c.values) bytes += 32 + s.length * 2;
      else if (c.kind === 'value') {
        const n = c.values.length;
        const step = Math.max(1, Math.floor(n / 200));
        let sampled = 0;
        let count = 0;
        for (let i = 0; i < n; i += step, count++)
          sampled += 64 + (JSON.stringify(c.values[i], jsonSafe)?.length ?? 0) * 4;
        bytes += count === 0 ? 0 : (sampled / count) * n;
      }
    }
  }
  return Math.ceil(bytes / (1024 * 1024));
}

const jsonSafe = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

export class QueryPool {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  readonly queueLimit: number;

  constructor(
    private readonly init: WorkerInit,
    private readonly options: PoolOptions = {},
  ) {
    const size = Math.max(1, options.size ?? defaultPoolSize());
    this.queueLimit = Math.max(0, options.queueLimit ?? DEFAULT_QUEUE_LIMIT);
    this.slots = Array.from({ length: size }, () => ({ worker: undefined, job: undefined, timer: undefined }));
  }

  static forProvider(provider: TableProvider, options: PoolOptions = {}): QueryPool {
    return new QueryPool(exportProvider(provider), options);
  }

  get size(): number {
    return this.slots.length;
  }

  /** Workers busy and queries waiting (for tests and the status line). */
  load(): { readonly running: number; readonly queued: number } {
    return { running: this.slots.filter((s) => s.job).length, queued: this.queue.length };
  }

  /** Starts every worker now (the server does this at boot, so the first query does not wait). */
  warm(): void {
    for (const slot of this.slots) if (!slot.worker) this.spawn(slot);
  }

  /** Runs one query; never rejects. */
  run(query: PoolQuery): Promise<PoolAnswer> {
    if (this.closed) return Promise.resolve({ diagnostics: [at(DIAG.cancelled())] });
    return new Promise((resolve) => {
      const job: Job = { request: { ...query, id: this.nextId++ }, resolve };
      const free = this.slots.find((s) => !s.job);
      if (free) return this.dispatch(free, job);
      if (this.queue.length >= this.queueLimit) return resolve({ diagnostics: [at(DIAG.busy())], busy: true });
      this.queue.push(job);
    });
  }

  /** Terminates every worker; queued queries are answered KQL603 (cancelled). */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ diagnostics: [at(DIAG.cancelled())] });
    await Promise.all(
      this.slots.map(async (slot) => {
        const w = slot.worker;
        slot.worker = undefined;
        this.finish(slot, { diagnostics: [at(DIAG.cancelled())] });
        if (w) await w.terminate();
      }),
    );
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    const worker = slot.worker ?? this.spawn(slot);
    const { timeoutMs } = job.request;
    if (timeoutMs !== undefined) {
      slot.timer = setTimeout(
        () => {
          // The engine checks its clock between batches of rows; a query stuck inside one long step
          // (or in a loop that does not check) is stopped from outside.
          this.kill(slot, at(DIAG.timeout(timeoutMs)));
        },
        timeoutMs + (this.options.graceMs ?? DEFAULT_GRACE_MS),
      );
      slot.timer.unref?.();
    }
    worker.postMessage(job.request);
  }

  private spawn(slot: Slot): Worker {
    const entry = workerEntry();
    const heapMb = this.options.heapMb;
    const worker = new Worker(entry.code, {
      eval: entry.eval,
      workerData: this.init,
      ...(heapMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {}),
      stdout: false,
      stderr: false,
    });
    slot.worker = worker;
    worker.on('message', (reply: WorkerReply) => {
      if (slot.worker !== worker || !slot.job || reply.id !== slot.job.request.id) return;
      if (reply.fault !== undefined) this.options.log?.(`kqlhunt: query worker fault: ${reply.fault}`);
      this.finish(slot, answerOf(reply));
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/i.test(e.message);
      if (!oom) this.options.log?.(`kqlhunt: query worker failed: ${e.message}`);
      this.finish(
        slot,
        oom
          ? { diagnostics: [at(DIAG.workerOutOfMemory(heapMb))] }
          : { diagnostics: [at(DIAG.internal(`the query worker stopped (${e.message})`))] },
      );
    });
    worker.on('exit', (code) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      this.finish(slot, { diagnostics: [at(DIAG.internal(`the query worker exited with code ${code}`))] });
    });
    return worker;
  }

  /** Ends the slot's query with `diagnostic` and replaces its worker. */
  private kill(slot: Slot, diagnostic: Diagnostic): void {
    const w = slot.worker;
    slot.worker = undefined;
    this.finish(slot, { diagnostics: [diagnostic] });
    void w?.terminate();
  }

  private finish(slot: Slot, answer: PoolAnswer): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    const job = slot.job;
    slot.job = undefined;
    job?.resolve(answer);
    const next = this.closed ? undefined : this.queue.shift();
    if (next) this.dispatch(slot, next);
  }
}

function answerOf(reply: WorkerReply): PoolAnswer {
  if (reply.fault !== undefined)
    return { diagnostics: [...reply.diagnostics, at(DIAG.internal('the query could not be run'))] };
  const r = reply.result;
  if (!r) return { diagnostics: reply.diagnostics };
  const table = importTable(r.table);
  return {
    diagnostics: reply.diagnostics,
    result: {
      schema: table.schema,
      table,
      totalRows: r.totalRows,
      ...(r.chart ? { chart: r.chart } : {}),
      ...(r.extraTables
        ? { extraTables: r.extraTables.map((x) => ({ name: x.name, table: importTable(x.table) })) }
        : {}),
      diagnostics: reply.diagnostics,
      stats: r.stats,
    },
  };
}
