/**
 * The syntax tree: the output of `parse()`. Readonly nodes with a literal `kind`; every node has a
 * span into the query text. The tree keeps what was written (legacy spellings are normalised into
 * the node kind, with the original spelling kept in `spelling` where tools need it).
 *
 * Scalar and tabular expressions share one `Expr` union because KQL mixes them syntactically
 * (`toscalar(T | count)`, `x in (T | project y)`, a `let` name that is either). The binder decides
 * which is which.
 *
 * When the parser meets an error it inserts a `Missing` node (expressions) or an `ErrorOperator`
 * (pipeline steps) and records a diagnostic; the tree is always complete enough to walk.
 */
import type { KqlValue, ScalarType } from '../types.js';

/** Half-open [start, end) range of UTF-16 offsets into the query text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

interface Node {
  readonly span: Span;
}

/* ------------------------------------------------------------------------------------------------
 * Query and statements
 * ---------------------------------------------------------------------------------------------- */

export interface Query extends Node {
  readonly kind: 'Query';
  readonly statements: readonly Statement[];
}

export type Statement =
  | LetStatement
  | DeclareParametersStatement
  | DeclarePatternStatement
  | SetStatement
  | AliasStatement
  | RestrictStatement
  | ExprStatement;

/** `let name = expr;` or `let f = (params) { body };` or `let v = view (params) { body };` */
export interface LetStatement extends Node {
  readonly kind: 'Let';
  readonly name: Identifier;
  readonly value: Expr | FunctionDecl;
}

/** A user function or view body: `(a:string, b:int = 3) { let x = ...; T | where ... }` */
export interface FunctionDecl extends Node {
  readonly kind: 'FunctionDecl';
  readonly isView: boolean;
  readonly params: readonly Param[];
  readonly body: FunctionBody;
}

export interface FunctionBody extends Node {
  readonly kind: 'FunctionBody';
  /** `let` statements inside the body, in order; the last statement is the result expression. */
  readonly statements: readonly Statement[];
}

/** A typed parameter: scalar `a:string`, defaulted `b:int = 3`, tabular `T:(x:long)` or `T:(*)`. */
export interface Param extends Node {
  readonly kind: 'Param';
  readonly name: Identifier;
  readonly type: TypeRef;
  readonly defaultValue: Expr | undefined;
}

export type TypeRef = ScalarTypeRef | TabularTypeRef;

export interface ScalarTypeRef extends Node {
  readonly kind: 'ScalarTypeRef';
  /** Undefined when the written name is not a known type (a diagnostic was recorded). */
  readonly type: ScalarType | undefined;
  readonly text: string;
}

/** `(x:long, y:string)`; `(*)` is `columns: []` with `open: true`; `(x:long, *)` is both. */
export interface TabularTypeRef extends Node {
  readonly kind: 'TabularTypeRef';
  readonly columns: readonly ColumnDecl[];
  readonly open: boolean;
}

export interface ColumnDecl extends Node {
  readonly kind: 'ColumnDecl';
  readonly name: Identifier;
  readonly type: ScalarTypeRef;
}

/** `declare query_parameters (name:type [= default], ...);` */
export interface DeclareParametersStatement extends Node {
  readonly kind: 'DeclareParameters';
  readonly params: readonly Param[];
}

/**
 * `declare pattern name [= (params)[pathParams] { (args).[pathArgs] = { body }; ... }]`: a named
 * lookup of queries by argument values; `rules` is empty for a bare `declare pattern name;`.
 */
export interface DeclarePatternStatement extends Node {
  readonly kind: 'DeclarePattern';
  readonly name: Identifier;
  readonly params: readonly Param[];
  readonly pathParams: readonly Param[];
  readonly rules: readonly PatternRule[];
}

/** One `(args).[pathArgs] = { body }` rule of a pattern; the arguments are constants. */
export interface PatternRule extends Node {
  readonly kind: 'PatternRule';
  readonly args: readonly Expr[];
  readonly pathArgs: readonly Expr[];
  readonly body: FunctionBody;
}

/** `set name [= value];` (request options; recorded, mostly ignored locally) */
/** `alias database Name = cluster(…).database(…)`. */
export interface AliasStatement extends Node {
  readonly kind: 'Alias';
  readonly name: Identifier;
  readonly value: Expr;
}

