/**
 * Every corpus query that binds runs over a generated fleet (real rows in the Defender tables the
 * queries read) without an execution error. Empty results are fine; errors are not.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogFromProvider, runQuery } from '../../src/kql/engine.js';
import type { TableProvider } from '../../src/kql/exec/table.js';
import { parseDatetime } from '../../src/kql/values.js';
import { generateFleet } from '../../src/telemetry/generate/index.js';
import { loadTelemetry } from '../../src/telemetry/load.js';
import { schemaCatalog } from '../../src/telemetry/schemas.js';
import type { TelemetryStore } from '../../src/telemetry/store.js';
import { KNOWN_BIND_FAILURES } from '../corpus/known-bind-failures.js';
import { emptyProvider } from '../helpers/empty-provider.js';

const END = '2024-06-15T12:00:00Z';
const corpus = readFileSync(new URL('../fixtures/shared/corpus/hunting_queries.public.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { id: string; name: string; query: string });

/**
 * Queries that cannot run locally by design, with the diagnostic they must get: externaldata over
 * a URL (the engine never touches the network).
 */
const NOT_LOCAL: Readonly<Record<string, { code: string; why: string }>> = {
  'm365hq-0bfe169b9cd6c40f': { code: 'KQL606', why: 'externaldata reads a Tor relay list over HTTPS' },
  'm365hq-e055a2ee76a6bac4': { code: 'KQL606', why: 'externaldata reads Azure public IP ranges over HTTPS' },
};

describe('corpus queries on a generated fleet', () => {
  let dir = '';
  let store: TelemetryStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kqlhunt-corpus-'));
    await generateFleet({ outDir: dir, devices: 30, events: 20_000, days: 5, end: END, seed: 'corpus' });
    store = (await loadTelemetry([dir])).store;
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every query that binds without an execution error', () => {
    // Tables the fleet does not generate (EmailEvents, AlertInfo …) are present and empty.
    const empty = emptyProvider(schemaCatalog());
    const provider: TableProvider = {
      getTable: (name) => store.getTable(name) ?? empty.getTable(name),
      getSchema: (name) => store.getSchema(name) ?? empty.getSchema?.(name),
      tableNames: () => [...new Set([...store.tableNames(), ...empty.tableNames()])],
    };
    const catalog = catalogFromProvider(provider);
    const failures: string[] = [];
    let ran = 0;
    let withRows = 0;
    for (const q of corpus) {
      if (q.id in KNOWN_BIND_FAILURES) continue;
      const notLocal = NOT_LOCAL[q.id];
      if (notLocal) {
        const { diagnostics } = runQuery(q.query, { provider, catalog, now: parseDatetime(END)! });
        expect(
          diagnostics.map((d) => d.code),
          `${q.id}: ${notLocal.why}`,
        ).toContain(notLocal.code);
        continue;
      }
      const { result, diagnostics } = runQuery(q.query, {
        provider,
        catalog,
        now: parseDatetime(END)!,
        timeoutMs: 20_000,
      });
      const errors = diagnostics.filter((d) => d.severity === 'error');
      if (!result || errors.length > 0)
        failures.push(`${q.id} ${q.name}: ${errors.map((d) => `${d.code} ${d.message}`).join(' | ')}`);
      else {
        ran++;
        if (result.table.rowCount > 0) withRows++;
      }
    }
    console.log(`corpus on fleet: ${ran} ran, ${withRows} returned rows, ${failures.length} failed`);
    expect(failures).toEqual([]);
    expect(ran).toBe(corpus.length - Object.keys(KNOWN_BIND_FAILURES).length - Object.keys(NOT_LOCAL).length);
  }, 300_000);
});
