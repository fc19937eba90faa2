/** The rule page: every section of the SOC-feed rule page (seed 001) plus tuning, run and findings. */
import { exportSentinelYaml } from '../../rules/export.js';
import { attackOf, dataSourcesOf } from '../enrich.js';
import { highlightKql } from '../highlight.js';
import { type Html, html, safeUrl, seg } from '../html.js';
import { badge, type PageContext, page, severityTone } from '../layout.js';
import type { WebRule } from '../model.js';
import type { QueryOutcome } from '../query.js';
import { sourceName } from '../search.js';
import { CSRF_FIELD } from '../security.js';
import type { WebState } from '../state.js';
import { findingsTable } from './findings-table.js';
import { diagnosticsList, resultsGrid } from './results.js';
import { tuningSection } from './rule-tuning.js';

/** The original rule's address: the import's web URL, else the first GitHub reference. */
export function originalUrl(r: WebRule): string | undefined {
  return r.rule.source.url ?? r.rule.references.find((u) => /^https:\/\/github\.com\//.test(u));
}

/** The repository name of a GitHub URL (`Azure-Sentinel`), else the fallback. */
function siteName(url: string, fallback: string): string {
  return /^https:\/\/github\.com\/[^/]+\/([^/?#]+)/.exec(url)?.[1] ?? fallback;
}

function yamlOf(r: WebRule): string {
  try {
    return exportSentinelYaml(r.rule);
  } catch (e) {
    console.error('kqlhunt web: YAML export failed:', e);
    return `# The rule could not be exported as YAML.\nid: ${r.rule.id}`;
  }
}

function provenance(r: WebRule): Html {
  const url = originalUrl(r);
  return html`<aside class="provenance" aria-label="Provenance">
<p>This rule was pulled from an open-source repository and enriched. Validate in a test environment before deploying to production.</p>
<p>${url ? html`<a href="${safeUrl(url)}" rel="noopener noreferrer">View original rule at ${siteName(url, sourceName(r))} →</a>` : html`Source: ${r.rule.source.repository}`}</p>
<p>Retrieved: ${r.rule.source.retrievedAt ?? 'unknown'} · Confidence: ${r.enrichment.confidence}</p>
</aside>`;
}

function dataSources(r: WebRule, state: WebState): Html {
  const rows = dataSourcesOf(r.rule, (t) => state.isLoaded(t));
  return html`<section aria-labelledby="ds-h"><h2 id="ds-h">Required Data Sources</h2>
<div class="scroll"><table class="grid"><thead><tr><th scope="col">Sentinel Table</th><th scope="col">Connector</th><th scope="col">In loaded data</th><th scope="col">Notes</th></tr></thead>
<tbody>${rows.map(
    (d) =>
      html`<tr><td>${d.table}</td><td>${d.connector ?? '—'}</td><td>${d.present ? html`<span class="ok">yes</span>` : html`<span class="bad">no</span>`}</td><td>Ensure this data connector is enabled</td></tr>`,
  )}</tbody></table></div></section>`;
}

function attack(r: WebRule): Html {
  const items = attackOf(r.rule);
  return html`<section aria-labelledby="attack-h"><h2 id="attack-h">MITRE ATT&amp;CK Context</h2>
${
  items.length === 0
    ? html`<p class="muted">No techniques listed.</p>`
    : html`<ul>${items.map(
        (t) =>
          html`<li><a href="/coverage?technique=${seg(t.id)}">${t.id}</a> ${t.name}${t.url ? html` (<a href="${safeUrl(t.url)}" rel="noopener noreferrer">attack.mitre.org</a>)` : ''} — tactics: ${t.tactics.join(', ') || '—'}</li>`,
      )}</ul>`
}
</section>`;
}

function references(r: WebRule): Html {
  const refs = r.rule.references;
  return html`<section aria-labelledby="refs-h"><h2 id="refs-h">References</h2>
${refs.length === 0 ? html`<p class="muted">None.</p>` : html`<ul>${refs.map((u) => html`<li><a href="${safeUrl(u)}" rel="noopener noreferrer">${u}</a></li>`)}</ul>`}
</section>`;
}

function runSection(r: WebRule, ctx: PageContext, state: WebState, result: QueryOutcome | undefined): Html {
  return html`<section aria-labelledby="run-h" id="run"><h2 id="run-h">Run on loaded data</h2>
<form method="post" action="/rules/${seg(r.rule.id)}/run#run" class="run-form">
<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
<button type="submit">Run on loaded data</button>
${state.hasData(r) ? '' : html`<span class="muted">(some of this rule's tables are not loaded)</span>`}
</form>
${result ? resultsGrid(result) : ''}
</section>`;
}

export function rulePage(ctx: PageContext, state: WebState, r: WebRule, result?: QueryOutcome): string {
  const x = r.rule;
  const sev = r.enrichment.severity;
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">← Back to feed</a> <a href="/coverage">Coverage →</a></nav>
<article class="rule">
<h1>${x.name || x.id}</h1>
<p class="badges">${badge('kql', 'lang')} ${badge(sev.toUpperCase(), severityTone(sev))} ${badge(sourceName(r), 'source')}
${x.techniques.map((t) => badge(t, 'tech'))} ${x.tables.map((t) => badge(t, 'table'))} ${x.tags.map((t) => badge(t, 'tag'))}</p>
${provenance(r)}
<section aria-labelledby="hyp-h"><h2 id="hyp-h">Hunt Hypothesis</h2><p>${r.enrichment.hypothesis}</p></section>
<section aria-labelledby="kql-h"><h2 id="kql-h">KQL Query</h2>
<pre class="kql"><code>${highlightKql(x.query, x.lint.diagnostics)}</code></pre>
<p>Lint: ${badge(x.lint.status, x.lint.status === 'errors' ? 'high' : x.lint.status === 'warnings' ? 'medium' : 'low')}</p>
${diagnosticsList(x.lint.diagnostics)}
</section>
<section aria-labelledby="def-h"><h2 id="def-h">Analytic Rule Definition</h2><pre class="yaml"><code>${yamlOf(r)}</code></pre></section>
${dataSources(r, state)}
${attack(r)}
${references(r)}
${tuningSection(r, state)}
${runSection(r, ctx, state, result)}
<section aria-labelledby="find-h"><h2 id="find-h">Findings</h2>
${findingsTable(state.findingsOfRule(x.id), ctx.csrf, 'Findings of this rule in the latest hunt', false)}
</section>
<p class="source">Original source: ${originalUrl(r) ? html`<a href="${safeUrl(originalUrl(r) ?? '#')}" rel="noopener noreferrer">${originalUrl(r)}</a>` : `${x.source.repository}/${x.source.path}`}</p>
</article>`;
  return page(ctx, x.name || x.id, 'rule', body);
}
