/**
 * The relational plan: the output of `plan()`, the input of `execute()`.
 *
 * Expressions here are typed and name-resolved: a column is an index into the input node's schema,
 * a function is a library entry name, every node carries its result type. Plan nodes carry their
 * output schema, so the executor never infers anything.
 *
 * Conventions:
 * - `schema` is the node's output schema.
 * - An expression inside a node refers to the columns of that node's (first) input by index.
 *   Join/lookup key expressions refer to their own side.
 * - `Extend`-like operators are Project nodes whose items include pass-through Column refs.
 */
import type { KqlValue, ScalarType, TableSchema } from '../types.js';

/* ------------------------------------------------------------------------------------------------
 * Scalar expressions
 * ---------------------------------------------------------------------------------------------- */

export type PExpr = PConst | PColumn | PCall | PAnd | POr | PNot | PSubqueryScalar | PSubqueryList | POuterColumn;

export interface PConst {
  readonly kind: 'Const';
  readonly type: ScalarType;
  readonly value: KqlValue;
}

export interface PColumn {
  readonly kind: 'Column';
  readonly type: ScalarType;
  readonly index: number;
  readonly name: string;
}

/**
 * A scalar function or operator call. `fn` names an entry of the scalar library
 * (src/kql/library): plain functions by their canonical name (`tolower`, `strcat`, `bin`, …) and
 * operators by their token (`==`, `!=`, `<`, `+`, `has`, `!contains_cs`, `matches regex`, `in`,
 * `!in~`, `has_any`, `between`, `!between`, `-unary`, `[]` (index), `.` (member) …).
 * `argTypes` are the argument types the binder resolved (after implicit promotion), so the
 * executor can pick a specialised implementation once per query.
 */
export interface PCall {
  readonly kind: 'Call';
  readonly type: ScalarType;
  readonly fn: string;
  readonly args: readonly PExpr[];
}

/** Kusto three-valued `and` (null and false = false). Kept apart from Call for short-circuiting. */
export interface PAnd {
  readonly kind: 'And';
  readonly type: 'bool';
  readonly args: readonly PExpr[];
}

export interface POr {
  readonly kind: 'Or';
  readonly type: 'bool';
  readonly args: readonly PExpr[];
}

export interface PNot {
  readonly kind: 'Not';
  readonly type: 'bool';
  readonly arg: PExpr;
}

/** `toscalar(subquery)`: first column of the first row, computed once per query. */
export interface PSubqueryScalar {
  readonly kind: 'SubqueryScalar';
  readonly type: ScalarType;
  readonly plan: PlanNode;
}

/**
 * A tabular operand of `in`/`!in`/`has_any`…: the first column of the sub-plan, computed once and
 * used as the right-hand list. Appears as an argument of a `Call` to those operators.
 */
export interface PSubqueryList {
  readonly kind: 'SubqueryList';
  readonly type: 'dynamic';
  readonly plan: PlanNode;
}

/**
 * A column of the enclosing row, used inside sub-plans run per row or per group (mv-apply,
 * partition): `depth` 1 is the immediately enclosing scope.
 */
export interface POuterColumn {
  readonly kind: 'OuterColumn';
  readonly type: ScalarType;
  readonly depth: number;
  readonly index: number;
  readonly name: string;
}

/* ------------------------------------------------------------------------------------------------
 * Aggregates
 * ---------------------------------------------------------------------------------------------- */

/**
 * An aggregate call: `fn` names an entry of the aggregate library (`count`, `countif`, `dcount`,
 * `make_set`, `arg_max`, …; legacy names already mapped to canonical ones). For `arg_max`/`arg_min`
 * the first arg is the value to maximise and the rest are the columns returned with it; such an
 * aggregate produces several output columns (`outputs`).
 */
export interface PAggregate {
  readonly fn: string;
  readonly args: readonly PExpr[];
  /** Output columns this aggregate produces, in order (usually one). */
  readonly outputs: readonly { readonly name: string; readonly type: ScalarType }[];
  /** Constant parameters (e.g. percentile 95, make_set max size, dcount accuracy). */
  readonly constArgs: readonly KqlValue[];
}

/* ------------------------------------------------------------------------------------------------
 * Relational nodes
 * ---------------------------------------------------------------------------------------------- */

