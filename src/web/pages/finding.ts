/**
 * One finding: what was found where, its evidence (command lines, URLs, files, accounts), the raw
 * events behind it (by ReportId), the other rules that found the same events, triage with assignee
 * and comment, and the history of every triage change.
 */

import { jsonText } from '../../kql/engine.js';
import { type EventTable, evidenceOf } from '../evidence.js';
import { type Html, html, seg } from '../html.js';
import { groupOf } from '../inbox.js';
import { badge, type PageContext, page, severityTone } from '../layout.js';
import { type Finding, TRIAGE_STATES } from '../model.js';
import { CSRF_FIELD } from '../security.js';
import type { WebState } from '../state.js';
import { shortRule, stateLabel, timeText } from './inbox.js';

function cell(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : jsonText(v);
}

/** Columns shown first in the raw-event tables; the rest follow in table order. */
const FIRST = ['Timestamp', 'DeviceName', 'ActionType', 'FileName', 'ProcessCommandLine', 'RemoteUrl', 'RemoteIP'];

function eventTable(t: EventTable): Html {
  const order = [...FIRST.filter((c) => t.columns.includes(c)), ...t.columns.filter((c) => !FIRST.includes(c))].map(
    (c) => t.columns.indexOf(c),
  );
  // Columns empty in every row only add width.
  const used = order.filter((i) => t.rows.some((r) => cell(r[i]) !== ''));
  return html`<div class="scroll"><table class="grid events"><caption>${t.table}: ${t.total} event${t.total === 1 ? '' : 's'}${t.total > t.rows.length ? html` (first ${t.rows.length})` : ''}</caption>
<thead><tr>${used.map((i) => html`<th scope="col">${t.columns[i]}</th>`)}</tr></thead>
<tbody>${t.rows.map((r) => html`<tr>${used.map((i) => html`<td>${cell(r[i])}</td>`)}</tr>`)}</tbody></table></div>`;
}

function triageForm(ctx: PageContext, f: Finding): Html {
  return html`<form method="post" action="/findings/${seg(f.id)}/triage" class="triage-full" id="triage-form">
<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
<div><label for="f-state">State</label><select id="f-state" name="triage">${TRIAGE_STATES.map((s) => html`<option value="${s}"${s === f.triage ? html` selected` : ''}>${stateLabel(s)}</option>`)}</select></div>
<div><label for="f-assignee">Assignee</label><input id="f-assignee" name="assignee" maxlength="100" value="${f.assignee}"></div>
<div class="wide"><label for="f-comment">Comment</label><textarea id="f-comment" name="comment" rows="2" maxlength="4000"></textarea></div>
<div><button type="submit">Save</button></div>
</form>`;
}

function history(state: WebState, f: Finding): Html {
  const events = state.store.findingHistory(f.id);
  if (events.length === 0) return html`<p class="muted">No triage yet.</p>`;
  return html`<ol class="history">${[...events]
    .reverse()
    .map(
      (e) =>
        html`<li>${timeText(e.at)} ${e.state ? html`state → <strong>${stateLabel(e.state)}</strong> ` : ''}${e.assignee !== undefined ? html`assignee → <strong>${e.assignee || 'nobody'}</strong> ` : ''}${e.comment ? html`<q>${e.comment}</q>` : ''}</li>`,
    )}</ol>`;
}

export function findingPage(ctx: PageContext, state: WebState, f: Finding): string {
  const rule = state.rule(f.ruleId);
  const ev = evidenceOf(state, f);
  const group = groupOf(state, f);
  const others = group ? [group.finding, ...group.duplicates].filter((d) => d.id !== f.id) : [];
  const severity = rule?.enrichment.severity.level ?? 'unknown';
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/findings">← Findings</a><a href="/hunts/${seg(f.runId)}">Hunt ${f.runId}</a></nav>
<h1>${shortRule(f.ruleName)} on ${f.deviceName}</h1>
<p class="badges">${badge(severity.toUpperCase(), severityTone(severity), 'severity')} ${badge(stateLabel(f.triage), `state-${f.triage}`, 'triage state')} ${f.assignee ? badge(`assigned to ${f.assignee}`, 'plain') : ''}</p>
<dl class="facts">
<dt>Rule</dt><dd>${rule ? html`<a href="/rules/${seg(f.ruleId)}">${f.ruleName}</a>` : f.ruleName}</dd>
<dt>Device</dt><dd><a href="/devices/${seg(f.deviceName)}">${f.deviceName}</a> <span class="muted">${f.deviceId}</span></dd>
<dt>Users</dt><dd>${ev.users.length === 0 ? html`<span class="muted">none recorded</span>` : ev.users.map((u, i) => html`${i > 0 ? ', ' : ''}<a href="/users/${seg(u)}">${u}</a>`)}</dd>
<dt>Data</dt><dd>${state.runLabel(f.runId)} <span class="muted">(hunt <a href="/hunts/${seg(f.runId)}">${f.runId}</a>)</span></dd>
<dt>Seen</dt><dd>${timeText(f.firstSeen)} → ${timeText(f.lastSeen)} · ${f.count} event${f.count === 1 ? '' : 's'}</dd>
${others.length > 0 ? html`<dt>Also found by</dt><dd>${others.map((d, i) => html`${i > 0 ? ', ' : ''}<a href="/findings/${seg(d.id)}">${shortRule(d.ruleName)}</a>`)}</dd>` : ''}
</dl>
<section aria-labelledby="evidence-h"><h2 id="evidence-h">Evidence</h2>
${
  ev.values.length === 0
    ? html`<p class="muted">No command line, URL, file or account in the row or its events.</p>`
    : html`<dl class="facts evidence">${ev.values.map((v) => html`<dt>${v.column}</dt><dd>${v.values.map((x) => html`<code>${x}</code>`)}</dd>`)}</dl>`
}</section>
<section aria-labelledby="triage-h"><h2 id="triage-h">Triage</h2>${triageForm(ctx, f)}
<h3>History</h3>${history(state, f)}</section>
<section aria-labelledby="raw-h" id="raw"><h2 id="raw-h">Raw events</h2>
<p class="muted">${
    ev.by === 'report-id'
      ? html`The events whose ReportId the finding lists (${f.reportIds.length}), on this device, from the rule's tables.`
      : ev.by === 'time-span'
        ? html`The rule's output has no ReportId: the device's events in the rule's tables between first and last seen.`
        : ev.dataGone
          ? html`The data of hunt ${f.runId} (${state.runLabel(f.runId)}) is no longer kept in memory, so its events cannot be looked up; hunt it again to see them.`
          : html`No events could be looked up (the rule's tables are not loaded, or the row names no device).`
  }</p>
${ev.tables.map(eventTable)}</section>
<section aria-labelledby="row-h"><h2 id="row-h">Result row</h2>
<div class="scroll"><table class="grid"><tbody>${Object.entries(f.row).map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${cell(v)}</td></tr>`)}</tbody></table></div></section>`;
  return page(ctx, `Finding on ${f.deviceName}`, 'findings', body);
}
