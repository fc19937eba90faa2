/**
 * The KQL engine's one public entry: parse() → bind() → plan() → execute().
 * Every other part of kqlhunt talks to the engine through this module and the types it exports.
 * User input never throws: problems come back as diagnostics.
 */
import { type Diagnostic, faultDiagnostic, locate } from './diagnostics.js';
import { type ExecuteOptions, executePlan, type QueryResult } from './exec/executor.js';
import type { TableProvider } from './exec/table.js';
import { type ScanColumns, scanColumns } from './plan/columns.js';
import type { PlanNode } from './plan/nodes.js';
import { optimize } from './plan/optimize.js';
import { type BoundQuery, bindQuery, type Catalog } from './semantics/binder.js';
import type { Query } from './syntax/ast.js';
import { parseQuery } from './syntax/parser.js';

// The engine's public surface. Code outside src/kql imports only from this module (a Biome
// `noRestrictedImports` rule in biome.json enforces it).

// diagnostics
export type { Diagnostic, RawDiagnostic, Severity } from './diagnostics.js';
export { DIAG, LineMap, suggest } from './diagnostics.js';
// execution and tables
export type { ExecuteOptions, QueryResult } from './exec/executor.js';
export type { Column, ColumnBuilder, Table, TableProvider } from './exec/table.js';
export {
  BoolColumn,
  columnBuilder,
  concatColumns,
  DictStringColumn,
  MapTableProvider,
  makeTable,
  NumberColumn,
  StringBuilder,
  StringColumn,
  TicksBuilder,
  TicksColumn,
  tableFromRows,
  tableRows,
  ValueColumn,
} from './exec/table.js';
export { type ExportMode, exportTable, headRows, importTable, type TableData } from './exec/transfer.js';
export { jsonNestsDeeperThan, MAX_DYNAMIC_DEPTH } from './library/coerce.js';
export { parseJsonText } from './library/json-parse.js';
export { type Long, longFromReal, longInRange, longOf, parseLong } from './long.js';
export type { ScanColumns } from './plan/columns.js';
// plans and their printers
export type { PlanNode } from './plan/nodes.js';
export { printPlan, printSchema } from './plan/print.js';
export type { BoundQuery, Catalog } from './semantics/binder.js';
// the syntax tree: every node type, the typed walker, the lexer (for highlighting)
export type * from './syntax/ast.js';
export type { LexResult } from './syntax/lexer.js';
export { lex } from './syntax/lexer.js';
export { printSyntaxTree } from './syntax/print.js';
export type { Token, TokenKind } from './syntax/tokens.js';
export { childNodes, nodesOfKind, type WalkControl, walkSyntax } from './syntax/walk.js';
// scalar types, values and their text forms
export type { ColumnSchema, KqlDynamic, KqlValue, ScalarType, TableSchema } from './types.js';
export { DynReal, dynNumber, parseTypeName } from './types.js';
export {
  dynamicJsonText,
  dynamicToJson,
  formatCell,
  formatDatetime,
  formatTimespan,
  jsonText,
  msFromTicks,
  parseDatetime,
  parseGuid,
  parseTimespan,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_MS,
  TICKS_PER_SECOND,
  ticksFromMs,
  toJsonCell,
} from './values.js';

export interface ParseResult {
  readonly text: string;
  readonly query: Query;
  readonly diagnostics: readonly Diagnostic[];
}

/** Text → syntax tree. Never throws. */
export function parse(text: string): ParseResult {
  try {
    const { query, diagnostics } = parseQuery(text);
    return { text, query, diagnostics: locate(diagnostics, text) };
  } catch (e) {
    // Last line of defence (the parser bounds depth itself): a fault is a diagnostic, not a throw.
    const query: Query = { kind: 'Query', statements: [], span: { start: 0, end: text.length } };
    return { text, query, diagnostics: locate([{ ...faultDiagnostic(e), offset: 0, length: 0 }], text) };
  }
}

export interface BindOptions {
  /** Tables and their schemas; the default catalog knows nothing (self-contained queries only). */
  readonly catalog?: Catalog;
}

/** Syntax tree → typed, name-resolved query (a logical plan with diagnostics). */
export function bind(parsed: ParseResult, options: BindOptions = {}): BoundQuery {
  return bindQuery(parsed, options.catalog);
}

export interface PlanResult {
  readonly plan: PlanNode | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Bound query → optimised plan (constant folding, filter pushdown). */
export function plan(bound: BoundQuery): PlanResult {
  if (!bound.root || bound.diagnostics.some((d) => d.severity === 'error')) {
    return { plan: undefined, diagnostics: bound.diagnostics };
  }
  try {
    return { plan: optimize(bound.root), diagnostics: bound.diagnostics };
  } catch (e) {
    const fault = locate([{ ...faultDiagnostic(e), offset: 0, length: 0 }], '');
    return { plan: undefined, diagnostics: [...bound.diagnostics, ...fault] };
  }
}

/** Plan → result table. Resource limits and cancellation fail with diagnostics, not exceptions. */
export function execute(p: PlanNode, options: ExecuteOptions): QueryResult {
  return executePlan(p, options);
}

/**
 * The tables and columns a query reads (per table a set of column names, or 'all'), from its
 * optimised plan; undefined when the query does not bind against `catalog`. Takes the text or a
 * parse of it (parse results are never modified, so one parse can serve several binds).
 */
export function readColumns(text: string | ParseResult, catalog: Catalog): ScanColumns | undefined {
  const planned = plan(bind(typeof text === 'string' ? parse(text) : text, { catalog }));
  try {
    return planned.plan ? scanColumns(planned.plan) : undefined;
  } catch {
    return undefined; // a plan too deep to walk: treated like one that does not bind
  }
}

export interface RunOptions extends Omit<ExecuteOptions, 'provider'> {
  readonly provider?: TableProvider;
  readonly catalog?: Catalog;
}

export interface RunResult {
  readonly result: QueryResult | undefined;
  /** Diagnostics of every stage, in order (parse, bind, execute). */
  readonly diagnostics: readonly Diagnostic[];
}

/** Convenience: all four stages (from the text, or from a parse of it). Binds against `catalog`, or the provider's tables. */
export function runQuery(text: string | ParseResult, options: RunOptions = {}): RunResult {
  const provider = options.provider ?? EMPTY_PROVIDER;
  const parsed = typeof text === 'string' ? parse(text) : text;
  const bound = bind(parsed, { catalog: options.catalog ?? catalogFromProvider(provider) });
  const planned = plan(bound);
  const diagnostics = [...parsed.diagnostics, ...planned.diagnostics.filter((d) => !parsed.diagnostics.includes(d))];
  if (!planned.plan) return { result: undefined, diagnostics };
  const result = execute(planned.plan, { ...options, provider });
  return { result, diagnostics: [...diagnostics, ...result.diagnostics] };
}

const EMPTY_PROVIDER: TableProvider = {
  getTable: () => undefined,
  tableNames: () => [],
};

/** A catalog that exposes the provider's tables with their schemas. */
export function catalogFromProvider(provider: TableProvider): Catalog {
  return {
    getTable(name) {
      return provider.getSchema?.(name) ?? provider.getTable(name)?.schema;
    },
    tableNames: () => provider.tableNames(),
  };
}
