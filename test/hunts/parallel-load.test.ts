/**
 * The RMM pack over a generated fleet finds exactly the same — rule by rule, row counts, notes and
 * every finding — whether the data was loaded on one thread, by parallel loader threads (files and
 * byte ranges of files), or read back from the table cache written by a parallel load, and with the
 * filter fast paths (shared time windows, dictionary bitmaps; src/kql/exec/fast-select.ts) on or off.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRuleSpecs, runHunt } from '../../src/hunts/index.js';
import { projectionForRules } from '../../src/hunts/projection.js';
import type { Rule } from '../../src/rules/model.js';
import { type LoadOptions, loadTelemetry } from '../../src/telemetry/load.js';
import { tempFleet } from '../helpers/fleet.js';

let dir: string;
let fleet: string;
let rules: readonly Rule[];
beforeAll(async () => {
  ({ dir, fleet } = await tempFleet('kqlhunt-parallel-load-', 'par'));
  rules = (await resolveRuleSpecs(['rmm'])).rules;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));

async function huntWith(options: LoadOptions, fastFilters = true) {
  const projection = projectionForRules(rules, { exclusions: false });
  const { store, report } = await loadTelemetry([fleet], { ...options, ...(projection ? { projection } : {}) });
  expect(report.ok).toBe(true);
  if (!fastFilters) process.env.KQLHUNT_FAST_FILTERS = '0';
  const result = await runHunt({ rules, provider: store, now: 'auto' }).finally(() => {
    delete process.env.KQLHUNT_FAST_FILTERS;
  });
  expect(result.counts.rulesFailed).toBe(0);
  return {
    report,
    fired: result.outcomes.filter((o) => o.findings.length > 0).length,
    outcomes: result.outcomes.map((o) => json([o.rule.id, o.rows, o.note ?? null, o.error ?? null, o.findings])),
  };
}

describe('the RMM pack over parallel loads', () => {
  it('finds the same on one thread, on two threads, from the cache, with and without fast filters', {
    timeout: 300_000,
  }, async () => {
    const cache = { dir: join(dir, 'cache'), minBytes: 0 };
    const one = await huntWith({ threads: 1, cache: false }, false);
    const fast = await huntWith({ threads: 1, cache: false });
    const two = await huntWith({ threads: 2, parallelMinBytes: 0, parallelPartBytes: 256 * 1024, cache });
    expect(two.report.cache?.status).toBe('written');
    const cached = await huntWith({ threads: 2, parallelMinBytes: 0, cache });
    expect(cached.report.cache?.status).toBe('hit');

    expect(one.fired).toBeGreaterThan(0);
    expect(one.report.threads).toBeUndefined();
    expect(two.report.threads).toBe(2);
    expect(fast.outcomes).toEqual(one.outcomes);
    expect(two.outcomes).toEqual(one.outcomes);
    expect(cached.outcomes).toEqual(one.outcomes);
    expect(two.report.totalRows).toBe(one.report.totalRows);
  });
});
