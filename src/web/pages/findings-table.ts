/** A findings table with triage editing (a POST form per row; JS turns it into PATCH in place). */
import { type Html, html, seg } from '../html.js';
import { type Finding, TRIAGE_STATES } from '../model.js';
import { CSRF_FIELD } from '../security.js';

export function triageForm(f: Finding, csrf: string): Html {
  return html`<form class="triage" method="post" action="/api/findings/${seg(f.id)}">
<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">
<label class="sr" for="t-${f.id}">Triage state for ${f.deviceName}</label>
<select id="t-${f.id}" name="triage">${TRIAGE_STATES.map((s) => html`<option value="${s}"${s === f.triage ? html` selected` : ''}>${s.replace('_', ' ')}</option>`)}</select>
<button type="submit">Save</button></form>`;
}

export function findingsTable(findings: readonly Finding[], csrf: string, caption: string, showRule: boolean): Html {
  if (findings.length === 0) return html`<p class="muted">No findings.</p>`;
  return html`<div class="scroll"><table class="grid findings"><caption>${caption}</caption>
<thead><tr>${showRule ? html`<th scope="col">Rule</th>` : ''}<th scope="col">Device</th><th scope="col">First seen</th><th scope="col">Last seen</th><th scope="col">Count</th><th scope="col">Triage</th></tr></thead>
<tbody>${findings.map(
    (f) =>
      html`<tr data-finding="${f.id}">${showRule ? html`<td><a href="/rules/${seg(f.ruleId)}">${f.ruleName}</a></td>` : ''}<td>${f.deviceName}<br><span class="muted">${f.deviceId}</span></td><td>${f.firstSeen}</td><td>${f.lastSeen}</td><td>${f.count}</td><td>${triageForm(f, csrf)}</td></tr>`,
  )}</tbody></table></div>`;
}
