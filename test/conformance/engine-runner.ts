/**
 * Runs one real-engine conformance case (kusto_engine_cases) and compares it by the case's own
 * rules. Shared by the engine-case runner and the doc-example runner, which lets a passing engine
 * twin overrule a doc table (the engine wins where the two disagree).
 */
import { parseDatetime } from '../../src/kql/values.js';
import { compareEngineCase, type EngineExpected } from '../helpers/compare.js';
import { runForTest } from '../helpers/run-query.js';
import { readJsonl } from '../helpers/shared-data.js';

export interface EngineCase {
  readonly id: string;
  readonly query: string;
  readonly expected: EngineExpected;
  readonly ordered: boolean;
  readonly compare: string;
  readonly float_rel_tol: number;
  readonly source_path: string;
  readonly doc_example_ids?: readonly string[];
}

/** The cases use no now(); a fixed instant keeps any that slip through deterministic. */
export const NOW = parseDatetime('2024-01-01T00:00:00Z')!;

export function readEngineCases(): EngineCase[] {
  return readJsonl<EngineCase>('conformance/kusto_engine_cases.public.jsonl');
}

/** Why the case fails, or undefined when it passes. */
export function engineCaseFailure(c: EngineCase): string | undefined {
  const run = runForTest(c.query, { now: NOW, timeoutMs: 10_000 });
  return run.ok ? compareEngineCase(c.expected, c.ordered, c.compare, c.float_rel_tol, run.table) : run.reason;
}
