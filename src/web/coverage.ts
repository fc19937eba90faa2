/**
 * ATT&CK coverage: which rules cover which technique, with the page's two toggles (only rules whose
 * data is loaded; only rules with findings), and the ATT&CK Navigator layer (format 4.5) export.
 * Only runnable rules count: a Sigma rule that did not convert to KQL detects nothing.
 */
import { ATTACK_VERSION, TACTICS, TECHNIQUES, technique } from '../data/attack.generated.js';
import { isRunnable } from '../rules/model.js';
import type { WebRule } from './model.js';
import type { WebState } from './state.js';

export interface CoverageOptions {
  readonly loadedOnly: boolean;
  readonly findingsOnly: boolean;
}

export interface TechniqueCoverage {
  readonly id: string;
  readonly name: string;
  readonly tactics: readonly string[];
  /** Rules naming this technique or one of its sub-techniques. */
  readonly ruleIds: readonly string[];
}

/** The part of the state coverage reads (the whole WebState in the app). */
export type CoverageSource = Pick<WebState, 'rules' | 'hasData' | 'hasFindings'>;

function included(r: WebRule, state: CoverageSource, o: CoverageOptions): boolean {
  return isRunnable(r.rule) && (!o.loadedOnly || state.hasData(r)) && (!o.findingsOnly || state.hasFindings(r.rule.id));
}

export interface CoverageCounts {
  /** Distinct known technique and sub-technique ids that included runnable rules name. */
  readonly named: number;
  /** Techniques (parents) with at least one rule, naming the technique or one of its sub-techniques. */
  readonly techniques: number;
  /** Sub-techniques named by at least one rule. */
  readonly subTechniques: number;
  /** Rules left out because they have no query to run (Sigma rules that did not convert). */
  readonly notRunnable: number;
}

/** The page's headline numbers, from the same rules as coverageOf. */
export function coverageCounts(state: CoverageSource, o: CoverageOptions): CoverageCounts {
  const named = new Set<string>();
  for (const r of state.rules) {
    if (!included(r, state, o)) continue;
    for (const raw of r.rule.techniques) {
      const t = technique(raw);
      if (t) named.add(t.id);
    }
  }
  const cov = coverageOf(state, o);
  return {
    named: named.size,
    techniques: [...cov.keys()].filter((id) => !technique(id)?.parent).length,
    subTechniques: [...named].filter((id) => technique(id)?.parent).length,
    notRunnable: state.rules.filter((r) => !isRunnable(r.rule)).length,
  };
}

/** Coverage per known technique id (parents and sub-techniques), unknown ids dropped. */
export function coverageOf(state: CoverageSource, o: CoverageOptions): Map<string, TechniqueCoverage> {
  const rulesBy = new Map<string, Set<string>>();
  const add = (id: string, ruleId: string) => {
    const s = rulesBy.get(id) ?? new Set<string>();
    rulesBy.set(id, s);
    s.add(ruleId);
  };
  for (const r of state.rules) {
    if (!included(r, state, o)) continue;
    for (const raw of r.rule.techniques) {
      const t = technique(raw);
      if (!t) continue;
      add(t.id, r.rule.id);
      if (t.parent) add(t.parent, r.rule.id);
    }
  }
  const out = new Map<string, TechniqueCoverage>();
  for (const [id, ids] of rulesBy) {
    const t = technique(id);
    if (t) out.set(id, { id, name: t.name, tactics: t.tactics, ruleIds: [...ids] });
  }
  return out;
}

/** Colour bucket of a rule count (CSS classes heat-0 … heat-4 and the layer colours share it). */
export function heatLevel(n: number): number {
  return n === 0 ? 0 : n === 1 ? 1 : n < 5 ? 2 : n < 20 ? 3 : 4;
}

export const HEAT_COLORS = ['#ffffff', '#cfe8ff', '#8cc4f5', '#3d8fd6', '#0b4f8a'] as const;
export const HEAT_LABELS = ['no rules', '1 rule', '2–4 rules', '5–19 rules', '20+ rules'] as const;

/** The matrix: tactics in order, each with its (parent) techniques, every one with a count. */
export function matrix(cov: ReadonlyMap<string, TechniqueCoverage>) {
  return [...TACTICS]
    .sort((a, b) => a.order - b.order)
    .map((tactic) => ({
      tactic,
      techniques: TECHNIQUES.filter((t) => t.parent === null && t.tactics.includes(tactic.shortname)).map((t) => ({
        id: t.id,
        name: t.name,
        count: cov.get(t.id)?.ruleIds.length ?? 0,
      })),
    }));
}

export const LAYER_VERSIONS = {
  layer: '4.5',
  navigator: '5.1.0',
  attack: ATTACK_VERSION.split('.')[0] ?? ATTACK_VERSION,
} as const;

export function navigatorLayer(state: CoverageSource, o: CoverageOptions) {
  const cov = coverageOf(state, o);
  const entries = [...cov.values()].sort((a, b) => a.id.localeCompare(b.id));
  const max = Math.max(1, ...entries.map((e) => e.ruleIds.length));
  return {
    name: 'kqlhunt rule coverage',
    versions: { ...LAYER_VERSIONS },
    domain: 'enterprise-attack',
    description: `Techniques covered by kqlhunt rules${o.loadedOnly ? ' whose data is loaded' : ''}${o.findingsOnly ? ' with findings' : ''}; score = number of rules.`,
    sorting: 3,
    hideDisabled: false,
    techniques: entries.map((e) => ({
      techniqueID: e.id,
      score: e.ruleIds.length,
      color: HEAT_COLORS[heatLevel(e.ruleIds.length)],
      comment: `${e.ruleIds.length} rule(s)`,
      enabled: true,
      showSubtechniques: false,
    })),
    gradient: { colors: [HEAT_COLORS[1], HEAT_COLORS[4]], minValue: 0, maxValue: max },
    legendItems: HEAT_LABELS.slice(1).map((label, i) => ({ label, color: HEAT_COLORS[i + 1] })),
    showTacticRowBackground: false,
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
  };
}
