/**
 * Export: a rule → Sentinel YAML text, fields in Sentinel's template order (SENTINEL_FIELDS),
 * multi-line text as literal blocks. Loading the output gives back the same rule for every field
 * Sentinel YAML carries (tested as a round trip).
 */
import { stringify } from 'yaml';
import { sentinelDuration } from './duration.js';
import type { Rule } from './model.js';
import { SENTINEL_FIELD_NAMES } from './sentinel-schema.js';

const KIND_SPELLING: Readonly<Record<string, string>> = {
  scheduled: 'Scheduled',
  nrt: 'NRT',
  fusion: 'Fusion',
  microsoftsecurityincidentcreation: 'MicrosoftSecurityIncidentCreation',
  mlbehavioranalytics: 'MLBehaviorAnalytics',
  threatintelligence: 'ThreatIntelligence',
};

/** The Sentinel fields of a rule, as plain data (absent/empty optional fields are left out). */
export function toSentinelObject(rule: Rule): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    ...rule.extra,
    id: rule.id,
    name: rule.name,
    description: withAttribution(rule) || undefined,
    severity: rule.severity,
    requiredDataConnectors: rule.requiredDataConnectors.length
      ? rule.requiredDataConnectors.map((c) => ({ connectorId: c.connectorId, dataTypes: [...c.dataTypes] }))
      : undefined,
    queryFrequency: rule.queryFrequency ? sentinelDuration(rule.queryFrequency) : undefined,
    queryPeriod: rule.queryPeriod ? sentinelDuration(rule.queryPeriod) : undefined,
    triggerOperator: rule.triggerOperator,
    triggerThreshold: rule.triggerThreshold,
    tactics: rule.tactics.length ? [...rule.tactics] : undefined,
    relevantTechniques: rule.techniques.length ? [...rule.techniques] : undefined,
    tags: rule.tags.length ? [...rule.tags] : undefined,
    query: rule.query,
    entityMappings: rule.entityMappings.length
      ? rule.entityMappings.map((m) => ({
          entityType: m.entityType,
          fieldMappings: m.fieldMappings.map((f) => ({ ...f })),
        }))
      : undefined,
    customDetails: Object.keys(rule.customDetails).length ? { ...rule.customDetails } : undefined,
    version: rule.version,
    kind: KIND_SPELLING[rule.kind],
  };
  const ordered: Record<string, unknown> = {};
  for (const key of SENTINEL_FIELD_NAMES) if (fields[key] !== undefined) ordered[key] = fields[key];
  return ordered;
}

export function exportSentinelYaml(rule: Rule): string {
  return stringify(toSentinelObject(rule), { lineWidth: 0, blockQuote: 'literal', indentSeq: true });
}

/**
 * For rules converted from Sigma: who wrote the rule, where it came from and its licence, as the
 * Detection Rule License asks every shared conversion to keep. Empty for other rules.
 */
export function sigmaAttribution(rule: Rule): string[] {
  const s = rule.sigma;
  if (!s) return [];
  const lines = [
    `Converted from Sigma rule ${s.id ?? rule.id}${rule.source.url ? ` (${rule.source.url})` : ` (${rule.source.repository}/${rule.source.path})`}.`,
  ];
  if (s.author) lines.push(`Author: ${s.author}.`);
  if (s.date) lines.push(`Date: ${s.date}${s.modified ? `, modified ${s.modified}` : ''}.`);
  if (s.license) lines.push(`License: ${s.license}.`);
  for (const r of rule.references) lines.push(`Reference: ${r}`);
  if (s.conversion.status === 'converted') for (const n of s.conversion.notes) lines.push(`Note: ${n}`);
  return lines;
}

function withAttribution(rule: Rule): string {
  const a = sigmaAttribution(rule);
  if (a.length === 0) return rule.description;
  return [rule.description.trimEnd(), '', ...a].join('\n').trim();
}

/** The rule as a .kql file: a comment header (name, id, attribution) and the query. */
export function exportKql(rule: Rule): string {
  const header = [`// ${rule.name}`, `// id: ${rule.id}`, ...sigmaAttribution(rule).map((l) => `// ${l}`)];
  const flat = header.map((l) => l.replace(/[\r\n]+/g, ' '));
  return `${flat.join('\n')}\n${rule.query.trimEnd()}\n`;
}
