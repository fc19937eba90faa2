/**
 * The rule cache: a directory of rule files (a bundled pack, a folder given to --rules) imported
 * again with unchanged files is served from one file instead of reading, YAML-parsing, validating,
 * table-finding and anchoring every rule again (for the 489-rule RMM pack, ~0.4–0.6 s of every
 * hunt). One entry per (directory, repository identity, commit) lives in
 * `<user cache dir>/kqlhunt/rules/` (`$KQLHUNT_CACHE_DIR/rules` when that is set, as for the
 * table cache).
 *
 * Trust: every file is listed and stat'ed on each import; a file is taken from the entry only when
 * its relative path, size and modification time are those recorded, so an edited, added or
 * removed file is re-read (only that file) and the entry rewritten. A file modified less than
 * SETTLE_MS before it was read is never recorded (a second write within the same mtime tick would
 * go unseen). Entries also record the format version and a stamp of the program (package.json and
 * the sizes and times of the rules/ and kql/syntax/ modules), so a rebuilt or upgraded kqlhunt
 * never reads an old parse. The file is "KQRC" · u32 format · SHA-256 of the
 * payload · payload (`v8.serialize` of plain data); a damaged, foreign or mismatched entry is
 * ignored and rebuilt, never trusted, and nothing in it is evaluated.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import envPaths from 'env-paths';
import type { RuleDiagnostic } from '../rules/diagnostics.js';
import {
  assembleImport,
  type FileImport,
  type ImportContext,
  type ImportedRule,
  type ImportOptions,
  type ImportResult,
  importDirectory,
  importRuleFile,
  ruleFileStats,
} from '../rules/import.js';
import { keepNewest } from '../telemetry/cache/cache.js';

/** Bump when the entry layout or the meaning of anything in it changes: old entries are rebuilt. */
export const RULE_CACHE_FORMAT = 1;
const MAGIC = 0x4352514b; // "KQRC" little-endian
const HEAD = 4 + 4 + 32;
/** Entries kept (newest by modification time); each is one rule directory. */
const MAX_ENTRIES = 32;
/** A file changed this recently may change again within the same mtime tick: read, never recorded. */
export const SETTLE_MS = 2000;
/** Stands for the import's retrieval time in recorded rules; each import puts its own time back. */
const RETRIEVED_AT = '\u0000retrievedAt';

export interface RuleCacheSettings {
  /** Where entries live (default: the user cache directory's kqlhunt/rules, or $KQLHUNT_CACHE_DIR/rules). */
  readonly dir?: string;
}

/** What the cache did for one directory import. */
export type RuleCacheOutcome =
  /** Every file came from the entry. */
  | { readonly status: 'hit'; readonly path: string; readonly files: number }
  /** The entry was (re)written: `parsed` files were read, `reused` came from the old entry. */
  | { readonly status: 'written'; readonly path: string; readonly parsed: number; readonly reused: number }
  /** The cache could not be written (read-only or full disk); the import itself is complete. */
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'off' };

interface CachedFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly rules: readonly ImportedRule[];
  readonly diagnostics: readonly RuleDiagnostic[];
}

interface EntryKey {
  readonly format: number;
  /** loaderStamp(): the program version and its loader code. */
  readonly stamp: string;
  readonly root: string;
  readonly repository: string;
  readonly commit: string;
}

interface Entry extends EntryKey {
  readonly files: readonly CachedFile[];
}

export function defaultRuleCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.KQLHUNT_CACHE_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return join(fromEnv, 'rules');
  return join(envPaths('kqlhunt', { suffix: '' }).cache, 'rules');
}

let stampMemo: string | undefined;

/**
 * The loader code's stamp: sizes and modification times of the modules that turn files into rules
 * (rules/ and the KQL syntax that finds a query's tables), next to this module (dist/ or src/),
 * and the package manifest (the program version).
 */
export function loaderStamp(): string {
  if (stampMemo !== undefined) return stampMemo;
  const base = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        const s = statSync(full, { throwIfNoEntry: false });
        h.update(`${full}\0${s?.size ?? -1}\0${s?.mtimeMs ?? 0}\n`);
      }
    }
  };
  walk(join(base, 'rules'));
  walk(join(base, 'kql', 'syntax'));
  // The package's manifest (its version): installed packages may carry normalised file times.
  try {
    h.update(readFileSync(join(base, '..', 'package.json')));
  } catch {
    h.update('no package.json');
  }
  stampMemo = h.digest('hex').slice(0, 16);
  return stampMemo;
}

/**
 * `importDirectory` through the cache (`settings === false`: straight import). Gives exactly what
 * `importDirectory(root, options)` gives, plus what the cache did.
 */
