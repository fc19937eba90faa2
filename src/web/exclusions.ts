/**
 * Which exclusions a rule page shows, and what each one does on the loaded data. When the store
 * keeps exclusions for the rule, those are shown ('stored'); otherwise the suggestions — any the
 * rule carries, then the knowledge base's (the enrichment's false-positive scenarios) — are shown
 * ('suggested'), and the first enable/disable stores them. Measurements run the rule's
 * pre-summarise part per exclusion, so they are cached by rule and exclusion set.
 */
import type { Enrichment } from '../rules/enrich/index.js';
import { scenariosAsExclusions } from '../rules/enrich/index.js';
import { type Exclusion, type Measurement, measureExclusions } from '../rules/exclusions/index.js';
import type { WebRule } from './model.js';
import type { WebState } from './state.js';

export interface RuleExclusionSet {
  /** 'stored': kept in the store; 'suggested': rule text + knowledge base, not stored yet. */
  readonly mode: 'stored' | 'suggested';
  readonly exclusions: readonly Exclusion[];
}

/** The rule's own exclusions first (they are the upstream's word), then new suggestions. */
export function suggestedExclusions(r: WebRule, e: Enrichment): Exclusion[] {
  const own = [...r.exclusions];
  const ids = new Set(own.map((x) => x.id));
  return [...own, ...scenariosAsExclusions(e.falsePositives).filter((x) => !ids.has(x.id))];
}

export function exclusionSet(state: WebState, r: WebRule, e: Enrichment): RuleExclusionSet {
  const stored = state.storedExclusions(r.rule.id);
  if (stored.length > 0) return { mode: 'stored', exclusions: stored };
  return { mode: 'suggested', exclusions: suggestedExclusions(r, e) };
}

const CACHE_LIMIT = 256;
const MEASURED = new WeakMap<WebState, Map<string, Measurement | null>>();

function cacheKey(r: WebRule, exclusions: readonly Exclusion[]): string {
  return JSON.stringify([r.rule.id, r.rule.query, exclusions.map((x) => [x.id, x.expression, x.enabled])]);
}

/**
 * Every exclusion's effect (disabled ones too: the page shows what enabling one would do) and the
 * enabled ones together. Undefined when the rule's tables are not loaded or nothing is listed.
 */
export function measurement(state: WebState, r: WebRule, exclusions: readonly Exclusion[]): Measurement | undefined {
  if (exclusions.length === 0 || !state.hasData(r)) return undefined;
  const key = cacheKey(r, exclusions);
  let cache = MEASURED.get(state);
  if (!cache) {
    cache = new Map();
    MEASURED.set(state, cache);
  }
  if (!cache.has(key)) {
    let m: Measurement | null = null;
    try {
      m = measureExclusions(r.rule.query, exclusions, {
        provider: state.provider,
        now: state.now,
        timeoutMs: 10_000,
        ...(state.groundTruth ? { groundTruth: state.groundTruth } : {}),
      });
    } catch (e) {
      console.error('kqlhunt web: measuring exclusions failed:', e);
    }
    // Oldest first out: a long-running server must not keep every rule's measurement forever.
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, m);
  }
  return cache.get(key) ?? undefined;
}
