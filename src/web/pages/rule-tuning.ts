/**
 * The rule page's false-positive section: each benign scenario with its executable exclusion, the
 * exclusion's measured effect on the loaded data (benign vs malicious when ground truth is loaded)
 * and its safety flags; enable/disable controls when the exclusions are stored; the tuned query.
 */
import type { Enrichment } from '../../rules/enrich/index.js';
import {
  analyseExclusion,
  compileForTable,
  type Exclusion,
  type ExclusionMeasurement,
  type Measurement,
  pipelineShape,
  type SafetyFlag,
  tuneQuery,
} from '../../rules/exclusions/index.js';
import { exclusionSet, measurement } from '../exclusions.js';
import { highlightKql } from '../highlight.js';
import { type Html, html, seg } from '../html.js';
import { badge } from '../layout.js';
import type { WebRule } from '../model.js';
import { CSRF_FIELD } from '../security.js';
import type { WebState } from '../state.js';

function effect(m: Measurement | undefined, x: ExclusionMeasurement | undefined, truth: boolean): Html {
  if (!m || !x) return html`<span class="muted">not measured (the rule's tables are not loaded)</span>`;
  if (!x.ran) return html`<span class="muted">could not run on this data</span>`;
  const labelled = truth
    ? html`<br>${x.benign} benign · ${x.malicious > 0 ? html`<strong class="bad">${x.malicious} malicious</strong>` : '0 malicious'} · ${x.unlabelled} unlabelled`
    : '';
  return html`suppresses <strong>${x.suppressed}</strong> of ${m.baselineRows} rows${labelled}`;
}

function flagTone(f: SafetyFlag): string {
  return f.severity === 'high' ? 'high' : f.severity === 'medium' ? 'medium' : f.severity === 'low' ? 'low' : 'info';
}

const SEVERITY_ORDER: Readonly<Record<SafetyFlag['severity'], number>> = { high: 0, medium: 1, low: 2, info: 3 };

/** Worst first: the flag that should stop someone enabling the exclusion is read first. */
function flagsCell(flags: readonly SafetyFlag[]): Html {
  if (flags.length === 0) return html`<span class="ok">no flags</span>`;
  const sorted = [...flags].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return html`<ul class="flags">${sorted.map((f) => html`<li>${badge(f.severity, flagTone(f))} <span class="flag-kind">${f.kind}</span>: ${f.reason}</li>`)}</ul>`;
}

/** Strings the rule itself filters on, so the safety check can tell "excludes the very tool hunted". */
function ruleTerms(e: Enrichment): string[] {
  return [...e.hypothesis.filters.flatMap((f) => f.values), ...e.hypothesis.tools, ...e.hypothesis.vendorNames];
}

/** A CSRF-protected POST form (no JS needed) that flips one exclusion. */
function toggle(r: WebRule, x: Exclusion, csrf: string): Html {
  return html`<form method="post" action="/rules/${seg(r.rule.id)}/exclusions/${seg(x.id)}" class="exc-toggle">
<input type="hidden" name="${CSRF_FIELD}" value="${csrf}"><input type="hidden" name="enabled" value="${x.enabled ? '0' : '1'}">
<button type="submit">${x.enabled ? 'Disable' : 'Enable'}</button></form>`;
}

interface RowInput {
  readonly x: Exclusion;
  readonly table: string | undefined;
  readonly needsInput: boolean;
}

