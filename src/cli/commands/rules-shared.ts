/** Look-ups and JSON shapes shared by the `rules` sub-commands. */
import type { ExclusionView } from '../../hunts/exclusion-view.js';
import type { CatalogRule, Store } from '../../store/index.js';
import { UsageError } from '../exit.js';

/** A catalog rule by id or unique id prefix; anything else is a usage error (exit 2). */
export function requireRule(store: Store, id: string): CatalogRule {
  const r = store.getRule(id);
  if (!r) throw new UsageError(`no rule '${id}' in the catalog (or the prefix is ambiguous); see "kqlhunt rules list"`);
  return r;
}

/** A catalog rule's id, or an id that only has stored exclusions (a pack rule never imported). */
export function requireRuleId(store: Store, idOrPrefix: string): string {
  const c = store.getRule(idOrPrefix);
  if (c) return c.id;
  if (store.listExclusions(idOrPrefix).length > 0) return idOrPrefix;
  return requireRule(store, idOrPrefix).id;
}

/** An exclusion with its compiled form and safety flags, as `--format json` prints it. */
export function viewJson(v: ExclusionView) {
  return {
    ...v.exclusion,
    table: v.table ?? null,
    kql: v.kql ?? null,
    diagnostics: v.diagnostics,
    flags: v.flags,
    worst: v.worst ?? null,
    ...(v.measured ? { measured: v.measured } : {}),
  };
}
