/** `kqlhunt rules export [--tuned]`: a catalog rule as Sentinel YAML, optionally with its exclusions compiled in. */
import { exportSentinelYaml, tuneQuery } from '../../rules/index.js';
import type { Store } from '../../store/index.js';
import { EXIT_OK } from '../exit.js';
import { requireRule } from './rules-shared.js';

export function exportCommand(store: Store, id: string, tuned: boolean): number {
  const c = requireRule(store, id);
  if (!tuned) {
    process.stdout.write(exportSentinelYaml(c.rule));
    return EXIT_OK;
  }
  const enabled = store.listExclusions(c.id).filter((x) => x.enabled);
  if (enabled.length === 0) {
    process.stderr.write(`rules export --tuned: ${c.id} has no enabled exclusions; writing the original query\n`);
    process.stdout.write(exportSentinelYaml(c.rule));
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
  process.stdout.write(exportSentinelYaml({ ...c.rule, query: t.text }));
  return EXIT_OK;
}
