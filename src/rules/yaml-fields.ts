/**
 * Field readers for the Sentinel YAML loader: turn one parsed YAML value into the model's typed
 * value, accepting the upstream quirks (lists written as strings, numbers where strings belong,
 * mis-indented data connectors) with a warning. Each reader returns the value or undefined, and
 * pushes what it had to say into `notes`.
 */
import { RULE_DIAG } from './diagnostics.js';
import { parseDuration } from './duration.js';
import type { DataConnector, EntityMapping, RuleDuration } from './model.js';

export type Note = ReturnType<(typeof RULE_DIAG)['bom']>;

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `a ${typeof v}`;
}

export function readString(field: string, v: unknown, notes: Note[]): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') {
    notes.push(RULE_DIAG.scalarAsString(field, describe(v)));
    return String(v);
  }
  if (v !== null && v !== undefined) notes.push(RULE_DIAG.wrongType(field, 'a string', describe(v)));
  return undefined;
}

/** A list of strings; `"A, B"` or `"A"` (a quirk) is split on commas and whitespace. */
export function readStringList(field: string, v: unknown, notes: Note[]): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string') {
    notes.push(RULE_DIAG.stringAsList(field));
    return v
      .split(/[,\s]+/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const item of v) {
      if (typeof item === 'string' || typeof item === 'number') out.push(String(item).trim());
      else notes.push(RULE_DIAG.wrongType(`${field}[]`, 'a string', describe(item)));
    }
    return out.filter((s) => s !== '');
  }
  notes.push(RULE_DIAG.wrongType(field, 'a list of strings', describe(v)));
  return [];
}

export function readDuration(field: string, v: unknown, notes: Note[]): RuleDuration | undefined {
  if (v === null || v === undefined) return undefined;
  const d = parseDuration(String(v));
  if (!d) notes.push(RULE_DIAG.badDuration(field, String(v)));
  return d;
}

/**
 * requiredDataConnectors. Mis-indented upstream forms seen in the wild: data types listed as
 * siblings of the connector entries (`- connectorId: X` then `- DeviceProcessEvents`), or a
 * `dataTypes` key that ended up at the top level of the document (`strayDataTypes`).
 */
export function readConnectors(v: unknown, strayDataTypes: unknown, notes: Note[]): DataConnector[] {
  const out: { connectorId: string; dataTypes: string[] }[] = [];
  let quirk = false;
  const items = Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
  for (const item of items) {
    if (typeof item === 'string') {
      const last = out[out.length - 1];
      if (last) {
        last.dataTypes.push(item);
        quirk = true;
      } else notes.push(RULE_DIAG.wrongType('requiredDataConnectors[]', 'a mapping', 'a string'));
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    const rec = item as Record<string, unknown>;
    const id = typeof rec.connectorId === 'string' ? rec.connectorId : '';
    const types = Array.isArray(rec.dataTypes) ? rec.dataTypes.filter((t): t is string => typeof t === 'string') : [];
    if (typeof rec.dataTypes === 'string') types.push(rec.dataTypes);
    out.push({ connectorId: id, dataTypes: types });
  }
  if (strayDataTypes !== undefined) {
    const last = out[out.length - 1];
    const stray = readStringList('dataTypes', strayDataTypes, []);
    if (last && last.dataTypes.length === 0) last.dataTypes.push(...stray);
    else out.push({ connectorId: '', dataTypes: stray });
    quirk = true;
  }
  if (quirk) notes.push(RULE_DIAG.misindentedConnectors());
  return out;
}

export function readEntityMappings(v: unknown, notes: Note[]): EntityMapping[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) {
    notes.push(RULE_DIAG.wrongType('entityMappings', 'a list', describe(v)));
    return [];
  }
  const out: EntityMapping[] = [];
  for (const item of v) {
    if (typeof item !== 'object' || item === null) continue;
    const rec = item as Record<string, unknown>;
    const maps = Array.isArray(rec.fieldMappings) ? rec.fieldMappings : [];
    out.push({
      entityType: String(rec.entityType ?? ''),
      fieldMappings: maps
        .filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null)
        .map((m) => ({ identifier: String(m.identifier ?? ''), columnName: String(m.columnName ?? '') })),
    });
  }
  return out;
}

export function readStringMap(field: string, v: unknown, notes: Note[]): Record<string, string> {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    notes.push(RULE_DIAG.wrongType(field, 'a mapping', describe(v)));
    return {};
  }
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}
