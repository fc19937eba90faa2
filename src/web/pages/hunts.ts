/** Hunts: the list of runs, and one run's findings by rule and by device with a timeline. */

import { DEMO_FLEET } from '../../hunts/session.js';
import type { RunLoadSummary } from '../../store/types.js';
import { type Html, html, seg } from '../html.js';
import { type HuntProgress, huntProgress } from '../hunt.js';
import { DEMO_BOUNDS, MAX_UPLOAD_FILES, sizeText } from '../hunt-data.js';
import { type PageContext, page } from '../layout.js';
import type { Finding, Run } from '../model.js';
import { originOf } from '../search.js';
import { CSRF_FIELD } from '../security.js';
import type { WebState } from '../state.js';
import { findingsTable } from './findings-table.js';
import { shortRule } from './inbox.js';
import { timeline } from './timeline.js';

const mb = (n: number) => sizeText(n);
const num = (n: number) => n.toLocaleString('en-US');

/** What the hunts page needs to offer data choices: the roots paths may be under, the upload limit. */
export interface HuntFormOptions {
  readonly roots: readonly string[];
  readonly uploadLimit: number;
}

/** The data choices: the server's data, a demo fleet, a path under the roots, an upload. */
function dataChoices(state: WebState, o: HuntFormOptions): Html {
  if (state.session.target?.remote)
    return html`<p class="muted">Data: ${state.dataLabel} — hunts run there.</p><input type="hidden" name="data" value="server">`;
  const b = DEMO_BOUNDS;
  return html`<fieldset class="data-choice"><legend>Data</legend>
<div class="choice"><label><input type="radio" name="data" value="server" checked> The server's data</label>
<div class="choice-detail"><span class="muted data-label">${state.dataLabel} (${state.loadedTables.size} tables)</span></div></div>
<div class="choice"><label><input type="radio" name="data" value="demo" id="data-demo"> A demo fleet</label>
<div class="choice-detail"><span class="pair"><label for="demo-devices">Devices</label><input id="demo-devices" name="devices" type="number" min="${b.minDevices}" max="${b.maxDevices}" value="${DEMO_FLEET.devices}" inputmode="numeric"></span>
<span class="pair"><label for="demo-events">Events</label><input id="demo-events" name="events" type="number" min="${b.minEvents}" max="${b.maxEvents}" step="1000" value="${DEMO_FLEET.events}" inputmode="numeric"></span>
<span class="pair"><label for="demo-seed">Seed</label><input id="demo-seed" name="seed" maxlength="40" pattern="[A-Za-z0-9._\\-]{1,40}" value="${DEMO_FLEET.seed}"></span>
<p class="muted">${b.minDevices}–${b.maxDevices} devices, ${num(b.minEvents)}–${num(b.maxEvents)} events over ${DEMO_FLEET.days} days, with planted RMM installs.</p></div></div>
<div class="choice"><label><input type="radio" name="data" value="path" id="data-path"${o.roots.length === 0 ? html` disabled` : ''}> A file or folder on the server's machine</label>
<div class="choice-detail">${
    o.roots.length === 0
      ? html`<p class="muted">None allowed: start the server with <code>--data PATH</code> or <code>--data-root DIR</code>.</p>`
      : html`<label for="data-path-input">Path</label><input id="data-path-input" name="path" class="wide" list="data-roots" placeholder="${o.roots[0] ?? ''}" autocomplete="off">
<datalist id="data-roots">${o.roots.map((r) => html`<option value="${r}">`)}</datalist>
<p class="muted">Under ${o.roots.map((r, i) => html`${i > 0 ? ', ' : ''}<code>${r}</code>`)}.</p>`
  }</div></div>
<div class="choice"><label><input type="radio" name="data" value="upload" id="data-upload"> Upload telemetry files</label>
<div class="choice-detail"><label for="data-files">Files</label><input id="data-files" name="files" type="file" multiple accept=".ndjson,.jsonl,.json,.csv,.evtx,.gz">
<p class="muted">NDJSON, JSON, CSV or .evtx (gzip too), up to ${MAX_UPLOAD_FILES} files and ${sizeText(o.uploadLimit)} in all; deleted from the server when the hunt is over.</p></div></div>
</fieldset>`;
}

