/**
 * The built-in table catalog (every Defender XDR advanced-hunting table and the Log Analytics /
 * Sentinel tables) and lookups over it. The data lives in schemas.generated.ts as one compact string
 * per table (see the encoding note there); a table is decoded the first time it is asked for, so
 * start-up pays for the names only. This file is the hand-written API the binder, linter, loaders
 * and UI use.
 */
import type { Catalog, ColumnSchema, ScalarType, TableSchema } from '../kql/engine.js';
import { ENCODED_TABLES, SCHEMA_SOURCES, TABLES_WITHOUT_SCHEMA } from './schemas.generated.js';
import type { SchemaSource, TableInfo, TableProduct } from './table-info.js';

export { productLabel, type SchemaSource, type TableInfo, type TableProduct } from './table-info.js';

const TYPE_BY_CODE: Readonly<Record<string, ScalarType>> = {
  s: 'string',
  i: 'int',
  l: 'long',
  r: 'real',
  b: 'bool',
  d: 'datetime',
  t: 'timespan',
  g: 'guid',
  y: 'dynamic',
  m: 'decimal',
};
const PRODUCT_BY_CODE: Readonly<Record<string, TableProduct>> = { X: 'Defender XDR', L: 'Log Analytics', B: 'both' };

interface Decoded {
  readonly schema: TableSchema;
  readonly info: TableInfo;
}

const decodedCache = new Map<string, Decoded>();

function decode(name: string): Decoded | undefined {
  const hit = decodedCache.get(name);
  if (hit) return hit;
  if (!Object.hasOwn(ENCODED_TABLES, name)) return undefined;
  const [product, time, sentinelTime, flags, connectors, sources, columns] = (ENCODED_TABLES[name] as string).split(
    '|',
  );
  const cols: ColumnSchema[] = [];
  const sentinelOnly: string[] = [];
  const aliases: Record<string, string> = {};
  for (const spec of (columns as string).split(',')) {
    if (spec === '') continue;
    const colon = spec.indexOf(':');
    const col = spec.slice(0, colon);
    cols.push({ name: col, type: TYPE_BY_CODE[spec[colon + 1] as string] as ScalarType });
    const mark = spec[colon + 2];
    if (mark === '!') sentinelOnly.push(col);
    else if (mark === '~') aliases[col] = spec.slice(colon + 3);
  }
  const connectorList = connectors ? connectors.split(',') : [];
  const info: TableInfo = {
    product: PRODUCT_BY_CODE[product as string] as TableProduct,
    connector: connectorList[0],
    connectors: connectorList,
    timeColumn: time || undefined,
    sentinelTimeColumn: sentinelTime || undefined,
    sentinelOnlyColumns: sentinelOnly,
    columnAliases: aliases,
    customLog: (flags as string).includes('c'),
    sources: (sources as string).split(';').map((s): SchemaSource => {
      const at = s.indexOf('@');
      const key = SCHEMA_SOURCES[Number(s.slice(0, at))];
      const file = s.slice(at + 1);
      return {
        id: key?.id ?? 'unknown',
        origin: key?.repo ?? 'unknown',
        license: key?.license ?? 'unknown',
        ...(file ? { file } : {}),
        ...(key?.commit ? { commit: key.commit } : {}),
      };
    }),
  };
  const d = { schema: { columns: cols }, info };
  decodedCache.set(name, d);
  return d;
}

/** A record whose values decode on first read (Object.entries/keys work as on a plain object). */
function lazyRecord<T>(pick: (d: Decoded) => T): Readonly<Record<string, T>> {
  const out: Record<string, T> = {};
  for (const name of Object.keys(ENCODED_TABLES)) {
    Object.defineProperty(out, name, { enumerable: true, get: () => pick(decode(name) as Decoded) });
  }
  return Object.freeze(out);
}

export const TABLE_SCHEMAS: Readonly<Record<string, TableSchema>> = lazyRecord((d) => d.schema);
export const TABLE_INFO: Readonly<Record<string, TableInfo>> = lazyRecord((d) => d.info);

const KNOWN_NAMES: readonly string[] = Object.keys(ENCODED_TABLES).sort();
const BY_LOWER = new Map(KNOWN_NAMES.map((n) => [n.toLowerCase(), n]));
const WITHOUT_SCHEMA = new Set(TABLES_WITHOUT_SCHEMA);

/** Schema of a known table (exact, case-sensitive name as Kusto resolves it). */
export function tableSchema(name: string): TableSchema | undefined {
  return decode(name)?.schema;
}

export function tableInfo(name: string): TableInfo | undefined {
  return decode(name)?.info;
}

export function knownTableNames(): readonly string[] {
  return KNOWN_NAMES;
}

/**
 * Log Analytics tables that exist (the Azure Monitor reference names them) but whose columns the
 * bundled catalog lacks: they get "available only in Sentinel" rather than "unknown table".
 */
export function isTableWithoutSchema(name: string): boolean {
  return WITHOUT_SCHEMA.has(name);
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

/** The Defender-side schema of a table: without the Sentinel-only Log Analytics columns and alias spellings. */
export function defenderSchema(name: string): TableSchema | undefined {
  const schema = tableSchema(name);
  const info = tableInfo(name);
  if (!schema || !info) return undefined;
  const drop = new Set([...info.sentinelOnlyColumns, ...Object.keys(info.columnAliases)]);
  return { columns: schema.columns.filter((c: ColumnSchema) => !drop.has(c.name)) };
}

/**
 * Pairs of columns that hold the same value in the two dialects of a table: the Defender time
 * column and the Sentinel one (Timestamp / TimeGenerated) of a table both products have, and each
 * alternative spelling with its canonical column. A store fills whichever of a pair the data lacks.
 */
export function columnTwins(name: string): readonly (readonly [string, string])[] {
  const info = tableInfo(name);
  if (!info) return [];
  const pairs: [string, string][] = [];
  if (info.timeColumn && info.sentinelTimeColumn && info.timeColumn !== info.sentinelTimeColumn) {
    pairs.push([info.timeColumn, info.sentinelTimeColumn]);
  }
  for (const [alias, canonical] of Object.entries(info.columnAliases)) pairs.push([canonical, alias]);
  return pairs;
}

const LOG_ANALYTICS = 'Microsoft Sentinel / Log Analytics (its columns are not in the bundled catalog)';

/** KQL502's product for a Log Analytics table the catalog names without columns. */
function cloudOnly(name: string): string | undefined {
  return WITHOUT_SCHEMA.has(name) ? LOG_ANALYTICS : undefined;
}

/** A binder catalog over the built-in schemas. */
export function schemaCatalog(): Catalog {
  return {
    getTable: tableSchema,
    tableNames: knownTableNames,
    cloudOnlyTable: cloudOnly,
  };
}

/** A catalog that prefers `overlay` (e.g. a loaded store with extra columns) and falls back to the built-ins. */
export function overlayCatalog(overlay: Catalog): Catalog {
  return {
    getTable: (name) => overlay.getTable(name) ?? tableSchema(name),
    tableNames: () => [...new Set([...overlay.tableNames(), ...KNOWN_NAMES])].sort(),
    cloudOnlyTable: (name) => (overlay.getTable(name) ? undefined : cloudOnly(name)),
  };
}
