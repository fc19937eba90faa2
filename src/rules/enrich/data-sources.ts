/**
 * Required data sources facet: each table the query reads (and each table the rule's connectors
 * declare), with the connector that fills it and, given the loaded table names, whether the data
 * at hand has it.
 */
import { productLabel, tableInfo } from '../../telemetry/schemas.js';
import type { Rule } from '../model.js';
import type { DataSource } from './types.js';

function note(table: string, connector: string | undefined, loaded: boolean | undefined, known: boolean): string {
  if (!known) return `${table} is not a table kqlhunt knows; check its name and where it comes from.`;
  if (loaded === true) return `Loaded: the data at hand has ${table}.`;
  const via = connector ? ` (connector ${connector})` : '';
  if (loaded === false) return `Missing from the loaded data: export ${table}${via} to run this rule.`;
  if (!connector) return `Ensure ${table} is collected in your workspace.`;
  return `Ensure the ${connector} data connector is enabled and ${table} is collected.`;
}

export function dataSources(
  rule: Rule,
  queryTables: readonly string[],
  loadedTables?: ReadonlySet<string>,
): DataSource[] {
  const declared = new Set(rule.requiredDataConnectors.flatMap((c) => c.dataTypes));
  const tables = [...new Set([...queryTables, ...declared])].sort();
  return tables.map((table) => {
    const info = tableInfo(table);
    const loaded = loadedTables ? loadedTables.has(table) : undefined;
    return {
      table,
      connector: info?.connector,
      connectors: info?.connectors ?? [],
      product: info ? productLabel(info.product) : undefined,
      readByQuery: queryTables.includes(table),
      declared: declared.has(table),
      loaded,
      note: note(table, info?.connector, loaded, info !== undefined),
    };
  });
}
