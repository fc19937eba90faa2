/** `kqlhunt rules list`: catalog rules filtered by source, tactic, technique, table or lint status. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { textTable } from '../../hunts/format.js';
import type { LintStatus } from '../../rules/model.js';
import type { Store } from '../../store/index.js';
import { EXIT_OK } from '../exit.js';
import { parseChoice } from '../options.js';

export interface ListFlags {
  readonly source?: string;
  readonly tactic?: string;
  readonly technique?: string;
  readonly table?: string;
  readonly lint?: string;
  readonly format?: string;
  readonly db?: string;
}

export function listCommand(store: Store, opts: ListFlags): number {
  const format = parseChoice('--format', opts.format, ['table', 'json'] as const, 'table');
  const lint =
    opts.lint === undefined
      ? undefined
      : parseChoice<LintStatus>('--lint', opts.lint, ['clean', 'warnings', 'errors'], 'clean');
  // Sources are stored by absolute path, so a relative directory names the same source.
  const source = opts.source === undefined ? undefined : existsSync(opts.source) ? resolve(opts.source) : opts.source;
  const rules = store.listRules({
    ...(source !== undefined ? { source } : {}),
    ...(opts.tactic !== undefined ? { tactic: opts.tactic } : {}),
    ...(opts.technique !== undefined ? { technique: opts.technique } : {}),
    ...(opts.table !== undefined ? { table: opts.table } : {}),
    ...(lint !== undefined ? { lint } : {}),
  });
  if (format === 'json') {
    process.stdout.write(
      `${JSON.stringify(rules.map((r) => ({ id: r.id, name: r.name, source: r.source, path: r.path, lint: r.lintStatus, tactics: r.rule.tactics, techniques: r.rule.techniques, tables: r.rule.tables })))}\n`,
    );
  } else {
    process.stdout.write(
      `${textTable(
        ['Id', 'Name', 'Lint', 'Techniques', 'Tables'],
        rules.map((r) => [r.id, r.name, r.lintStatus, r.rule.techniques.join(' '), r.rule.tables.join(' ')]),
      )}(${rules.length} rule${rules.length === 1 ? '' : 's'})\n`,
    );
  }
  return EXIT_OK;
}
