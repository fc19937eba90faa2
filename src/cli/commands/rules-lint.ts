/** `kqlhunt rules lint`: rule files and directories, or the whole catalog, as text, JSON or SARIF. */
import { existsSync } from 'node:fs';
import { hasErrors, type LintReport, lintPaths, lintRules, toSarif } from '../../hunts/index.js';
import { openStore, resolveDbPath } from '../../store/index.js';
import { schemaCatalog } from '../../telemetry/schemas.js';
import { EXIT_OK, EXIT_QUERY_ERRORS, UsageError } from '../exit.js';
import { parseChoice } from '../options.js';
import { VERSION } from '../version.js';

export interface LintFlags {
  readonly format?: string;
  readonly db?: string;
}

export async function lintCommand(paths: readonly string[], opts: LintFlags): Promise<number> {
  const format = parseChoice('--format', opts.format, ['text', 'json', 'sarif'] as const, 'text');
  for (const p of paths) if (!existsSync(p)) throw new UsageError(`rules lint: cannot read ${p}`);
  let report: LintReport;
  if (paths.length > 0) report = await lintPaths(paths, schemaCatalog());
  else {
    const store = openStore(resolveDbPath(opts.db));
    try {
      report = lintRules(
        store.listRules().map((c) => c.rule),
        schemaCatalog(),
      );
    } finally {
      store.close();
    }
  }
  process.stdout.write(renderLint(report, format));
  return hasErrors(report) ? EXIT_QUERY_ERRORS : EXIT_OK;
}

function renderLint(report: LintReport, format: 'text' | 'json' | 'sarif'): string {
  switch (format) {
    case 'sarif':
      return `${JSON.stringify(toSarif(report, VERSION), null, 2)}\n`;
    case 'json':
      return `${JSON.stringify(report)}\n`;
    case 'text': {
      const lines = report.problems.map(
        (p) =>
          `${p.path}:${p.line}:${p.column}: ${p.level} ${p.code}: ${p.message}${p.ruleName ? ` [${p.ruleName}]` : ''}`,
      );
      for (const d of report.dialects) {
        const why = d.reasons.length > 0 ? ` (${d.reasons.join(' ')})` : '';
        lines.push(`${d.path}: dialect ${d.dialect}${why} [${d.ruleName}]`);
      }
      const errors = report.problems.filter((p) => p.level === 'error').length;
      const warnings = report.problems.filter((p) => p.level === 'warning').length;
      const byDialect = new Map<string, number>();
      for (const d of report.dialects) byDialect.set(d.dialect, (byDialect.get(d.dialect) ?? 0) + 1);
      const dialects = [...byDialect].map(([k, n]) => `${n} ${k}`).join(', ');
      lines.push(
        `${report.rules} rule(s) checked: ${errors} error(s), ${warnings} warning(s)${dialects ? `; dialects: ${dialects}` : ''}`,
      );
      return `${lines.join('\n')}\n`;
    }
    default: {
      const never: never = format;
      return String(never);
    }
  }
}
