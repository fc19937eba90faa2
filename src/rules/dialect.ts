/**
 * Which dialect a rule is written in. Defender XDR advanced hunting and Microsoft Sentinel (Log
 * Analytics) share the Defender tables but not everything else: Sentinel has the Log Analytics
 * tables and adds `TimeGenerated`, `TenantId`, `_ResourceId` … to the Defender tables it ingests;
 * Defender has its own tables (the TVM and `*Beta` tables, ExposureGraph…) and functions
 * (`FileProfile`, `SeenBy`). A rule that uses only what both have runs in either.
 *
 * kqlhunt runs both dialects on either export (a Defender export gets `TimeGenerated` from
 * `Timestamp`, see src/telemetry/twins.ts); the dialect says where the rule runs upstream.
 */
import { parse, type Query } from '../kql/engine.js';
import { tableInfo } from '../telemetry/schemas.js';
import { tablesOfTree } from './tables.js';

export type Dialect = 'Defender XDR' | 'Sentinel' | 'either' | 'mixed';

export interface RuleDialect {
  readonly dialect: Dialect;
  /** Why, one short sentence per signal (empty for `either`). */
  readonly reasons: readonly string[];
}

const DEFENDER_FUNCTIONS = new Set(['FileProfile', 'SeenBy', 'DeviceFromIP', 'AssignedIPAddresses']);
const SENTINEL_FUNCTIONS = new Set([
  '_GetWatchlist',
  '_GetWatchlistAlias',
  '_ASIM_GetSourceBySourceType',
  'workspace',
  'app',
  'resource',
]);
const ASIM_PARSER = /^_?(Im|ASim)_[A-Za-z]/;

type Walkable = { readonly kind: string } & Record<string, unknown>;

const isNode = (v: unknown): v is Walkable =>
  typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';

/** Names the query refers to (column or let names) and functions it calls. */
function namesAndCalls(query: Query): { names: Set<string>; calls: Set<string> } {
  const names = new Set<string>();
  const calls = new Set<string>();
  const visit = (node: Walkable): void => {
    if (node.kind === 'NameRef') names.add(node.name as string);
    if (node.kind === 'Call') calls.add((node.name as { name: string }).name);
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const item of value) isNode(item) && visit(item);
      else if (isNode(value)) visit(value);
    }
  };
  visit(query as unknown as Walkable);
  return { names, calls };
}

export function ruleDialect(queryText: string): RuleDialect {
  const parsed = parse(queryText);
  return dialectOfTree(parsed.query);
}

export function dialectOfTree(query: Query): RuleDialect {
  const defender: string[] = [];
  const sentinel: string[] = [];
  const { names, calls } = namesAndCalls(query);
  const tables = tablesOfTree(query);
  for (const table of tables) {
    const info = tableInfo(table);
    if (info?.product === 'Defender XDR') defender.push(`${table} is a Defender XDR table.`);
    else if (info?.product === 'Log Analytics') sentinel.push(`${table} is a Log Analytics / Sentinel table.`);
    else if (info?.product === 'both') {
      const only = info.sentinelOnlyColumns.filter((c) => names.has(c));
      if (only.length > 0) sentinel.push(`${only.join(', ')}: only the Sentinel copy of ${table} has it.`);
    } else if (/_CL$/.test(table)) sentinel.push(`${table} is a Sentinel custom log table.`);
  }
  for (const f of calls) {
    if (DEFENDER_FUNCTIONS.has(f)) defender.push(`${f}() exists only in Defender XDR advanced hunting.`);
    else if (SENTINEL_FUNCTIONS.has(f) || ASIM_PARSER.test(f)) sentinel.push(`${f}() exists only in Sentinel.`);
  }
  const dialect: Dialect =
    defender.length > 0 && sentinel.length > 0
      ? 'mixed'
      : defender.length > 0
        ? 'Defender XDR'
        : sentinel.length > 0
          ? 'Sentinel'
          : 'either';
  return { dialect, reasons: [...defender, ...sentinel] };
}
