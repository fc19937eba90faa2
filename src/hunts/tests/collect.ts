/**
 * `kqlhunt test [RULE|DIR|PACK]…` → the rule files to test, each with its rules and tests. A spec is
 * a bundled pack name (as `hunt --rules`), a directory (every rule file under it), a rule file, or a
 * tests file (`x.tests.yaml` stands for its rule file `x.yaml`/`x.yml`/`x.md`/`x.kql`).
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { listRuleFiles, loadRuleText } from '../../rules/import.js';
import type { Rule } from '../../rules/model.js';
import { discoverTests, isTestsFile } from '../../rules/tests/discover.js';
import type { RuleTestFile } from '../../rules/tests/types.js';
import { bundledPack, kqlFileRule } from '../sources.js';

export interface RuleFileUnderTest {
  /** Absolute path of the rule file. */
  readonly file: string;
  readonly rules: readonly Rule[];
  /** Why the file gave no rule (its error diagnostics), when it gave none. */
  readonly loadErrors: readonly string[];
  readonly testFiles: readonly RuleTestFile[];
}

export interface CollectedTests {
  /** Rule files with at least one tests document. */
  readonly files: readonly RuleFileUnderTest[];
  /** Rules found that carry no tests. */
  readonly untested: readonly Rule[];
  /** Specs that named neither a pack nor an existing path. */
  readonly missing: readonly string[];
}

const RULE_EXTENSIONS = ['.yaml', '.yml', '.md', '.markdown', '.kql'];

/** The absolute paths a spec names (pack → its directory). */
export function specPath(spec: string): string | undefined {
  const pack = spec.includes('/') || spec.includes('\\') ? undefined : bundledPack(spec.replace(/\/$/, ''));
  const path = pack ?? resolve(spec);
  return existsSync(path) ? path : undefined;
}

export async function collectTests(specs: readonly string[]): Promise<CollectedTests> {
  const files = new Map<string, RuleFileUnderTest>();
  const untested: Rule[] = [];
  const missing: string[] = [];
  const seenRuleIds = new Set<string>();
  const add = async (file: string) => {
    if (files.has(file)) return;
    const unit = await loadUnit(file);
    const rules = unit.rules.filter((r) => !seenRuleIds.has(r.id));
    for (const r of rules) seenRuleIds.add(r.id);
    if (unit.testFiles.length === 0) untested.push(...rules);
    else files.set(file, { ...unit, rules });
  };
  for (const spec of specs) {
    const path = specPath(spec);
    if (!path) {
      missing.push(spec);
      continue;
    }
    if (statSync(path).isDirectory()) {
      for (const f of await listRuleFiles(path)) await add(f);
    } else if (isTestsFile(path)) {
      const rule = ruleFileOf(path);
      if (rule) await add(rule);
      else missing.push(spec);
    } else await add(path);
  }
  return { files: [...files.values()], untested, missing };
}

/** The rule file a sidecar tests file belongs to. */
function ruleFileOf(testsFile: string): string | undefined {
  const stem = basename(testsFile).replace(/\.tests\.ya?ml$/i, '');
  for (const ext of RULE_EXTENSIONS) {
    const candidate = join(dirname(testsFile), `${stem}${ext}`);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function loadUnit(file: string): Promise<RuleFileUnderTest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { file, rules: [], loadErrors: [`cannot read ${file}: ${(e as Error).message}`], testFiles: [] };
  }
  const testFiles = discoverTests(file, text);
  if (/\.(kql|kusto|csl)$/i.test(file)) return { file, rules: [kqlFileRule(file, text)], loadErrors: [], testFiles };
  const loaded = loadRuleText(text, { repository: dirname(file), path: basename(file) });
  const loadErrors = loaded.rules.length
    ? []
    : loaded.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.path}:${d.line}:${d.column}: ${d.code} ${d.message}`);
  return { file, rules: loaded.rules, loadErrors, testFiles };
}
