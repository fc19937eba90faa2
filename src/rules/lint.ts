/**
 * Rule linter: parse and bind a rule's query with the engine against a table catalog (the caller
 * passes `schemaCatalog()` from src/telemetry/schemas.ts) and record the outcome on the rule,
 * with the dialect the rule is written in (Defender XDR, Sentinel, either; src/rules/dialect.ts).
 */
import { bind, type Catalog, parse } from '../kql/engine.js';
import { dialectOfTree } from './dialect.js';
import { isRunnable, type Rule, type RuleLint, UNCHECKED } from './model.js';

export function lintQuery(query: string, catalog: Catalog): RuleLint {
  const parsed = parse(query);
  const bound = bind(parsed, { catalog });
  const seen = new Set<string>();
  const diagnostics = [...parsed.diagnostics, ...bound.diagnostics].filter((d) => {
    const key = `${d.code}:${d.offset}:${d.length}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const status = diagnostics.some((d) => d.severity === 'error')
    ? 'errors'
    : diagnostics.some((d) => d.severity === 'warning')
      ? 'warnings'
      : 'clean';
  return { status, diagnostics, dialect: dialectOfTree(parsed.query) };
}

export function lintRule(rule: Rule, catalog: Catalog): Rule {
  // A Sigma rule that is not convertible has no query to lint; its reason is on rule.sigma.
  if (!isRunnable(rule)) return { ...rule, lint: UNCHECKED };
  return { ...rule, lint: lintQuery(rule.query, catalog) };
}
