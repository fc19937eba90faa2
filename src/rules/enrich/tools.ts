/**
 * Which known tool a rule hunts (from the RMM facts module): by the rule ids the facts carry, by a
 * `rmm:<Tool>` tag, or by the vendor names and domains the query filters on. Gives the facts the
 * hypothesis and the false-positive knowledge base fill their templates with.
 */
import { RMM_TOOLS, type RmmTool } from '../../data/rmm.generated.js';
import type { Rule } from '../model.js';
import type { QueryFilter } from './types.js';

export interface ToolMatch {
  readonly tool: RmmTool;
  /** The name to show: an alias the rule itself uses (e.g. SyncroMSP for Syncro), else the name. */
  readonly display: string;
  readonly how: 'rule-id' | 'tag' | 'query-literal';
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function display(tool: RmmTool, rule: Rule): string {
  const named = [tool.name, ...tool.aliases].filter((n) => rule.name.toLowerCase().includes(n.toLowerCase()));
  return named.sort((a, b) => b.length - a.length)[0] ?? tool.aliases[0] ?? tool.name;
}

function byRuleId(rule: Rule): RmmTool | undefined {
  return RMM_TOOLS.find((t) => Object.values(t.ruleIds).includes(rule.id));
}

function byTag(rule: Rule): RmmTool | undefined {
  const tag = rule.tags.find((t) => t.toLowerCase().startsWith('rmm:'));
  if (!tag) return undefined;
  const want = norm(tag.slice(4));
  return RMM_TOOLS.find((t) => [t.name, t.slug, ...t.aliases].some((n) => norm(n) === want));
}

function byLiterals(filters: readonly QueryFilter[]): RmmTool | undefined {
  const values = new Set(filters.flatMap((f) => f.values.map((v) => v.toLowerCase())));
  if (values.size === 0) return undefined;
  let best: { tool: RmmTool; score: number } | undefined;
  for (const t of RMM_TOOLS) {
    const facts = [
      ...t.companyNames,
      ...t.companyTerms,
      ...t.signers,
      ...t.signerTerms,
      ...t.domains.map((d) => d.replace(/^\*\./, '')),
    ];
    const score = facts.filter((x) => values.has(x.toLowerCase())).length;
    if (score > 0 && (!best || score > best.score)) best = { tool: t, score };
  }
  return best?.tool;
}

/** The tool a rule hunts, if it is one the facts know. A pack's "All tools" sweep matches none. */
export function matchTool(rule: Rule, filters: readonly QueryFilter[]): ToolMatch | undefined {
  const id = byRuleId(rule);
  if (id) return { tool: id, display: display(id, rule), how: 'rule-id' };
  const tag = byTag(rule);
  if (tag) return { tool: tag, display: display(tag, rule), how: 'tag' };
  const lit = byLiterals(filters);
  if (lit) return { tool: lit, display: display(lit, rule), how: 'query-literal' };
  return undefined;
}

/** True when the rule is about RMM / remote-access software (the pack's tags, names or T1219). */
export function isRmmRule(rule: Rule, tool: ToolMatch | undefined): boolean {
  return (
    tool !== undefined ||
    rule.tags.some((t) => t.toUpperCase() === 'RMM' || t.toLowerCase().startsWith('rmm')) ||
    /remote (management|monitoring)|\bRMM\b/i.test(rule.name)
  );
}

/** The tool's main agent image: the shortest name with "service" in it, else the first .exe. */
export function agentProcess(tool: RmmTool): string | undefined {
  const exes = tool.processNames.filter((p) => /\.exe$/i.test(p) && !p.includes('*'));
  const services = exes.filter((p) => /service|agent|svc/i.test(p)).sort((a, b) => a.length - b.length);
  return services[0] ?? exes[0];
}

/** A concrete vendor domain (wildcards and port/regex forms dropped). */
export function vendorDomain(tool: RmmTool): string | undefined {
  return tool.domains.map((d) => d.replace(/^\*\./, '')).find((d) => /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(d));
}
