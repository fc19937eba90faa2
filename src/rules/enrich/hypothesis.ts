/**
 * Hunt hypothesis facet: what adversary behaviour the rule assumes, what the query looks at to find
 * it (tables, the columns and values it filters on, thresholds, lookback, grouping), and why it
 * matters (from the tactic, plus what is special about dual-use tools). Deterministic templates.
 */
import { describeFilter, type QueryFacts } from './query-facts.js';
import type { ToolMatch } from './tools.js';
import type { AttackContext, Hypothesis, QueryFilter } from './types.js';

/** Why each tactic matters to a defender, in one clause (our wording). */
const TACTIC_WHY: Readonly<Record<string, string>> = {
  reconnaissance: 'it shows someone mapping the organisation before an attack',
  'resource-development': 'it shows infrastructure or capabilities being prepared for an attack',
  'initial-access': 'it marks the moment an adversary gets a first foothold',
  execution: 'it is adversary code running on the device',
  persistence: 'it lets the adversary come back after reboots and credential changes',
  'privilege-escalation': 'it turns a limited foothold into administrative control',
  'defense-evasion': 'it hides the intrusion from the controls meant to catch it',
  'credential-access': 'stolen credentials open the rest of the network',
  discovery: 'it shows an adversary learning the environment to choose the next step',
  'lateral-movement': 'it spreads the intrusion from one device to others',
  collection: 'it gathers the data an adversary came for',
  'command-and-control': 'it gives the adversary a channel to control compromised devices remotely',
  exfiltration: 'data is leaving the organisation',
  impact: 'it damages systems or data, or disrupts the business',
};

const VENDOR_COLUMNS = /VersionInfoCompanyName|VersionInfoProductName|Signer|Issuer/;
const DOMAIN_COLUMNS = /RemoteUrl|Domain|Url$|FileOriginUrl/;
const PROCESS_COLUMNS = /FileName$|ProcessName$/;

function valuesOf(filters: readonly QueryFilter[], re: RegExp): string[] {
  return [...new Set(filters.filter((f) => re.test(f.column)).flatMap((f) => f.values))];
}

function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function attackText(attack: AttackContext): string {
  const techs = attack.techniques.map((t) => `${t.id} ${t.name}`);
  const tactics = attack.tactics.map((t) => t.name);
  const parts = [
    techs.length > 0 ? `ATT&CK ${listText(techs)}` : '',
    tactics.length > 0 ? `tactic ${listText(tactics)}` : '',
  ]
    .filter((p) => p !== '')
    .join(', ');
  return parts === '' ? '' : ` (${parts})`;
}

function behaviour(tool: ToolMatch | undefined, rmm: boolean, attack: AttackContext, ruleName: string): string {
  const ctx = attackText(attack);
  if (tool && rmm)
    return `An adversary runs ${tool.display}, a legitimate remote monitoring and management (RMM) tool, on a device to keep remote access to it and control it${ctx}.`;
  const tech = attack.techniques.map((t) => t.name.toLowerCase());
  if (tech.length > 0) return `An adversary uses ${listText(tech)} on a device${ctx}.`;
  return `An adversary performs the activity this rule describes ("${ruleName}")${ctx}.`;
}

function evidence(facts: QueryFacts): string {
  const tables = facts.tables.length > 0 ? listText(facts.tables) : "the query's tables";
  const filters = facts.filters.slice(0, 6).map(describeFilter);
  const where = filters.length > 0 ? ` for rows where ${filters.join(' and ')}` : '';
  const window = facts.lookback ? ` over the last ${facts.lookback}` : '';
  const thresholds = facts.thresholds.length > 0 ? `, keeping results where ${listText(facts.thresholds)}` : '';
  const by = facts.summarizeBy.length > 0 ? `, summarised per ${facts.summarizeBy.join(', ')}` : '';
  return `The rule looks in ${tables}${where}${window}${by}${thresholds}.`;
}

function whyItMatters(tool: ToolMatch | undefined, rmm: boolean, attack: AttackContext): string {
  const clauses = attack.tactics.map((t) => TACTIC_WHY[t.shortname]).filter((c): c is string => c !== undefined);
  const base = clauses.length > 0 ? `It matters because ${listText(clauses)}.` : '';
  if (!rmm) return base;
  const name = tool?.display ?? 'the tool';
  const dual = ` RMM software is signed and trusted, so it gives an attacker interactive access and command execution that blends in with IT administration; a hit on a device where IT does not use ${name} is a lead to investigate.`;
  return `${base}${dual}`.trim();
}

export function hypothesis(
  facts: QueryFacts,
  tool: ToolMatch | undefined,
  rmm: boolean,
  attack: AttackContext,
  ruleName: string,
): Hypothesis {
  const b = behaviour(tool, rmm, attack, ruleName);
  const e = evidence(facts);
  const w = whyItMatters(tool, rmm, attack);
  return {
    text: [b, e, w].filter((s) => s !== '').join(' '),
    behaviour: b,
    evidence: e,
    whyItMatters: w,
    tools: tool ? [tool.display] : [],
    vendorNames: valuesOf(facts.filters, VENDOR_COLUMNS),
    domains: valuesOf(facts.filters, DOMAIN_COLUMNS),
    processNames: valuesOf(facts.filters, PROCESS_COLUMNS),
    thresholds: facts.thresholds,
    lookback: facts.lookback,
    filters: facts.filters,
  };
}
