/**
 * The Sentinel rule YAML schema, as data: which top-level fields a hunting query or analytic rule
 * file has, their types, and which are required. The loader validates against this table and the
 * exporter writes fields in its order.
 */

export type FieldType =
  | 'string'
  | 'text' // multi-line string (block scalar on export)
  | 'stringList'
  | 'connectors'
  | 'duration'
  | 'number'
  | 'entityMappings'
  | 'stringMap'
  | 'any';

export interface FieldSpec {
  readonly type: FieldType;
  readonly required: boolean;
  /** Allowed values (compared case-insensitively), when the field is an enumeration. */
  readonly allowed?: readonly string[];
}

/** In Sentinel's own order (the order of Azure-Sentinel's rule template). */
export const SENTINEL_FIELDS: Readonly<Record<string, FieldSpec>> = {
  id: { type: 'string', required: true },
  name: { type: 'string', required: true },
  description: { type: 'text', required: false },
  severity: { type: 'string', required: false, allowed: ['Informational', 'Low', 'Medium', 'High'] },
  status: { type: 'any', required: false },
  requiredDataConnectors: { type: 'connectors', required: false },
  queryFrequency: { type: 'duration', required: false },
  queryPeriod: { type: 'duration', required: false },
  triggerOperator: { type: 'string', required: false, allowed: ['gt', 'lt', 'eq', 'ne'] },
  triggerThreshold: { type: 'number', required: false },
  tactics: { type: 'stringList', required: false },
  relevantTechniques: { type: 'stringList', required: false },
  tags: { type: 'any', required: false },
  query: { type: 'text', required: true },
  entityMappings: { type: 'entityMappings', required: false },
  customDetails: { type: 'stringMap', required: false },
  alertDetailsOverride: { type: 'any', required: false },
  eventGroupingSettings: { type: 'any', required: false },
  incidentConfiguration: { type: 'any', required: false },
  suppressionDuration: { type: 'any', required: false },
  suppressionEnabled: { type: 'any', required: false },
  sentinelEntitiesMappings: { type: 'any', required: false },
  version: { type: 'string', required: false },
  kind: {
    type: 'string',
    required: false,
    allowed: [
      'Scheduled',
      'NRT',
      'Fusion',
      'MicrosoftSecurityIncidentCreation',
      'MLBehaviorAnalytics',
      'ThreatIntelligence',
    ],
  },
  metadata: { type: 'any', required: false },
};

export const SENTINEL_FIELD_NAMES: readonly string[] = Object.keys(SENTINEL_FIELDS);

/** Sentinel spells the trigger operators both ways. */
export const TRIGGER_ALIASES: Readonly<Record<string, 'gt' | 'lt' | 'eq' | 'ne'>> = {
  gt: 'gt',
  greaterthan: 'gt',
  lt: 'lt',
  lessthan: 'lt',
  eq: 'eq',
  equal: 'eq',
  ne: 'ne',
  notequal: 'ne',
};
