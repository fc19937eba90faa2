/** Public surface of the store: open it, then use the Store's methods. */

export type { ImportInput, ImportOutcome } from './catalog.js';
export type { SaveOutcome } from './exclusions.js';
export { SCHEMA_VERSION, StoreVersionError } from './migrations.js';
export { defaultDbPath, resolveDbPath } from './paths.js';
export type { RunContext, RunEnd, RunStart } from './runs.js';
export { type OpenOptions, openStore, Store } from './store.js';
export * from './types.js';
