/**
 * `--rules PACK|DIR|FILE|SOURCE…` → rules. A bare name that is a bundled pack (`rmm`) means that
 * pack, never a folder of the working directory: with a store it is read from the catalog (the pack
 * is registered there first, see packs.ts), without one straight from the package. Anything else is
 * a path to a rule file or a directory of them, or the name of a catalog source (`rules import`).
 * Broken files are reported, not fatal.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { at, RULE_DIAG, type RuleDiagnostic } from '../rules/diagnostics.js';
import { loadRuleText } from '../rules/index.js';
import type { Rule } from '../rules/model.js';
import type { Store } from '../store/store.js';
import { bundledPack, bundledPacks, packSource, syncBundledPacks, withoutManifest } from './packs.js';
import { importDirectoryCached, type RuleCacheSettings } from './rule-cache.js';

export { bundledPack, packsRoot } from './packs.js';

export interface ResolvedRules {
  readonly rules: readonly Rule[];
  readonly diagnostics: readonly RuleDiagnostic[];
  /** Specs that named neither a pack nor an existing path (nor a catalog source). */
  readonly missing: readonly string[];
}

export interface ResolveOptions {
  /** The catalog: packs are registered in it and read from it; catalog source names resolve. */
  readonly store?: Store;
  /**
   * The rule cache (off unless given): directories (packs, rule folders) whose files are unchanged
   * are read from it instead of being parsed again (see rule-cache.ts).
   */
  readonly cache?: RuleCacheSettings | false;
}

/**
 * Loads every spec; duplicate rule ids (the same file given twice) keep the first. No specs means
 * the whole catalog (with a store: every bundled pack and every imported source) or, without a
 * store, every bundled pack.
 */
export async function resolveRuleSpecs(specs: readonly string[], options: ResolveOptions = {}): Promise<ResolvedRules> {
  const { store } = options;
  const cache = options.cache ?? false;
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
  if (specs.length === 0) {
    if (store) {
      await syncBundledPacks(store, { cache });
      add(store.listRules().map((c) => c.rule));
    } else
      for (const pack of bundledPacks()) {
        const { result: imported } = await importDirectoryCached(pack.dir, { repository: pack.source }, cache);
        add(imported.rules.map((r) => r.rule));
        diagnostics.push(...withoutManifest(imported.diagnostics));
      }
    return { rules, diagnostics, missing };
  }
  for (const spec of specs) {
    // A local path wins over a pack of the same name only when it is written as a path.
    const pack = spec.includes('/') || spec.includes('\\') ? undefined : bundledPack(spec);
    if (pack && store) {
      await syncBundledPacks(store, { names: [spec], cache });
      add(store.listRules({ source: packSource(spec) }).map((c) => c.rule));
      continue;
    }
    const path = pack ?? resolve(spec);
    if (!existsSync(path)) {
      if (store && store.listImports(spec).length > 0) add(store.listRules({ source: spec }).map((c) => c.rule));
      else missing.push(spec);
      continue;
    }
    if (statSync(path).isDirectory()) {
      const { result: imported } = await importDirectoryCached(
        path,
        { repository: pack ? packSource(spec) : path },
        cache,
      );
      add(imported.rules.map((r) => r.rule));
      diagnostics.push(...(pack ? withoutManifest(imported.diagnostics) : imported.diagnostics));
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
