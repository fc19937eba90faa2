/**
 * Where a hunt's exclusions come from: the catalog store (by rule id) and exclusion files given on
 * the command line (the YAML storage format, `--exclusions FILE`). A file's entry overrides a stored
 * entry with the same id, so a repository can pin its tuning in CI without touching anyone's store.
 */
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../kql/engine.js';
import { importExclusionsYaml, plainExclusion } from '../rules/exclusions/index.js';
import type { Exclusion } from '../rules/exclusions/types.js';
import type { Rule } from '../rules/model.js';
import type { StoredExclusion } from '../store/types.js';

export interface ExclusionFileProblem {
  readonly path: string;
  readonly diagnostic: Diagnostic;
}

export interface ExclusionFiles {
  /** Exclusions by rule id, in file order; later files override earlier ones by id. */
  readonly byRule: ReadonlyMap<string, readonly Exclusion[]>;
  readonly problems: readonly ExclusionFileProblem[];
  /** A file that could not be read at all (message). */
  readonly unreadable: readonly { readonly path: string; readonly message: string }[];
}

/** Reads exclusion YAML files; never throws. */
export async function readExclusionFiles(paths: readonly string[]): Promise<ExclusionFiles> {
  const byRule = new Map<string, Exclusion[]>();
  const problems: ExclusionFileProblem[] = [];
  const unreadable: { path: string; message: string }[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      unreadable.push({ path, message: (e as Error).message });
      continue;
    }
    const doc = importExclusionsYaml(text);
    for (const d of doc.diagnostics) problems.push({ path, diagnostic: d });
    if (!doc.value) continue;
    byRule.set(doc.value.ruleId, overlay(byRule.get(doc.value.ruleId) ?? [], doc.value.exclusions));
  }
  return { byRule, problems, unreadable };
}

/** `base` with `top`'s entries replacing same-id ones in place and the rest appended. */
export function overlay(base: readonly Exclusion[], top: readonly Exclusion[]): Exclusion[] {
  const byId = new Map(top.map((x) => [x.id, x]));
  const out = base.map((x) => byId.get(x.id) ?? x);
  const have = new Set(out.map((x) => x.id));
  for (const x of top) if (!have.has(x.id)) out.push(x);
  return out;
}

/**
 * The rules with `exclusions` set from the store and the files (rules with neither keep whatever
 * they carried). Returns new rule objects; the inputs are not changed.
 */
export function attachExclusions(
  rules: readonly Rule[],
  stored: ReadonlyMap<string, readonly StoredExclusion[]>,
  files: ReadonlyMap<string, readonly Exclusion[]> = new Map(),
): Rule[] {
  return rules.map((rule) => {
    const fromStore = stored.get(rule.id)?.map(plainExclusion);
    const fromFiles = files.get(rule.id);
    if (!fromStore && !fromFiles) return rule;
    const base = fromStore ?? [...(rule.exclusions?.exclusions ?? [])];
    return { ...rule, exclusions: { ruleId: rule.id, exclusions: overlay(base, fromFiles ?? []) } };
  });
}
