/**
 * The table provider a hunt runs against: the loaded data, plus an empty table (built-in schema)
 * for every known table the export did not include. A pack written for several tables then runs
 * whole on an export of one: rules on absent tables find nothing and say why, instead of failing.
 */
import type { Table, TableProvider, TableSchema } from '../kql/engine.js';
import { tableFromRows } from '../kql/engine.js';
import { tableSchema } from '../telemetry/schemas.js';
import type { TelemetryStore } from '../telemetry/store.js';

export function huntProvider(data: TelemetryStore): TableProvider {
  const empty = new Map<string, Table>();
  return {
    getTable(name: string): Table | undefined {
      const t = data.getTable(name);
      if (t) return t;
      const schema = tableSchema(name);
      if (!schema) return undefined;
      let e = empty.get(name);
      if (!e) {
        e = tableFromRows(schema.columns, []);
        empty.set(name, e);
      }
      return e;
    },
    getSchema(name: string): TableSchema | undefined {
      return data.getSchema(name) ?? tableSchema(name);
    },
    tableNames: () => data.tableNames(),
  };
}
