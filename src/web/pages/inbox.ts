/**
 * The findings inbox: filters (GET form), sort, pages, and bulk triage (one POST form around the
 * table: a checkbox per row, state / assignee / comment for all checked rows).
 */
import { type Html, html, seg } from '../html.js';
import {
  INBOX_SORTS,
  type InboxFacet,
  type InboxItem,
  type InboxPage,
  type InboxQuery,
  inboxPage,
  inboxParams,
} from '../inbox.js';
import { badge, type PageContext, page, severityTone } from '../layout.js';
import { TRIAGE_STATES } from '../model.js';
import { CSRF_FIELD } from '../security.js';
import type { WebState } from '../state.js';
import { pager } from './feed.js';

const FACET_LABELS: Readonly<Record<InboxFacet, string>> = {
  state: 'State',
  severity: 'Severity',
  source: 'Source',
  rule: 'Rule',
  device: 'Device',
  user: 'User',
  assignee: 'Assignee',
  data: 'Data',
};

const SORT_LABELS: Readonly<Record<(typeof INBOX_SORTS)[number], string>> = {
  newest: 'Newest',
  oldest: 'Oldest',
  severity: 'Severity',
  count: 'Most events',
  device: 'Device',
  rule: 'Rule',
};

export const stateLabel = (s: string) => s.replace('_', ' ');

/** "Remote Management and Monitoring tool - X - Network Connection" → "X - Network Connection". */
export function shortRule(name: string): string {
  const parts = name.split(' - ');
  return parts.length > 2 ? parts.slice(1).join(' - ') : name;
}

function facetSelect(f: InboxFacet, p: InboxPage, selected: string | undefined): Html {
  const id = `inbox-${f}`;
  return html`<div class="facet"><label for="${id}">${FACET_LABELS[f]}</label>
<select id="${id}" name="${f}"><option value="">Any</option>${p.facets[f].map(
    ([v, n]) =>
      html`<option value="${v}"${v === selected ? html` selected` : ''}>${f === 'state' ? stateLabel(v) : f === 'rule' ? shortRule(v) : v} (${n})</option>`,
  )}</select></div>`;
}

function filterForm(q: InboxQuery, p: InboxPage): Html {
  return html`<form id="inbox-filter" class="search" method="get" action="/findings" role="search" aria-label="Filter findings">
<fieldset class="facets"><legend>Filter</legend>
${facetSelect('state', p, q.state)}${facetSelect('severity', p, q.severity)}${facetSelect('source', p, q.source)}
${facetSelect('rule', p, q.rule)}${facetSelect('device', p, q.device)}${facetSelect('user', p, q.user)}${facetSelect('assignee', p, q.assignee)}${facetSelect('data', p, q.data)}
<div class="facet"><label for="inbox-from">Seen from</label><input id="inbox-from" name="from" type="date" value="${q.from?.slice(0, 10) ?? ''}"></div>
<div class="facet"><label for="inbox-to">Seen until</label><input id="inbox-to" name="to" type="date" value="${q.to?.slice(0, 10) ?? ''}"></div>
<div class="facet"><label for="inbox-sort">Sort by</label><select id="inbox-sort" name="sort">${INBOX_SORTS.map(
    (s) => html`<option value="${s}"${s === q.sort ? html` selected` : ''}>${SORT_LABELS[s]}</option>`,
  )}</select></div>
<div class="facet check"><label><input type="checkbox" name="group" value="0"${q.group ? '' : html` checked`}> show duplicates separately</label></div>
</fieldset>
<div class="actions"><button type="submit">Apply</button> <a href="/findings">Clear</a></div>
</form>`;
}

export function timeText(iso: string): Html {
  return iso
    ? html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')}</time>`
    : html`<span class="muted">—</span>`;
}

function row(item: InboxItem): Html {
  const f = item.finding;
  return html`<tr data-finding="${f.id}">
<td><input type="checkbox" name="ids" value="${f.id}" id="sel-${f.id}" aria-label="Select finding on ${f.deviceName} by ${f.ruleName}"></td>
<td><a href="/findings/${seg(f.id)}">${shortRule(f.ruleName)}</a>${item.duplicates.length > 0 ? html`<br><span class="muted dup">also: ${item.duplicates.map((d, i) => html`${i > 0 ? ', ' : ''}<a href="/findings/${seg(d.id)}">${shortRule(d.ruleName)}</a>`)}</span>` : ''}</td>
<td>${badge(item.severity.toUpperCase(), severityTone(item.severity))}</td>
<td><a href="/devices/${seg(f.deviceName)}">${f.deviceName}</a></td>
<td>${item.users.length === 0 ? html`<span class="muted">—</span>` : item.users.slice(0, 3).map((u, i) => html`${i > 0 ? ', ' : ''}<a href="/users/${seg(u)}">${u}</a>`)}</td>
<td class="num">${f.count}</td>
<td>${timeText(f.firstSeen)}</td>
<td>${timeText(f.lastSeen)}</td>
<td>${badge(stateLabel(f.triage), `state-${f.triage}`)}</td>
<td>${f.assignee || html`<span class="muted">—</span>`}</td>
<td>${item.source}</td>
<td class="data-label">${item.data}</td>
</tr>`;
}

function bulkForm(ctx: PageContext, q: InboxQuery, p: InboxPage): Html {
  if (p.items.length === 0) return html`<p>No finding matches. <a href="/findings">Clear the filters</a>.</p>`;
  return html`<form id="bulk" method="post" action="/findings/triage">
<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
<input type="hidden" name="return" value="/findings${inboxParams(q)}">
<fieldset class="bulk"><legend>Triage the selected findings</legend>
<label for="bulk-state">State</label><select id="bulk-state" name="triage"><option value="">(keep)</option>${TRIAGE_STATES.map((s) => html`<option value="${s}">${stateLabel(s)}</option>`)}</select>
<label for="bulk-assignee">Assignee</label><input id="bulk-assignee" name="assignee" maxlength="100" placeholder="(keep)">
<label for="bulk-comment">Comment</label><input id="bulk-comment" name="comment" maxlength="4000" class="wide">
<button type="submit">Apply to selected</button>
<span class="muted" id="bulk-count" aria-live="polite"></span>
</fieldset>
<div class="scroll"><table class="grid findings inbox"><caption>Findings ${(p.page - 1) * 50 + 1}–${(p.page - 1) * 50 + p.items.length} of ${p.total}</caption>
<thead><tr><th scope="col"><input type="checkbox" id="select-all" aria-label="Select all on this page"></th><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">Device</th><th scope="col">Users</th><th scope="col">Events</th><th scope="col">First seen</th><th scope="col">Last seen</th><th scope="col">State</th><th scope="col">Assignee</th><th scope="col">Source</th><th scope="col">Data</th></tr></thead>
<tbody>${p.items.map(row)}</tbody></table></div>
</form>`;
}

export function inboxPageHtml(ctx: PageContext, state: WebState, q: InboxQuery): string {
  const p = inboxPage(state, q);
  const body = html`<h1>Findings</h1>
<p class="lede">Every finding of every hunt, newest first. Findings of the same events on the same device by several rules (the "All tools" sweep and the per-tool rule) are one row.</p>
${filterForm(q, p)}
<p class="count"><strong>${p.total}</strong> ${q.group ? 'findings (duplicates grouped)' : 'findings'} · page ${p.page} of ${p.pages}</p>
${bulkForm(ctx, q, p)}
${pager(p.page, p.pages, (n) => `/findings${inboxParams(q, { page: n })}`, 'Findings pages')}`;
  return page(ctx, 'Findings', 'findings', body);
}
