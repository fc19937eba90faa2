/**
 * What the `kqlhunt rules exclusions` sub-commands do: list, suggest (from the knowledge base),
 * add, enable/disable and import a rule's stored exclusions. Registration and help live in
 * rules-exclusions.ts.
 */
import { readFile } from 'node:fs/promises';
import { exclusionViewLines } from '../../hunts/enrichment-text.js';
import { exclusionViews, ruleTable } from '../../hunts/exclusion-view.js';
import {
  compileForTable,
  type Exclusion,
  enrichRule,
  importExclusionsYaml,
  mergeExclusions,
  scenariosAsExclusions,
} from '../../rules/index.js';
import type { Rule } from '../../rules/model.js';
import type { Store } from '../../store/index.js';
import { EXIT_OK, EXIT_QUERY_ERRORS, UsageError } from '../exit.js';
import { parseChoice } from '../options.js';
import { requireRule, requireRuleId, viewJson } from './rules-shared.js';

export function exclusionsList(store: Store, ruleText: string, formatText: string | undefined): number {
  const format = parseChoice('--format', formatText, ['text', 'json'] as const, 'text');
  const id = requireRuleId(store, ruleText);
  const rule = store.getRule(id)?.rule;
  const stored = store.listExclusions(id);
  if (format === 'json') {
    const views = rule ? exclusionViews(rule, stored).map(viewJson) : stored;
    process.stdout.write(`${JSON.stringify({ ruleId: id, exclusions: views })}\n`);
    return EXIT_OK;
  }
  const lines = [
    `exclusions of ${id}${rule ? ` (${rule.name})` : ''}: ${stored.length}, enabled ${stored.filter((x) => x.enabled).length}`,
  ];
  if (rule) for (const v of exclusionViews(rule, stored)) lines.push(...exclusionViewLines(v));
  else
    for (const x of stored)
      lines.push(`  [${x.enabled ? 'enabled' : 'disabled'}] ${x.id} (${x.source}): ${x.expression}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

export function exclusionsSuggest(store: Store, ruleText: string, add: boolean): number {
  const c = requireRule(store, ruleText);
  const scenarios = enrichRule(c.rule).falsePositives;
  // Suggestions are offered, not imposed: stored disabled until the user enables them.
  const suggested = scenariosAsExclusions(scenarios).map((x) => ({ ...x, enabled: false }));
  const lines = [`${scenarios.length} knowledge-base suggestion(s) for ${c.id} (${c.name})`];
  for (const s of scenarios) {
    const worst = s.safety.map((f) => `${f.severity} ${f.kind}`).join(', ') || 'no flags';
    lines.push(
      `  ${s.id}: ${s.scenario}${s.needsInput ? ' [needs your value]' : ''}`,
      `    ${s.exclusion}`,
      `    safety: ${worst}`,
    );
  }
  if (add) {
    const stored = store.ruleExclusions(c.id);
    const merged = mergeExclusions(stored, suggested);
    const have = new Map(stored.exclusions.map((x) => [x.id, x]));
    // Only knowledge-base entries are the knowledge base's to refresh (or to disable when it dropped
    // them); upstream and user entries stay exactly as they are.
    const changed = merged.exclusions.filter((x) => {
      const before = have.get(x.id);
      return !before || (before.source === 'knowledge-base' && JSON.stringify(before) !== JSON.stringify(x));
    });
    const out = store.saveExclusions(c.id, changed);
    lines.push(
      `stored: ${out.added.length} added (disabled), ${out.updated.length} refreshed; enable with "kqlhunt rules exclusions enable ${c.id} ID"`,
    );
  } else lines.push(`store them (disabled) with "kqlhunt rules exclusions suggest ${c.id} --add"`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

export interface AddFlags {
  readonly id?: string;
  readonly scenario?: string;
  readonly description?: string;
  readonly disabled?: boolean;
  readonly db?: string;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

export function exclusionsAdd(store: Store, ruleText: string, expression: string, opts: AddFlags): number {
  const c = requireRule(store, ruleText);
  const table = ruleTable(c.rule);
  const compiled = compileForTable(expression, table);
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (compiled.kql === undefined || errors.length > 0) {
    for (const d of errors.length > 0 ? errors : compiled.diagnostics)
      process.stderr.write(`exclusion ${d.line}:${d.column}: ${d.code} ${d.message}\n`);
    process.stderr.write(`not stored: the exclusion does not compile for ${table ?? "the rule's table"}\n`);
    return EXIT_QUERY_ERRORS;
  }
  const taken = new Set(store.listExclusions(c.id).map((x) => x.id));
  let id = opts.id ?? (opts.scenario ? slug(opts.scenario) : '');
  for (let n = taken.size + 1; id === '' || (!opts.id && taken.has(id)); n++) id = `user-${n}`;
  const x: Exclusion = {
    id,
    scenario: opts.scenario ?? id,
    description: opts.description ?? '',
    expression,
    enabled: opts.disabled !== true,
    source: 'user',
  };
  const out = store.saveExclusions(c.id, [x]);
  const [view] = exclusionViews(c.rule, [x]);
  const lines = [
    `${out.added.length > 0 ? 'added' : 'replaced'} exclusion ${id} of ${c.id}`,
    ...(view ? exclusionViewLines(view) : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

export function exclusionsToggle(
  store: Store,
  ruleText: string,
  ids: readonly string[],
  all: boolean,
  enabled: boolean,
): number {
  const id = requireRuleId(store, ruleText);
  if (!all && ids.length === 0)
    throw new UsageError(`name the exclusion ids to ${enabled ? 'enable' : 'disable'}, or --all`);
  const targets = all ? store.listExclusions(id).map((x) => x.id) : ids;
  const missing = store.setExclusionsEnabled(id, targets, enabled);
  for (const m of missing)
    process.stderr.write(`no exclusion '${m}' for rule ${id}; see "kqlhunt rules exclusions list ${id}"\n`);
  process.stdout.write(
    `${enabled ? 'enabled' : 'disabled'} ${targets.length - missing.length} exclusion(s) of ${id}\n`,
  );
  return missing.length > 0 ? EXIT_QUERY_ERRORS : EXIT_OK;
}

export function exclusionsRemove(store: Store, ruleText: string, ids: readonly string[]): number {
  const id = requireRuleId(store, ruleText);
  const n = store.removeExclusions(id, ids);
  process.stdout.write(`removed ${n} exclusion(s) of ${id}\n`);
  return n === ids.length ? EXIT_OK : EXIT_QUERY_ERRORS;
}

export async function exclusionsImport(store: Store, files: readonly string[], replace: boolean): Promise<number> {
  let failed = false;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new UsageError(`rules exclusions import: cannot read ${file}: ${(e as Error).message}`);
    }
    const doc = importExclusionsYaml(text);
    for (const d of doc.diagnostics) process.stderr.write(`${file}:${d.line}:${d.column}: ${d.code} ${d.message}\n`);
    if (!doc.value) {
      failed = true;
      continue;
    }
    const { ruleId, exclusions } = doc.value;
    const rule = store.getRule(ruleId)?.rule;
    if (!rule)
      process.stderr.write(
        `${file}: rule ${ruleId} is not in the catalog; stored anyway (a hunt over it applies them)\n`,
      );
    else for (const x of exclusions) failed = warnIfBroken(file, rule, x) || failed;
    const out = replace
      ? store.replaceExclusions(ruleId, exclusions)
      : { ...store.saveExclusions(ruleId, exclusions), removed: undefined };
    const removed = out.removed ? `, removed ${out.removed.length}` : '';
    process.stdout.write(
      `${file}: rule ${ruleId}: added ${out.added.length}, updated ${out.updated.length}${removed}\n`,
    );
    failed = failed || doc.diagnostics.some((d) => d.severity === 'error');
  }
  return failed ? EXIT_QUERY_ERRORS : EXIT_OK;
}

function warnIfBroken(file: string, rule: Rule, x: Exclusion): boolean {
  const compiled = compileForTable(x.expression, ruleTable(rule));
  if (compiled.kql !== undefined) return false;
  const d = compiled.diagnostics.find((y) => y.severity === 'error') ?? compiled.diagnostics[0];
  process.stderr.write(
    `${file}: exclusion ${x.id} does not compile for the rule: ${d ? `${d.code} ${d.message}` : ''}\n`,
  );
  return true;
}
