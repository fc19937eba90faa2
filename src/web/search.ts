/**
 * Feed search: full-text terms over a rule's visible text, plus facets. The same filter serves the
 * GET form (no JS), the JS-enhanced feed and /api/rules.
 */
import { tacticByName } from '../data/attack.generated.js';
import type { WebRule } from './model.js';
import type { WebState } from './state.js';

export const FACETS = [
  'origin',
  'level',
  'status',
  'source',
  'language',
  'kind',
  'severity',
  'confidence',
  'tactic',
  'technique',
  'table',
  'tool',
  'lint',
  'findings',
] as const;
export type Facet = (typeof FACETS)[number];

export const FACET_LABELS: Readonly<Record<Facet, string>> = {
  origin: 'Origin',
  level: 'Level',
  status: 'Status',
  source: 'Source',
  language: 'Language',
  kind: 'Kind',
  severity: 'Severity',
  confidence: 'Confidence',
  tactic: 'Tactic',
  technique: 'Technique',
  table: 'Table',
  tool: 'Tool',
  lint: 'Lint status',
  findings: 'Has findings',
};

export const FEED_SORTS = ['newest', 'severity', 'findings', 'name'] as const;
export type FeedSort = (typeof FEED_SORTS)[number];
export const FEED_PAGE_SIZE = 25;

export interface FeedQuery {
  readonly q: string;
  readonly filters: Readonly<Partial<Record<Facet, string>>>;
  readonly sort?: FeedSort;
  /** 1-based page of FEED_PAGE_SIZE rules. */
  readonly page?: number;
}

/** A rule's source label: the repository's last path segment (`Azure-Sentinel`, `rmm`). */
export function sourceName(r: WebRule): string {
  const repo = r.rule.source.repository.replace(/\.git$/, '').replace(/[\\/]+$/, '');
  return repo.split(/[\\/:]/).pop() || repo;
}

/** A rule field that not every loader sets (Sigma's level and status): on the rule, its source or `extra`. */
function optionalField(r: WebRule, name: 'kind' | 'level' | 'status'): string | undefined {
  const where = [r.rule.source, r.rule, r.rule.extra] as readonly unknown[];
  const order = name === 'kind' ? [where[0]] : [where[1], where[2]];
  for (const o of order) {
    const v = (o as Record<string, unknown> | undefined)?.[name];
    if (typeof v === 'string' && v.trim() !== '') return v.trim().toLowerCase();
  }
  return undefined;
}

/**
 * Where a rule comes from, as a facet: the source's kind when the loader says (`sigma`), a bundled
 * pack's name (`rmm`), else `imported` (rules from `rules import` or a directory).
 */
export function originOf(r: WebRule): string {
  const kind = optionalField(r, 'kind');
  if (kind) return kind;
  if (r.rule.format !== 'sentinel-yaml' && r.rule.format !== 'markdown') return String(r.rule.format);
  const m = /^(?:kqlhunt:packs\/|pack:)([\w-]+)/.exec(r.rule.source.repository);
  return m ? m[1]! : 'imported';
}

/** Sigma's `level` (informational … critical) when the rule has one. */
export function levelOf(r: WebRule): string | undefined {
  return optionalField(r, 'level');
}

/** Sigma's `status` (stable, test, experimental, …) when the rule has one. */
export function statusOf(r: WebRule): string | undefined {
  return optionalField(r, 'status');
}

export function languageOf(_r: WebRule): string {
  return 'kql';
}

/** Tool names from `rmm:<Tool>` tags (the RMM pack's convention). */
export function toolsOf(r: WebRule): string[] {
  return r.rule.tags.filter((t) => /^rmm:/i.test(t)).map((t) => t.slice(4));
}

export function tacticNames(r: WebRule): string[] {
  return r.rule.tactics.map((t) => tacticByName(t)?.name ?? t);
}