/** `restrict access to (Entity, …)`: only these tables and tabular lets are visible afterwards. */
export interface RestrictStatement extends Node {
  readonly kind: 'Restrict';
  readonly entities: readonly Expr[];
}

export interface SetStatement extends Node {
  readonly kind: 'Set';
  readonly name: string;
  readonly value: Expr | undefined;
}

export interface ExprStatement extends Node {
  readonly kind: 'ExprStatement';
  readonly expr: Expr;
}

/* ------------------------------------------------------------------------------------------------
 * Expressions
 * ---------------------------------------------------------------------------------------------- */

export type Expr =
  | Literal
  | NameRef
  | MemberAccess
  | IndexAccess
  | Call
  | Unary
  | Binary
  | ListTest
  | Between
  | Paren
  | Star
  | Missing
  | PipeExpr
  | SourceOperator;

/** An identifier as written; `name` is unquoted (`['a b']` → `a b`). */
export interface Identifier extends Node {
  readonly kind: 'Identifier';
  readonly name: string;
  /** True when written as `['x']` / `["x"]`. */
  readonly quoted: boolean;
}

export interface Literal extends Node {
  readonly kind: 'Literal';
  readonly type: ScalarType;
  /** The runtime value (see types.ts): bigint ticks for datetime/timespan, JSON for dynamic. */
  readonly value: KqlValue;
  /** Source text of the literal. */
  readonly text: string;
}

/** A bare name: column, table, let variable, function without parentheses, `$left`, `$right`. */
export interface NameRef extends Node {
  readonly kind: 'NameRef';
  readonly name: string;
  readonly quoted: boolean;
}

/** `target.name`: dynamic property, `$left.Col`, or `Table.Col` / `database.table`. */
export interface MemberAccess extends Node {
  readonly kind: 'MemberAccess';
  readonly target: Expr;
  readonly name: Identifier;
}

/** `target[index]`: dynamic array index or bag key. */
export interface IndexAccess extends Node {
  readonly kind: 'IndexAccess';
  readonly target: Expr;
  readonly index: Expr;
}

/** `f(args)`; `target` is set for method-style calls such as `T.f()` or `cluster(x).database(y)`. */
export interface Call extends Node {
  readonly kind: 'Call';
  readonly name: Identifier;
  readonly args: readonly Expr[];
  /** Named arguments `f(x = 1)` where a function allows them. */
  readonly namedArgs: readonly NamedExpr[];
  readonly target: Expr | undefined;
}

export interface Unary extends Node {
  readonly kind: 'Unary';
  readonly op: '-' | '+';
  readonly operand: Expr;
}

/**
 * Binary operators, normalised to lower case spelling: arithmetic `+ - * / %`, comparison
 * `== != < <= > >= =~ !~` (`<>` becomes `!=`), logical `and or`, and the string operators
 * (`has`, `!has`, `has_cs`, `!has_cs`, `hasprefix`, `!hasprefix`, `hasprefix_cs`, `!hasprefix_cs`,
 * `hassuffix`, `!hassuffix`, `hassuffix_cs`, `!hassuffix_cs`, `contains`, `!contains`,
 * `contains_cs`, `!contains_cs`, `startswith`, `!startswith`, `startswith_cs`, `!startswith_cs`,
 * `endswith`, `!endswith`, `endswith_cs`, `!endswith_cs`, `like`, `notlike`, `likecs`, `notlikecs`,
 * `matches regex`).
 */
export interface Binary extends Node {
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly opSpan: Span;
}

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '=~'
  | '!~'
  | 'and'
  | 'or'
  | 'has'
  | '!has'
  | 'has_cs'
  | '!has_cs'
  | 'hasprefix'
  | '!hasprefix'
  | 'hasprefix_cs'
  | '!hasprefix_cs'
  | 'hassuffix'
  | '!hassuffix'
  | 'hassuffix_cs'
  | '!hassuffix_cs'
  | 'contains'
  | '!contains'
  | 'contains_cs'
  | '!contains_cs'
  | 'startswith'
  | '!startswith'
  | 'startswith_cs'
  | '!startswith_cs'
  | 'endswith'
  | '!endswith'
  | 'endswith_cs'
  | '!endswith_cs'
  | 'like'
  | 'notlike'
  | 'likecs'
  | 'notlikecs'
  | 'matches regex';

