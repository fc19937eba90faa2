/**
 * References facet: the URLs the rule mentions (classified), the ATT&CK pages of its techniques,
 * the original source link, and related rules from the catalog — same tool first, then same
 * technique on the same table, then same technique.
 */
import type { Rule } from '../model.js';
import type { ToolMatch } from './tools.js';
import type { AttackContext, ReferenceLink, References, RelatedRule } from './types.js';

export const RELATED_LIMIT = 10;

function host(url: string): string {
  const m = /^https?:\/\/([^/?#]+)/i.exec(url);
  return (m?.[1] ?? '').toLowerCase();
}

function classify(url: string, tool: ToolMatch | undefined): ReferenceLink['kind'] {
  const h = host(url);
  if (h === 'github.com' || h.endsWith('.github.com') || h === 'gitlab.com') return 'repository';
  if (h === 'attack.mitre.org') return 'attack';
  if (/(^|\.)(learn\.microsoft\.com|docs\.microsoft\.com)$/.test(h)) return 'documentation';
  if (tool?.tool.domains.some((d) => h === d.replace(/^\*\./, '') || h.endsWith(`.${d.replace(/^\*\./, '')}`)))
    return 'vendor';
  if (tool && h.replace(/^www\./, '').split('.')[0] === tool.tool.slug.split('-')[0]) return 'vendor';
  return 'other';
}

function sharesTool(a: Rule, b: Rule, tool: ToolMatch | undefined): boolean {
  if (tool && Object.values(tool.tool.ruleIds).includes(b.id)) return true;
  const tags = (r: Rule) => r.tags.filter((t) => t.toLowerCase().startsWith('rmm:')).map((t) => t.toLowerCase());
  const mine = tags(a);
  return mine.length > 0 && tags(b).some((t) => mine.includes(t));
}

function related(
  rule: Rule,
  catalog: readonly Rule[],
  tool: ToolMatch | undefined,
): { list: RelatedRule[]; total: number } {
  const scored: { rule: Rule; score: number; reason: string }[] = [];
  for (const other of catalog) {
    if (other.id === rule.id) continue;
    const techs = other.techniques.filter((t) => rule.techniques.includes(t));
    const sameTable = other.tables.some((t) => rule.tables.includes(t));
    if (sharesTool(rule, other, tool))
      scored.push({ rule: other, score: 3, reason: `Same tool (${tool?.display ?? 'same rmm tag'})` });
    else if (techs.length > 0 && sameTable)
      scored.push({ rule: other, score: 2, reason: `Same technique ${techs.join(', ')} on the same table` });
    else if (techs.length > 0) scored.push({ rule: other, score: 1, reason: `Same technique ${techs.join(', ')}` });
  }
  scored.sort((a, b) => b.score - a.score || (a.rule.name < b.rule.name ? -1 : a.rule.name > b.rule.name ? 1 : 0));
  return {
    list: scored.slice(0, RELATED_LIMIT).map((s) => ({ id: s.rule.id, name: s.rule.name, reason: s.reason })),
    total: scored.length,
  };
}

export function references(
  rule: Rule,
  attack: AttackContext,
  tool: ToolMatch | undefined,
  catalog: readonly Rule[],
): References {
  const links: ReferenceLink[] = [];
  const seen = new Set<string>();
  const add = (url: string, kind: ReferenceLink['kind']) => {
    if (seen.has(url)) return;
    seen.add(url);
    links.push({ url, kind });
  };
  if (rule.source.url) add(rule.source.url, 'source');
  for (const url of rule.references) add(url, classify(url, tool));
  for (const t of attack.techniques) add(t.url, 'attack');
  const rel = related(rule, catalog, tool);
  return { links, source: rule.source.url, related: rel.list, relatedTotal: rel.total };
}
