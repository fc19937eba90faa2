/**
 * The feed: rules newest first (or by severity, findings, name), full-text search and facets with
 * counts, a page of FEED_PAGE_SIZE rules at a time (a GET form; JS refreshes in place).
 */
import { type Html, html, seg } from '../html.js';
import { badge, type PageContext, page, severityTone } from '../layout.js';
import type { WebRule } from '../model.js';
import {
  FACET_LABELS,
  FACETS,
  FEED_PAGE_SIZE,
  FEED_SORTS,
  type FeedQuery,
  facetCounts,
  filterRules,
  levelOf,
  originOf,
  sortRules,
  sourceName,
  statusOf,
} from '../search.js';
import type { WebState } from '../state.js';
import { confidenceTone } from './rule-context.js';

function facetSelect(
  f: (typeof FACETS)[number],
  values: readonly [string, number][],
  selected: string | undefined,
): Html {
  // A facet no rule has a value for (Sigma's level without Sigma rules) is left out.
  if (values.length === 0 && !selected) return html``;
  const id = `facet-${f}`;
  return html`<div class="facet"><label for="${id}">${FACET_LABELS[f]}</label>
<select id="${id}" name="${f}"><option value="">Any</option>${values.map(
    ([v, n]) => html`<option value="${v}"${v === selected ? html` selected` : ''}>${v} (${n})</option>`,
  )}</select></div>`;
}

const SORT_LABELS: Readonly<Record<(typeof FEED_SORTS)[number], string>> = {
  newest: 'Newest',
  severity: 'Severity',
  findings: 'Most findings',
  name: 'Name',
};

export function ruleCard(r: WebRule, state: WebState): Html {
  const x = r.rule;
  const summary = x.description.split('\n')[0]?.slice(0, 280) ?? '';
  const count = state.findingCounts().get(x.id) ?? 0;
  const level = levelOf(r);
  const status = statusOf(r);
  return html`<li class="card"><article>
<h2><a href="/rules/${seg(x.id)}">${x.name || x.id}</a></h2>
<p class="badges">${badge('kql', 'lang')} ${badge(r.enrichment.severity.level.toUpperCase(), severityTone(r.enrichment.severity.level), 'severity')} ${badge(`${r.enrichment.confidence.level} confidence`, confidenceTone(r.enrichment.confidence.level), 'confidence')} ${badge(originOf(r), 'source', 'origin')} ${sourceName(r) !== originOf(r) ? badge(sourceName(r), 'source', 'source') : ''}
${level ? badge(`level: ${level}`, 'plain') : ''} ${status ? badge(`status: ${status}`, 'plain') : ''}
${x.techniques.map((t) => badge(t, 'tech'))} ${x.tables.map((t) => badge(t, 'table'))}
${count > 0 ? html`<a class="badge badge-alert" href="/findings?rule=${seg(x.name)}">${count} finding${count === 1 ? '' : 's'}</a>` : ''} ${x.lint.status === 'errors' ? badge('lint errors', 'high') : ''}</p>
<p class="summary">${summary}</p>
<p class="meta">Updated <time datetime="${r.updatedAt}">${r.updatedAt.slice(0, 10)}</time></p>
</article></li>`;
}

/** The feed URL for `query` with `change` applied (pagination and sort links keep the filters). */
function feedUrl(query: FeedQuery, change: { page?: number; sort?: string }): string {
  const p = new URLSearchParams();
  if (query.q) p.set('q', query.q);
  for (const f of FACETS) {
    const v = query.filters[f];
    if (v) p.set(f, v);
  }
  const sort = change.sort ?? query.sort ?? 'newest';
  if (sort !== 'newest') p.set('sort', sort);
  const pageNo = change.page ?? query.page ?? 1;
  if (pageNo > 1) p.set('page', String(pageNo));
  const s = p.toString();
  return s ? `/?${s}` : '/';
}

export function pager(pageNo: number, pages: number, url: (n: number) => string, label: string): Html {
  if (pages <= 1) return html``;
  const around = [...new Set([1, pageNo - 1, pageNo, pageNo + 1, pages])].filter((n) => n >= 1 && n <= pages);
  return html`<nav class="pager" aria-label="${label}">
${pageNo > 1 ? html`<a rel="prev" href="${url(pageNo - 1)}">← Previous</a>` : html`<span class="muted">← Previous</span>`}
${around.map((n, i) => html`${i > 0 && n - around[i - 1]! > 1 ? html`<span class="muted">…</span>` : ''}${n === pageNo ? html`<strong aria-current="page">${n}</strong>` : html`<a href="${url(n)}">${n}</a>`}`)}
${pageNo < pages ? html`<a rel="next" href="${url(pageNo + 1)}">Next →</a>` : html`<span class="muted">Next →</span>`}
</nav>`;
}

export function feedResults(state: WebState, rules: readonly WebRule[], query?: FeedQuery): Html {
  const q: FeedQuery = query ?? { q: '', filters: {} };
  const sorted = sortRules(state, rules, q.sort ?? 'newest');
  const pages = Math.max(1, Math.ceil(sorted.length / FEED_PAGE_SIZE));
  const pageNo = Math.min(q.page ?? 1, pages);
  const shown = sorted.slice((pageNo - 1) * FEED_PAGE_SIZE, pageNo * FEED_PAGE_SIZE);
  const first = sorted.length === 0 ? 0 : (pageNo - 1) * FEED_PAGE_SIZE + 1;
  return html`<section id="results" aria-live="polite" aria-label="Rules">
<p class="count"><strong>${sorted.length}</strong> of ${state.rules.length} rules${sorted.length > 0 ? html` · showing ${first}–${first + shown.length - 1}` : ''} · page ${pageNo} of ${pages}</p>
${sorted.length === 0 ? html`<p>No rule matches. Clear a filter or the search.</p>` : html`<ol class="cards">${shown.map((r) => ruleCard(r, state))}</ol>`}
${pager(pageNo, pages, (n) => feedUrl(q, { page: n }), 'Feed pages')}
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
<div class="facet"><label for="feed-sort">Sort by</label><select id="feed-sort" name="sort">${FEED_SORTS.map(
    (s) =>
      html`<option value="${s}"${s === (query.sort ?? 'newest') ? html` selected` : ''}>${SORT_LABELS[s]}</option>`,
  )}</select></div>
</fieldset>
<div class="actions"><button type="submit">Search</button> <a href="/">Clear</a></div>
</form>
${feedResults(state, rules, query)}`;
  return page(ctx, 'SOC feed', 'feed', body);
}
