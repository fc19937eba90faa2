/**
 * The built-in table catalog (Defender XDR + Sentinel tables) and lookups over it. The data lives in
 * schemas.generated.ts; this file is the hand-written API the binder, linter, loaders and UI use.
 */
import type { Catalog, ColumnSchema, ScalarType, TableSchema } from '../kql/engine.js';
import { TABLE_INFO, TABLE_SCHEMAS } from './schemas.generated.js';
import type { TableInfo } from './table-info.js';

export type { SchemaSource, TableInfo, TableProduct } from './table-info.js';
export { TABLE_INFO, TABLE_SCHEMAS };

const KNOWN_NAMES: readonly string[] = Object.keys(TABLE_SCHEMAS).sort();
const BY_LOWER = new Map(KNOWN_NAMES.map((n) => [n.toLowerCase(), n]));

/** Schema of a known table (exact, case-sensitive name as Kusto resolves it). */
export function tableSchema(name: string): TableSchema | undefined {
  return Object.hasOwn(TABLE_SCHEMAS, name) ? TABLE_SCHEMAS[name] : undefined;
}

export function tableInfo(name: string): TableInfo | undefined {
  return Object.hasOwn(TABLE_INFO, name) ? TABLE_INFO[name] : undefined;
}

export function knownTableNames(): readonly string[] {
  return KNOWN_NAMES;
}

/** Canonical spelling of a table name written in any case (file names, `Type` cells); undefined if unknown. */
export function canonicalTableName(name: string): string | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/** Column type of `table.column`, or undefined. */
export function columnType(table: string, column: string): ScalarType | undefined {
  return tableSchema(table)?.columns.find((c) => c.name === column)?.type;
}

/** Index of each column by name: loaders map record keys onto builder slots with it. */
export function columnIndex(schema: TableSchema): ReadonlyMap<string, number> {
  return new Map(schema.columns.map((c, i) => [c.name, i]));
}

/** The Defender-side schema of a table: without the Sentinel-only Log Analytics columns. */
export function defenderSchema(name: string): TableSchema | undefined {
  const schema = tableSchema(name);
  const info = tableInfo(name);
  if (!schema || !info) return undefined;
  const drop = new Set(info.sentinelOnlyColumns);
  return { columns: schema.columns.filter((c: ColumnSchema) => !drop.has(c.name)) };
}

/** A binder catalog over the built-in schemas. */
export function schemaCatalog(): Catalog {
  return {
    getTable: tableSchema,
    tableNames: knownTableNames,
  };
}

/** A catalog that prefers `overlay` (e.g. a loaded store with extra columns) and falls back to the built-ins. */
export function overlayCatalog(overlay: Catalog): Catalog {
  return {
    getTable: (name) => overlay.getTable(name) ?? tableSchema(name),
    tableNames: () => [...new Set([...overlay.tableNames(), ...KNOWN_NAMES])].sort(),
  };
}
