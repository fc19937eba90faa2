/**
 * Remote answers → engine tables. ADX, Log Analytics and Graph name column types in their own
 * spellings (`datetime`, `DateTime`, `Int64`, `Object`, …) and send cells as JSON; each cell becomes
 * the engine's runtime value for its type, so findings and output formats work as on local data.
 */
import {
  type KqlDynamic,
  type KqlValue,
  parseDatetime,
  parseGuid,
  parseTimespan,
  parseTypeName,
  type ScalarType,
  type Table,
  tableFromRows,
} from '../kql/engine.js';

/** .NET type names used by the v1 / Graph schemas, lower-cased. */
const DOTNET: Readonly<Record<string, ScalarType>> = {
  'system.boolean': 'bool',
  boolean: 'bool',
  sbyte: 'bool',
  'system.sbyte': 'bool',
  int32: 'int',
  'system.int32': 'int',
  int64: 'long',
  'system.int64': 'long',
  double: 'real',
  'system.double': 'real',
  'system.decimal': 'decimal',
  'system.data.sqltypes.sqldecimal': 'decimal',
  string: 'string',
  'system.string': 'string',
  datetime: 'datetime',
  'system.datetime': 'datetime',
  timespan: 'timespan',
  'system.timespan': 'timespan',
  guid: 'guid',
  'system.guid': 'guid',
  object: 'dynamic',
  'system.object': 'dynamic',
};

export function remoteType(name: string | null | undefined): ScalarType {
  if (!name) return 'dynamic';
  const lower = name.toLowerCase();
  return DOTNET[lower] ?? parseTypeName(lower) ?? 'dynamic';
}

function dynamicOf(v: unknown): KqlDynamic {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return JSON.parse(t) as KqlDynamic;
      } catch {
        return v;
      }
    }
    return v;
  }
  return (v ?? null) as KqlDynamic;
}

/** One JSON cell as the engine's value of `type`; a cell of the wrong shape becomes null (never throws). */
export function cellValue(v: unknown, type: ScalarType): KqlValue {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'bool':
      return typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 : v === 'true' || v === 'True';
    case 'int':
    case 'long':
    case 'real':
    case 'decimal': {
      if (typeof v === 'number') return v;
      if (v === 'NaN') return Number.NaN;
      if (v === 'Infinity') return Number.POSITIVE_INFINITY;
      if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
      const n = Number(v);
      return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(n) ? n : null;
    }
    case 'string':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'datetime':
      // The Log Analytics client hands datetimes over as Date objects (millisecond precision).
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : BigInt(v.getTime()) * 10_000n;
      return typeof v === 'string' ? parseDatetime(v) : null;
    case 'timespan':
      return typeof v === 'string' ? parseTimespan(v) : null;
    case 'guid':
      return typeof v === 'string' ? parseGuid(v) : null;
    default:
      return dynamicOf(v);
  }
}

export interface RemoteColumn {
  readonly name: string;
  readonly type: string | null | undefined;
}

/** Rows given as arrays (ADX, Log Analytics) or as objects keyed by column name (Graph). */
export function remoteTable(columns: readonly RemoteColumn[], rows: readonly unknown[]): Table {
  const schema = columns.map((c) => ({ name: c.name, type: remoteType(c.type) }));
  const values = rows.map((row) =>
    schema.map((c, i) => {
      const raw = Array.isArray(row)
        ? row[i]
        : row && typeof row === 'object'
          ? (row as Record<string, unknown>)[c.name]
          : undefined;
      return cellValue(raw, c.type);
    }),
  );
  return tableFromRows(schema, values);
}
