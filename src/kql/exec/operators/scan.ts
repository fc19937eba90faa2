/**
 * Scan: a table from the provider, by name (runScan); and the KQL `scan` operator, sequence
 * matching over the serialized rows (runScanOperator).
 *
 * The scan operator follows the documented matching logic: each row is evaluated against the steps
 * from last to first. Step k matches by "check 1" when step k-1 has an active sequence and the
 * condition holds on that state (the sequence moves to step k), else by "check 2" when step k has
 * an active sequence, or is the first step, and the condition holds on step k's own state.
 */
import { DIAG } from '../../diagnostics.js';
import type { ScanNode, ScanOperatorNode, ScanStepPlan } from '../../plan/nodes.js';
import type { KqlValue, ScalarType } from '../../types.js';
import { tableFromValues } from '../build.js';
import { coerceValue } from '../coerce.js';
import { compositeKey } from '../compare.js';
import { type ExecContext, ExecError } from '../context.js';
import { resolveColumnIndex } from '../expr/columns.js';
import { compileExpr, type Evaluator } from '../expr/compile.js';
import { materialize, type Relation, relationOf } from '../relation.js';
import type { Column, Table } from '../table.js';

export function runScan(node: ScanNode, ctx: ExecContext): Relation {
  const table = ctx.options.provider.getTable(node.table);
  if (table === undefined) throw new ExecError(DIAG.unknownTable(node.table));
  ctx.rowsScanned += table.rowCount;
  return relationOf(table);
}

/** A one-row column reading a mutable slot: the scan's expression row is refilled per evaluation. */
class SlotColumn implements Column {
  readonly length = 1;
  constructor(
    readonly type: ScalarType,
    private readonly slots: KqlValue[],
    private readonly index: number,
  ) {}
  get(): KqlValue {
    return this.slots[this.index] ?? null;
  }
}

/** One active sequence: the extended row of each step reached so far, and its match id. */
interface Sequence {
  readonly rows: readonly (readonly KqlValue[])[];
  readonly matchId: number;
}

/** Scan state of one partition: the sequence held by each step, and pending `output=last` rows. */
interface PartitionState {
  readonly steps: (Sequence | undefined)[];
  readonly pending: (Emitted | undefined)[];
}

/** An output row and the order it was produced in (pending `last` rows keep their place). */
interface Emitted {
  readonly seq: number;
  readonly row: readonly KqlValue[];
  readonly matchId: number;
}

interface CompiledStep {
  readonly plan: ScanStepPlan;
  readonly condition: Evaluator;
  readonly assignments: readonly { readonly column: number; readonly value: Evaluator; readonly type: ScalarType }[];
}

export function runScanOperator(node: ScanOperatorNode, ctx: ExecContext): Relation {
  const input = materialize(ctx.run(node.input));
  const width = node.exprSchema.columns.length / (node.steps.length + 1);
  const slots: KqlValue[] = new Array(node.exprSchema.columns.length).fill(null);
  const live: Table = {
    schema: node.exprSchema,
    columns: node.exprSchema.columns.map((c, i) => new SlotColumn(c.type, slots, i)),
    rowCount: 1,
  };
  const env = { table: live, ctx };
  const defaults = node.declared.map((d) => coerceValue(compileExpr(d.defaultValue, env)(0), d.type));
  // The values a step's part of the state has before that step matched (empty state).
  const empty: KqlValue[] = [
    ...node.exprSchema.columns.slice(0, width - defaults.length).map((c) => nullOf(c.type)),
    ...defaults,
  ];
  const steps: CompiledStep[] = node.steps.map((s) => ({
    plan: s,
    condition: compileExpr(s.condition, env),
    assignments: s.assignments.map((a) => ({
      column: a.column,
      value: compileExpr(a.expr, env),
      type: node.exprSchema.columns[a.column]?.type ?? 'dynamic',
    })),
  }));
  const matcher = new Matcher(steps, slots, width, empty);
  const readInput = inputReaders(node, input);
  const keys = node.partitionBy.map((k) => compileExpr(k, { table: input, ctx }));
  const partitions = new Map<string, PartitionState>();
  for (let r = 0; r < input.rowCount; r++) {
    ctx.tick();
    const key = keys.length === 0 ? '' : compositeKey(keys.map((k) => k(r)));
    let state = partitions.get(key);
    if (state === undefined) {
      state = { steps: steps.map(() => undefined), pending: steps.map(() => undefined) };
      partitions.set(key, state);
    }
    const base = [...readInput.map((read) => read(r)), ...defaults];
    matcher.row(base, state);
    ctx.checkRows(matcher.out.length);
  }
  for (const state of partitions.values()) for (let k = 0; k < steps.length; k++) matcher.flush(state, k);
  const rows = matcher.out
    .sort((a, b) => a.seq - b.seq)
    .map((e) => (node.matchIdColumn === undefined ? e.row : [...e.row, e.matchId]));
  return relationOf(tableFromValues(node.schema, rows, ctx));
}

