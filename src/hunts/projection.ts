/**
 * What a hunt needs loaded: the tables and columns its rules read, from their bound plans (see
 * `readColumns` in the engine). Loading only those makes a hunt over a wide export parse and build a
 * fraction of the columns. A rule that does not bind against the built-in schemas, or that runs
 * with exclusions (their measurement reads the rule's rows), gets every column of its tables.
 */
import { readColumns } from '../kql/engine.js';
import type { Rule } from '../rules/model.js';
import { schemaCatalog } from '../telemetry/schemas.js';
import { enabledExclusions } from './exclusions.js';
import { parsedQuery } from './parsed.js';

/** Per table: the columns to load, or 'all'. Tables not named load only their time columns. */
export type Projection = ReadonlyMap<string, ReadonlySet<string> | 'all'>;

/** undefined when some rule's tables cannot be told (load everything). */
export function projectionForRules(
  rules: readonly Rule[],
  options: {
    /** Exclusions attached to the rules are applied (their rules' tables load every column). */
    readonly exclusions: boolean;
    /** Rules that will get exclusions later (from the store or files): every column of their tables. */
    readonly allColumnsFor?: ReadonlySet<string>;
  },
): Projection | undefined {
  const catalog = schemaCatalog();
  const out = new Map<string, Set<string> | 'all'>();
  const addAll = (table: string) => out.set(table, 'all');
  for (const rule of rules) {
    const read = readColumns(parsedQuery(rule.query), catalog);
    const tuned =
      (options.exclusions && enabledExclusions(rule).length > 0) || options.allColumnsFor?.has(rule.id) === true;
    if (!read || tuned) {
      if (rule.tables.length === 0) return undefined;
      for (const t of rule.tables) addAll(t);
      if (!read) continue;
    }
    for (const [table, cols] of read) {
      const prev = out.get(table);
      if (prev === 'all') continue;
      if (cols === 'all' || cols.size === 0) addAll(table);
      else out.set(table, new Set([...(prev ?? []), ...cols]));
    }
  }
  return out;
}
