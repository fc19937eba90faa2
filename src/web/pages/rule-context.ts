/**
 * The rule page's enrichment sections (src/rules/enrich): the assessment (severity and confidence
 * with their reasons), required data sources, ATT&CK context and references with related rules.
 */
import type { Enrichment, Rated } from '../../rules/enrich/index.js';
import { type Html, html, safeUrl, seg } from '../html.js';
import { badge, severityTone } from '../layout.js';

function reasons<T extends string>(r: Rated<T>): Html {
  return r.reasons.length === 0
    ? html`<p class="muted">No reasons recorded.</p>`
    : html`<ul class="reasons">${r.reasons.map((x) => html`<li>${x}</li>`)}</ul>`;
}

/** Badge tone for a confidence level: high confidence is good news, so it is green. */
export function confidenceTone(level: string): string {
  return level === 'high' ? 'low' : level === 'medium' ? 'medium' : 'info';
}

export function assessmentSection(e: Enrichment): Html {
  const sev = e.severity.level;
  const conf = e.confidence.level;
  return html`<section aria-labelledby="assess-h"><h2 id="assess-h">Severity and Confidence</h2>
<div class="assess">
<div><h3>Severity ${badge(sev.toUpperCase(), severityTone(sev), 'severity')}</h3>${reasons(e.severity)}</div>
<div><h3>Confidence ${badge(conf.toUpperCase(), confidenceTone(conf), 'confidence')}</h3>${reasons(e.confidence)}</div>
</div></section>`;
}

export function hypothesisSection(e: Enrichment): Html {
  const h = e.hypothesis;
  return html`<section aria-labelledby="hyp-h"><h2 id="hyp-h">Hunt Hypothesis</h2>
<p class="hypothesis">${h.text}</p>
<dl class="facts">
<dt>Behaviour</dt><dd>${h.behaviour}</dd>
<dt>Evidence</dt><dd>${h.evidence}</dd>
<dt>Why it matters</dt><dd>${h.whyItMatters}</dd>
${h.lookback ? html`<dt>Lookback</dt><dd>${h.lookback}</dd>` : ''}
${h.tools.length > 0 ? html`<dt>Tools</dt><dd>${h.tools.join(', ')}</dd>` : ''}
${h.domains.length > 0 ? html`<dt>Domains</dt><dd>${h.domains.map((d) => html`<code>${d}</code> `)}</dd>` : ''}
</dl></section>`;
}

export function dataSourcesSection(e: Enrichment): Html {
  return html`<section aria-labelledby="ds-h"><h2 id="ds-h">Required Data Sources</h2>
${
  e.dataSources.length === 0
    ? html`<p class="muted">The query reads no known table.</p>`
    : html`<div class="scroll"><table class="grid"><thead><tr><th scope="col">Sentinel Table</th><th scope="col">Connector</th><th scope="col">Product</th><th scope="col">In loaded data</th><th scope="col">Notes</th></tr></thead>
<tbody>${e.dataSources.map(
        (d) =>
          html`<tr><td>${d.table}</td><td>${d.connector ?? '—'}${d.connectors.length > 1 ? html`<br><span class="muted">also ${d.connectors.filter((c) => c !== d.connector).join(', ')}</span>` : ''}</td><td>${d.product ?? '—'}</td><td>${d.loaded === true ? html`<span class="ok">yes</span>` : d.loaded === false ? html`<span class="bad">no</span>` : '—'}</td><td>${d.note}</td></tr>`,
      )}</tbody></table></div>`
}
</section>`;
}

export function attackSection(e: Enrichment): Html {
  const a = e.attack;
  const items = a.techniques.map(
    (
      t,
    ) => html`<li><a href="/coverage?technique=${seg(t.id)}">${t.id}</a> <strong>${t.name}</strong> (<a href="${safeUrl(t.url)}" rel="noopener noreferrer">attack.mitre.org</a>)
<br>Tactics: ${t.tactics.map((x) => html`<a href="${safeUrl(x.url)}" rel="noopener noreferrer">${x.name}</a> (${x.id}) `)}
${t.parent ? html`<br>Sub-technique of ${t.parent.id} ${t.parent.name}` : ''}
${t.subTechniques.length > 0 ? html`<br>Sub-techniques: ${t.subTechniques.map((s) => `${s.id} ${s.name}`).join('; ')}` : ''}
${t.platforms.length > 0 ? html`<br><span class="muted">Platforms: ${t.platforms.join(', ')}</span>` : ''}</li>`,
  );
  return html`<section aria-labelledby="attack-h"><h2 id="attack-h">MITRE ATT&amp;CK Context</h2>
${items.length === 0 ? html`<p class="muted">No techniques listed.</p>` : html`<ul class="attack">${items}</ul>`}
${a.tactics.length > 0 ? html`<p>Rule tactics: ${a.tactics.map((t) => t.name).join(', ')}</p>` : ''}
${a.retired.length > 0 ? html`<p>Retired ids: ${a.retired.map((r) => `${r.id} ${r.name}${r.replacedBy ? ` (now ${r.replacedBy})` : ''}`).join('; ')}</p>` : ''}
${a.unknown.length > 0 ? html`<p class="bad">Unknown to ATT&amp;CK: ${a.unknown.join(', ')}</p>` : ''}
<p class="muted">ATT&amp;CK v${a.version}.</p>
</section>`;
}

export function referencesSection(e: Enrichment): Html {
  const r = e.references;
  return html`<section aria-labelledby="refs-h"><h2 id="refs-h">References</h2>
${r.links.length === 0 ? html`<p class="muted">None.</p>` : html`<ul>${r.links.map((l) => html`<li>${badge(l.kind, 'plain')} <a href="${safeUrl(l.url)}" rel="noopener noreferrer">${l.url}</a></li>`)}</ul>`}
<h3>Related rules</h3>
${
  r.related.length === 0
    ? html`<p class="muted">No related rule in the catalog.</p>`
    : html`<ul class="related">${r.related.map((x) => html`<li><a href="/rules/${seg(x.id)}">${x.name || x.id}</a> <span class="muted">— ${x.reason}</span></li>`)}</ul>
${r.relatedTotal > r.related.length ? html`<p class="muted">${r.related.length} of ${r.relatedTotal} related rules shown.</p>` : ''}`
}
</section>`;
}
