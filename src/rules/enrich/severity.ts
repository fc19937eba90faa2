/**
 * Severity facet (informational / low / medium / high) with reasons. Starts from the rule's own
 * severity when upstream declares one; otherwise from the most serious tactic; then adjusts for
 * dual-use software (a hit is a lead, not proof) and for rules that only inventory files.
 */
import type { Rule } from '../model.js';
import type { AttackContext, EnrichmentSeverity, Rated } from './types.js';

const LEVELS: readonly EnrichmentSeverity[] = ['informational', 'low', 'medium', 'high'];

/** Base severity of a tactic when nothing else is known (our judgement of typical impact). */
const TACTIC_BASE: Readonly<Record<string, EnrichmentSeverity>> = {
  reconnaissance: 'low',
  'resource-development': 'low',
  'initial-access': 'medium',
  execution: 'medium',
  persistence: 'medium',
  'privilege-escalation': 'high',
  'defense-evasion': 'medium',
  'credential-access': 'high',
  discovery: 'low',
  'lateral-movement': 'high',
  collection: 'medium',
  'command-and-control': 'medium',
  exfiltration: 'high',
  impact: 'high',
};

const rank = (s: EnrichmentSeverity) => LEVELS.indexOf(s);

export function severity(
  rule: Rule,
  attack: AttackContext,
  rmm: boolean,
  tables: readonly string[],
): Rated<EnrichmentSeverity> {
  const reasons: string[] = [];
  let level: EnrichmentSeverity;
  const sigmaLevel = rule.sigma?.level;
  if (sigmaLevel) {
    level = sigmaLevel === 'critical' ? 'high' : sigmaLevel;
    reasons.push(
      sigmaLevel === 'critical'
        ? 'The Sigma rule declares level critical (an incident almost for certain): high, the top of this scale.'
        : `The Sigma rule declares level ${sigmaLevel}.`,
    );
  } else if (rule.severity) {
    level = rule.severity.toLowerCase() as EnrichmentSeverity;
    reasons.push(`The upstream rule declares severity ${rule.severity}.`);
  } else if (attack.tactics.length > 0) {
    const worst = attack.tactics.reduce((a, t) =>
      rank(TACTIC_BASE[t.shortname] ?? 'low') > rank(TACTIC_BASE[a.shortname] ?? 'low') ? t : a,
    );
    level = TACTIC_BASE[worst.shortname] ?? 'low';
    reasons.push(`Tactic ${worst.name} sets the base at ${level}.`);
  } else {
    level = 'low';
    reasons.push('No tactic is declared, so the base is low.');
  }
  if (rmm && rank(level) > rank('medium')) {
    level = 'medium';
    reasons.push(
      'The rule finds legitimate RMM software that IT teams also use, so a hit is a lead, not proof: capped at medium.',
    );
  } else if (rmm) {
    reasons.push(
      'The rule finds legitimate RMM software that IT teams also use, so a hit needs confirming that the tool is sanctioned on the device.',
    );
  }
  if (
    tables.length > 0 &&
    tables.every((t) => t === 'DeviceFileCertificateInfo' || t === 'DeviceInfo') &&
    rank(level) > rank('low')
  ) {
    level = LEVELS[rank(level) - 1] as EnrichmentSeverity;
    reasons.push('It only sees files or inventory, not execution or network activity: lowered one level.');
  }
  return { level, reasons };
}