/**
 * `x in (a, b)`, `x !in (...)`, `x in~ (...)`, `x !in~ (...)`, `x has_any (...)`,
 * `x has_all (...)`. An item may be a tabular expression (`x in (T | project y)`) or a dynamic
 * array; the binder decides.
 */
export interface ListTest extends Node {
  readonly kind: 'ListTest';
  readonly op: 'in' | '!in' | 'in~' | '!in~' | 'has_any' | 'has_all';
  readonly left: Expr;
  readonly items: readonly Expr[];
  readonly opSpan: Span;
}

/** `x between (low .. high)` / `x !between (low .. high)` */
export interface Between extends Node {
  readonly kind: 'Between';
  readonly negated: boolean;
  readonly left: Expr;
  readonly low: Expr;
  readonly high: Expr;
}

export interface Paren extends Node {
  readonly kind: 'Paren';
  readonly expr: Expr;
}

/** `*` as an argument (`arg_max(T, *)`, `count(*)` is not KQL but `pack_all()` style uses exist). */
export interface Star extends Node {
  readonly kind: 'Star';
}

/** Placeholder for a piece the parser expected but did not find (a diagnostic was recorded). */
export interface Missing extends Node {
  readonly kind: 'Missing';
}

/** `source | operator`. A pipeline is a left-deep chain of PipeExpr. */
export interface PipeExpr extends Node {
  readonly kind: 'Pipe';
  readonly source: Expr;
  readonly operator: TabularOperator;
}

/** `name = expr` in project/extend/summarize/print/…; `(a, b) = expr` gives several names. */
export interface NamedExpr extends Node {
  readonly kind: 'NamedExpr';
  /** Empty when no name was written (the binder derives one). */
  readonly names: readonly Identifier[];
  readonly expr: Expr;
}

/** `name=value` operator parameters: `kind=inner`, `hint.strategy=shuffle`, `withsource=T`. */
export interface OperatorParam extends Node {
  readonly kind: 'OperatorParam';
  /** Lower-cased parameter name as written, e.g. `kind`, `hint.strategy`, `withsource`. */
  readonly name: string;
  /** Identifier values are kept as NameRef, literals as Literal. */
  readonly value: Expr;
}

export interface SortItem extends Node {
  readonly kind: 'SortItem';
  readonly expr: Expr;
  /** Undefined when not written (sort defaults to desc; `top` also defaults to desc). */
  readonly direction: 'asc' | 'desc' | undefined;
  readonly nulls: 'first' | 'last' | undefined;
}

/** A column name pattern with optional `*` wildcards (project-away, project-keep, project-reorder). */
export interface NamePattern extends Node {
  readonly kind: 'NamePattern';
  readonly pattern: string;
  readonly direction: 'asc' | 'desc' | 'granny-asc' | 'granny-desc' | undefined;
}

/* ------------------------------------------------------------------------------------------------
 * Source operators: tabular expressions that start a pipeline
 * ---------------------------------------------------------------------------------------------- */

export type SourceOperator =
  | DatatableOp
  | PrintOp
  | RangeOp
  | UnionOp
  | FindOp
  | SearchOp
  | ExternalDataOp
  | MacroExpandOp
  | EntityGroupExpr
  | ImplicitSource;

/**
 * `macro-expand [kind=…] [isfuzzy=…] Group as X (statements)` or `macro-expand X in Group (…)`:
 * the sub-query once per entity of the group, with X standing for the entity, then unioned.
 */
export interface MacroExpandOp extends Node {
  readonly kind: 'MacroExpand';
  readonly params: readonly OperatorParam[];
  /** `entity_group [...]`, or the name of one declared with `let`. */
  readonly group: Expr;
  readonly alias: Identifier;
  /** `let` statements, then the tabular expression. */
  readonly body: readonly Statement[];
}

/** `entity_group [T1, T2, …]`: a set of entity references (tables here; databases need a cluster). */
export interface EntityGroupExpr extends Node {
  readonly kind: 'EntityGroup';
  readonly entities: readonly Expr[];
}

/** `datatable (a:long, b:string) [1, 'x', 2, 'y']` */
export interface DatatableOp extends Node {
  readonly kind: 'Datatable';
  readonly params: readonly OperatorParam[];
  readonly columns: readonly ColumnDecl[];
  readonly values: readonly Expr[];
}

/** `print a = 1, 2` */
export interface PrintOp extends Node {
  readonly kind: 'Print';
  readonly items: readonly NamedExpr[];
}

