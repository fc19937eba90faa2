/** The executor: runs a plan over columnar tables. */
import { DIAG, type Diagnostic, faultDiagnostic, type RawDiagnostic } from '../diagnostics.js';
import type { PlanNode } from '../plan/nodes.js';
import type { TableSchema } from '../types.js';
import { tableWithSchema } from './build.js';
import { ExecContext, ExecError } from './context.js';
import { runForkBranches } from './operators/fork.js';
import { materialize } from './relation.js';
import { collectMaterialized, runNode } from './run.js';
import { columnBuilder, makeTable, type Table, type TableProvider } from './table.js';

export interface ExecuteOptions {
  readonly provider: TableProvider;
  /** The instant `now()` returns for the whole query (ticks since 1970); defaults to the wall clock. */
  readonly now?: bigint;
  /** Wall-clock limit; exceeding it fails with KQL601. */
  readonly timeoutMs?: number;
  /** Limit on the memory the query may grow the process by, in MiB; exceeding it fails with KQL605. */
  readonly maxMemoryMb?: number;
  /** Limit on rows any operator may produce; exceeding it fails with KQL602. */
  readonly maxRows?: number;
  /** Set `cancelled` to true (e.g. from a signal handler) to stop the query with KQL603. */
  readonly cancel?: { cancelled: boolean };
  /** Local files `externaldata` may read (absolute paths or directories); nothing else is read. */
  readonly allowFiles?: readonly string[];
}

export interface QueryResult {
  readonly schema: TableSchema;
  readonly table: Table;
  /** Set when the query ends in `render`. */
  readonly chart?: { readonly kind: string; readonly properties: Readonly<Record<string, string>> };
  /** Extra named results (fork/facet branches beyond the first). */
  readonly extraTables?: readonly { readonly name: string; readonly table: Table }[];
  readonly diagnostics: readonly Diagnostic[];
  readonly stats: { readonly elapsedMs: number; readonly rowsScanned: number };
}

export function executePlan(plan: PlanNode, options: ExecuteOptions): QueryResult {
  const ctx = new ExecContext(options);
  ctx.run = (node) => runNode(node, ctx);
  try {
    collectMaterialized(plan, ctx.materializeNodes);
    return runRoot(plan, ctx);
  } catch (e) {
    // A LibraryError at run time is the query's own failure (assert(), a bad value), not ours.
    const fact =
      e instanceof ExecError
        ? e.diagnostic
        : e instanceof Error && e.name === 'LibraryError'
          ? DIAG.runtime(e.message)
          : faultDiagnostic(e);
    return failed(plan, ctx, fact);
  }
}

function runRoot(plan: PlanNode, ctx: ExecContext): QueryResult {
  let chart: QueryResult['chart'];
  let root = plan;
  if (root.kind === 'Render') {
    chart = { kind: root.chart, properties: root.properties };
    root = root.input;
  }
  let table: Table;
  let extraTables: QueryResult['extraTables'];
  if (root.kind === 'Fork') {
    const branches = runForkBranches(root, ctx);
    table = branches[0]?.table ?? materialize(ctx.run(root.input));
    extraTables = branches.slice(1);
  } else {
    table = materialize(ctx.run(root));
  }
  // A data-dependent schema (bag_unpack, pivot) is whatever the data produced; otherwise the plan's.
  const dynamic = hasDynamicSchema(root);
  const out = dynamic ? table : tableWithSchema(plan.schema, table.columns, table.rowCount, ctx);
  return {
    schema: out.schema,
    table: out,
    ...(chart ? { chart } : {}),
    ...(extraTables && extraTables.length > 0 ? { extraTables } : {}),
    diagnostics: [],
    stats: { elapsedMs: Date.now() - ctx.started, rowsScanned: ctx.rowsScanned },
  };
}

/** True when the root's columns come from a data-dependent plugin with no fixed projection after it. */
function hasDynamicSchema(node: PlanNode): boolean {
  if (node.kind === 'Evaluate') return node.dynamicSchema;
  if (
    node.kind === 'Filter' ||
    node.kind === 'Sort' ||
    node.kind === 'Top' ||
    node.kind === 'Limit' ||
    node.kind === 'Sample' ||
    node.kind === 'Render' ||
    node.kind === 'Serialize'
  ) {
    return hasDynamicSchema(node.input);
  }
  return false;
}

function failed(plan: PlanNode, ctx: ExecContext, fact: Omit<RawDiagnostic, 'offset' | 'length'>): QueryResult {
  const schema = plan.schema;
  const empty = makeTable(
    schema,
    schema.columns.map((c) => columnBuilder(c.type).build()),
  );
  // Execution problems have no position in the query text: they point at its start.
  const diagnostic: Diagnostic = { ...fact, offset: 0, length: 0, line: 1, column: 1 };
  return {
    schema,
    table: empty,
    diagnostics: [diagnostic],
    stats: { elapsedMs: Date.now() - ctx.started, rowsScanned: ctx.rowsScanned },
  };
}
