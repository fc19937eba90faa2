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

export function playgroundPage(ctx: PageContext, state: WebState, text: string, result?: QueryOutcome): string {
  const tables = state.provider.tableNames();
  const body = html`<h1>Playground</h1>
<p>Tables loaded: ${tables.length ? tables.join(', ') : 'none'}. ${state.now === undefined ? '' : html`<code>now()</code> is the end of the loaded data.`}</p>
<form method="post" action="/playground" id="playground-form">
<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
<label for="kql">KQL query</label>
<div class="editor"><pre class="kql overlay" aria-hidden="true"><code id="kql-overlay">${highlightKql(text, result?.diagnostics ?? [])}</code></pre>
<textarea id="kql" name="query" rows="10" spellcheck="false" autocapitalize="off" autocomplete="off" aria-describedby="kql-diags">${text}</textarea></div>
<div id="kql-diags" aria-live="polite">${result ? diagnosticsList(result.diagnostics) : ''}</div>
<button type="submit">Run</button> <span class="muted">Ctrl+Enter runs</span>
</form>
<div id="kql-results">${result && !result.diagnostics.some((d) => d.severity === 'error') ? resultsGrid({ ...result, diagnostics: [] }) : ''}</div>`;
  return page(ctx, 'Playground', 'playground', body);
}
