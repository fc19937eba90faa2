/**
 * Conformance: the KQL documentation examples (test/fixtures/shared/conformance/kql_doc_examples.public.jsonl)
 * run through runQuery and compared with the documented tables by the README's rules
 * (test/helpers/compare.ts). Reports the pass rate overall and by doc family, writes the failures
 * to test-artifacts/conformance-doc-examples.json, and guards the rate with FLOOR.
 *
 * Where the documentation and the real engine disagree, the engine wins (the rule and the
 * conformance README's): a doc example whose engine-case twin (kusto_engine_cases, by
 * doc_example_ids) passes counts as passing in the engine-judged rate, guarded by ENGINE_JUDGED_FLOOR.
 */
import { describe, expect, it } from 'vitest';
import { compareDocExample, type DocExpected } from '../helpers/compare.js';
import { runForTest } from '../helpers/run-query.js';
import { formatRates, percent, ratesBy, readJsonl, writeArtifact } from '../helpers/shared-data.js';
import { engineCaseFailure, NOW, readEngineCases } from './engine-runner.js';
import { expectEveryFailureListed } from './known-failures-check.js';

/**
 * Pass rate (percent) measured when last raised; the lead raises it as the engine improves.
 * 86.8 (down from 88.5): the three geo_h3cell_neighbors pages now fail doc-judged because the
 * engine's neighbour order (reproduced, engine twins pass) differs from the older order the page
 * shows, and geo-line-densify#2 / geo-polygon-densify#2 print coordinates as integers ([50,50])
 * where the real engine (and now kqlhunt) prints reals (50.0). All are listed as doc errors.
 */
const FLOOR = 86.8;
/** The rate when a failing doc table is overruled by a passing engine twin. */
const ENGINE_JUDGED_FLOOR = 96.2;

/** Doc example ids whose engine-case twin passes: the engine's result is reproduced. */
function engineTwinsPassing(): Set<string> {
  const out = new Set<string>();
  for (const c of readEngineCases()) {
    if (c.doc_example_ids?.length && engineCaseFailure(c) === undefined) for (const d of c.doc_example_ids) out.add(d);
  }
  return out;
}

interface DocCase {
  readonly id: string;
  readonly family: string;
  readonly query: string;
  readonly expected: DocExpected;
  readonly ordered: boolean;
  readonly notes: readonly string[];
}

describe('conformance: KQL documentation examples', () => {
  const cases = readJsonl<DocCase>('conformance/kql_doc_examples.public.jsonl');

  it('has the documented case count', () => {
    expect(cases.length).toBe(297);
  });

  it(`passes at least ${FLOOR}% of the examples`, () => {
    const results = cases.map((c) => {
      const run = runForTest(c.query, { now: NOW, timeoutMs: 10_000 });
      const reason = run.ok ? compareDocExample(c.expected, c.ordered, run.table) : run.reason;
      return { id: c.id, family: c.family, passed: reason === undefined, reason };
    });
    const passed = results.filter((r) => r.passed).length;
    const rate = percent(passed, results.length);
    const byFamily = ratesBy(
      results,
      (r) => r.family,
      (r) => r.passed,
    );
    console.log(formatRates(`doc examples: ${passed}/${results.length} = ${rate}%`, byFamily));
    writeArtifact('conformance-doc-examples.json', {
      passed,
      total: results.length,
      rate,
      byFamily,
      failures: results.filter((r) => !r.passed).map((r) => ({ id: r.id, reason: r.reason })),
    });
    expect(rate).toBeGreaterThanOrEqual(FLOOR);
    expectEveryFailureListed('docs', results);
    const twins = engineTwinsPassing();
    const engineJudged = results.filter((r) => r.passed || twins.has(r.id)).length;
    const judgedRate = percent(engineJudged, results.length);
    console.log(
      `doc examples, the engine judging where it disagrees with the doc: ${engineJudged}/${results.length} = ${judgedRate}%`,
    );
    expect(judgedRate).toBeGreaterThanOrEqual(ENGINE_JUDGED_FLOOR);
  });
});
