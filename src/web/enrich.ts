/**
 * Fallback enrichment: until src/rules/enrich lands, the rule page's hypothesis, confidence and
 * false-positive guidance are derived from the rule's own fields. A structured `rule.enrichment`
 * (when another step filled it) wins field by field.
 */
import { tacticByName, technique } from '../data/attack.generated.js';
import type { Rule } from '../rules/model.js';
import type { Exclusion } from '../rules/exclusions/index.js';
import type { AttackView, Confidence, DataSourceView, EnrichmentView } from './model.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

function strings(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x) => {
    if (typeof x === 'string') return [x];
    const text =
      x && typeof x === 'object'
        ? str((x as Record<string, unknown>).text ?? (x as Record<string, unknown>).scenario)
        : undefined;
    return text ? [text] : [];
  });
}

function confidenceOf(v: unknown, rule: Rule): Confidence {
  if (v === 'low' || v === 'medium' || v === 'high') return v;
  if (rule.lint.status === 'errors') return 'low';
  return rule.techniques.length > 0 && rule.tables.length > 0 ? 'medium' : 'low';
}

function hypothesisOf(rule: Rule): string {
  const tech = rule.techniques.map((id) => `${id} (${technique(id)?.name ?? 'unknown technique'})`).join(', ');
  const tables = rule.tables.join(', ') || 'the loaded telemetry';
  const what = rule.name || rule.id;
  return (
    `The hypothesis is that an adversary's activity matching "${what}" appears in ${tables}` +
    (tech ? `, consistent with ATT&CK ${tech}` : '') +
    '. Hunt for it proactively, then confirm each hit with the device owner before acting.'
  );
}

export function enrichmentOf(rule: Rule): EnrichmentView {
  const e = (rule.enrichment && typeof rule.enrichment === 'object' ? rule.enrichment : {}) as Record<string, unknown>;
  const hypothesis = str(e.hypothesis);
  return {
    hypothesis: hypothesis ?? hypothesisOf(rule),
    confidence: confidenceOf(e.confidence, rule),
    severity: str(e.severity) ?? rule.severity ?? 'Medium',
    falsePositives: strings(e.falsePositives ?? e.falsePositiveGuidance),
    generated: true,
  };
}

/** Exclusions from `rule.exclusions` when it holds a RuleExclusions value or a bare array. */
export function exclusionsOf(rule: Rule): Exclusion[] {
  const x = rule.exclusions as { exclusions?: unknown } | unknown[] | undefined;
  const list = Array.isArray(x) ? x : Array.isArray(x?.exclusions) ? x.exclusions : [];
  return list.filter(
    (e): e is Exclusion =>
      !!e &&
      typeof e === 'object' &&
      typeof (e as Exclusion).id === 'string' &&
      typeof (e as Exclusion).expression === 'string',
  );
}

export function dataSourcesOf(rule: Rule, loaded: (table: string) => boolean): DataSourceView[] {
  return rule.tables.map((table) => ({
    table,
    connector: rule.requiredDataConnectors.find((c) => c.dataTypes.includes(table))?.connectorId,
    present: loaded(table),
  }));
}

export function attackOf(rule: Rule): AttackView[] {
  return rule.techniques.map((id) => {
    const t = technique(id);
    return {
      id,
      name: t?.name ?? 'Unknown or retired technique',
      url: t?.url,
      tactics: t ? t.tactics.map((s) => tacticByName(s)?.name ?? s) : rule.tactics,
    };
  });
}
