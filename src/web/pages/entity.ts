/**
 * Device and user pages: everything found on one device or account across rules and runs, a
 * timeline with a time axis, and pivot links (the other side of each finding, the inbox filtered
 * to this entity, the playground with the entity's events).
 */
import { usersOfFinding } from '../evidence.js';
import { type Html, html, seg } from '../html.js';
import { badge, type PageContext, page, severityTone } from '../layout.js';
import type { Finding } from '../model.js';
import type { WebState } from '../state.js';
import { shortRule, stateLabel, timeText } from './inbox.js';
import { timeline } from './timeline.js';

export type EntityKind = 'device' | 'user';

export function findingsOfEntity(state: WebState, kind: EntityKind, name: string): Finding[] {
  const key = name.toLowerCase();
  return state
    .allFindings()
    .filter((f) =>
      kind === 'device'
        ? f.deviceName.toLowerCase() === key || f.deviceId === name
        : usersOfFinding(state, f).includes(key),
    )
    .sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0));
}

function table(state: WebState, kind: EntityKind, findings: readonly Finding[]): Html {
  return html`<div class="scroll"><table class="grid findings"><caption>${findings.length} findings, newest first</caption>
<thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">${kind === 'device' ? 'Users' : 'Device'}</th><th scope="col">Events</th><th scope="col">First seen</th><th scope="col">Last seen</th><th scope="col">State</th></tr></thead>
<tbody>${findings.map((f) => {
    const sev = state.rule(f.ruleId)?.enrichment.severity.level ?? 'unknown';
    const users = usersOfFinding(state, f);
    return html`<tr><td><a href="/findings/${seg(f.id)}">${shortRule(f.ruleName)}</a></td><td>${badge(sev.toUpperCase(), severityTone(sev))}</td>
<td>${kind === 'device' ? (users.length ? users.map((u, i) => html`${i > 0 ? ', ' : ''}<a href="/users/${seg(u)}">${u}</a>`) : html`<span class="muted">—</span>`) : html`<a href="/devices/${seg(f.deviceName)}">${f.deviceName}</a>`}</td>
<td class="num">${f.count}</td><td>${timeText(f.firstSeen)}</td><td>${timeText(f.lastSeen)}</td><td>${badge(stateLabel(f.triage), `state-${f.triage}`)}</td></tr>`;
  })}</tbody></table></div>`;
}

/** The entity's events in the playground: a query from validated pieces only. */
function playgroundLink(kind: EntityKind, name: string): Html {
  if (!/^[A-Za-z0-9._@-]{1,200}$/.test(name)) return html``;
  const q =
    kind === 'device'
      ? `DeviceProcessEvents\n| where DeviceName =~ '${name}'\n| summarize Events = count() by bin(Timestamp, 1h)\n| render timechart`
      : `DeviceProcessEvents\n| where AccountName =~ '${name}' or InitiatingProcessAccountName =~ '${name}'\n| summarize Events = count() by DeviceName\n| render columnchart`;
  return html` · <a href="/playground?q=${encodeURIComponent(q)}">events in the playground</a>`;
}

export function entityPage(ctx: PageContext, state: WebState, kind: EntityKind, name: string): string {
  const findings = findingsOfEntity(state, kind, name);
  const rules = new Set(findings.map((f) => f.ruleId)).size;
  const others = new Set(findings.flatMap((f) => (kind === 'device' ? usersOfFinding(state, f) : [f.deviceName])));
  const title = kind === 'device' ? `Device ${name}` : `User ${name}`;
  const filter = kind === 'device' ? `device=${encodeURIComponent(name)}` : `user=${encodeURIComponent(name)}`;
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/findings">← Findings</a></nav>
<h1>${title}</h1>
<p>${findings.length} findings by ${rules} rules · ${kind === 'device' ? 'users' : 'devices'}: ${
    others.size === 0
      ? html`<span class="muted">none recorded</span>`
      : [...others]
          .sort()
          .map(
            (o, i) =>
              html`${i > 0 ? ', ' : ''}<a href="/${kind === 'device' ? 'users' : 'devices'}/${seg(o)}">${o}</a>`,
          )
  }</p>
<p><a href="/findings?${filter}">In the inbox (to triage them together)</a>${playgroundLink(kind, name)}</p>
${
  findings.length === 0
    ? html`<p>Nothing was found on this ${kind}.</p>`
    : html`<section aria-labelledby="tl-h"><h2 id="tl-h">Timeline</h2>${timeline(findings, kind === 'device' ? 'rule' : 'device')}</section>
<section aria-labelledby="list-h"><h2 id="list-h">Findings</h2>${table(state, kind, findings)}</section>`
}`;
  return page(ctx, title, 'findings', body);
}
