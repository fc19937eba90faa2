/** A TableProvider with every table of a catalog present and empty: execution without data. */
import type { Catalog } from '../../src/kql/engine.js';
import { columnBuilder, makeTable, type Table, type TableProvider } from '../../src/kql/exec/table.js';

export function emptyProvider(catalog: Catalog): TableProvider {
  const cache = new Map<string, Table>();
  return {
    getTable(name) {
      const schema = catalog.getTable(name);
      if (!schema) return undefined;
      let t = cache.get(name);
      if (!t) {
        t = makeTable(
          schema,
          schema.columns.map((c) => columnBuilder(c.type).build()),
        );
        cache.set(name, t);
      }
      return t;
    },
    getSchema: (name) => catalog.getTable(name),
    tableNames: () => catalog.tableNames(),
  };
}