/** `range x from 1 to 10 step 1` */
export interface RangeOp extends Node {
  readonly kind: 'Range';
  readonly name: Identifier;
  readonly from: Expr;
  readonly to: Expr;
  readonly step: Expr;
}

/**
 * `union [params] T1, T2, (expr)`; as a pipeline step (`T | union U`) the piped table comes first.
 * Table names may contain wildcards (`Device*`), kept as NameRef with `*` in the name.
 */
export interface UnionOp extends Node {
  readonly kind: 'Union';
  readonly params: readonly OperatorParam[];
  readonly tables: readonly Expr[];
}

/** `find [withsource=T] [in (T1, T2)] where predicate [project c1, c2 | project-smart]` */
export interface FindOp extends Node {
  readonly kind: 'Find';
  readonly params: readonly OperatorParam[];
  readonly tables: readonly Expr[];
  readonly predicate: Expr;
  readonly project: readonly Expr[] | 'smart' | undefined;
}

/** `search [kind=case_sensitive] [in (T1, T2)] predicate`; also a pipeline step. */
export interface SearchOp extends Node {
  readonly kind: 'Search';
  readonly params: readonly OperatorParam[];
  readonly tables: readonly Expr[];
  readonly predicate: Expr;
}

/** `externaldata (a:string) [ 'uri', ... ] with (format='csv')` */
export interface ExternalDataOp extends Node {
  readonly kind: 'ExternalData';
  readonly columns: readonly ColumnDecl[];
  readonly uris: readonly Expr[];
  readonly properties: readonly OperatorParam[];
}

/**
 * The implicit input of a sub-query: the body of `mv-apply ... on (...)`, `fork (...)`,
 * `facet ... with (...)`, `partition ... (...)` starts from the rows handed to it.
 */
export interface ImplicitSource extends Node {
  readonly kind: 'ImplicitSource';
}

/* ------------------------------------------------------------------------------------------------
 * Pipeline operators (after `|`)
 * ---------------------------------------------------------------------------------------------- */

export type TabularOperator =
  | WhereOp
  | ProjectOp
  | ExtendOp
  | ProjectAwayOp
  | ProjectByNamesOp
  | ProjectKeepOp
  | ProjectRenameOp
  | ProjectReorderOp
  | SummarizeOp
  | SortOp
  | TopOp
  | TakeOp
  | CountOp
  | DistinctOp
  | JoinOp
  | LookupOp
  | UnionOp
  | MvExpandOp
  | MvApplyOp
  | ParseOp
  | ParseKvOp
  | EvaluateOp
  | RenderOp
  | AsOp
  | ConsumeOp
  | GetSchemaOp
  | SerializeOp
  | SampleOp
  | SampleDistinctOp
  | TopNestedOp
  | TopHittersOp
  | FacetOp
  | ForkOp
  | PartitionOp
  | ScanOp
  | ReduceOp
  | MakeSeriesOp
  | InvokeOp
  | SearchOp
  | MakeGraphOp
  | GraphToTableOp
  | GraphMarkComponentsOp
  | GraphMatchOp
  | ExtendedOp
  | ErrorOperator;

/** `where predicate` (also `filter`) */
export interface WhereOp extends Node {
  readonly kind: 'Where';
  readonly predicate: Expr;
  readonly spelling: 'where' | 'filter';
}

export interface ProjectOp extends Node {
  readonly kind: 'Project';
  readonly items: readonly NamedExpr[];
}

export interface ExtendOp extends Node {
  readonly kind: 'Extend';
  readonly items: readonly NamedExpr[];
}

export interface ProjectAwayOp extends Node {
  readonly kind: 'ProjectAway';
  readonly patterns: readonly NamePattern[];
}

/** `project-by-names "a", dynamic(["b"]), "c*"`: constant names, arrays of names or patterns. */
export interface ProjectByNamesOp extends Node {
  readonly kind: 'ProjectByNames';
  readonly items: readonly Expr[];
}

export interface ProjectKeepOp extends Node {
  readonly kind: 'ProjectKeep';
  readonly patterns: readonly NamePattern[];
}

/** `project-rename New = Old, ...` */
export interface ProjectRenameOp extends Node {
  readonly kind: 'ProjectRename';
  readonly items: readonly { readonly newName: Identifier; readonly oldName: Identifier }[];
}

