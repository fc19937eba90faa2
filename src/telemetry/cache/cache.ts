/**
 * The transparent table cache: a load of the same unchanged files (same paths, sizes and
 * modification times, same load options) reads the tables back from one `.kqc` file instead of
 * parsing the export again. Entries live in `<user cache dir>/kqlhunt/tables/` ($KQLHUNT_CACHE_DIR
 * overrides it); an entry whose inputs changed is stale and rebuilt in place; only the newest
 * MAX_ENTRIES are kept.
 */
import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import envPaths from 'env-paths';
import type { LoadCacheStatus, LoadReport } from '../report.js';
import { decodeCache, decodeHeader, encodeCache, NotCacheable, type TableToWrite } from './format.js';

export interface CacheInput {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface CacheMeta {
  readonly inputs: readonly CacheInput[];
  /** The load options that change what is loaded (format, table, strict …). */
  readonly options: string;
  readonly report: LoadReport;
  readonly createdAt: string;
}

export interface CacheSettings {
  /** Where entries live (default: the user cache directory, or $KQLHUNT_CACHE_DIR). */
  readonly dir?: string;
  /** Inputs smaller than this load directly (reading them is cheaper than a cache round trip). Default 1 MiB. */
  readonly minBytes?: number;
}

/** What the cache did for a load (reported to the user). */
export type CacheOutcome = LoadCacheStatus;

const MAX_ENTRIES = 8;
export const DEFAULT_MIN_BYTES = 1024 * 1024;

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.KQLHUNT_CACHE_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return join(envPaths('kqlhunt', { suffix: '' }).cache, 'tables');
}

export async function statInputs(files: readonly string[]): Promise<CacheInput[]> {
  return Promise.all(
    files.map(async (path) => {
      const s = await stat(path);
      return { path, size: s.size, mtimeMs: s.mtimeMs };
    }),
  );
}

/** One entry per (file list, options): the key leaves out sizes and times so a change is found stale. */
export function entryPath(dir: string, files: readonly string[], options: string): string {
  const key = createHash('sha256').update(JSON.stringify({ files, options })).digest('hex').slice(0, 32);
  return join(dir, `${key}.kqc`);
}

const sameInputs = (a: readonly CacheInput[], b: readonly CacheInput[]) =>
  a.length === b.length &&
  a.every((x, i) => x.path === b[i]?.path && x.size === b[i]?.size && x.mtimeMs === b[i]?.mtimeMs);

/** An entry's metadata, read from its header only (throws on a damaged or foreign file). */
async function readMeta(fh: FileHandle): Promise<CacheMeta> {
  const head = Buffer.alloc(12);
  await fh.read(head, 0, 12, 0);
  const len = head.readUInt32LE(8);
  const headerBuf = Buffer.alloc(Math.min(12 + len, (await fh.stat()).size));
  await fh.read(headerBuf, 0, headerBuf.length, 0);
  return decodeHeader<CacheMeta>(headerBuf).header.meta;
}

/** The cached tables when the entry exists and its inputs are unchanged; 'stale' or 'missing' otherwise. */
export async function readEntry(
  path: string,
  inputs: readonly CacheInput[],
): Promise<ReturnType<typeof decodeCache<CacheMeta>> | 'stale' | 'missing'> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'r');
  } catch {
    return 'missing';
  }
  try {
    // The header alone says whether the entry is fresh; only then read the (large) rest.
    if (!sameInputs((await readMeta(fh)).inputs, inputs)) return 'stale';
  } catch {
    return 'stale';
  } finally {
    await fh.close();
  }
  try {
    return decodeCache<CacheMeta>(await readFile(path));
  } catch {
    return 'stale';
  }
}

/**
 * Whether some entry in `dir` was written from exactly these inputs (same paths, sizes and times),
 * whatever its options: a cheap hint, read from the entries' headers only, that a load of these
 * files will probably be served from the cache (a hunt then does not start loader threads).
 */
export async function hasEntryFor(dir: string, inputs: readonly CacheInput[]): Promise<boolean> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.kqc'));
  } catch {
    return false;
  }
  for (const name of names) {
    let fh: Awaited<ReturnType<typeof open>> | undefined;
    try {
      fh = await open(join(dir, name), 'r');
      if (sameInputs((await readMeta(fh)).inputs, inputs)) return true;
    } catch {
      // a damaged or foreign file: not a match
    } finally {
      await fh?.close();
    }
  }
  return false;
}

/** Writes an entry atomically (temp file + rename) and trims the directory to the newest entries. */
export async function writeEntry(
  path: string,
  meta: CacheMeta,
  tables: readonly TableToWrite[],
  { trim: trimDir = true }: { trim?: boolean } = {},
): Promise<CacheOutcome> {
  let parts: Uint8Array[];
  try {
    parts = encodeCache(meta, tables);
  } catch (e) {
    if (e instanceof NotCacheable) return { status: 'skipped', reason: `not cacheable: ${e.message}` };
    throw e;
  }
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, parts);
  await rename(tmp, path);
  if (trimDir) await keepNewest(dir, '.kqc', MAX_ENTRIES);
  return { status: 'written', path, stale: false };
}

/** Deletes all but the `keep` most recently modified files of `dir` ending in `extension` (cache trimming). */
export async function keepNewest(dir: string, extension: string, keep: number): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(extension));
  if (names.length <= keep) return;
  const withTimes = await Promise.all(
    names.map(async (n) => ({ n, t: (await stat(join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  withTimes.sort((a, b) => b.t - a.t);
  for (const { n } of withTimes.slice(keep)) await rm(join(dir, n), { force: true });
}
