/**
 * QueryPool (src/hunts/query-pool.ts): shared data reaches the workers; a full queue answers
 * KQL607 at once; a query that outgrows the worker heap costs only its worker (KQL605) and the
 * next query runs on a fresh one; a query stuck past its timeout is terminated (KQL601).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { exportProvider, QueryPool } from '../../src/hunts/query-pool.js';
import { MapTableProvider } from '../../src/kql/engine.js';
import { tableFromRows } from '../../src/kql/exec/table.js';

let pool: QueryPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

const SLOW = "range x from 1 to 4900000 step 1 | where hash_sha256(tostring(x)) startswith 'zz' | count";

describe('QueryPool', () => {
  it('runs queries over the provider tables (numeric columns shared, strings cloned)', async () => {
    const provider = new MapTableProvider([
      [
        'T',
        tableFromRows(
          [
            { name: 'n', type: 'long' },
            { name: 's', type: 'string' },
            { name: 'at', type: 'datetime' },
          ],
          [
            [1, 'a', 0n],
            [2, 'b', 10n],
            [3, 'a', null],
          ],
        ),
      ],
    ]);
    const init = exportProvider(provider);
    const n = init.tables[0]?.table.data[0];
    expect(n?.kind === 'number' && n.values.buffer instanceof SharedArrayBuffer).toBe(true);
    pool = new QueryPool(init, { size: 1 });
    const a = await pool.run({ text: "T | where s == 'a' | summarize total = sum(n), nulls = countif(isnull(at))" });
    expect(a.diagnostics).toEqual([]);
    expect(a.result?.table.columns.map((c) => c.get(0))).toEqual([4, 1]);
    const head = await pool.run({ text: 'T | order by n asc', headRows: 2 });
    expect(head.result?.table.rowCount).toBe(2);
    expect(head.result?.totalRows).toBe(3);
  });

  it('answers KQL607 (busy) at once when every worker is busy and the queue is full', async () => {
    pool = new QueryPool({ tables: [] }, { size: 1, queueLimit: 1, graceMs: 500 });
    const first = pool.run({ text: SLOW, timeoutMs: 1500 });
    const second = pool.run({ text: SLOW, timeoutMs: 1500 });
    const t = Date.now();
    const third = await pool.run({ text: 'print 1' });
    expect(Date.now() - t).toBeLessThan(500);
    expect(third.busy).toBe(true);
    expect(third.diagnostics.map((d) => d.code)).toEqual(['KQL607']);
    for (const a of await Promise.all([first, second])) expect(a.diagnostics.map((d) => d.code)).toContain('KQL601');
    expect(pool.load()).toEqual({ running: 0, queued: 0 });
  }, 60_000);

  it('a query that outgrows the worker heap ends with KQL605; the next query runs on a new worker', async () => {
    pool = new QueryPool({ tables: [] }, { size: 1, heapMb: 96 });
    const a = await pool.run({
      text: 'range x from 1 to 3000 step 1 | extend s = strcat(tostring(x), strrep("abcdefgh", 1000000)) | summarize dcount(s)',
    });
    expect(a.diagnostics.map((d) => d.code)).toEqual(['KQL605']);
    expect(a.diagnostics[0]?.message).toContain('96 MB');
    const b = await pool.run({ text: 'print x = 6 * 7' });
    expect(b.result?.table.columns[0]?.get(0)).toBe(42);
  }, 60_000);

  it('terminates a worker still busy after timeout + grace (KQL601)', async () => {
    pool = new QueryPool({ tables: [] }, { size: 1, graceMs: 300 });
    const t = Date.now();
    // One make-series step with 30M bins: the engine's own clock checks come too late.
    const a = await pool.run({
      text: 'range x from 1 to 1 step 1 | make-series c = count() on x from 0 to 30000000 step 1',
      timeoutMs: 300,
    });
    expect(a.diagnostics.map((d) => d.code)).toEqual(['KQL601']);
    expect(Date.now() - t).toBeLessThan(20_000);
  }, 60_000);
});
