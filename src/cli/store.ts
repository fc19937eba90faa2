/**
 * Opening the store for one command. Every command that reads or writes runs, findings, rules or
 * exclusions takes the same `--db` option and closes the store however the command ends.
 */
import { openStore, resolveDbPath, type Store } from '../store/index.js';

/** The `--db` option, identical on every command that uses the store. */
export const DB_OPTION = [
  '--db <path>',
  'the store file (default: $KQLHUNT_DB, else kqlhunt/kqlhunt.db in the user data directory)',
] as const;

/** Runs `f` with the store open and sets the exit code it returns. */
export function withStore(db: string | undefined, f: (store: Store) => number): void {
  process.exitCode = withStoreSync(db, f);
}

export function withStoreSync(db: string | undefined, f: (store: Store) => number): number {
  const store = openStore(resolveDbPath(db));
  try {
    return f(store);
  } finally {
    store.close();
  }
}

export async function withStoreAsync(db: string | undefined, f: (store: Store) => Promise<number>): Promise<number> {
  const store = openStore(resolveDbPath(db));
  try {
    return await f(store);
  } finally {
    store.close();
  }
}

/**
 * The catalog as every `rules` command sees it: the store with the bundled packs registered (on
 * first use, and again when the package changed them), then `f`; sets the exit code it returns.
 */
export async function withCatalog(
  db: string | undefined,
  f: (store: Store) => number | Promise<number>,
): Promise<void> {
  const { syncBundledPacks } = await import('../hunts/packs.js');
  process.exitCode = await withStoreAsync(db, async (store) => {
    await syncBundledPacks(store);
    return f(store);
  });
}