export interface ProjectReorderOp extends Node {
  readonly kind: 'ProjectReorder';
  readonly patterns: readonly NamePattern[];
}

/** `summarize [params] aggs [by keys]`; aggregates may be empty (`summarize by x`). */
export interface SummarizeOp extends Node {
  readonly kind: 'Summarize';
  readonly params: readonly OperatorParam[];
  readonly aggregates: readonly NamedExpr[];
  readonly by: readonly NamedExpr[];
}

/** `sort by ...` / `order by ...` */
export interface SortOp extends Node {
  readonly kind: 'Sort';
  readonly params: readonly OperatorParam[];
  readonly items: readonly SortItem[];
  readonly spelling: 'sort' | 'order';
}

/** `top N by expr [asc|desc] [nulls first|last]` */
export interface TopOp extends Node {
  readonly kind: 'Top';
  readonly params: readonly OperatorParam[];
  readonly count: Expr;
  readonly by: readonly SortItem[];
}

/** `take N` / `limit N` */
export interface TakeOp extends Node {
  readonly kind: 'Take';
  readonly params: readonly OperatorParam[];
  readonly count: Expr;
  readonly spelling: 'take' | 'limit';
}

export interface CountOp extends Node {
  readonly kind: 'Count';
}

/** `distinct a, b` or `distinct *` (items = [Star]) */
export interface DistinctOp extends Node {
  readonly kind: 'Distinct';
  readonly params: readonly OperatorParam[];
  readonly items: readonly Expr[];
}

/**
 * `join [kind=...] [hint.x=...] (right) on a, $left.b == $right.c` or `... on (expr)` /
 * `join ... where ...` (legacy). `on` items are NameRef (same-name key) or Binary `==`/`and`.
 */
export interface JoinOp extends Node {
  readonly kind: 'Join';
  readonly params: readonly OperatorParam[];
  readonly right: Expr;
  readonly on: readonly Expr[];
}

/** `lookup [kind=leftouter|inner] (right) on keys` */
export interface LookupOp extends Node {
  readonly kind: 'Lookup';
  readonly params: readonly OperatorParam[];
  readonly right: Expr;
  readonly on: readonly Expr[];
}

/** One expansion of mv-expand / mv-apply: `[name =] expr [to typeof(type)]` */
export interface MvExpandItem extends Node {
  readonly kind: 'MvExpandItem';
  readonly name: Identifier | undefined;
  readonly expr: Expr;
  readonly toType: ScalarTypeRef | undefined;
}

/** `mv-expand [bagexpansion=bag|array] [with_itemindex=I] items [limit N]` (also `mvexpand`) */
export interface MvExpandOp extends Node {
  readonly kind: 'MvExpand';
  readonly params: readonly OperatorParam[];
  readonly items: readonly MvExpandItem[];
  readonly limit: Expr | undefined;
  readonly spelling: 'mv-expand' | 'mvexpand';
}

/** `mv-apply [with_itemindex=I] items [limit N] [id_column?] on (subquery)` (also `mvapply`) */
export interface MvApplyOp extends Node {
  readonly kind: 'MvApply';
  readonly params: readonly OperatorParam[];
  readonly items: readonly MvExpandItem[];
  readonly limit: Expr | undefined;
  /** The sub-query; its source is an ImplicitSource. */
  readonly subquery: Expr;
}

/**
 * `parse [kind=simple|regex|relaxed] [flags=...] expr with pattern` and `parse-where`.
 * Pattern parts alternate string literals and column captures (`name [: type]`), and `*`.
 */
export interface ParseOp extends Node {
  readonly kind: 'Parse';
  readonly params: readonly OperatorParam[];
  readonly source: Expr;
  readonly parts: readonly ParsePart[];
  readonly where: boolean;
}

export type ParsePart =
  | { readonly kind: 'Text'; readonly text: string; readonly span: Span }
  | {
      readonly kind: 'Capture';
      readonly name: Identifier;
      readonly type: ScalarTypeRef | undefined;
      readonly span: Span;
    }
  | { readonly kind: 'Wildcard'; readonly span: Span };

/** `parse-kv expr as (k1:type, k2:type) with (pair_delimiter=..., kv_delimiter=..., ...)` */
export interface ParseKvOp extends Node {
  readonly kind: 'ParseKv';
  readonly source: Expr;
  readonly columns: readonly ColumnDecl[];
  readonly properties: readonly OperatorParam[];
}

