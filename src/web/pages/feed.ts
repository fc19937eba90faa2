/** The feed: every rule newest first, full-text search and facets (a GET form; JS refreshes in place). */
import { type Html, html, seg } from '../html.js';
import { badge, type PageContext, page, severityTone } from '../layout.js';
import type { WebRule } from '../model.js';
import { FACET_LABELS, FACETS, type FeedQuery, facetCounts, filterRules, sourceName } from '../search.js';
import type { WebState } from '../state.js';
import { confidenceTone } from './rule-context.js';

function facetSelect(
  f: (typeof FACETS)[number],
  values: readonly [string, number][],
  selected: string | undefined,
): Html {
  const id = `facet-${f}`;
  return html`<div class="facet"><label for="${id}">${FACET_LABELS[f]}</label>
<select id="${id}" name="${f}"><option value="">Any</option>${values.map(
    ([v, n]) => html`<option value="${v}"${v === selected ? html` selected` : ''}>${v} (${n})</option>`,
  )}</select></div>`;
}

export function ruleCard(r: WebRule, state: WebState): Html {
  const x = r.rule;
  const summary = x.description.split('\n')[0]?.slice(0, 280) ?? '';
  return html`<li class="card"><article>
<h2><a href="/rules/${seg(x.id)}">${x.name || x.id}</a></h2>
<p class="badges">${badge('kql', 'lang')} ${badge(r.enrichment.severity.level.toUpperCase(), severityTone(r.enrichment.severity.level), 'severity')} ${badge(`${r.enrichment.confidence.level} confidence`, confidenceTone(r.enrichment.confidence.level), 'confidence')} ${badge(sourceName(r), 'source')}
${x.techniques.map((t) => badge(t, 'tech'))} ${x.tables.map((t) => badge(t, 'table'))}
${state.hasFindings(x.id) ? badge('findings', 'alert') : ''} ${x.lint.status === 'errors' ? badge('lint errors', 'high') : ''}</p>
<p class="summary">${summary}</p>
<p class="meta">Updated <time datetime="${r.updatedAt}">${r.updatedAt.slice(0, 10)}</time></p>
</article></li>`;
}

export function feedResults(state: WebState, rules: readonly WebRule[]): Html {
  return html`<section id="results" aria-live="polite" aria-label="Rules">
<p class="count"><strong>${rules.length}</strong> of ${state.rules.length} rules</p>
${rules.length === 0 ? html`<p>No rule matches. Clear a filter or the search.</p>` : html`<ol class="cards">${rules.map((r) => ruleCard(r, state))}</ol>`}
</section>`;
}

export function feedPage(ctx: PageContext, state: WebState, query: FeedQuery): string {
  const rules = filterRules(state, query);
  const counts = facetCounts(state.rules, state);
  const body = html`<h1>SOC feed</h1>
<p class="lede">Hunting rules pulled from open-source repositories, enriched, and checked against your loaded data.
Subscribe: <a href="/feed.atom">Atom</a> · <a href="/feed.json">JSON Feed</a>.</p>
<form id="feed-search" class="search" method="get" action="/" role="search" aria-label="Search rules">
<div class="q"><label for="q">Search</label><input id="q" name="q" type="search" value="${query.q}" placeholder="tool, table, technique, text…"></div>
<fieldset class="facets"><legend>Filters</legend>
${FACETS.map((f) => facetSelect(f, counts[f], query.filters[f]))}
</fieldset>
<div class="actions"><button type="submit">Search</button> <a href="/">Clear</a></div>
</form>
${feedResults(state, rules)}`;
  return page(ctx, 'SOC feed', 'feed', body);
}
