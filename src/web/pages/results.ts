/** A query result as an accessible table, with column types and the diagnostics above it. */
import type { Diagnostic } from '../../kql/engine.js';
import { jsonText } from '../../kql/engine.js';
import { type Html, html } from '../html.js';
import type { QueryOutcome } from '../query.js';

export function diagnosticsList(diags: readonly Diagnostic[]): Html {
  if (diags.length === 0) return html``;
  return html`<ul class="diags">${diags.map(
    (d) =>
      html`<li class="diag-${d.severity}"><strong>${d.severity}</strong> <code>${d.code}</code> line ${d.line}, column ${d.column}: ${d.message}</li>`,
  )}</ul>`;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : jsonText(v);
}

export function resultsGrid(out: QueryOutcome): Html {
  const errors = out.diagnostics.some((d) => d.severity === 'error');
  return html`<div class="results" role="region" aria-label="Query results">
${diagnosticsList(out.diagnostics)}
${
  errors
    ? html``
    : html`<p class="count">${out.totalRows} rows${out.truncated ? html` (first ${out.rows.length} shown)` : ''} · ${out.elapsedMs} ms</p>
<div class="scroll"><table class="grid results-grid"><thead><tr>${out.columns.map(
        (c) => html`<th scope="col">${c.name}<br><span class="type">${c.type}</span></th>`,
      )}</tr></thead>
<tbody>${out.rows.map((r) => html`<tr>${r.map((v) => (cell(v).length > 60 ? html`<td title="${cell(v).slice(0, 2000)}">${cell(v)}</td>` : html`<td>${cell(v)}</td>`))}</tr>`)}</tbody></table></div>`
}
</div>`;
}