/** `evaluate [hints] plugin(args)` */
export interface EvaluateOp extends Node {
  readonly kind: 'Evaluate';
  readonly params: readonly OperatorParam[];
  readonly plugin: Call;
  /** `: (*, col:type, …)` after the plugin call: the declared output schema. */
  readonly outputSchema?: TabularTypeRef;
}

/** `render chart [with (prop=value, ...)]` */
export interface RenderOp extends Node {
  readonly kind: 'Render';
  readonly chart: Identifier;
  readonly properties: readonly OperatorParam[];
}

/** `as [hint.materialized=true] Name` */
export interface AsOp extends Node {
  readonly kind: 'As';
  readonly params: readonly OperatorParam[];
  readonly name: Identifier;
}

export interface ConsumeOp extends Node {
  readonly kind: 'Consume';
  readonly params: readonly OperatorParam[];
}

export interface GetSchemaOp extends Node {
  readonly kind: 'GetSchema';
}

/** `serialize [name = expr, ...]` */
export interface SerializeOp extends Node {
  readonly kind: 'Serialize';
  readonly items: readonly NamedExpr[];
}

export interface SampleOp extends Node {
  readonly kind: 'Sample';
  readonly count: Expr;
}

/** `sample-distinct N of column` */
export interface SampleDistinctOp extends Node {
  readonly kind: 'SampleDistinct';
  readonly count: Expr;
  readonly of: Expr;
}

/** `top-nested [N] of expr [with others = v] by agg [asc|desc], ...` */
export interface TopNestedOp extends Node {
  readonly kind: 'TopNested';
  readonly clauses: readonly TopNestedClause[];
}

export interface TopNestedClause extends Node {
  readonly kind: 'TopNestedClause';
  readonly count: Expr | undefined;
  readonly of: NamedExpr;
  readonly others: Expr | undefined;
  readonly by: NamedExpr;
  readonly direction: 'asc' | 'desc' | undefined;
}

/** `top-hitters N of expr [by expr]` */
export interface TopHittersOp extends Node {
  readonly kind: 'TopHitters';
  readonly count: Expr;
  readonly of: Expr;
  readonly by: Expr | undefined;
}

/** `facet by c1, c2 [with (subquery)]` */
export interface FacetOp extends Node {
  readonly kind: 'Facet';
  readonly columns: readonly NameRef[];
  readonly with: Expr | undefined;
}

/** `fork (sub1) (sub2) ...`, each `[name =] (subquery)` */
export interface ForkOp extends Node {
  readonly kind: 'Fork';
  readonly branches: readonly { readonly name: Identifier | undefined; readonly subquery: Expr }[];
}

/** `partition [hints] by Column (subquery)` or `partition by Column { subquery with T as source }` */
export interface PartitionOp extends Node {
  readonly kind: 'Partition';
  readonly params: readonly OperatorParam[];
  readonly by: NameRef;
  readonly subquery: Expr;
  /** True for the `{ ... }` form whose sub-query names the partition by `as`-less reference. */
  readonly braces: boolean;
}

/**
 * `scan [with_match_id=Id] [declare (c:type=default, ...)] with (step s1 [output=...]: cond => c = expr, ...; ...)`
 */
export interface ScanOp extends Node {
  readonly kind: 'Scan';
  readonly params: readonly OperatorParam[];
  readonly orderBy: readonly SortItem[];
  readonly partitionBy: readonly Expr[];
  readonly declare: readonly Param[];
  readonly steps: readonly ScanStep[];
}

export interface ScanStep extends Node {
  readonly kind: 'ScanStep';
  readonly name: Identifier;
  readonly output: 'all' | 'last' | 'none' | undefined;
  readonly condition: Expr;
  readonly assignments: readonly NamedExpr[];
}

/** `reduce by expr [with threshold=..., characters=...]` */
export interface ReduceOp extends Node {
  readonly kind: 'Reduce';
  readonly by: Expr;
  readonly properties: readonly OperatorParam[];
}

/**
 * `make-series [kind=nonempty] agg [default = v], ... on axis [from a] [to b] step s [by keys]`
 * or `... on axis in range(a, b, s) [by keys]`.
 */
