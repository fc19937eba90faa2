/**
 * The rule page's Tests section: the tests the rule carries (sidecar `<rule>.tests.yaml` or inline
 * `tests:`, read from the rule file when it is on this machine — a bundled pack or a local
 * directory) with the last result `kqlhunt test` recorded in the store for each, plus stored
 * results of tests that are not on disk here. Test names and messages are untrusted text: escaped.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { packsRoot } from '../../hunts/sources.js';
import { expectationText } from '../../hunts/tests/suite.js';
import type { Rule } from '../../rules/model.js';
import { discoverTests } from '../../rules/tests/discover.js';
import type { Store } from '../../store/store.js';
import type { RuleTestResultRecord } from '../../store/types.js';
import { type Html, html } from '../html.js';
import { badge } from '../layout.js';
import type { WebRule } from '../model.js';

/** The rule's file on this machine, when its source says where (bundled pack or local directory). */
export function ruleFileOf(rule: Rule): string | undefined {
  const { repository, path } = rule.source;
  const pack = /^(?:kqlhunt:packs\/|pack:)([\w-]+)$/.exec(repository);
  const base = pack ? join(packsRoot(), pack[1]!) : isAbsolute(repository) ? repository : undefined;
  if (!base || path.includes('..')) return undefined;
  const file = join(base, path);
  return existsSync(file) ? file : undefined;
}

interface Row {
  readonly name: string;
  readonly expectation: string;
  readonly where: string;
  readonly last: RuleTestResultRecord | undefined;
}

function rowsOf(rule: Rule, results: readonly RuleTestResultRecord[]): Row[] {
  const byName = new Map(results.map((r) => [r.testName, r]));
  const file = ruleFileOf(rule);
  const rows: Row[] = [];
  for (const doc of file ? discoverTests(file) : []) {
    const where = doc.kind === 'inline' ? 'inline' : (doc.path.split(/[\\/]/).pop() ?? doc.path);
    for (const t of doc.tests) {
      if (t.rule !== undefined && t.rule !== rule.id && t.rule !== rule.name) continue;
      rows.push({ name: t.name, expectation: expectationText(t), where, last: byName.get(t.name) });
      byName.delete(t.name);
    }
  }
  for (const r of byName.values())
    rows.push({ name: r.testName, expectation: r.expectation, where: r.testsFile, last: r });
  return rows;
}

const TONE = { pass: 'low', fail: 'high', error: 'medium' } as const;

function lastCell(r: RuleTestResultRecord | undefined): Html {
  if (!r) return html`<span class="muted">not run yet</span>`;
  const status = badge(r.status.toUpperCase(), TONE[r.status], 'last result');
  const detail = r.message ? html`<details><summary>why</summary><pre>${r.message}</pre></details>` : '';
  return html`${status} <time datetime="${r.ranAt}">${r.ranAt.replace('T', ' ').slice(0, 19)}</time>${r.rows !== undefined ? html` · ${r.rows} row(s)` : ''}${detail}`;
}

export function testsSection(r: WebRule, store: Store): Html {
  const rows = rowsOf(r.rule, store.testResults(r.rule.id));
  const body =
    rows.length === 0
      ? html`<p class="muted">This rule carries no tests. Add a sidecar <code>&lt;rule file&gt;.tests.yaml</code> next to it and run <code>kqlhunt test</code> (see docs/testing.md).</p>`
      : html`<div class="scroll"><table class="grid"><thead><tr><th scope="col">Test</th><th scope="col">Expects</th><th scope="col">File</th><th scope="col">Last result</th></tr></thead>
<tbody>${rows.map((x) => html`<tr><td>${x.name}</td><td>${x.expectation}</td><td>${x.where}</td><td>${lastCell(x.last)}</td></tr>`)}</tbody></table></div>
<p class="muted">Results are recorded by <code>kqlhunt test</code>.</p>`;
  return html`<section aria-labelledby="tests-h" id="tests"><h2 id="tests-h">Tests</h2>
${body}
</section>`;
}
