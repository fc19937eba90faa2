/**
 * Plain-text rendering of a rule's enrichment for `kqlhunt rules show --enriched`: the SOC-feed
 * facets in the order an analyst reads them (hypothesis, severity, confidence, data sources,
 * ATT&CK, references, false-positive guidance), then the exclusions stored for the rule with
 * their safety flags. Pure: enrichment and views in, lines out.
 */
import type { Enrichment, FalsePositiveScenario } from '../rules/enrich/types.js';
import type { SafetyFlag } from '../rules/exclusions/index.js';
import type { ExclusionView } from './exclusion-view.js';

const INDENT = '  ';

function flagLines(flags: readonly SafetyFlag[], indent: string): string[] {
  if (flags.length === 0) return [`${indent}safety: no flags`];
  return flags.map((f) => `${indent}flag ${f.severity} ${f.kind}: ${f.reason}`);
}

function ratedLines(title: string, level: string, reasons: readonly string[]): string[] {
  return [`${title}: ${level}`, ...reasons.map((r) => `${INDENT}- ${r}`)];
}

function dataSourceLines(e: Enrichment): string[] {
  const lines = ['Data sources'];
  for (const d of e.dataSources) {
    const loaded = d.loaded === undefined ? '' : `; present in loaded data: ${d.loaded ? 'yes' : 'NO'}`;
    const how = [d.readByQuery ? 'read by the query' : '', d.declared ? 'declared' : ''].filter(Boolean).join(', ');
    lines.push(
      `${INDENT}${d.table}: connector ${d.connector ?? 'unknown'}${d.product ? ` (${d.product})` : ''}; ${how || 'listed'}${loaded}`,
    );
    if (d.connectors.length > 1) lines.push(`${INDENT}${INDENT}also: ${d.connectors.slice(1).join(', ')}`);
    if (d.note) lines.push(`${INDENT}${INDENT}${d.note}`);
  }
  if (e.dataSources.length === 0) lines.push(`${INDENT}(none found)`);
  return lines;
}

function attackLines(e: Enrichment): string[] {
  const a = e.attack;
  const lines = [`ATT&CK (Enterprise ${a.version})`];
  for (const t of a.techniques) {
    const tactics = t.tactics.map((x) => `${x.name} ${x.id}`).join(', ');
    lines.push(`${INDENT}${t.id} ${t.name}${t.parent ? ` (of ${t.parent.id} ${t.parent.name})` : ''}: ${t.url}`);
    if (tactics) lines.push(`${INDENT}${INDENT}tactics: ${tactics}`);
    if (t.platforms.length > 0) lines.push(`${INDENT}${INDENT}platforms: ${t.platforms.join(', ')}`);
  }
  if (a.tactics.length > 0)
    lines.push(`${INDENT}rule tactics: ${a.tactics.map((x) => `${x.name} (${x.id})`).join(', ')}`);
  if (a.unknown.length > 0) lines.push(`${INDENT}unknown to ATT&CK: ${a.unknown.join(', ')}`);
  for (const r of a.retired)
    lines.push(`${INDENT}retired: ${r.id} ${r.name}${r.replacedBy ? ` → use ${r.replacedBy}` : ''}`);
  return lines;
}

function referenceLines(e: Enrichment): string[] {
  const r = e.references;
  const lines = ['References'];
  for (const l of r.links) lines.push(`${INDENT}[${l.kind}] ${l.url}`);
  if (r.related.length > 0) {
    lines.push(`${INDENT}related rules (${r.related.length} of ${r.relatedTotal}):`);
    for (const x of r.related) lines.push(`${INDENT}${INDENT}${x.id} ${x.name} — ${x.reason}`);
  }
  return lines;
}

function scenarioLines(s: FalsePositiveScenario): string[] {
  const i2 = INDENT.repeat(2);
  return [
    `${INDENT}${s.id}: ${s.scenario}${s.needsInput ? ' [needs your value before it matches anything]' : ''}`,
    `${i2}${s.description}`,
    `${i2}exclusion: ${s.exclusion}`,
    `${i2}kql (${s.table}): ${s.kql}`,
    ...flagLines(s.safety, i2),
  ];
}

/** One stored exclusion: state, text, KQL or why it cannot compile, flags, measured effect. */
export function exclusionViewLines(v: ExclusionView): string[] {
  const x = v.exclusion;
  const i2 = INDENT.repeat(2);
  const lines = [
    `${INDENT}[${x.enabled ? 'enabled' : 'disabled'}] ${x.id} (${x.source}): ${x.scenario}`,
    ...(x.description ? [`${i2}${x.description}`] : []),
    `${i2}exclusion: ${x.expression}`,
  ];
  if (v.kql !== undefined) lines.push(`${i2}kql (${v.table}): ${v.kql}`);
  for (const d of v.diagnostics.filter((d) => d.severity === 'error'))
    lines.push(`${i2}error ${d.code} at ${d.line}:${d.column}: ${d.message}`);
  lines.push(...flagLines(v.flags, i2));
  if (v.measured?.ran) lines.push(`${i2}on the loaded data: suppresses ${v.measured.suppressed} matching row(s)`);
  return lines;
}

export function enrichmentText(e: Enrichment, stored: readonly ExclusionView[]): string[] {
  const h = e.hypothesis;
  const lines = [
    `Enrichment (${e.generator}, version ${e.version})`,
    '',
    'Hypothesis',
    `${INDENT}${h.text}`,
    ...(h.lookback ? [`${INDENT}lookback: ${h.lookback}`] : []),
    ...(h.thresholds.length > 0 ? [`${INDENT}thresholds: ${h.thresholds.join(', ')}`] : []),
    '',
    ...ratedLines('Severity', e.severity.level, e.severity.reasons),
    ...ratedLines('Confidence', e.confidence.level, e.confidence.reasons),
    '',
    ...dataSourceLines(e),
    '',
    ...attackLines(e),
    '',
    ...referenceLines(e),
    '',
    'False-positive guidance (knowledge base; "rules exclusions suggest ID --add" stores these, disabled)',
  ];
  for (const s of e.falsePositives) lines.push(...scenarioLines(s));
  if (e.falsePositives.length === 0) lines.push(`${INDENT}(no knowledge-base scenarios for this rule's tables)`);
  if (e.upstreamFalsePositives && e.upstreamFalsePositives.length > 0) {
    lines.push('', "False positives the rule's authors list");
    for (const f of e.upstreamFalsePositives) lines.push(`${INDENT}- ${f}`);
  }
  lines.push('', `Exclusions stored for this rule (${stored.filter((v) => v.exclusion.enabled).length} enabled)`);
  for (const v of stored) lines.push(...exclusionViewLines(v));
  if (stored.length === 0) lines.push(`${INDENT}(none; see "kqlhunt rules exclusions --help")`);
  return lines;
}
