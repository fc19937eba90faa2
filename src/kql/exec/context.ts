/**
 * Per-query execution state: options, the single `now`, resource guards, caches of values that are
 * computed once per query (materialize, subqueries), and the scope stack sub-plans read through
 * ImplicitInput and OuterColumn.
 */
import { DIAG, type RawDiagnostic } from '../diagnostics.js';
import type { PlanNode } from '../plan/nodes.js';
import type { KqlValue } from '../types.js';
import type { ExecuteOptions } from './executor.js';
import type { Relation } from './relation.js';
import type { Table } from './table.js';

/** A failure that ends the query with a diagnostic (guards, unsupported features, runtime faults). */
export class ExecError extends Error {
  constructor(readonly diagnostic: Omit<RawDiagnostic, 'offset' | 'length'>) {
    super(diagnostic.message);
  }
}

/** How many loop iterations pass between two clock/cancel checks. */
export const GUARD_INTERVAL = 4096;

/**
 * Bytes operators may announce (ExecContext.allocate) between two real memory measurements. Rows
 * can be huge (an 8 MB string per row), so counting rows alone would let a query outgrow its budget
 * thousands of times over before the next check.
 */
export const ALLOCATION_CHECK_BYTES = 16 * 1024 * 1024;

/** One enclosing row, readable by OuterColumn refs of a sub-plan. */
export interface OuterFrame {
  readonly table: Table;
  row: number;
}

export class ExecContext {
  readonly now: bigint;
  readonly started = Date.now();
  rowsScanned = 0;
  /** ImplicitInput tables, innermost last. */
  readonly inputs: Table[] = [];
  /** Enclosing rows, innermost last (OuterColumn depth 1 = last). */
  readonly outer: OuterFrame[] = [];
  /** materialize() results by id, and the nodes that compute them. */
  readonly materialized = new Map<number, Table>();
  readonly materializeNodes = new Map<number, PlanNode>();
  /** Sub-plan results cached by node identity (toscalar, tabular `in` operands). */
  readonly subqueries = new WeakMap<object, unknown>();
  /** Library implementations cached by call-node identity (sub-plans re-run per row reuse them). */
  readonly implCache = new WeakMap<object, unknown>();
  /** Values of calls that are constant for this query (see constValueOf); undefined = not constant. */
  readonly constCache = new WeakMap<object, KqlValue | undefined>();
  /** Runs a sub-plan (set by the executor; kept here so expressions can run subqueries). */
  run: (node: PlanNode) => Relation = () => {
    throw new Error('executor not attached');
  };
  private countdown = GUARD_INTERVAL;
  private allocatedSinceCheck = 0;
  private readonly deadline: number;
  /** Heap + array-buffer bytes when the query started, for the memory budget. */
  private readonly memoryBase: number;

  constructor(readonly options: ExecuteOptions) {
    this.now = options.now ?? BigInt(Date.now()) * 10_000n;
    this.deadline = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : this.started + options.timeoutMs;
    this.memoryBase = options.maxMemoryMb === undefined ? 0 : memoryInUse();
  }

  /** Called once per row in long loops; checks the clock and cancellation every GUARD_INTERVAL calls. */
  tick(): void {
    if (--this.countdown > 0) return;
    this.countdown = GUARD_INTERVAL;
    this.check();
  }

  /** Accounts for a batch of `n` rows of work. */
  tickMany(n: number): void {
    this.countdown -= n;
    if (this.countdown <= 0) {
      this.countdown = GUARD_INTERVAL;
      this.check();
    }
  }

  check(): void {
    if (this.options.cancel?.cancelled) throw new ExecError(DIAG.cancelled());
    if (Date.now() > this.deadline) throw new ExecError(DIAG.timeout(this.options.timeoutMs as number));
    const maxMb = this.options.maxMemoryMb;
    // The budget is the growth of this process's heap and buffers since the query began: queries
    // run one at a time per process, so that growth is this query's working set (plus garbage
    // not yet collected, which errs on the safe side).
    if (maxMb !== undefined && memoryInUse() - this.memoryBase > maxMb * 1024 * 1024)
      throw new ExecError(DIAG.memoryBudget(maxMb));
  }

  /**
   * Accounts for `bytes` an operator or function is about to allocate (make-series bins, range
   * rows, mv-expand items, join output, built strings). A single request larger than the whole
   * budget fails at once (KQL605); otherwise memory is measured every ALLOCATION_CHECK_BYTES.
   */
  allocate(bytes: number): void {
    const maxMb = this.options.maxMemoryMb;
    if (maxMb !== undefined && bytes > maxMb * 1024 * 1024) throw new ExecError(DIAG.memoryBudget(maxMb));
    this.allocatedSinceCheck += bytes;
    if (this.allocatedSinceCheck >= ALLOCATION_CHECK_BYTES) {
      this.allocatedSinceCheck = 0;
      this.check();
    }
  }

  /** `allocate` as a plain function, for the function library's CompileContext. */
  readonly charge = (bytes: number): void => this.allocate(bytes);

  /** Fails with KQL602 when an operator output (or one in progress) exceeds maxRows. */
  checkRows(n: number): void {
    const max = this.options.maxRows;
    if (max !== undefined && n > max) throw new ExecError(DIAG.rowBudget(max));
  }

  currentInput(): Table {
    const t = this.inputs[this.inputs.length - 1];
    if (t === undefined) throw new ExecError(DIAG.runtime('This sub-query has no input rows here.'));
    return t;
  }
}

function memoryInUse(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export function fail(message: string): never {
  throw new ExecError(DIAG.runtime(message));
}

export function unsupported(what: string): never {
  throw new ExecError(DIAG.unsupportedLocally(what));
}
