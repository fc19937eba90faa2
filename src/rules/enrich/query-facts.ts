/**
 * Facts read from a rule's query with the engine's parser: the string comparisons against named
 * columns (`RemoteUrl has_any ('a', 'b')`), numeric thresholds (`Count > 5`), the lookback window
 * (`now(-5d)`, `ago(7d)`), the `summarize … by` keys and the tables read. Works on the syntax
 * tree, so comments and string contents never count as code.
 */

import type { Expr, Statement } from '../../kql/engine.js';
import { parse, walkSyntax } from '../../kql/engine.js';
import { tablesOfTree } from '../tables.js';
import type { QueryFilter } from './types.js';

export interface QueryFacts {
  readonly tables: readonly string[];
  readonly filters: readonly QueryFilter[];
  readonly thresholds: readonly string[];
  readonly lookback: string | undefined;
  readonly summarizeBy: readonly string[];
  readonly parseErrors: number;
}

const STRING_OPS = new Set([
  '==',
  '=~',
  'has',
  'has_cs',
  'hasprefix',
  'hassuffix',
  'contains',
  'contains_cs',
  'startswith',
  'startswith_cs',
  'endswith',
  'endswith_cs',
  'matches regex',
  'in',
  'in~',
  'has_any',
  'has_all',
]);
const COMPARE_OPS = new Set(['>', '>=', '<', '<=']);

function columnName(e: Expr): string | undefined {
  if (e.kind === 'NameRef') return e.name;
  if (e.kind === 'Paren') return columnName(e.expr);
  return undefined;
}

function stringValue(e: Expr): string | undefined {
  return e.kind === 'Literal' && typeof e.value === 'string' ? e.value : undefined;
}

/** `let terms = dynamic(['a', 'b']);` → terms → [a, b], so `has_any (terms)` shows its values. */
function stringLists(statements: readonly Statement[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const st of statements) {
    if (st.kind !== 'Let' || st.value.kind !== 'Literal' || !Array.isArray(st.value.value)) continue;
    const values = (st.value.value as unknown[]).filter((v): v is string => typeof v === 'string');
    if (values.length > 0) out.set(st.name.name, values);
  }
  return out;
}

function listValues(items: readonly Expr[], lists: ReadonlyMap<string, string[]>): string[] {
  return items.flatMap((item) => {
    const v = stringValue(item);
    if (v !== undefined) return [v];
    if (item.kind === 'NameRef') return lists.get(item.name) ?? [];
    if (item.kind === 'Literal' && Array.isArray(item.value))
      return (item.value as unknown[]).filter((x): x is string => typeof x === 'string');
    return [];
  });
}

/** Reads the facts; a query that does not parse gives what could be read and the error count. */
export function queryFacts(text: string): QueryFacts {
  const parsed = parse(text);
  const filters: QueryFilter[] = [];
  const thresholds: string[] = [];
  const summarizeBy: string[] = [];
  let lookback: string | undefined;
  const lists = stringLists(parsed.query.statements);
  walkSyntax(parsed.query, (n) => {
    if (n.kind === 'Binary') {
      const column = columnName(n.left);
      const value = stringValue(n.right);
      if (column && value !== undefined && STRING_OPS.has(n.op)) filters.push({ column, op: n.op, values: [value] });
      if (
        column &&
        n.right.kind === 'Literal' &&
        typeof n.right.value === 'number' &&
        (COMPARE_OPS.has(n.op) || n.op === '==')
      )
        thresholds.push(`${column} ${n.op} ${n.right.text}`);
    } else if (n.kind === 'ListTest') {
      const column = columnName(n.left);
      const values = listValues(n.items, lists);
      if (column && values.length > 0 && STRING_OPS.has(n.op)) filters.push({ column, op: n.op, values });
    } else if (n.kind === 'Call' && lookback === undefined) {
      const fn = n.name.name.toLowerCase();
      const arg = n.args[0];
      if ((fn === 'ago' || fn === 'now') && arg)
        lookback =
          text
            .slice(arg.span.start, arg.span.end)
            .replace(/^\s*-\s*/, '')
            .trim() || undefined;
    } else if (n.kind === 'Summarize') {
      for (const k of n.by) {
        const name = k.names[0]?.name ?? columnName(k.expr);
        if (name) summarizeBy.push(name);
      }
    }
  });
  return {
    tables: tablesOfTree(parsed.query),
    filters,
    thresholds,
    lookback,
    summarizeBy,
    parseErrors: parsed.diagnostics.filter((d) => d.severity === 'error').length,
  };
}

/** `Col has 'v'` / `Col has_any ('a', 'b')`, as the filter would be written. */
export function describeFilter(f: QueryFilter): string {
  const q = (s: string) => `'${s}'`;
  return f.values.length === 1 && !['in', 'in~', 'has_any', 'has_all'].includes(f.op)
    ? `${f.column} ${f.op} ${q(f.values[0] as string)}`
    : `${f.column} ${f.op} (${f.values.map(q).join(', ')})`;
}