export type PlanNode =
  | ScanNode
  | ValuesNode
  | RangeNode
  | ImplicitInputNode
  | FilterNode
  | ProjectNode
  | AggregateNode
  | SortNode
  | TopNode
  | LimitNode
  | DistinctNode
  | JoinNode
  | UnionNode
  | MvExpandNode
  | MvApplyNode
  | ParseNode
  | ParseKvNode
  | CountNode
  | SerializeNode
  | SampleNode
  | SampleDistinctNode
  | TopNestedNode
  | TopHittersNode
  | MakeSeriesNode
  | PartitionNode
  | ScanOperatorNode
  | ReduceNode
  | EvaluateNode
  | GetSchemaNode
  | MaterializeNode
  | MaterializedRefNode
  | ExternalDataNode
  | RenderNode
  | ForkNode
  | MakeGraphNode
  | GraphMarkComponentsNode
  | GraphToTableNode
  | GraphMatchNode;

interface Base {
  readonly schema: TableSchema;
}

/** Reads a table from the table provider by name. */
export interface ScanNode extends Base {
  readonly kind: 'Scan';
  readonly table: string;
}

/** Constant rows: `datatable`, and `print` (one row, evaluated expressions over no input). */
export interface ValuesNode extends Base {
  readonly kind: 'Values';
  /** Row-major expressions evaluated once each (no input columns). */
  readonly rows: readonly (readonly PExpr[])[];
}

export interface RangeNode extends Base {
  readonly kind: 'Range';
  readonly from: PExpr;
  readonly to: PExpr;
  readonly step: PExpr;
}

/** The rows handed to a sub-plan (mv-apply body, partition body, fork branch, facet with). */
export interface ImplicitInputNode extends Base {
  readonly kind: 'ImplicitInput';
}

export interface FilterNode extends Base {
  readonly kind: 'Filter';
  readonly input: PlanNode;
  readonly predicate: PExpr;
}

/** project / extend / project-rename / -away / -keep / -reorder all lower to this. */
export interface ProjectNode extends Base {
  readonly kind: 'Project';
  readonly input: PlanNode;
  /** One expression per output column (schema.columns[i] ↔ exprs[i]). */
  readonly exprs: readonly PExpr[];
}

export interface AggregateNode extends Base {
  readonly kind: 'Aggregate';
  readonly input: PlanNode;
  /** Output = key columns (in order) then aggregate outputs (in order). */
  readonly keys: readonly PExpr[];
  readonly aggregates: readonly PAggregate[];
}