export interface MakeSeriesOp extends Node {
  readonly kind: 'MakeSeries';
  readonly params: readonly OperatorParam[];
  readonly aggregates: readonly { readonly agg: NamedExpr; readonly defaultValue: Expr | undefined }[];
  readonly on: Expr;
  readonly from: Expr | undefined;
  readonly to: Expr | undefined;
  readonly step: Expr;
  readonly by: readonly NamedExpr[];
}

/** `invoke f(args)`: calls a tabular function with the piped table as its first argument. */
export interface InvokeOp extends Node {
  readonly kind: 'Invoke';
  readonly call: Call;
}

/**
 * `make-graph Src --> Dst [with Nodes on Key, ...] [with_node_id=name] [partitioned-by Col (query)]`:
 * builds a property graph from the input (edge) rows. `undirected` is `--` instead of `-->`.
 */
export interface MakeGraphOp extends Node {
  readonly kind: 'MakeGraph';
  readonly source: Identifier;
  readonly target: Identifier;
  readonly undirected: boolean;
  readonly nodeTables: readonly { readonly table: Expr; readonly key: Identifier }[];
  readonly nodeIdName: Identifier | undefined;
  readonly partitionBy: Identifier | undefined;
  readonly partitionQuery: Expr | undefined;
}

/** `graph-to-table nodes [with_node_id=n] [as N] [, edges [with_source_id=s] [with_target_id=t] [as E]]` */
export interface GraphToTableOp extends Node {
  readonly kind: 'GraphToTable';
  readonly parts: readonly GraphTablePart[];
}

export interface GraphTablePart extends Node {
  readonly kind: 'GraphTablePart';
  readonly what: 'nodes' | 'edges';
  readonly params: readonly OperatorParam[];
  readonly asName: Identifier | undefined;
}

/** `graph-mark-components [kind=weak|strong] [with_component_id=name]` */
export interface GraphMarkComponentsOp extends Node {
  readonly kind: 'GraphMarkComponents';
  readonly params: readonly OperatorParam[];
}

/**
 * `graph-match [cycles=...] pattern, ... [where pred] [project items]`, and
 * `graph-shortest-paths [output=any|all] pattern ...` (`shortest` set).
 */
export interface GraphMatchOp extends Node {
  readonly kind: 'GraphMatch';
  readonly shortest: boolean;
  readonly params: readonly OperatorParam[];
  readonly patterns: readonly GraphPattern[];
  readonly where: Expr | undefined;
  readonly project: readonly NamedExpr[];
}

/** `(a)-[e]->(b)<-[f*1..3]-(c)`: nodes and edges alternate; `nodes.length === edges.length + 1`. */
export interface GraphPattern extends Node {
  readonly kind: 'GraphPattern';
  readonly nodes: readonly GraphNodePattern[];
  readonly edges: readonly GraphEdgePattern[];
}

export interface GraphNodePattern extends Node {
  readonly kind: 'GraphNodePattern';
  readonly name: Identifier | undefined;
}

/** An edge step; `range` is set for variable-length edges (`*min..max`). */
export interface GraphEdgePattern extends Node {
  readonly kind: 'GraphEdgePattern';
  readonly name: Identifier | undefined;
  readonly direction: 'out' | 'in' | 'any';
  readonly range: { readonly min: number; readonly max: number } | undefined;
}

/**
 * Operators that are recognised and parsed generically but not modelled in detail yet
 * (`assert-schema`, `project-smart`, `make-graph`, `graph-match`, `macro-expand`, `lookup`
 * variants …). The binder reports them as unsupported locally instead of a syntax error.
 */
export interface ExtendedOp extends Node {
  readonly kind: 'Extended';
  readonly name: string;
}

/** Placeholder for a pipeline step that could not be parsed (a diagnostic was recorded). */
export interface ErrorOperator extends Node {
  readonly kind: 'ErrorOperator';
}

/** Every node kind, for exhaustive walkers. */
export type AnyNode =
  | Query
  | Statement
  | FunctionDecl
  | FunctionBody
  | PatternRule
  | Param
  | TypeRef
  | ColumnDecl
  | Expr
  | Identifier
  | NamedExpr
  | OperatorParam
  | SortItem
  | NamePattern
  | TabularOperator
  | MvExpandItem
  | TopNestedClause
  | ScanStep
  | GraphTablePart
  | GraphPattern
  | GraphNodePattern
  | GraphEdgePattern;
