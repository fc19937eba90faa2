/** Public surface of the store: open it, then use the Store's methods. */
export { openStore, Store, type OpenOptions } from './store.js';
export { defaultDbPath, resolveDbPath } from './paths.js';
export { SCHEMA_VERSION, StoreVersionError } from './migrations.js';
export type { ImportInput, ImportOutcome } from './catalog.js';
export type { RunContext, RunEnd, RunStart } from './runs.js';
export type { SaveOutcome } from './exclusions.js';
export * from './types.js';
