/** The coverage page: ATT&CK Enterprise matrix coloured by rule count, toggles, and a technique's rules. */
import { technique } from '../../data/attack.generated.js';
import { type CoverageOptions, coverageCounts, coverageOf, HEAT_LABELS, heatLevel, matrix } from '../coverage.js';
import { type Html, html, seg } from '../html.js';
import { type PageContext, page } from '../layout.js';
import type { WebState } from '../state.js';
import { ruleCard } from './feed.js';

function query(o: CoverageOptions, technique?: string): string {
  const p = new URLSearchParams();
  if (o.loadedOnly) p.set('loaded', '1');
  if (o.findingsOnly) p.set('findings', '1');
  if (technique) p.set('technique', technique);
  const s = p.toString();
  return s ? `?${s}` : '';
}

function selected(state: WebState, o: CoverageOptions, id: string | undefined): Html {
  if (!id) return html`<p class="muted">Choose a technique in the matrix to list its rules.</p>`;
  const t = technique(id);
  const ids = new Set(coverageOf(state, o).get(t?.id ?? id)?.ruleIds ?? []);
  const rules = state.rules.filter((r) => ids.has(r.rule.id));
  return html`<section id="technique" aria-labelledby="tech-h"><h2 id="tech-h">${id} ${t?.name ?? '(unknown technique)'}: ${rules.length} rules</h2>
<p><a href="/?technique=${seg(id)}">Open in the feed</a></p>
${rules.length ? html`<ol class="cards">${rules.slice(0, 100).map((r) => ruleCard(r, state))}</ol>` : ''}</section>`;
}

export function coveragePage(ctx: PageContext, state: WebState, o: CoverageOptions, techniqueId?: string): string {
  const cov = coverageOf(state, o);
  const cols = matrix(cov);
  const n = coverageCounts(state, o);
  const body = html`<h1>ATT&amp;CK coverage</h1>
<form method="get" action="/coverage" class="toggles" id="coverage-form">
<fieldset><legend>Count only</legend>
<label><input type="checkbox" name="loaded" value="1"${o.loadedOnly ? html` checked` : ''}> rules whose data is loaded</label>
<label><input type="checkbox" name="findings" value="1"${o.findingsOnly ? html` checked` : ''}> rules with findings</label>
</fieldset>
<button type="submit">Apply</button>
<a href="/api/coverage/navigator-layer${query(o)}" download="kqlhunt-layer.json">Export ATT&amp;CK Navigator layer</a>
</form>
<p><span id="coverage-count">${n.named} ATT&amp;CK techniques and sub-techniques covered</span> by runnable rules: ${n.techniques} techniques (with their sub-techniques' rules), ${n.subTechniques} sub-techniques.${n.notRunnable ? html` ${n.notRunnable} rules that did not convert to KQL are not counted.` : ''} <span class="legend">${HEAT_LABELS.map((l, i) => html`<span class="heat-${i} swatch">${l}</span> `)}</span></p>
<div class="matrix-wrap" role="region" aria-label="ATT&amp;CK Enterprise matrix" tabindex="0">
<div class="matrix">${cols.map(
    (c) =>
      html`<section class="tactic" aria-label="${c.tactic.name}"><h2>${c.tactic.name}</h2><ul>${c.techniques.map(
        (t) =>
          html`<li><a class="cell heat-${heatLevel(t.count)}${t.id === techniqueId ? ' sel' : ''}" href="/coverage${query(o, t.id)}#technique" title="${t.id} ${t.name}: ${t.count} rules"><span>${t.name}</span> <b>${t.count}</b></a></li>`,
      )}</ul></section>`,
  )}</div></div>
${selected(state, o, techniqueId)}`;
  return page(ctx, 'Coverage', 'coverage', body);
}
