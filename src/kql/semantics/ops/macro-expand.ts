/**
 * macro-expand: the sub-query once per entity of an entity group, with the entity name (`as X`)
 * standing for that entity, and the results unioned (kind=outer by default: all columns; inner:
 * the columns every result has). Locally an entity is a table the query can name — a `let` table,
 * a catalog table, a stored function's result. Entity groups are written inline
 * (`entity_group [T1, T2]`) or declared with `let G = entity_group [...]`; entities on a cluster
 * or in another database (`cluster(...)`, `database(...)`) are refused with KQL504 by the
 * ordinary table binding, and stored entity groups live in a database, so a group name that is
 * not a `let` is an unknown name. `X.$current_database` and `X.$current_cluster_endpoint` name a
 * cluster and are not available locally.
 */
import { DIAG } from '../../diagnostics.js';
import type { EntityGroupExpr, Expr, MacroExpandOp, Statement } from '../../syntax/ast.js';
import { paramText } from '../operators.js';
import { report } from '../report.js';
import { Scope } from '../scope.js';
import { bindStatementsTo } from '../statements.js';
import { type Bound, bindTabular, errorBound, type TabEnv } from '../tabular.js';
import { unionOf } from './union.js';

/** Entity groups declared with `let`, beside the scope they were declared in. */
const GROUPS = new WeakMap<Scope, Map<string, { readonly group: EntityGroupExpr; readonly scope: Scope }>>();

export function defineEntityGroup(scope: Scope, name: string, group: EntityGroupExpr): void {
  const map = GROUPS.get(scope) ?? new Map();
  GROUPS.set(scope, map);
  map.set(name, { group, scope });
}

function lookupEntityGroup(scope: Scope | undefined, name: string) {
  for (let s = scope; s; s = s.parent) {
    const g = GROUPS.get(s)?.get(name);
    if (g) return g;
  }
  return undefined;
}

const CONTEXT_FUNCTIONS: ReadonlySet<string> = new Set(['$current_database', '$current_cluster_endpoint']);

/**
 * `X.$current_database` / `X.$current_cluster_endpoint` name the entity's database and cluster:
 * reported as not available locally and read as an empty string, so the rest still binds.
 */
function withoutContextFunctions(body: readonly Statement[], alias: string, env: TabEnv): Statement[] {
  const rewrite = (e: Expr): Expr => {
    if (
      e.kind === 'MemberAccess' &&
      e.target.kind === 'NameRef' &&
      e.target.name === alias &&
      CONTEXT_FUNCTIONS.has(e.name.name)
    ) {
      report(env.ctx, DIAG.notAvailableLocally(e.name.name, "an entity's cluster and database", ADX), e.span);
      return { kind: 'Literal', type: 'string', value: '', text: '""', span: e.span };
    }
    return copyWith(e, rewrite);
  };
  return body.map((st) => copyWith(st, rewrite));
}

const ADX = 'an Azure Data Explorer / Fabric Eventhouse cluster';

function isNode(v: unknown): v is Expr {
  return typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';
}

/** A copy of a syntax node with its child nodes mapped (the tree is plain readonly data). */
function copyWith<N extends object>(n: N, f: (child: Expr) => Expr): N {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) {
    if (k === 'span') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map((x) => (isNode(x) ? f(x) : x));
    else out[k] = isNode(v) ? f(v) : v;
  }
  return out as N;
}

export function bindMacroExpand(e: MacroExpandOp, env: TabEnv): Bound {
  let entities: readonly Expr[];
  let groupScope = env.scope;
  if (e.group.kind === 'EntityGroup') entities = e.group.entities;
  else if (e.group.kind === 'NameRef') {
    const declared = lookupEntityGroup(env.scope, e.group.name);
    if (!declared) {
      report(env.ctx, DIAG.unknownName(e.group.name), e.group.span);
      return errorBound();
    }
    entities = declared.group.entities;
    groupScope = declared.scope;
  } else {
    report(env.ctx, DIAG.expected('an entity group (entity_group [...] or its name)', 'an expression'), e.group.span);
    return errorBound();
  }
  const body = withoutContextFunctions(e.body, e.alias.name, env);
  if (entities.length === 0) {
    report(env.ctx, DIAG.expected('at least one entity in the entity group', 'none'), e.group.span);
    return errorBound();
  }
  const inputs = entities.map((entity, i) => {
    const table = bindTabular(entity, { ...env, scope: groupScope });
    // An entity that could not be bound (refused as cluster-only, or unknown) was reported.
    if (table.plan.kind === 'Values' && table.row.open && table.row.columns.length === 0)
      return { name: `macro${i}`, bound: table };
    const scope = new Scope(env.scope);
    scope.define(e.alias.name, { kind: 'tabular', plan: table.plan, row: table.row });
    const result = bindStatementsTo(body, scope, env.ctx, { kind: 'tabular', env: { ...env, scope } });
    if (result.kind !== 'tabular') {
      if (i === 0) report(env.ctx, DIAG.expected('a tabular sub-query in macro-expand', 'none'), e.span);
      return { name: `macro${i}`, bound: errorBound() };
    }
    return { name: `macro${i}`, bound: result.bound };
  });
  const kindParam = e.params.find((p) => p.name === 'kind');
  const kind = kindParam && paramText(kindParam.value).toLowerCase() === 'inner' ? 'inner' : 'outer';
  return unionOf(inputs, kind, undefined);
}