/** The hunt form: which rules (all with loaded data, one pack/origin, one rule) over which data. */
function huntForm(ctx: PageContext, state: WebState, o: HuntFormOptions): Html {
  const origins = new Map<string, number>();
  for (const r of state.rules) origins.set(originOf(r), (origins.get(originOf(r)) ?? 0) + 1);
  const byName = [...state.rules].sort((a, b) => (a.rule.name || a.rule.id).localeCompare(b.rule.name || b.rule.id));
  return html`<form method="post" action="/hunts" enctype="multipart/form-data" class="run-form" id="hunt-form"><input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
<fieldset><legend>Run a hunt</legend>
<div class="facet"><label for="hunt-scope">Rules</label><select id="hunt-scope" name="scope">
<option value="">Every rule whose tables are in the data</option>
<optgroup label="One source (its rules whose tables are in the data)">${[...origins.entries()].map(([name, n]) => html`<option value="origin:${name}">${name} (${n} rules)</option>`)}</optgroup>
<optgroup label="One rule">${byName.map((r) => html`<option value="rule:${r.rule.id}">${r.rule.name || r.rule.id}</option>`)}</optgroup>
</select></div>
${dataChoices(state, o)}
<p class="muted">Runs are labelled with their data; runs, findings and triage are kept in the store.</p>
<button type="submit">Run the hunt</button></fieldset></form>`;
}

/** One line saying how far the running hunt got (loading: files and bytes; then rules n/total). */
export function progressLine(p: HuntProgress, link: boolean): Html {
  const which = link ? html`Hunt <a href="/hunts/${seg(p.runId)}">${p.runId}</a>` : html`Hunt ${p.runId}`;
  if (p.phase === 'loading') {
    const l = p.load;
    if (!l || l.generating)
      return html`<p class="progress-line" role="status">${which}: generating the demo fleet … <progress></progress></p>`;
    return html`<p class="progress-line" role="status">${which}: loading the data — ${mb(l.bytes)}${l.bytesTotal > 0 ? html` of ${mb(l.bytesTotal)}` : ''} read${l.filesTotal > 0 ? html`, file ${Math.max(l.filesDone, 1)} of ${l.filesTotal}` : ''}${l.file ? html` (<code>${l.file}</code>)` : ''}, ${num(l.rows)} rows so far. <progress${l.bytesTotal > 0 ? html` max="${l.bytesTotal}" value="${Math.min(l.bytes, l.bytesTotal)}"` : ''}></progress> Rules run once it is loaded.</p>`;
  }
  const loaded = p.loaded
    ? html` Data: ${num(p.loaded.rows)} rows from ${p.loaded.files} file${p.loaded.files === 1 ? '' : 's'}${p.loaded.rejects > 0 ? html`, <strong class="bad">${p.loaded.rejects} malformed</strong>` : ''}.`
    : '';
  return html`<p class="progress-line" role="status">${which} is running: <progress max="${p.total}" value="${p.done}">${p.done} of ${p.total}</progress> ${p.done} of ${p.total} rules, ${p.findings} findings so far.${loaded}</p>`;
}

/** The progress as JSON (GET /api/hunts/progress). */
export function huntProgressJson(state: WebState) {
  const p = huntProgress(state);
  return p ? { running: true, ...p } : { running: false };
}

