/**
 * `kqlhunt rules show [--enriched]`: one catalog rule; enriched adds the knowledge-base context and
 * the rule's stored exclusions with their safety flags (measured on --data when given).
 */
import { enrichmentText } from '../../hunts/enrichment-text.js';
import { exclusionViews, type ViewData } from '../../hunts/exclusion-view.js';
import { enrichRule, type Rule } from '../../rules/index.js';
import type { Store } from '../../store/index.js';
import { EXIT_OK } from '../exit.js';
import { parseChoice } from '../options.js';
import { openSession } from '../session.js';
import { requireRule, viewJson } from './rules-shared.js';

export interface ShowFlags {
  readonly format?: string;
  readonly enriched?: boolean;
  readonly data?: string[];
  readonly db?: string;
}

export function showCommand(store: Store, id: string, formatText: string | undefined): number {
  const format = parseChoice('--format', formatText, ['text', 'json'] as const, 'text');
  const c = requireRule(store, id);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(c)}\n`);
    return EXIT_OK;
  }
  const r = c.rule;
  const lines = [
    `${r.name}`,
    `id: ${r.id}`,
    `source: ${c.source} ${c.path}${r.source.commit ? ` @ ${r.source.commit}` : ''}`,
    `kind: ${r.kind}${r.severity ? `, severity ${r.severity}` : ''}`,
    `tactics: ${r.tactics.join(', ') || '-'}; techniques: ${r.techniques.join(', ') || '-'}`,
    `tables: ${r.tables.join(', ') || '-'}`,
    ...sigmaLines(r),
    `lint: ${c.lintStatus}`,
    ...r.lint.diagnostics.map((d) => `  ${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`),
    `imported: first ${c.firstImported}, last ${c.lastImported}${c.removedAt ? `, removed ${c.removedAt}` : ''}`,
    '',
    r.description,
    '',
    r.query,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

/** What a Sigma rule adds: level, status, author, licence, and whether (or why not) it converted. */
function sigmaLines(r: Rule): string[] {
  const s = r.sigma;
  if (!s) return [];
  const ls = [s.logsource.product, s.logsource.category, s.logsource.service].filter(Boolean).join('/');
  return [
    `sigma: ${s.id ?? '-'}, level ${s.level ?? '-'}, status ${s.status ?? '-'}, logsource ${ls || '-'}`,
    `author: ${s.author ?? '-'}; licence: ${s.license ?? '-'}${s.upstreamUrl ? `; ${s.upstreamUrl}` : ''}`,
    s.conversion.status === 'converted'
      ? `conversion: converted to ${s.conversion.table}${s.conversion.notes.map((n) => ` (${n})`).join('')}`
      : `conversion: not convertible: ${s.conversion.reason}`,
  ];
}

/** Loads --data for `show --enriched`: the table names and a provider to measure exclusions on. */
async function showData(paths: readonly string[] | undefined): Promise<{ tables: Set<string>; view?: ViewData }> {
  if (!paths?.length) return { tables: new Set() };
  const session = await openSession({ data: paths, store: 'none', now: 'auto' });
  const data = session.data!;
  return { tables: new Set(data.tableNames()), view: { provider: session.provider!, now: session.now.value! } };
}

export async function enrichedCommand(store: Store, id: string, opts: ShowFlags): Promise<number> {
  const format = parseChoice('--format', opts.format, ['text', 'json'] as const, 'text');
  const c = requireRule(store, id);
  const data = await showData(opts.data);
  const enrichment = enrichRule(c.rule, {
    catalog: store.listRules().map((x) => x.rule),
    ...(opts.data?.length ? { loadedTables: data.tables } : {}),
  });
  const stored = store.listExclusions(c.id);
  const views = exclusionViews(c.rule, stored, data.view);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ ...c, enrichment, exclusions: views.map(viewJson) })}\n`);
    return EXIT_OK;
  }
  showCommand(store, id, 'text');
  process.stdout.write(`\n${enrichmentText(enrichment, views).join('\n')}\n`);
  return EXIT_OK;
}