export async function importDirectoryCached(
  root: string,
  options: ImportOptions,
  settings: RuleCacheSettings | false,
): Promise<{ result: ImportResult; cache: RuleCacheOutcome }> {
  if (settings === false) return { result: await importDirectory(root, options), cache: { status: 'off' } };
  const ctx: ImportContext = {
    repository: options.repository ?? root,
    retrievedAt: options.retrievedAt ?? new Date().toISOString(),
    ...(options.commit ? { commit: options.commit } : {}),
  };
  const stats = ruleFileStats(root);
  const key: EntryKey = {
    format: RULE_CACHE_FORMAT,
    stamp: loaderStamp(),
    root: resolve(root),
    repository: ctx.repository,
    commit: ctx.commit ?? '',
  };
  const path = entryPath(settings.dir ?? defaultRuleCacheDir(), key);
  const entry = await readRuleEntry(path, key);
  const recorded = new Map(entry?.files.map((f) => [f.path, f]));
  const files: FileImport[] = [];
  const keep: CachedFile[] = [];
  let parsed = 0;
  const settled = Date.now() - SETTLE_MS;
  for (const s of stats) {
    const prev = recorded.get(s.path);
    if (prev && prev.size === s.size && prev.mtimeMs === s.mtimeMs && s.size >= 0) {
      files.push(prev);
      keep.push(prev);
      continue;
    }
    // Read with a placeholder time so what is recorded does not depend on when it was read.
    const f = await importRuleFile(s.file, s.path, { ...ctx, retrievedAt: RETRIEVED_AT });
    parsed++;
    files.push(f);
    if (!f.unreadable && s.size >= 0 && s.mtimeMs > 0 && s.mtimeMs < settled)
      keep.push({ path: s.path, size: s.size, mtimeMs: s.mtimeMs, rules: f.rules, diagnostics: f.diagnostics });
  }
  const reused = stats.length - parsed;
  let cache: RuleCacheOutcome;
  if (entry && parsed === 0 && entry.files.length === keep.length) cache = { status: 'hit', path, files: reused };
  else {
    try {
      await writeRuleEntry(path, { ...key, files: keep });
      cache = { status: 'written', path, parsed, reused };
    } catch (e) {
      cache = { status: 'skipped', reason: `could not write the rule cache: ${(e as Error).message}` };
    }
  }
  // Written (or not) with the placeholder: now each rule gets this import's retrieval time.
  for (const f of files)
    for (const { rule } of f.rules)
      if (rule.source.retrievedAt === RETRIEVED_AT)
        (rule.source as { retrievedAt?: string }).retrievedAt = ctx.retrievedAt;
  return { result: assembleImport(files, options.commit), cache };
}

function entryPath(dir: string, key: EntryKey): string {
  const name = createHash('sha256')
    .update(JSON.stringify([key.root, key.repository, key.commit]))
    .digest('hex')
    .slice(0, 32);
  return join(dir, `${name}.kqr`);
}

/** The entry at `path` if it is whole, ours and made for `key`; undefined otherwise (missing, damaged, stale). */
export async function readRuleEntry(path: string, key: EntryKey): Promise<Entry | undefined> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch {
    return undefined;
  }
  if (buf.length < HEAD || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== RULE_CACHE_FORMAT) return undefined;
  const payload = buf.subarray(HEAD);
  if (!createHash('sha256').update(payload).digest().equals(buf.subarray(8, HEAD))) return undefined;
  let value: unknown;
  try {
    value = deserialize(payload);
  } catch {
    return undefined;
  }
  if (!isEntry(value)) return undefined;
  const same = (Object.keys(key) as (keyof EntryKey)[]).every((k) => value[k] === key[k]);
  return same ? value : undefined;
}

async function writeRuleEntry(path: string, entry: Entry): Promise<void> {
  const payload = serialize(entry);
  const head = Buffer.alloc(HEAD);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(RULE_CACHE_FORMAT, 4);
  createHash('sha256').update(payload).digest().copy(head, 8);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, [head, payload]);
  await rename(tmp, path);
  await keepNewest(dir, '.kqr', MAX_ENTRIES);
}

// Shape checks: an entry that deserializes but is not what we wrote is treated as damaged.
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function isDiagnostic(x: unknown): x is RuleDiagnostic {
  return (
    isObj(x) &&
    isStr(x.code) &&
    isStr(x.severity) &&
    isStr(x.message) &&
    isStr(x.path) &&
    isNum(x.line) &&
    isNum(x.column)
  );
}

function isImportedRule(x: unknown): x is ImportedRule {
  if (!isObj(x) || !isStr(x.hash) || !isObj(x.rule)) return false;
  const r = x.rule;
  return (
    isStr(r.id) &&
    isStr(r.name) &&
    isStr(r.format) &&
    isStr(r.kind) &&
    (r.query === undefined || isStr(r.query)) &&
    isObj(r.source) &&
    isStr(r.source.repository) &&
    isStr(r.source.path) &&
    Array.isArray(r.tables) &&
    r.tables.every(isStr) &&
    isObj(r.lint)
  );
}

function isEntry(x: unknown): x is Entry {
  if (!isObj(x) || !isNum(x.format) || !isStr(x.stamp)) return false;
  if (!isStr(x.root) || !isStr(x.repository) || !isStr(x.commit) || !Array.isArray(x.files)) return false;
  return x.files.every(
    (f: unknown) =>
      isObj(f) &&
      isStr(f.path) &&
      isNum(f.size) &&
      isNum(f.mtimeMs) &&
      Array.isArray(f.rules) &&
      f.rules.every(isImportedRule) &&
      Array.isArray(f.diagnostics) &&
      f.diagnostics.every(isDiagnostic),
  );
}
