/**
 * The rule page's false-positive section: guidance, each exclusion with its measured effect on the
 * loaded data and its safety flags, and the tuned query.
 */
import {
  analyseExclusion,
  type ExclusionMeasurement,
  type Measurement,
  measureExclusions,
  pipelineShape,
  tuneQuery,
} from '../../rules/exclusions/index.js';
import { highlightKql } from '../highlight.js';
import { type Html, html } from '../html.js';
import { badge } from '../layout.js';
import type { WebRule } from '../model.js';
import type { WebState } from '../state.js';

const MEASURED = new WeakMap<WebRule, Measurement | null>();

function measured(r: WebRule, state: WebState): Measurement | undefined {
  if (!MEASURED.has(r)) {
    const enabled = r.exclusions.filter((x) => x.enabled);
    let m: Measurement | null = null;
    if (enabled.length > 0 && state.hasData(r)) {
      try {
        m = measureExclusions(r.rule.query, enabled, { provider: state.provider, now: state.now, timeoutMs: 10_000 });
      } catch (e) {
        console.error('kqlhunt web: measuring exclusions failed:', e);
      }
    }
    MEASURED.set(r, m);
  }
  return MEASURED.get(r) ?? undefined;
}

function effect(m: Measurement | undefined, x: ExclusionMeasurement | undefined): Html {
  if (!m || !x) return html`<span class="muted">not measured (data not loaded or exclusion disabled)</span>`;
  if (!x.ran) return html`<span class="muted">could not run</span>`;
  return html`suppresses <strong>${x.suppressed}</strong> of ${m.baselineRows} rows${x.malicious > 0 ? html` · <strong class="bad">${x.malicious} malicious</strong>` : ''}${x.benign > 0 ? html` · ${x.benign} benign` : ''}`;
}

export function tuningSection(r: WebRule, state: WebState): Html {
  const table = pipelineShape(r.rule.query)?.table;
  const m = measured(r, state);
  const rows = r.exclusions.map((x) => {
    const mx = m?.perExclusion.find((p) => p.id === x.id);
    const flags = analyseExclusion(x.expression, {
      table,
      ...(m && mx ? { measured: { baselineRows: m.baselineRows, result: mx } } : {}),
    });
    return html`<tr><th scope="row">${x.scenario}<br><span class="muted">${x.description}</span></th>
<td><code>${x.expression}</code>${x.enabled ? '' : html` ${badge('disabled', 'info')}`}</td>
<td>${effect(m, mx)}</td>
<td>${flags.length === 0 ? html`<span class="ok">no flags</span>` : html`<ul class="flags">${flags.map((f) => html`<li>${badge(f.severity, f.severity === 'high' ? 'high' : f.severity === 'medium' ? 'medium' : 'low')} ${f.reason}</li>`)}</ul>`}</td></tr>`;
  });
  const tuned = tuneQuery(r.rule.query, r.exclusions);
  const guidance = r.enrichment.falsePositives;
  return html`<section aria-labelledby="fp-h"><h2 id="fp-h">False Positive Guidance</h2>
${guidance.length > 0 ? html`<ul>${guidance.map((g) => html`<li>${g}</li>`)}</ul>` : html`<p>Expect hits where IT uses the tool legitimately; confirm with the device owner that it is sanctioned before escalating.</p>`}
${
  r.exclusions.length === 0
    ? html`<p class="muted">No exclusions are defined for this rule.</p>`
    : html`<div class="scroll"><table class="grid"><caption>Exclusions and their measured effect on the loaded data</caption>
<thead><tr><th scope="col">Scenario</th><th scope="col">Exclusion</th><th scope="col">Measured effect</th><th scope="col">Safety flags</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
</section>
<section aria-labelledby="tuned-h"><h2 id="tuned-h">Tuned Query</h2>
${tuned.inserted ? html`<p>The rule with one <code>where not(…)</code> line per enabled exclusion.</p>` : html`<p class="muted">No exclusion applies, so the tuned query equals the original.</p>`}
<pre class="kql"><code>${highlightKql(tuned.text)}</code></pre>
</section>`;
}
