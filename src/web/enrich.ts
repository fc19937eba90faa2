/**
 * The web app's use of src/rules/enrich: the enrichment of every rule at start-up (without related
 * rules, which cost a pass over the catalog per rule), the full enrichment for a rule page, and the
 * compact views the JSON API returns. Exclusions carried on the rule itself are read here too.
 */
import { type Enrichment, enrichRule } from '../rules/enrich/index.js';
import type { Exclusion } from '../rules/exclusions/index.js';
import type { Rule } from '../rules/model.js';
import type { AttackView, DataSourceView } from './model.js';

/** Facet-level enrichment: everything but related rules. */
export function baseEnrichment(rule: Rule, loadedTables: ReadonlySet<string>): Enrichment {
  return enrichRule(rule, { loadedTables });
}

/** The rule page's enrichment: with related rules from the catalog. */
export function fullEnrichment(rule: Rule, catalog: readonly Rule[], loadedTables: ReadonlySet<string>): Enrichment {
  return enrichRule(rule, { catalog, loadedTables });
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

export function dataSourceViews(e: Enrichment): DataSourceView[] {
  return e.dataSources.map((d) => ({ table: d.table, connector: d.connector, present: d.loaded === true }));
}

export function attackViews(e: Enrichment): AttackView[] {
  return e.attack.techniques.map((t) => ({
    id: t.id,
    name: t.name,
    url: t.url,
    tactics: t.tactics.map((x) => x.name),
  }));
}
