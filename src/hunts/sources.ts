/**
 * `--rules PACK|DIR|FILE…` → rules. A bare name that is a bundled pack (`rmm`) resolves inside the
 * installed package (packs/ beside dist/ or src/), never against the working directory; anything
 * else is a path to a rule file or a directory of them. Broken files are reported, not fatal.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { at, RULE_DIAG, type RuleDiagnostic } from '../rules/diagnostics.js';
import { importDirectory, loadRuleText } from '../rules/index.js';
import type { Rule } from '../rules/model.js';

/** packs/ of the installed package: this file is <pkg>/dist/hunts/ or <pkg>/src/hunts/. */
export function packsRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packs');
}

export function bundledPack(name: string): string | undefined {
  if (!/^[A-Za-z0-9][\w-]*$/.test(name)) return undefined;
  const dir = resolve(packsRoot(), name);
  return existsSync(resolve(dir, 'pack.yaml')) ? dir : undefined;
}

export interface ResolvedRules {
  readonly rules: readonly Rule[];
  readonly diagnostics: readonly RuleDiagnostic[];
  /** Specs that named neither a pack nor an existing path. */
  readonly missing: readonly string[];
}

/** Loads every spec; duplicate rule ids (the same file given twice) keep the first. */
export async function resolveRuleSpecs(specs: readonly string[]): Promise<ResolvedRules> {
  const rules: Rule[] = [];
  const diagnostics: RuleDiagnostic[] = [];
  const missing: string[] = [];
  const ids = new Set<string>();
  const add = (list: readonly Rule[]) => {
    for (const r of list) {
      if (ids.has(r.id)) continue;
      ids.add(r.id);
      rules.push(r);
    }
  };
  for (const spec of specs) {
    // A local path wins over a pack of the same name only when it is written as a path.
    const pack = spec.includes('/') || spec.includes('\\') ? undefined : bundledPack(spec);
    const path = pack ?? resolve(spec);
    if (!existsSync(path)) {
      missing.push(spec);
      continue;
    }
    if (statSync(path).isDirectory()) {
      const imported = await importDirectory(path, { repository: pack ? `pack:${spec}` : path });
      add(imported.rules.map((r) => r.rule));
      // A pack's root pack.yaml is its manifest, not a rule.
      diagnostics.push(...imported.diagnostics.filter((d) => d.path !== 'pack.yaml'));
    } else {
      const loaded = await loadFile(path);
      add(loaded.rules);
      diagnostics.push(...loaded.diagnostics);
    }
  }
  return { rules, diagnostics, missing };
}

async function loadFile(path: string): Promise<{ rules: readonly Rule[]; diagnostics: readonly RuleDiagnostic[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return { rules: [], diagnostics: [at(RULE_DIAG.unreadable((e as Error).message), path)] };
  }
  if (/\.(kql|kusto|csl)$/i.test(path)) return { rules: [kqlFileRule(path, text)], diagnostics: [] };
  return loadRuleText(text, { repository: dirname(path), path: basename(path) });
}

/** A bare .kql file is a rule named after the file (handy for ad-hoc hunts). */
export function kqlFileRule(path: string, text: string): Rule {
  return {
    id: `file:${path}`,
    name: basename(path),
    description: '',
    kind: 'hunting',
    format: 'sentinel-yaml',
    query: text,
    tactics: [],
    techniques: [],
    requiredDataConnectors: [],
    tables: [],
    entityMappings: [],
    customDetails: {},
    tags: [],
    references: [],
    source: { repository: dirname(path), path: basename(path) },
    extra: {},
    lint: { status: 'unchecked', diagnostics: [] },
  };
}
