/**
 * The deterministic enricher: rule → Enrichment, one facet per file (hypothesis, severity,
 * confidence, data sources, ATT&CK, references, false positives). Pure: the same rule, catalog and
 * loaded tables give the same enrichment. `EnrichmentCache` keys results by the rule's content
 * hash, so an enrichment is recomputed exactly when the rule changes.
 */
import { contentHash } from '../hash.js';
import type { Rule } from '../model.js';
import { attackContext } from './attack.js';
import { confidence } from './confidence.js';
import { dataSources } from './data-sources.js';
import { falsePositives } from './false-positives.js';
import { hypothesis } from './hypothesis.js';
import { queryFacts } from './query-facts.js';
import { references } from './references.js';
import { severity } from './severity.js';
import { isRmmRule, matchTool } from './tools.js';
import { ENRICHMENT_VERSION, type Enrichment } from './types.js';

export interface EnrichOptions {
  /** Other rules, for related-rule references. */
  readonly catalog?: readonly Rule[];
  /** Tables the loaded data has; data sources then say whether each required table is present. */
  readonly loadedTables?: ReadonlySet<string>;
}

export function enrichRule(rule: Rule, options: EnrichOptions = {}): Enrichment {
  const facts = queryFacts(rule.query);
  const tables = facts.tables.length > 0 ? facts.tables : rule.tables;
  const tool = matchTool(rule, facts.filters);
  const rmm = isRmmRule(rule, tool);
  const attack = attackContext(rule);
  const ruleTerms = [
    ...facts.filters.flatMap((f) => f.values),
    ...(tool ? [tool.display, tool.tool.name, ...tool.tool.aliases] : []),
  ];
  const hyp = hypothesis({ ...facts, tables }, tool, rmm, attack, rule.name);
  return {
    generator: 'deterministic',
    version: ENRICHMENT_VERSION,
    ruleId: rule.id,
    ruleHash: contentHash(rule),
    hypothesis: hyp,
    severity: severity(rule, attack, rmm, tables),
    confidence: confidence(rule, facts, rmm),
    dataSources: dataSources(rule, tables, options.loadedTables),
    attack,
    references: references(rule, attack, tool, options.catalog ?? []),
    falsePositives: falsePositives(tables, tool, rmm, ruleTerms, hyp.domains),
    ...(rule.sigma
      ? { upstreamFalsePositives: rule.sigma.falsepositives.filter((f) => !/^unknown$/i.test(f.trim())) }
      : {}),
  };
}

/** True when `enrichment` was computed from this version of the rule. */
export function isCurrent(enrichment: Enrichment, rule: Rule): boolean {
  return enrichment.version === ENRICHMENT_VERSION && enrichment.ruleHash === contentHash(rule);
}

/** Enrichments by rule content hash (+ the loaded-table set, which changes the data-source notes). */
export class EnrichmentCache {
  private readonly entries = new Map<string, Enrichment>();
  hits = 0;
  misses = 0;

  get(rule: Rule, options: EnrichOptions = {}): Enrichment {
    const loaded = options.loadedTables ? [...options.loadedTables].sort().join(',') : '-';
    const key = `${contentHash(rule)}|${loaded}|${options.catalog?.length ?? 0}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      return hit;
    }
    this.misses++;
    const fresh = enrichRule(rule, options);
    this.entries.set(key, fresh);
    return fresh;
  }
}
