/**
 * Content hash of a rule: SHA-256 over a canonical JSON of what the rule says (query, metadata),
 * leaving out where and when it was read (source commit/time), the lint result and later
 * annotations. Two imports of an unchanged file give the same hash even from another commit.
 */
import { createHash } from 'node:crypto';
import type { Rule } from './model.js';

/** JSON with object keys sorted, so key order never changes the hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function contentHash(rule: Rule): string {
  const { source, lint, enrichment, exclusions, ...content } = rule;
  void lint;
  void enrichment;
  void exclusions;
  const where = { repository: source.repository, path: source.path, block: source.block };
  return createHash('sha256')
    .update(canonicalJson({ ...content, source: where }))
    .digest('hex');
}
