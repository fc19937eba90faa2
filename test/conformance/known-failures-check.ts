/** The check both conformance runners make against known-failures.ts. */
import { expect } from 'vitest';
import { KNOWN_FAILURES } from './known-failures.js';

/**
 * Every failing case has a stated cause in known-failures.ts, and the list holds only cases that
 * still fail (a case that passes must be removed, so the list cannot go stale).
 */
export function expectEveryFailureListed(
  suite: 'engine' | 'docs',
  results: readonly { readonly id: string; readonly passed: boolean; readonly reason?: string | undefined }[],
): void {
  const failing = new Set(results.filter((r) => !r.passed).map((r) => `${suite}:${r.id}`));
  const unlisted = results
    .filter((r) => !r.passed && !(`${suite}:${r.id}` in KNOWN_FAILURES))
    .map((r) => `${r.id}: ${r.reason}`);
  expect(unlisted, 'failing cases without a cause: run scripts/update-conformance-failures.mjs and review').toEqual([]);
  const stale = Object.keys(KNOWN_FAILURES).filter((k) => k.startsWith(`${suite}:`) && !failing.has(k));
  expect(stale, 'these cases pass now: remove them from known-failures.ts').toEqual([]);
}
