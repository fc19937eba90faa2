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
    description: rule.description || undefined,
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
