/** `kqlhunt rules export [--format sentinel|kql] [--tuned]`: a catalog rule as Sentinel YAML or a .kql file, optionally with its exclusions compiled in. */
import { exportKql, exportSentinelYaml, isRunnable, type Rule, tuneQuery } from '../../rules/index.js';
import type { Store } from '../../store/index.js';
import { EXIT_OK, EXIT_QUERY_ERRORS } from '../exit.js';
import { requireRule } from './rules-shared.js';

export const EXPORT_FORMATS = ['sentinel', 'kql'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function exportCommand(store: Store, id: string, tuned: boolean, format: ExportFormat = 'sentinel'): number {
  const c = requireRule(store, id);
  const write = (rule: Rule) => process.stdout.write(format === 'kql' ? exportKql(rule) : exportSentinelYaml(rule));
  if (!isRunnable(c.rule)) {
    const why = c.rule.sigma?.conversion.status === 'not convertible' ? `: ${c.rule.sigma.conversion.reason}` : '';
    process.stderr.write(`rules export: ${c.id} has no query (Sigma rule not convertible${why})\n`);
    return EXIT_QUERY_ERRORS;
  }
  if (!tuned) {
    write(c.rule);
    return EXIT_OK;
  }
  const enabled = store.listExclusions(c.id).filter((x) => x.enabled);
  if (enabled.length === 0) {
    process.stderr.write(`rules export --tuned: ${c.id} has no enabled exclusions; writing the original query\n`);
    write(c.rule);
    return EXIT_OK;
  }
  const t = tuneQuery(c.rule.query, enabled);
  for (const r of t.results.filter((x) => x.kql === undefined)) {
    const d = r.diagnostics.find((x) => x.severity === 'error');
    process.stderr.write(
      `rules export --tuned: exclusion ${r.id} left out: ${d ? `${d.code} ${d.message}` : 'it does not compile'}\n`,
    );
  }
  if (t.inserted === '')
    process.stderr.write('rules export --tuned: no enabled exclusion compiled; writing the original query\n');
  write({ ...c.rule, query: t.text });
  return EXIT_OK;
}
