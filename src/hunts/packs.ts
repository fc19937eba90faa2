/**
 * The rule packs kqlhunt ships (every folder under packs/ with a pack.yaml manifest) and their place
 * in the store's catalog. A pack is registered as the catalog source `kqlhunt:packs/<name>` the first
 * time anything uses the catalog, and re-imported when the package changed it (a fingerprint of its
 * files' paths, sizes and modification times is kept as the import's commit), so `hunt`, `serve`,
 * `rules …` and the web app all read the same rules.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleDiagnostic } from '../rules/diagnostics.js';
import { lintRule } from '../rules/index.js';
import type { ImportOutcome } from '../store/catalog.js';
import type { Store } from '../store/store.js';
import { schemaCatalog } from '../telemetry/schemas.js';
import { importDirectoryCached, type RuleCacheSettings } from './rule-cache.js';

/** packs/ of the installed package: this file is <pkg>/dist/hunts/ or <pkg>/src/hunts/. */
export function packsRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packs');
}

export interface BundledPack {
  readonly name: string;
  readonly dir: string;
  /** The catalog source name: `kqlhunt:packs/<name>` (not `packs/<name>`, which reads as a GitHub owner/name). */
  readonly source: string;
}

const PACK_NAME = /^[A-Za-z0-9][\w-]*$/;
export const PACK_MANIFEST = 'pack.yaml';

export function packSource(name: string): string {
  return `kqlhunt:packs/${name}`;
}

/** Every bundled pack: a folder of `root` holding a pack.yaml. Sorted by name. */
export function bundledPacks(root: string = packsRoot()): BundledPack[] {
  let names: string[];
  try {
    names = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && PACK_NAME.test(e.name) && existsSync(join(root, e.name, PACK_MANIFEST)))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
  return names.map((name) => ({ name, dir: join(root, name), source: packSource(name) }));
}

/** The bundled pack called `name`, if the package has one. */
export function bundledPack(name: string, root: string = packsRoot()): string | undefined {
  if (!PACK_NAME.test(name)) return undefined;
  const dir = resolve(root, name);
  return existsSync(join(dir, PACK_MANIFEST)) && statSync(dir).isDirectory() ? dir : undefined;
}

/**
 * A fingerprint of the pack's files (relative path, size, mtime): changes when the package updates
 * the pack. Every hunt over the catalog takes it, so it stats synchronously (~1k files in ~10 ms;
 * one awaited stat after another took 40–140 ms).
 */
export async function packFingerprint(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) {
        const s = statSync(full);
        hash.update(`${relative(dir, full)}\0${s.size}\0${Math.trunc(s.mtimeMs)}\n`);
      }
    }
  };
  walk(dir);
  return `pack-${hash.digest('hex').slice(0, 16)}`;
}

/** A pack's root pack.yaml is its manifest, never a rule. */
export function withoutManifest(diagnostics: readonly RuleDiagnostic[]): RuleDiagnostic[] {
  return diagnostics.filter((d) => d.path !== PACK_MANIFEST);
}

/**
 * Imports one bundled pack into the catalog (linted against the built-in schemas); with a rule
 * cache, unchanged files are not parsed again (a new store registering an unchanged pack).
 */
export async function importPack(
  store: Store,
  pack: BundledPack,
  fingerprint?: string,
  cache: RuleCacheSettings | false = false,
): Promise<ImportOutcome> {
  const retrievedAt = new Date().toISOString();
  const commit = fingerprint ?? (await packFingerprint(pack.dir));
  const { result: imported } = await importDirectoryCached(pack.dir, { repository: pack.source, retrievedAt }, cache);
  const catalog = schemaCatalog();
  // A rule someone imported from elsewhere (their copy of an upstream rule) wins over the bundled copy.
  const taken = new Set(
    store
      .listRules()
      .filter((c) => !c.source.startsWith('kqlhunt:packs/'))
      .map((c) => c.id),
  );
  return store.recordImport({
    source: pack.source,
    kind: 'pack',
    commit,
    retrievedAt,
    filesRead: imported.filesRead,
    rules: imported.rules
      .filter(({ rule }) => !taken.has(rule.id))
      .map(({ rule, hash }) => ({ rule: lintRule(rule, catalog), hash })),
    diagnostics: withoutManifest(imported.diagnostics),
  });
}

export interface PackSync {
  readonly pack: BundledPack;
  /** undefined when the catalog already had this version of the pack. */
  readonly outcome: ImportOutcome | undefined;
}

/**
 * Registers the bundled packs (all, or the named ones) in the catalog: imported when missing or
 * changed since the last registration, left alone otherwise (a stat of each file, no parsing).
 */
export async function syncBundledPacks(
  store: Store,
  options: {
    readonly names?: readonly string[];
    readonly root?: string;
    /** The rule cache for packs that must be (re)imported (off unless given). */
    readonly cache?: RuleCacheSettings | false;
  } = {},
): Promise<PackSync[]> {
  const packs = bundledPacks(options.root).filter((p) => !options.names || options.names.includes(p.name));
  const out: PackSync[] = [];
  for (const pack of packs) {
    const fingerprint = await packFingerprint(pack.dir);
    const last = store.listImports(pack.source).at(-1);
    if (last?.commit === fingerprint) out.push({ pack, outcome: undefined });
    else out.push({ pack, outcome: await importPack(store, pack, fingerprint, options.cache ?? false) });
  }
  return out;
}
