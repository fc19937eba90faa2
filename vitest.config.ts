import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The table cache of tests (and the CLIs they spawn) never lands in the user's cache directory.
    env: { KQLHUNT_CACHE_DIR: join(tmpdir(), `kqlhunt-test-cache-${process.pid}`) },
  },
});
