/** Hunts: the list of runs, and one run's findings by rule and by device with a timeline. */

import { type Html, html, seg } from '../html.js';
import { huntProgress } from '../hunt.js';
import { type PageContext, page } from '../layout.js';
import type { Finding, Run } from '../model.js';
import { originOf } from '../search.js';
import { CSRF_FIELD } from '../security.js';
import type { WebState } from '../state.js';
import { findingsTable } from './findings-table.js';
import { shortRule } from './inbox.js';
import { timeline } from './timeline.js';

/** The hunt form: which rules (all with loaded data, one pack/origin, one rule) over the loaded data. */
function huntForm(ctx: PageContext, state: WebState): Html {
  const ready = state.rules.filter((r) => state.hasData(r));
  const origins = new Map<string, number>();
  for (const r of ready) origins.set(originOf(r), (origins.get(originOf(r)) ?? 0) + 1);
  const byName = [...ready].sort((a, b) => (a.rule.name || a.rule.id).localeCompare(b.rule.name || b.rule.id));
  return html`<form method="post" action="/hunts" class="run-form" id="hunt-form"><input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
<fieldset><legend>Run a hunt</legend>
<div class="facet"><label for="hunt-scope">Rules</label><select id="hunt-scope" name="scope">
<option value="">Every rule whose tables are loaded (${ready.length})</option>
<optgroup label="One source">${[...origins.entries()].map(([o, n]) => html`<option value="origin:${o}">${o} (${n} rules)</option>`)}</optgroup>
<optgroup label="One rule">${byName.map((r) => html`<option value="rule:${r.rule.id}">${r.rule.name || r.rule.id}</option>`)}</optgroup>
</select></div>
<p class="muted">Data: ${state.dataLabel} (${state.loadedTables.size} tables). Runs, findings and triage are kept in the store.</p>
<button type="submit">Run the hunt</button></fieldset></form>`;
}

export function huntsPage(ctx: PageContext, state: WebState): string {
  const runs = state.runs;
  const running = huntProgress(state);
  const body = html`<h1>Hunts</h1>
${huntForm(ctx, state)}
${running ? html`<p class="progress-line">Hunt <a href="/hunts/${seg(running.runId)}">${running.runId}</a> is running: <progress max="${running.total}" value="${running.done}">${running.done} of ${running.total}</progress> ${running.done} of ${running.total} rules</p>` : ''}
${
  runs.length === 0
    ? html`<p>No hunts yet.</p>`
    : html`<div class="scroll"><table class="grid"><caption>Hunt runs, newest first</caption>
<thead><tr><th scope="col">Run</th><th scope="col">Started</th><th scope="col">Status</th><th scope="col">now()</th><th scope="col">Rules run</th><th scope="col">Findings</th><th scope="col">Errors</th></tr></thead>
<tbody>${runs.map(
        (r) =>
          html`<tr><td><a href="/hunts/${seg(r.id)}">${r.id}</a></td><td>${r.startedAt}</td><td>${r.status}</td><td>${r.now}</td><td>${r.rulesRun}</td><td>${r.findingCount}</td><td>${r.errors.length}</td></tr>`,
      )}</tbody></table></div>`
}`;
  return page(ctx, 'Hunts', 'hunts', body, running ? { refreshSeconds: 2 } : {});
}

function groupBy(findings: readonly Finding[], key: (f: Finding) => string): [string, Finding[]][] {
  const m = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = key(f);
    const list = m.get(k);
    if (list) list.push(f);
    else m.set(k, [f]);
  }
  return [...m.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}

function byDevice(findings: readonly Finding[]): Html {
  return html`<div class="scroll"><table class="grid"><caption>Findings by device</caption>
<thead><tr><th scope="col">Device</th><th scope="col">Findings</th><th scope="col">Rules</th></tr></thead>
<tbody>${groupBy(findings, (f) => f.deviceName).map(
    ([device, list]) =>
      html`<tr><td><a href="/devices/${seg(device)}">${device}</a></td><td class="num">${list.length}</td><td>${[...new Set(list.map((f) => shortRule(f.ruleName)))].join('; ')}</td></tr>`,
  )}</tbody></table></div>`;
}

