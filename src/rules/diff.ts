/**
 * Import diff: compares the rules of a new import of a source with the previous import of the same
 * source. Pure; rules are matched by id and compared by content hash.
 */
import { contentHash } from './hash.js';
import type { Rule } from './model.js';

export interface ImportDiff {
  readonly added: readonly Rule[];
  readonly updated: readonly { readonly before: Rule; readonly after: Rule }[];
  readonly unchanged: readonly Rule[];
  readonly removed: readonly Rule[];
}

export function diffImports(previous: readonly Rule[], current: readonly Rule[]): ImportDiff {
  const before = new Map(previous.map((r) => [r.id, r]));
  const seen = new Set<string>();
  const added: Rule[] = [];
  const updated: { before: Rule; after: Rule }[] = [];
  const unchanged: Rule[] = [];
  for (const rule of current) {
    seen.add(rule.id);
    const old = before.get(rule.id);
    if (!old) added.push(rule);
    else if (contentHash(old) === contentHash(rule)) unchanged.push(rule);
    else updated.push({ before: old, after: rule });
  }
  const removed = previous.filter((r) => !seen.has(r.id));
  return { added, updated, unchanged, removed };
}