export function huntsPage(ctx: PageContext, state: WebState, o: HuntFormOptions): string {
  const runs = state.runs;
  const running = huntProgress(state);
  const body = html`<h1>Hunts</h1>
${huntForm(ctx, state, o)}
${running ? progressLine(running, true) : ''}
${
  runs.length === 0
    ? html`<p>No hunts yet.</p>`
    : html`<div class="scroll"><table class="grid"><caption>Hunt runs, newest first</caption>
<thead><tr><th scope="col">Run</th><th scope="col">Started</th><th scope="col">Data</th><th scope="col">Status</th><th scope="col">now()</th><th scope="col">Rules run</th><th scope="col">Findings</th><th scope="col">Errors</th></tr></thead>
<tbody>${runs.map(
        (r) =>
          html`<tr><td><a href="/hunts/${seg(r.id)}">${r.id}</a></td><td>${r.startedAt}</td><td class="data-label">${r.dataLabel}</td><td>${r.status}</td><td>${r.now}</td><td>${r.rulesRun}</td><td>${r.findingCount}</td><td>${r.errors.length}</td></tr>`,
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
  if (findings.length === 0) return html`<p>No findings.</p>`;
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

/** How the run's chosen data loaded: files, bytes, rows, malformed records (file:line) and files refused. */
function loadSection(l: RunLoadSummary): Html {
  return html`<section aria-labelledby="load-h"><h2 id="load-h">Data loaded</h2>
<p>${l.files} file${l.files === 1 ? '' : 's'}, ${sizeText(l.bytes)}, ${num(l.rows)} rows in ${l.tables} table${l.tables === 1 ? '' : 's'}; ${l.rejects > 0 ? html`<strong class="bad">${num(l.rejects)} malformed record${l.rejects === 1 ? '' : 's'}</strong> left out` : 'no malformed records'}.</p>
${l.failure ? html`<p class="bad">The data could not be loaded: ${l.failure}</p>` : ''}
${
  l.rejectSamples.length > 0
    ? html`<div class="scroll"><table class="grid rejects"><caption>Malformed records${l.rejects > l.rejectSamples.length ? html` (first ${l.rejectSamples.length} of ${l.rejects})` : ''}</caption><thead><tr><th scope="col">File</th><th scope="col">Line</th><th scope="col">Why</th></tr></thead>
<tbody>${l.rejectSamples.map((r) => html`<tr><td><code>${r.file}</code></td><td class="num">${r.line || '—'}</td><td>${r.reason}</td></tr>`)}</tbody></table></div>`
    : ''
}
${l.skipped.length > 0 ? html`<h3>Files not loaded</h3><ul class="skipped">${l.skipped.map((x) => html`<li><code>${x.file}</code>: ${x.reason}</li>`)}</ul>` : ''}
</section>`;
}

export function runPage(ctx: PageContext, state: WebState, run: Run): string {
  const findings = state.findingsOfRun(run.id);
  const progress = huntProgress(state);
  const live = run.status === 'running' && progress?.runId === run.id ? progress : undefined;
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/hunts">← All hunts</a><a href="/findings">Findings inbox</a></nav>
<h1>Hunt ${run.id}</h1>
${live ? progressLine(live, false) : ''}
<p class="run-data">Data: <strong>${run.dataLabel}</strong></p>
<p>Started ${run.startedAt} · ${run.status} · now() = ${run.now || (live?.phase === 'loading' ? 'the latest event, once the data is loaded' : 'wall clock')} · ${run.rulesRun} rules · <strong>${findings.length}</strong> findings · ${run.errors.length} errors.
Download: <a href="/api/runs/${seg(run.id)}/findings.csv" download>CSV</a> · <a href="/api/runs/${seg(run.id)}/findings.json" download>JSON</a></p>
${run.load ? loadSection(run.load) : ''}
${run.status === 'failed' && run.error ? html`<p class="bad" role="alert">${run.error}</p>` : ''}
${live?.phase === 'loading' ? html`<p class="muted">Findings appear here as the rules run.</p>` : findingSections(ctx, run, findings)}`;
  return page(ctx, `Hunt ${run.id}`, 'hunts', body, live ? { refreshSeconds: 2 } : {});
}

/** The run's findings: timeline, by device, by rule; exclusions applied; rules that failed. */
function findingSections(ctx: PageContext, run: Run, findings: readonly Finding[]): Html {
  const groups = groupBy(findings, (f) => f.ruleId);
  return html`<section aria-labelledby="tl-h"><h2 id="tl-h">Timeline by device</h2>${timeline(findings, 'device')}</section>
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
}

export { findingsTable };