function exclusionRow(
  r: WebRule,
  row: RowInput,
  ctx: { m: Measurement | undefined; e: Enrichment; state: WebState; csrf: string },
): Html {
  const { x, table } = row;
  const mx = ctx.m?.perExclusion.find((p) => p.id === x.id);
  const flags = analyseExclusion(x.expression, {
    table,
    ruleTerms: ruleTerms(ctx.e),
    ...(ctx.m && mx ? { measured: { baselineRows: ctx.m.baselineRows, result: mx } } : {}),
  });
  const kql = compileForTable(x.expression, table).kql;
  const state = x.enabled ? badge('enabled', 'low') : badge('disabled', 'info');
  return html`<tr data-exclusion="${x.id}"><th scope="row">${x.scenario}<br><span class="muted">${x.description}</span></th>
<td><code class="exc">${x.expression}</code>${kql ? html`<br><span class="muted">KQL:</span> <code>${kql}</code>` : ''}
<p class="badges">${state} ${badge(x.source, 'plain')}${row.needsInput ? html` ${badge('needs your value', 'medium')}` : ''}</p>
${toggle(r, x, ctx.csrf)}</td>
<td>${effect(ctx.m, mx, ctx.state.groundTruth !== undefined)}</td>
<td>${flagsCell(flags)}</td></tr>`;
}

function summary(m: Measurement | undefined, state: WebState, enabled: number): Html {
  const truth = state.groundTruth
    ? html`Ground truth is loaded (${state.groundTruth.length} labelled rows), so suppressed rows are split into benign and malicious.`
    : html`No ground truth is loaded for this data, so suppressed rows cannot be labelled benign or malicious.`;
  if (!m) return html`<p class="muted">${truth}</p>`;
  const c = m.combined;
  return html`<p>Without exclusions the rule's filter matches <strong>${m.baselineRows}</strong> rows of the loaded data.
${enabled > 0 ? html`${enabled === 1 ? 'The enabled exclusion suppresses' : `The ${enabled} enabled exclusions together suppress`} <strong>${c.suppressed}</strong>${state.groundTruth ? html` (${c.benign} benign, ${c.malicious > 0 ? html`<strong class="bad">${c.malicious} malicious</strong>` : '0 malicious'})` : ''}.` : 'No exclusion is enabled.'}
<span class="muted">${truth}</span></p>`;
}

export function tuningSection(r: WebRule, state: WebState, e: Enrichment, csrf: string): Html {
  const set = exclusionSet(state, r, e);
  const m = measurement(state, r, set.exclusions);
  const pipelineTable = pipelineShape(r.rule.query)?.table;
  const scenarios = new Map(e.falsePositives.map((s) => [s.id, s]));
  const rows = set.exclusions.map((x) =>
    exclusionRow(
      r,
      { x, table: scenarios.get(x.id)?.table ?? pipelineTable, needsInput: scenarios.get(x.id)?.needsInput ?? false },
      { m, e, state, csrf },
    ),
  );
  const enabled = set.exclusions.filter((x) => x.enabled).length;
  const tuned = tuneQuery(r.rule.query, set.exclusions);
  return html`<section aria-labelledby="fp-h"><h2 id="fp-h">False Positive Guidance</h2>
${
  set.mode === 'stored'
    ? html`<p>Exclusions stored for this rule: hunts run the tuned query below. Enabling or disabling one changes it for the next hunt.</p>`
    : html`<p>Suggested by the false-positive knowledge base${r.exclusions.length > 0 ? ' and the rule itself' : ''}. They are not stored yet, so hunts apply none of the knowledge base's; enabling or disabling one stores this set for the rule. Suggestions that need your value start disabled.</p>`
}
${summary(m, state, enabled)}
${
  rows.length === 0
    ? html`<p>Expect hits where IT uses the tool legitimately; confirm with the device owner that it is sanctioned before escalating.</p>`
    : html`<div class="scroll"><table class="grid exclusions"><caption>Benign scenarios, their exclusions and measured effect on the loaded data</caption>
<thead><tr><th scope="col">Scenario</th><th scope="col">Exclusion</th><th scope="col">Measured effect</th><th scope="col">Safety flags</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
</section>
<section aria-labelledby="tuned-h"><h2 id="tuned-h">Tuned Query</h2>
${tuned.inserted ? html`<p>The rule with one <code>where not(…)</code> line per enabled exclusion.</p>` : html`<p class="muted">No enabled exclusion applies, so the tuned query equals the original.</p>`}
<pre class="kql"><code>${highlightKql(tuned.text)}</code></pre>
</section>`;
}
