/** The rule page's exclusions: measured effect on the loaded data, safety flags and the tuned query. */
import { describe, expect, it } from 'vitest';
import type { Exclusion } from '../../src/rules/exclusions/index.js';
import { rulePage } from '../../src/web/pages/rule.js';
import { WebState } from '../../src/web/state.js';
import { SYNCRO_NETCONN_ID, testState } from './helpers.js';

const EXCLUSIONS: readonly Exclusion[] = [
  {
    id: 'sanctioned-company',
    scenario: 'Sanctioned <Syncro> deployment',
    description: 'IT uses Syncro on every device',
    expression: 'process.pe.company == "Servably, Inc."',
    enabled: true,
    source: 'user',
  },
  {
    id: 'off',
    scenario: 'Disabled one',
    description: '',
    expression: 'process.name == "x.exe"',
    enabled: false,
    source: 'user',
  },
];

describe('false-positive guidance with exclusions', () => {
  it('shows each exclusion with its measured effect, safety flags and the tuned query', async () => {
    const base = await testState();
    const rules = base.rules.map((r) =>
      r.rule.id === SYNCRO_NETCONN_ID
        ? { ...r.rule, exclusions: { ruleId: r.rule.id, exclusions: EXCLUSIONS } }
        : r.rule,
    );
    const state = new WebState({ rules, provider: base.provider, now: base.now, dataLabel: 'test', store: base.store });
    const r = state.rule(SYNCRO_NETCONN_ID);
    if (!r) throw new Error('SyncroMSP rule missing');
    expect(r.exclusions).toHaveLength(2);
    const page = rulePage({ csrf: 't', dataLabel: 'test' }, state, r);
    expect(page).toContain('Sanctioned &lt;Syncro&gt; deployment');
    expect(page).toMatch(/suppresses <strong>\d+<\/strong> of \d+ rows/);
    // Excluding on the vendor the rule itself matches is flagged.
    expect(page).toMatch(/class="flags"/);
    expect(page).toContain('kqlhunt exclusion: sanctioned-company');
    expect(page).toContain('badge-info">disabled');
  });
});