export function facetValues(r: WebRule, f: Facet, state: WebState): readonly string[] {
  switch (f) {
    case 'origin':
      return [originOf(r)];
    case 'level': {
      const v = levelOf(r);
      return v ? [v] : [];
    }
    case 'status': {
      const v = statusOf(r);
      return v ? [v] : [];
    }
    case 'source':
      return [sourceName(r)];
    case 'language':
      return [languageOf(r)];
    case 'kind':
      return [r.rule.kind];
    case 'severity':
      return [r.enrichment.severity.level];
    case 'confidence':
      return [r.enrichment.confidence.level];
    case 'tactic':
      return tacticNames(r);
    case 'technique':
      return r.rule.techniques;
    case 'table':
      return r.rule.tables;
    case 'tool':
      return toolsOf(r);
    case 'lint':
      return [r.rule.lint.status];
    case 'findings':
      return [state.hasFindings(r.rule.id) ? 'yes' : 'no'];
    default: {
      const never: never = f;
      return never;
    }
  }
}

function haystack(r: WebRule): string {
  const x = r.rule;
  return [x.id, x.name, x.description, x.query, ...x.tags, ...x.tables, ...x.techniques, ...x.tactics]
    .join('\n')
    .toLowerCase();
}

const HAYSTACKS = new WeakMap<WebRule, string>();

function matchesText(r: WebRule, q: string): boolean {
  const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  let h = HAYSTACKS.get(r);
  if (h === undefined) {
    h = haystack(r);
    HAYSTACKS.set(r, h);
  }
  const text = h;
  return terms.every((t) => text.includes(t));
}

export function filterRules(state: WebState, query: FeedQuery): WebRule[] {
  const active = FACETS.filter((f) => query.filters[f]);
  return state.rules.filter(
    (r) => matchesText(r, query.q) && active.every((f) => facetValues(r, f, state).includes(query.filters[f] ?? '')),
  );
}

/** Counts of each facet value among `rules`, most common first. */
export function facetCounts(rules: readonly WebRule[], state: WebState): Record<Facet, [string, number][]> {
  const out = {} as Record<Facet, [string, number][]>;
  for (const f of FACETS) {
    const counts = new Map<string, number>();
    for (const r of rules) for (const v of facetValues(r, f, state)) counts.set(v, (counts.get(v) ?? 0) + 1);
    out[f] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }
  return out;
}

/** Reads the feed query from URL query parameters (unknown keys and non-strings ignored). */
export function feedQueryFrom(params: Readonly<Record<string, unknown>>): FeedQuery {
  const filters: Partial<Record<Facet, string>> = {};
  for (const f of FACETS) {
    const v = params[f];
    if (typeof v === 'string' && v !== '') filters[f] = v.slice(0, 200);
  }
  const q = typeof params.q === 'string' ? params.q.slice(0, 500) : '';
  const sort = FEED_SORTS.find((s) => s === params.sort) ?? 'newest';
  const page = typeof params.page === 'string' && /^\d{1,6}$/.test(params.page) ? Math.max(1, Number(params.page)) : 1;
  return { q, filters, sort, page };
}

const SEVERITY_ORDER: Readonly<Record<string, number>> = { high: 0, medium: 1, low: 2, informational: 3 };

/** `rules` in the query's order (the state's order is newest first). */
export function sortRules(state: WebState, rules: readonly WebRule[], sort: FeedSort): WebRule[] {
  const out = [...rules];
  switch (sort) {
    case 'newest':
      return out;
    case 'severity':
      return out.sort(
        (a, b) =>
          (SEVERITY_ORDER[a.enrichment.severity.level] ?? 9) - (SEVERITY_ORDER[b.enrichment.severity.level] ?? 9),
      );
    case 'findings': {
      const counts = state.findingCounts();
      return out.sort((a, b) => (counts.get(b.rule.id) ?? 0) - (counts.get(a.rule.id) ?? 0));
    }
    case 'name':
      return out.sort((a, b) => (a.rule.name || a.rule.id).localeCompare(b.rule.name || b.rule.id));
    default: {
      const never: never = sort;
      return never;
    }
  }
}