/** Readers of the input columns the plan names (by name when the table's schema differs). */
function inputReaders(node: ScanOperatorNode, input: Table): ((r: number) => KqlValue)[] {
  const width = node.exprSchema.columns.length / (node.steps.length + 1) - node.declared.length;
  return node.exprSchema.columns.slice(0, width).map((c, index) => {
    const i = resolveColumnIndex(input, { kind: 'Column', type: c.type, index, name: c.name });
    const col = i < 0 ? undefined : input.columns[i];
    return col === undefined ? () => nullOf(c.type) : (r: number) => coerceValue(col.get(r), c.type);
  });
}

function nullOf(type: ScalarType): KqlValue {
  return type === 'string' ? '' : null;
}

/** The matching logic over one row at a time; collects the output rows. */
class Matcher {
  readonly out: Emitted[] = [];
  private nextSeq = 0;
  private nextMatchId = 0;
  private loaded: Sequence | undefined;
  private loadedOnce = false;

  constructor(
    private readonly steps: readonly CompiledStep[],
    private readonly slots: KqlValue[],
    private readonly width: number,
    private readonly empty: readonly KqlValue[],
  ) {}

  row(base: readonly KqlValue[], state: PartitionState): void {
    for (let i = 0; i < base.length; i++) this.slots[i] = base[i] as KqlValue;
    for (let k = this.steps.length - 1; k >= 0; k--) {
      const step = this.steps[k] as CompiledStep;
      const previous = k > 0 ? state.steps[k - 1] : undefined;
      if (previous !== undefined && this.matches(step, previous)) {
        // Check 1: the sequence of step k-1 moves to step k.
        const row = this.extend(step, base);
        this.flush(state, k);
        this.flush(state, k - 1);
        state.steps[k - 1] = undefined;
        state.steps[k] = { rows: [...previous.rows, row], matchId: previous.matchId };
        this.emit(state, k, row, previous.matchId);
        continue;
      }
      const own = state.steps[k];
      if ((own !== undefined || k === 0) && this.matches(step, own)) {
        // Check 2: step k matches again (or the first step starts a new sequence).
        const row = this.extend(step, base);
        const matchId = own === undefined ? this.nextMatchId++ : own.matchId;
        state.steps[k] = { rows: own === undefined ? [row] : [...own.rows.slice(0, k), row], matchId };
        this.emit(state, k, row, matchId);
      }
    }
  }

  /** Emits the pending `output=last` row of step k (its series of matches ended). */
  flush(state: PartitionState, k: number): void {
    const p = state.pending[k];
    if (p === undefined) return;
    this.out.push(p);
    state.pending[k] = undefined;
  }

  private emit(state: PartitionState, k: number, row: readonly KqlValue[], matchId: number): void {
    const e: Emitted = { seq: this.nextSeq++, row, matchId };
    const output = (this.steps[k] as CompiledStep).plan.output;
    if (output === 'all') this.out.push(e);
    else if (output === 'last') state.pending[k] = e;
  }

  private matches(step: CompiledStep, sequence: Sequence | undefined): boolean {
    this.load(sequence);
    return step.condition(0) === true;
  }

  /** Fills the state part of the expression row from a sequence (empty for steps it has not reached). */
  private load(sequence: Sequence | undefined): void {
    // Sequences are immutable, so the slots still hold this one when it was the last loaded.
    if (sequence === this.loaded && this.loadedOnce) return;
    this.loaded = sequence;
    this.loadedOnce = true;
    for (let j = 0; j < this.steps.length; j++) {
      const values = sequence?.rows[j] ?? this.empty;
      const at = this.width * (j + 1);
      for (let c = 0; c < this.width; c++) this.slots[at + c] = values[c] as KqlValue;
    }
  }

  /** The row extended with the step's assignments, all computed on the same state. */
  private extend(step: CompiledStep, base: readonly KqlValue[]): KqlValue[] {
    const row = base.slice();
    for (const a of step.assignments) row[a.column] = coerceValue(a.value(0), a.type);
    return row;
  }
}
