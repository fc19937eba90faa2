/**
 * The rule page: every section of the SOC-feed rule page (seed 001) — enrichment from
 * src/rules/enrich — plus exclusions and the tuned query, "Run on loaded data" and findings.
 */
import type { Enrichment } from '../../rules/enrich/index.js';
import { exportSentinelYaml } from '../../rules/export.js';
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
import {
  assessmentSection,
  attackSection,
  confidenceTone,
  dataSourcesSection,
  hypothesisSection,
  referencesSection,
} from './rule-context.js';
import { testsSection } from './rule-tests.js';
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

function provenance(r: WebRule, e: Enrichment): Html {
  const url = originalUrl(r);
  return html`<aside class="provenance" aria-label="Provenance">
<p>This rule was pulled from an open-source repository and enriched. Validate in a test environment before deploying to production.</p>
<p>${url ? html`<a href="${safeUrl(url)}" rel="noopener noreferrer">View original rule at ${siteName(url, sourceName(r))} →</a>` : html`Source: ${r.rule.source.repository}`}</p>
<p>Retrieved: ${r.rule.source.retrievedAt ?? 'unknown'} · Confidence: ${e.confidence.level}</p>
</aside>`;
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
  const e = state.enrichment(r);
  const sev = e.severity.level;
  const conf = e.confidence.level;
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">← Back to feed</a> <a href="/coverage">Coverage →</a></nav>
<article class="rule">
<h1>${x.name || x.id}</h1>
<p class="badges">${badge('kql', 'lang')} ${badge(sev.toUpperCase(), severityTone(sev), 'severity')} ${badge(`${conf} confidence`, confidenceTone(conf), 'confidence')} ${badge(sourceName(r), 'source')}
${x.techniques.map((t) => badge(t, 'tech'))} ${x.tables.map((t) => badge(t, 'table'))} ${x.tags.map((t) => badge(t, 'tag'))}</p>
${provenance(r, e)}
${hypothesisSection(e)}
${assessmentSection(e)}
<section aria-labelledby="kql-h"><h2 id="kql-h">KQL Query</h2>
<pre class="kql"><code>${highlightKql(x.query, x.lint.diagnostics)}</code></pre>
<p>Lint: ${badge(x.lint.status, x.lint.status === 'errors' ? 'high' : x.lint.status === 'warnings' ? 'medium' : 'low')}</p>
${diagnosticsList(x.lint.diagnostics)}
</section>
<section aria-labelledby="def-h"><h2 id="def-h">Analytic Rule Definition</h2><pre class="yaml"><code>${yamlOf(r)}</code></pre></section>
${dataSourcesSection(e)}
${attackSection(e)}
${referencesSection(e)}
${tuningSection(r, state, e, ctx.csrf)}
${testsSection(r, state.store)}
${runSection(r, ctx, state, result)}
<section aria-labelledby="find-h"><h2 id="find-h">Findings</h2>
${findingsTable(state.findingsOfRule(x.id), ctx.csrf, 'Findings of this rule in the latest hunt', false)}
<p><a href="/findings?rule=${seg(x.name)}">This rule's findings of every hunt, in the inbox</a></p>
</section>
<p class="source">Original source: ${originalUrl(r) ? html`<a href="${safeUrl(originalUrl(r) ?? '#')}" rel="noopener noreferrer">${originalUrl(r)}</a>` : `${x.source.repository}/${x.source.path}`}</p>
</article>`;
  return page(ctx, x.name || x.id, 'rule', body);
}