/** Rules that ran with exclusions compiled in, and what each exclusion hid on this run's data. */
function tunedSection(run: Run): Html {
  return html`<section aria-labelledby="tuned-run-h"><h2 id="tuned-run-h">Exclusions applied</h2>
<div class="scroll"><table class="grid"><caption>Rules that ran tuned in this hunt</caption>
<thead><tr><th scope="col">Rule</th><th scope="col">Suppressed</th><th scope="col">Exclusions</th></tr></thead>
<tbody>${run.tuned.map(
    (t) =>
      html`<tr><td><a href="/rules/${seg(t.ruleId)}">${t.ruleName}</a></td><td>${t.suppressedRows} of ${t.baselineRows} rows</td>
<td><ul class="flags">${t.exclusions.map(
        (x) =>
          html`<li>${x.scenario}: ${x.applied ? html`${x.suppressed} rows${run.groundTruth ? html` (${x.benign} benign, ${x.malicious > 0 ? html`<strong class="bad">${x.malicious} malicious</strong>` : '0 malicious'})` : ''}` : html`<span class="bad">not applied</span>`}${x.error ? html` <span class="muted">${x.error}</span>` : ''}</li>`,
      )}</ul></td></tr>`,
  )}</tbody></table></div></section>`;
}

export function runPage(ctx: PageContext, state: WebState, run: Run): string {
  const findings = state.findingsOfRun(run.id);
  const groups = groupBy(findings, (f) => f.ruleId);
  const progress = huntProgress(state);
  const live = run.status === 'running' && progress?.runId === run.id ? progress : undefined;
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/hunts">← All hunts</a><a href="/findings">Findings inbox</a></nav>
<h1>Hunt ${run.id}</h1>
${live ? html`<p class="progress-line" role="status">Running: <progress max="${live.total}" value="${live.done}">${live.done} of ${live.total}</progress> ${live.done} of ${live.total} rules, ${live.findings} findings so far. This page refreshes itself.</p>` : ''}
<p>Started ${run.startedAt} · ${run.status} · now() = ${run.now || 'wall clock'} · ${run.rulesRun} rules · <strong>${findings.length}</strong> findings · ${run.errors.length} errors.
Download: <a href="/api/runs/${seg(run.id)}/findings.csv" download>CSV</a> · <a href="/api/runs/${seg(run.id)}/findings.json" download>JSON</a></p>
<section aria-labelledby="tl-h"><h2 id="tl-h">Timeline by device</h2>${timeline(findings, 'device')}</section>
<section aria-labelledby="dev-h"><h2 id="dev-h">By device</h2>${byDevice(findings)}</section>
<section aria-labelledby="rule-h"><h2 id="rule-h">By rule</h2>
${
  groups.length === 0
    ? html`<p>No findings.</p>`
    : groups.map(
        ([, list]) =>
          html`<details open><summary>${list[0]?.ruleName ?? ''} (${list.length})</summary>${findingsTable(list, ctx.csrf, `Findings of ${list[0]?.ruleName ?? ''}`, false)}<p><a href="/rules/${seg(list[0]?.ruleId ?? '')}">Rule page</a></p></details>`,
      )
}</section>
${run.tuned.length > 0 ? tunedSection(run) : ''}
${run.errors.length ? html`<section aria-labelledby="err-h"><h2 id="err-h">Rules that failed</h2><ul>${run.errors.map((e) => html`<li><a href="/rules/${seg(e.ruleId)}">${e.ruleId}</a>: ${e.message}</li>`)}</ul></section>` : ''}`;
  return page(ctx, `Hunt ${run.id}`, 'hunts', body, live ? { refreshSeconds: 2 } : {});
}

export { findingsTable };
