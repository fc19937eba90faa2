/** tdigest(), tdigest_merge(), merge_tdigest(), percentile_tdigest(), percentiles_array_tdigest(). */
import { describe, expect, it } from 'vitest';
import { runQuery } from '../../../src/kql/engine.js';
import { tableRows } from '../../../src/kql/exec/table.js';
import type { KqlValue } from '../../../src/kql/types.js';

function rows(text: string): { types: string[]; rows: KqlValue[][] } {
  const { result, diagnostics } = runQuery(text, { now: 0n });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  expect(errors, JSON.stringify(errors)).toEqual([]);
  if (!result) throw new Error('no result');
  return { types: result.table.schema.columns.map((c) => `${c.name}:${c.type}`), rows: tableRows(result.table) };
}

describe('tdigest', () => {
  it('merges digests and reads nearest-rank percentiles of the requested type', () => {
    const r = rows(`range x from 1 to 10 step 1 | extend y = x + 10
      | summarize dx = tdigest(x), dy = tdigest(y)
      | project merged = merge_tdigest(dx, dy)
      | project percentile_tdigest(merged, 100, typeof(long)), p50 = percentile_tdigest(merged, 50, typeof(long)),
                p5 = percentile_tdigest(merged, 5)`);
    expect(r.types).toEqual(['percentile_tdigest_merged:long', 'p50:long', 'p5:real']);
    expect(r.rows).toEqual([[20, 10, 1]]);
  });

  it('merges digests per group with tdigest_merge and weights values', () => {
    const r = rows(`datatable(g:string, v:long, w:long)["a", 1, 1, "a", 2, 1, "b", 3, 8]
      | summarize d = tdigest(v, w) by g
      | summarize m = tdigest_merge(d)
      | project percentiles_array_tdigest(m, 10, 20, 50, 100)`);
    // Weights 1, 1, 8: ranks 1, 2, 5, 10 of 10.
    expect(r.rows).toEqual([[[1, 2, 3, 3]]]);
  });

  it('keeps datetime values exact', () => {
    const r = rows(`datatable(t:datetime)[datetime(2024-01-01), datetime(2024-01-03), datetime(2024-01-02)]
      | summarize d = tdigest(t) | project p = percentile_tdigest(d, 50, typeof(datetime))`);
    expect(r.types).toEqual(['p:datetime']);
    expect(r.rows[0]?.[0]).toBe(BigInt(Date.UTC(2024, 0, 2)) * 10_000n);
  });

  it('returns null for values that are not digests', () => {
    const r = rows('print p = percentile_tdigest(dynamic([1, 2]), 50), q = merge_tdigest(dynamic(null))');
    expect(r.rows).toEqual([[null, null]]);
  });
});
