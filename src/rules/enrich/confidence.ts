/**
 * Confidence facet (low / medium / high): how much a hit says, with reasons. Points for specific
 * indicators (vendor names, domains, hashes rather than generic words) and for independent
 * conditions that must all hold; points off for dual-use software, queries that do not parse or
 * bind, and queries with no string filter at all.
 */
import type { Rule } from '../model.js';
import type { QueryFacts } from './query-facts.js';
import type { EnrichmentConfidence, Rated } from './types.js';

const SPECIFIC_COLUMNS =
  /VersionInfoCompanyName|VersionInfoProductName|Signer|RemoteUrl|SHA1|SHA256|MD5|FileName$|RemoteIP/;

export function confidence(rule: Rule, facts: QueryFacts, rmm: boolean): Rated<EnrichmentConfidence> {
  const reasons: string[] = [];
  let score = 0;
  const specific = facts.filters.filter((f) => SPECIFIC_COLUMNS.test(f.column));
  const columns = [...new Set(specific.map((f) => f.column))];
  if (specific.length > 0) {
    score++;
    reasons.push(`It matches specific indicators (${columns.join(', ')}), not generic behaviour.`);
  } else if (facts.filters.length === 0) {
    score--;
    reasons.push('It filters on no string value, so it relies on structure or thresholds alone.');
  }
  if (columns.length >= 2) {
    score++;
    reasons.push(`${columns.length} independent conditions must hold together (${columns.join(' and ')}).`);
  }
  if (facts.thresholds.length > 0) {
    score++;
    reasons.push(`A threshold (${facts.thresholds.join(', ')}) keeps one-off events out.`);
  }
  if (rmm) {
    score--;
    reasons.push('The software it finds is legitimate and common in IT, so many hits are sanctioned use.');
  }
  const errors = facts.parseErrors + rule.lint.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) {
    score -= 2;
    reasons.push(`The query has ${errors} error(s) against the schema, so it may not run as written.`);
  }
  const status = rule.sigma?.status;
  if (status === 'stable') {
    score++;
    reasons.push('The Sigma rule is marked stable: its authors consider it fit for production.');
  } else if (status === 'experimental') {
    score--;
    reasons.push('The Sigma rule is marked experimental: it may be noisy or produce false positives.');
  } else if (status === 'deprecated' || status === 'unsupported') {
    score -= 2;
    reasons.push(`The Sigma rule is marked ${status}: its authors no longer stand behind it as written.`);
  } else if (status === 'test') {
    reasons.push('The Sigma rule is marked test: mostly stable, may need tuning for the environment.');
  }
  const level: EnrichmentConfidence = score <= 0 ? 'low' : score >= 3 ? 'high' : 'medium';
  return { level, reasons };
}
