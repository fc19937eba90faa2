/**
 * `rules lint`: load rule files (or take catalog rules), lint each query against the built-in
 * schemas, and place every problem in the file — query diagnostics are relative to the query text,
 * so they are shifted to where the query sits in its YAML block scalar or markdown code block.
 */

import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { Catalog, Diagnostic } from '../kql/engine.js';
import type { RuleDiagnostic } from '../rules/diagnostics.js';
import type { Dialect } from '../rules/dialect.js';
import { importDirectory, lintRule, loadRuleText } from '../rules/index.js';
import type { Rule } from '../rules/model.js';

export type LintLevel = 'error' | 'warning' | 'note';

export interface LintProblem {
  readonly ruleId: string | undefined;
  readonly ruleName: string | undefined;
  readonly code: string;
  readonly level: LintLevel;
  readonly message: string;
  /** Path as given (or relative to the working directory), `/` separators. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn: number | undefined;
}

/** The dialect one rule is written in (see src/rules/dialect.ts). */
export interface LintDialect {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly path: string;
  readonly dialect: Dialect;
  readonly reasons: readonly string[];
}

export interface LintReport {
  readonly files: number;
  readonly rules: number;
  readonly problems: readonly LintProblem[];
  /** One entry per rule linted. */
  readonly dialects: readonly LintDialect[];
}

function dialectEntry(rule: Rule, path: string): LintDialect {
  const d = rule.lint.dialect ?? { dialect: 'either' as const, reasons: [] };
  return { ruleId: rule.id, ruleName: rule.name, path, dialect: d.dialect, reasons: d.reasons };
}

const levelOf = (s: string): LintLevel => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');

/** Line (0-based) and column offset where the query's first line sits in the file. */
export interface QueryAnchor {
  readonly line: number;
  readonly indent: number;
}

/**
 * Finds the query in a Sentinel YAML file: `query: |` (block scalar: text starts on the next line
 * at its indentation) or `query: text` on one line. Markdown: the n-th ```kql/```kusto fence.
 */
export function queryAnchor(fileText: string, rule: Rule): QueryAnchor | undefined {
  const lines = fileText.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (rule.format === 'markdown') {
    let n = -1;
    for (let i = 0; i < lines.length; i++) {
      if (/^\s*```\s*(kql|kusto)\b/i.test(lines[i]!) && ++n === (rule.source.block ?? 0))
        return { line: i + 1, indent: 0 };
    }
    return undefined;
  }
  for (let i = 0; i < lines.length; i++) {
    const m = /^query\s*:\s*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const rest = m[1]!.trim();
    if (rest !== '' && !/^[|>]/.test(rest)) return { line: i, indent: lines[i]!.indexOf(rest) };
    for (let j = i + 1; j < lines.length; j++) {
      if (lines[j]!.trim() === '') continue;
      return { line: j, indent: /^\s*/.exec(lines[j]!)![0].length };
    }
  }
  return undefined;
}

function fromQuery(rule: Rule, d: Diagnostic, path: string, anchor: QueryAnchor | undefined): LintProblem {
  const line = anchor ? anchor.line + d.line : d.line;
  const column = anchor ? anchor.indent + d.column : d.column;
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    code: d.code,
    level: levelOf(d.severity),
    message: d.message,
    path,
    line,
    column,
    endColumn: d.length > 0 ? column + d.length : undefined,
  };
}

function fromLoader(d: RuleDiagnostic, path: string): LintProblem {
  return {
    ruleId: undefined,
    ruleName: undefined,
    code: d.code,
    level: levelOf(d.severity),
    message: d.message,
    path,
    line: Math.max(1, d.line),
    column: Math.max(1, d.column),
    endColumn: undefined,
  };
}

const displayPath = (abs: string) => relative(process.cwd(), abs).split(sep).join('/') || '.';

/** Lints files and directories on disk. Loader problems (broken YAML…) are problems too. */
export async function lintPaths(paths: readonly string[], catalog: Catalog): Promise<LintReport> {
  const problems: LintProblem[] = [];
  const dialects: LintDialect[] = [];
  let files = 0;
  let rules = 0;
  for (const p of paths) {
    const abs = resolve(p);
    const isDir = statSync(abs).isDirectory();
    const imported = isDir ? await importDirectory(abs, { repository: abs }) : await importFile(abs);
    files += imported.filesRead;
    for (const d of imported.diagnostics) problems.push(fromLoader(d, displayPath(isDir ? resolve(abs, d.path) : abs)));
    const texts = new Map<string, string>();
    for (const { rule } of imported.rules) {
      rules++;
      const fileAbs = isDir ? resolve(abs, rule.source.path) : abs;
      if (!texts.has(fileAbs)) texts.set(fileAbs, await readFile(fileAbs, 'utf8'));
      const anchor = queryAnchor(texts.get(fileAbs)!, rule);
      const linted = lintRule(rule, catalog);
      for (const d of linted.lint.diagnostics) problems.push(fromQuery(rule, d, displayPath(fileAbs), anchor));
      dialects.push(dialectEntry(linted, displayPath(fileAbs)));
    }
  }
  return { files, rules, problems, dialects };
}

async function importFile(abs: string) {
  const text = await readFile(abs, 'utf8');
  const loaded = loadRuleText(text, { repository: abs, path: abs });
  return { rules: loaded.rules.map((rule) => ({ rule })), diagnostics: loaded.diagnostics, filesRead: 1 };
}

/** Lints rules from the catalog; positions are within the query (no file at hand). */
export function lintRules(rules: readonly Rule[], catalog: Catalog): LintReport {
  const problems: LintProblem[] = [];
  const dialects: LintDialect[] = [];
  for (const rule of rules) {
    const path = rule.source.path;
    const linted = lintRule(rule, catalog);
    for (const d of linted.lint.diagnostics) problems.push(fromQuery(rule, d, path, undefined));
    dialects.push(dialectEntry(linted, path));
  }
  return { files: 0, rules: rules.length, problems, dialects };
}

export function hasErrors(report: LintReport): boolean {
  return report.problems.some((p) => p.level === 'error');
}