export interface SortKey {
  readonly expr: PExpr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface SortNode extends Base {
  readonly kind: 'Sort';
  readonly input: PlanNode;
  readonly keys: readonly SortKey[];
}

export interface TopNode extends Base {
  readonly kind: 'Top';
  readonly input: PlanNode;
  readonly count: PExpr;
  readonly keys: readonly SortKey[];
}

export interface LimitNode extends Base {
  readonly kind: 'Limit';
  readonly input: PlanNode;
  readonly count: PExpr;
}

/** Distinct over the given expressions (output = those columns). */
export interface DistinctNode extends Base {
  readonly kind: 'Distinct';
  readonly input: PlanNode;
  readonly exprs: readonly PExpr[];
}

export type JoinKind =
  | 'innerunique'
  | 'inner'
  | 'leftouter'
  | 'rightouter'
  | 'fullouter'
  | 'leftanti'
  | 'rightanti'
  | 'leftsemi'
  | 'rightsemi';

/**
 * Equi-join. Output columns: for semi/anti kinds, the kept side's columns; otherwise left columns
 * then right columns, with right names already made unique by the binder (`Col1`). `lookup`
 * lowers to a join whose output drops the right key columns (`dropRightKeys`).
 */
export interface JoinNode extends Base {
  readonly kind: 'Join';
  readonly joinKind: JoinKind;
  readonly left: PlanNode;
  readonly right: PlanNode;
  readonly leftKeys: readonly PExpr[];
  readonly rightKeys: readonly PExpr[];
  /** For inner/outer kinds: which right-side column indexes appear in the output, in order. */
  readonly rightOutput: readonly number[];
}

/**
 * Union: output schema is the merged schema; `mappings[i][c]` is the input column index of input i
 * that feeds output column c, or -1 (null). `sourceColumn` (withsource=) is the output column index
 * that holds `sourceNames[i]`.
 */
export interface UnionNode extends Base {
  readonly kind: 'Union';
  readonly inputs: readonly PlanNode[];
  readonly mappings: readonly (readonly number[])[];
  readonly sourceColumn: number | undefined;
  readonly sourceNames: readonly string[];
}

export interface MvExpandItemPlan {
  readonly expr: PExpr;
  /** Output column index that receives the expanded element. */
  readonly outputIndex: number;
  /** Element type after `to typeof(t)` (dynamic when not written). */
  readonly toType: ScalarType;
}

/**
 * Output schema = input columns (with expanded ones replaced in place or appended) plus an item
 * index column when `itemIndex` is set. `passThrough[c]` is the input column for output c or -1.
 */
export interface MvExpandNode extends Base {
  readonly kind: 'MvExpand';
  readonly input: PlanNode;
  readonly items: readonly MvExpandItemPlan[];
  readonly passThrough: readonly number[];
  readonly itemIndexColumn: number | undefined;
  readonly bagExpansion: 'bag' | 'array';
  readonly limit: number | undefined;
}

/**
 * mv-apply: per input row, builds a small table from the expanded items (schema `itemSchema`),
 * runs `subplan` over it (its ImplicitInput), and emits input columns (`passThrough`) ×
 * sub-result rows.
 */
export interface MvApplyNode extends Base {
  readonly kind: 'MvApply';
  readonly input: PlanNode;
  readonly items: readonly MvExpandItemPlan[];
  readonly itemSchema: TableSchema;
  readonly itemIndexColumn: number | undefined;
  readonly limit: number | undefined;
  readonly subplan: PlanNode;
  readonly passThrough: readonly number[];
}

/**
 * parse / parse-where: extracts captures from `source` into appended columns.
 * `mode` simple|regex|relaxed; `regex` is the RE2 pattern built by the binder from the parts
 * (one group per capture, in order); `captureTypes` the target types.
 */
export interface ParseNode extends Base {
  readonly kind: 'Parse';
  readonly input: PlanNode;
  readonly source: PExpr;
  readonly mode: 'simple' | 'regex' | 'relaxed';
  readonly regex: string;
  readonly flags: string;
  /** Output column index for each capture, in order. */
  readonly captureColumns: readonly number[];
  readonly passThrough: readonly number[];
  /** parse-where drops rows that do not match. */
  readonly dropUnmatched: boolean;
}

export interface ParseKvNode extends Base {
  readonly kind: 'ParseKv';
  readonly input: PlanNode;
  readonly source: PExpr;
  readonly keys: readonly { readonly name: string; readonly type: ScalarType }[];
  readonly pairDelimiter: string | undefined;
  readonly kvDelimiter: string | undefined;
  readonly quote: string | undefined;
  readonly escape: string | undefined;
  readonly greedy: boolean;
  readonly regex: string | undefined;
  readonly passThrough: readonly number[];
}

export interface CountNode extends Base {
  readonly kind: 'Count';
  readonly input: PlanNode;
}

/** serialize [name = expr, …]: marks order; items may use row_number()/prev()/next()/row_cumsum(). */
export interface SerializeNode extends Base {
  readonly kind: 'Serialize';
  readonly input: PlanNode;
  readonly exprs: readonly PExpr[];
}

export interface SampleNode extends Base {
  readonly kind: 'Sample';
  readonly input: PlanNode;
  readonly count: PExpr;
}

export interface SampleDistinctNode extends Base {
  readonly kind: 'SampleDistinct';
  readonly input: PlanNode;
  readonly count: PExpr;
  readonly expr: PExpr;
}

export interface TopNestedLevel {
  readonly count: PExpr | undefined;
  readonly of: PExpr;
  readonly ofName: string;
  readonly others: PExpr | undefined;
  readonly aggregate: PAggregate;
  readonly descending: boolean;
}

export interface TopNestedNode extends Base {
  readonly kind: 'TopNested';
  readonly input: PlanNode;
  readonly levels: readonly TopNestedLevel[];
}

export interface TopHittersNode extends Base {
  readonly kind: 'TopHitters';
  readonly input: PlanNode;
  readonly count: PExpr;
  readonly of: PExpr;
  readonly by: PExpr | undefined;
}

/** make-series: output = key columns, then one dynamic array per aggregate, then the axis array. */
export interface MakeSeriesNode extends Base {
  readonly kind: 'MakeSeries';
  readonly input: PlanNode;
  readonly keys: readonly PExpr[];
  readonly aggregates: readonly PAggregate[];
  readonly defaults: readonly KqlValue[];
  readonly axis: PExpr;
  readonly from: PExpr | undefined;
  readonly to: PExpr | undefined;
  readonly step: PExpr;
  /** Output column index of the axis array. */
  readonly axisColumn: number;
}

/** partition by Column (subplan): runs subplan once per distinct value of `key`, unions results. */
export interface PartitionNode extends Base {
  readonly kind: 'Partition';
  readonly input: PlanNode;
  readonly key: PExpr;
  readonly subplan: PlanNode;
}

/** One `step` of scan. Its expressions read the scan's expression row (ScanOperatorNode.exprSchema). */
export interface ScanStepPlan {
  readonly name: string;
  readonly output: 'all' | 'last' | 'none';
  readonly condition: PExpr;
  /** `=> c = expr`: `column` is the output column index of a declared column. */
  readonly assignments: readonly { readonly column: number; readonly expr: PExpr }[];
}

/** A `declare (name: type = default)` column of scan; `defaultValue` is constant. */
export interface ScanDeclaredColumn {
  readonly name: string;
  readonly type: ScalarType;
  readonly defaultValue: PExpr;
}

/**
 * The KQL `scan` operator (sequence matching). Output = input columns, declared columns, then the
 * match id column when `with_match_id` is set. Step expressions are bound against `exprSchema`:
 * the output row without the match id (input + declared columns, width w), then, for each step in
 * order, w more columns holding that step's values in the state being matched (`s1.x`).
 */
export interface ScanOperatorNode extends Base {
  readonly kind: 'ScanOperator';
  readonly input: PlanNode;
  readonly matchIdColumn: number | undefined;
  readonly declared: readonly ScanDeclaredColumn[];
  readonly steps: readonly ScanStepPlan[];
  /** Each distinct key gets its own scan state (input expressions). Empty = one state. */
  readonly partitionBy: readonly PExpr[];
  readonly exprSchema: TableSchema;
}

export interface ReduceNode extends Base {
  readonly kind: 'Reduce';
  readonly input: PlanNode;
  readonly expr: PExpr;
  readonly threshold: number;
  readonly characters: string | undefined;
}

/** evaluate plugin(args): bag_unpack, pivot, narrow, ipv4_lookup, … */
export interface EvaluateNode extends Base {
  readonly kind: 'Evaluate';
  readonly input: PlanNode | undefined;
  readonly plugin: string;
  readonly args: readonly PExpr[];
  /** Extra plan inputs (e.g. the lookup table of ipv4_lookup). */
  readonly tables: readonly PlanNode[];
  /** Plugins whose schema depends on data (bag_unpack, pivot) set this; the executor computes it. */
  readonly dynamicSchema: boolean;
}

export interface GetSchemaNode extends Base {
  readonly kind: 'GetSchema';
  readonly input: PlanNode;
}

/** materialize(expr): computed once, shared by every MaterializedRef with the same id. */
export interface MaterializeNode extends Base {
  readonly kind: 'Materialize';
  readonly id: number;
  readonly input: PlanNode;
}

export interface MaterializedRefNode extends Base {
  readonly kind: 'MaterializedRef';
  readonly id: number;
}

export interface ExternalDataNode extends Base {
  readonly kind: 'ExternalData';
  readonly uris: readonly string[];
  readonly format: string | undefined;
  /** `with (...)` properties, names lower-cased as the parser keeps them. */
  readonly properties: Readonly<Record<string, string>>;
}

/** render: rows pass through; the chart kind is recorded on the result. */
export interface RenderNode extends Base {
  readonly kind: 'Render';
  readonly input: PlanNode;
  readonly chart: string;
  readonly properties: Readonly<Record<string, string>>;
}

/** fork/facet: several result tables from one input. The first is the primary result. */
export interface ForkNode extends Base {
  readonly kind: 'Fork';
  readonly input: PlanNode;
  readonly branches: readonly { readonly name: string; readonly plan: PlanNode }[];
}

/* ------------------------------------------------------------------------------------------------
 * Graphs: make-graph produces a graph value (its `schema` is empty: a graph is not a table);
 * graph-mark-components refines it; graph-to-table and graph-match turn it back into a table.
 * Every graph-valued node carries the property schemas of its nodes and edges.
 * ---------------------------------------------------------------------------------------------- */

interface GraphBase extends Base {
  readonly nodeSchema: TableSchema;
  readonly edgeSchema: TableSchema;
}

/**
 * `make-graph`: `input` rows are edges (`sourceIndex` → `targetIndex`). Nodes come from the node
 * tables (`keyIndex` is the id column of each), else from the endpoints: `nodeIdName` names the
 * single property holding the id. Endpoints missing from the node tables become nodes with null
 * properties (and the id in the key column).
 */
export interface MakeGraphNode extends GraphBase {
  readonly kind: 'MakeGraph';
  readonly input: PlanNode;
  readonly sourceIndex: number;
  readonly targetIndex: number;
  readonly nodeTables: readonly { readonly plan: PlanNode; readonly keyIndex: number }[];
  readonly nodeIdName: string | undefined;
  /** `--`: every edge can be walked both ways, whatever direction a pattern asks for. */
  readonly undirected: boolean;
  /**
   * make-graph ... partitioned-by: keep only node-table rows whose partition column (index per
   * node table) holds a value of the edges' partition column (`edgeIndex`).
   */
  readonly nodeFilter?: { readonly edgeIndex: number; readonly nodeIndexes: readonly number[] };
}

/** Adds a long property `columnName` numbering the (weakly or strongly) connected components. */
export interface GraphMarkComponentsNode extends GraphBase {
  readonly kind: 'GraphMarkComponents';
  readonly input: PlanNode;
  readonly strong: boolean;
  readonly columnName: string;
}

/** The nodes or edges of a graph as a table, optionally with generated id columns first. */
export interface GraphToTableNode extends Base {
  readonly kind: 'GraphToTable';
  readonly input: PlanNode;
  readonly part: 'nodes' | 'edges';
  /** Id column names written first (nodes: [nodeId]; edges: [sourceId, targetId]); unset ones are omitted. */
  readonly idColumns: readonly (string | undefined)[];
}

/** One variable of a graph pattern and how it appears in the match table. */
export interface GraphVariable {
  readonly name: string;
  /** node: one column per node property, then in/out degree; edge: one column per edge property;
   * path (variable-length edge): one dynamic column, the array of edge property bags. */
  readonly kind: 'node' | 'edge' | 'path';
}

export interface GraphPathStep {
  readonly edge: string;
  readonly direction: 'out' | 'in' | 'any';
  readonly min: number;
  readonly max: number;
  /** A variable-length edge (`*min..max`): its variable is a path, even for `*1..1`. */
  readonly variable: boolean;
}

/** A chain `nodes[0] steps[0] nodes[1] ...`; anonymous elements have names starting with `$`. */
export interface GraphPathPattern {
  readonly nodes: readonly string[];
  readonly steps: readonly GraphPathStep[];
}

/**
 * `all(e, pred)` / `any(e, pred)` / `map(e, expr)` over the edges of path `path` (or its inner
 * nodes): `expr` refers to the edge (node) properties by index; one match-table column each.
 */
export interface GraphLambda {
  readonly op: 'all' | 'any' | 'map';
  readonly path: string;
  readonly innerNodes: boolean;
  readonly expr: PExpr;
}

/**
 * `graph-match` / `graph-shortest-paths`: one row per match. The schema lists, for each variable
 * in order, its columns (see GraphVariable), then one column per lambda. `predicate` refers to
 * this node's own output columns: it filters matches before shortest-path selection.
 */
export interface GraphMatchNode extends Base {
  readonly kind: 'GraphMatch';
  readonly input: PlanNode;
  readonly patterns: readonly GraphPathPattern[];
  readonly variables: readonly GraphVariable[];
  readonly lambdas: readonly GraphLambda[];
  readonly predicate: PExpr | undefined;
  readonly cycles: 'none' | 'unique_edges' | 'all';
  /** Set for graph-shortest-paths: keep the shortest match per (first node, last node) pair. */
  readonly shortest: { readonly all: boolean } | undefined;
}
