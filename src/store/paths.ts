/**
 * Where the store lives: `--db PATH`, else $KQLHUNT_DB, else `<user data dir>/kqlhunt/kqlhunt.db`
 * (env-paths picks the platform's data directory: XDG on Linux, Application Support on macOS,
 * %LOCALAPPDATA% on Windows).
 */

import { join } from 'node:path';
import envPaths from 'env-paths';

export function defaultDbPath(): string {
  return join(envPaths('kqlhunt', { suffix: '' }).data, 'kqlhunt.db');
}

export function resolveDbPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return flag;
  const fromEnv = env.KQLHUNT_DB;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return defaultDbPath();
}
