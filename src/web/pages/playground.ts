/** The playground: a KQL editor (textarea with a highlighted overlay), as-you-type diagnostics, results grid. */
import { highlightKql } from '../highlight.js';
import { html } from '../html.js';
import { type PageContext, page } from '../layout.js';
import type { QueryOutcome } from '../query.js';
import { CSRF_FIELD } from '../security.js';
import type { WebState } from '../state.js';
import { diagnosticsList, resultsGrid } from './results.js';

export const SAMPLE_QUERY = `DeviceNetworkEvents
| where Timestamp > ago(5d)
| summarize Connections = count() by InitiatingProcessVersionInfoCompanyName
| top 10 by Connections`;

export function playgroundPage(
  ctx: PageContext,
  state: WebState,
  text: string,
  result?: QueryOutcome,
  autorun = false,
): string {
  const tables = state.provider.tableNames();
  const body = html`<h1>Playground</h1>
<p>Tables loaded: ${tables.length ? tables.join(', ') : 'none'}. ${state.now === undefined ? '' : html`<code>now()</code> is the end of the loaded data.`} End a query with <code>| render timechart</code>, <code>columnchart</code>, <code>barchart</code> or <code>piechart</code> for a chart.</p>
<div class="pg-layout">
<div class="pg-main">
<form method="post" action="/playground" id="playground-form"${autorun ? html` data-autorun="1"` : ''}>
<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
<label for="kql">KQL query</label>
<div class="editor"><pre class="kql overlay" aria-hidden="true"><code id="kql-overlay">${highlightKql(text, result?.diagnostics ?? [])}</code></pre>
<textarea id="kql" name="query" rows="10" spellcheck="false" autocapitalize="off" autocomplete="off" aria-describedby="kql-diags">${text}</textarea></div>
<div id="kql-diags" aria-live="polite">${result ? diagnosticsList(result.diagnostics) : ''}</div>
<button type="submit">Run</button> <span class="muted">Ctrl+Enter runs</span>
<span class="save-query"><label for="save-name" class="sr">Name for the saved query</label><input id="save-name" maxlength="80" placeholder="name"> <button type="button" id="save-query" class="secondary">Save query</button></span>
</form>
<figure id="kql-chart" class="chart" hidden><canvas id="kql-canvas" role="img" aria-label="Chart of the query result"></canvas><figcaption id="kql-chart-caption"></figcaption></figure>
<div id="kql-results">${result && !result.diagnostics.some((d) => d.severity === 'error') ? resultsGrid({ ...result, diagnostics: [] }) : ''}</div>
</div>
<aside class="pg-side" aria-label="Query history and saved queries">
<section><h2>Saved queries</h2><ul id="pg-saved" class="qlist"><li class="muted">Name a query and save it; saved queries stay in this browser.</li></ul></section>
<section><h2>History</h2><ul id="pg-history" class="qlist"><li class="muted">Queries you run appear here (the last 20, in this browser).</li></ul></section>
</aside>
</div>`;
  return page(ctx, 'Playground', 'playground', body, { scripts: ['/static/chart.umd.min.js'] });
}
