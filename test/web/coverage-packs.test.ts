/**
 * Coverage of the bundled packs (packs/rmm + packs/sigma): only runnable rules count, and together
 * they name at least 300 ATT&CK techniques and sub-techniques (the bar).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDirectory, isRunnable, type Rule } from '../../src/rules/index.js';
import { type CoverageSource, coverageCounts, coverageOf } from '../../src/web/coverage.js';
import type { WebRule } from '../../src/web/model.js';
import { REPO_ROOT } from './helpers.js';

async function packRules(name: string): Promise<Rule[]> {
  const r = await importDirectory(join(REPO_ROOT, 'packs', name), {
    repository: `kqlhunt:packs/${name}`,
    retrievedAt: 'T',
  });
  return r.rules.map((x) => x.rule);
}

const rules = [...(await packRules('rmm')), ...(await packRules('sigma'))];
const source = (rs: readonly Rule[]): CoverageSource => ({
  rules: rs.map((rule) => ({ rule }) as WebRule),
  hasData: () => true,
  hasFindings: () => false,
});
const ALL = { loadedOnly: false, findingsOnly: false };

describe('coverage of the bundled packs', () => {
  it('counts at least 300 techniques and sub-techniques named by runnable rules', () => {
    const n = coverageCounts(source(rules), ALL);
    console.log(
      `coverage: ${n.named} technique ids named by runnable rules (${n.techniques} techniques, ${n.subTechniques} sub-techniques); ${n.notRunnable} rules not runnable`,
    );
    expect(n.named).toBeGreaterThanOrEqual(300);
    expect(n.techniques).toBeGreaterThanOrEqual(140);
    expect(n.named).toBe(
      n.subTechniques +
        [...coverageOf(source(rules), ALL).keys()]
          .filter((id) => !id.includes('.'))
          .filter((id) => rules.some((r) => isRunnable(r) && r.techniques.includes(id))).length,
    );
  });

  it('leaves out rules that did not convert', () => {
    const runnable = rules.filter(isRunnable);
    const refused = rules.filter((r) => !isRunnable(r));
    expect(refused.length).toBeGreaterThan(0);
    expect(coverageCounts(source(rules), ALL).named).toBe(coverageCounts(source(runnable), ALL).named);
    expect(coverageCounts(source(refused), ALL)).toMatchObject({ named: 0, techniques: 0, subTechniques: 0 });
    const refusedIds = new Set(refused.map((r) => r.id));
    for (const c of coverageOf(source(rules), ALL).values())
      expect(
        c.ruleIds.some((id) => refusedIds.has(id)),
        c.id,
      ).toBe(false);
  });
});
