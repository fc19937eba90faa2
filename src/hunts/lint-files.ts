/**
 * `rules lint`: load rule files (or take catalog rules), lint each query against the built-in
 * schemas, and place every problem in the file — query diagnostics are relative to the query text,
 * so they are shifted to where the query sits in its YAML block scalar or markdown code block.
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Catalog, Diagnostic } from '../kql/engine.js';
import type { RuleDiagnostic } from '../rules/diagnostics.js';
import type { Dialect } from '../rules/dialect.js';
import { filePosition, importDirectory, lintRule, loadRuleText, queryAnchor } from '../rules/index.js';
import type { QueryAnchor, Rule } from '../rules/model.js';

export { queryAnchor };

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

function fromQuery(rule: Rule, d: Diagnostic, path: string, anchor: QueryAnchor | undefined): LintProblem {
  const { line, column } = filePosition(anchor, d.line, d.column);
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
  return { files, rules, problems: sortProblems(problems), dialects };
}

/** File, then line, then column; ties keep their order (the engine's). */
export function sortProblems(problems: readonly LintProblem[]): LintProblem[] {
  return [...problems].sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}

/**
 * Where a catalog rule's query sits in its file: recorded at import (`source.queryAt`); for rules
 * imported before that, read from the file when the source is a local directory that still has it.
 */
function catalogAnchor(rule: Rule): QueryAnchor | undefined {
  if (rule.source.queryAt) return rule.source.queryAt;
  const dir = rule.source.repository;
  if (!isAbsolute(dir)) return undefined;
  const file = resolve(dir, rule.source.path);
  try {
    return existsSync(file) ? queryAnchor(readFileSync(file, 'utf8'), rule) : undefined;
  } catch {
    return undefined;
  }
}

async function importFile(abs: string) {
  const text = await readFile(abs, 'utf8');
  const loaded = loadRuleText(text, { repository: abs, path: abs });
  return { rules: loaded.rules.map((rule) => ({ rule })), diagnostics: loaded.diagnostics, filesRead: 1 };
}

/**
 * Lints rules from the catalog. Positions are in the rule's file (its path in the source), like
 * `rules lint FILE`; only a rule whose query cannot be placed keeps query-relative positions.
 */
export function lintRules(rules: readonly Rule[], catalog: Catalog): LintReport {
  const problems: LintProblem[] = [];
  const dialects: LintDialect[] = [];
  for (const rule of rules) {
    const path = rule.source.path;
    const anchor = catalogAnchor(rule);
    const linted = lintRule(rule, catalog);
    for (const d of linted.lint.diagnostics) problems.push(fromQuery(rule, d, path, anchor));
    dialects.push(dialectEntry(linted, path));
  }
  return { files: 0, rules: rules.length, problems: sortProblems(problems), dialects };
}

export function hasErrors(report: LintReport): boolean {
  return report.problems.some((p) => p.level === 'error');
}
