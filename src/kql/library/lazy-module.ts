/**
 * Dependencies only a few functions need (geometry: h3-js, s2js, @turf/*; statistics: @stdlib/*)
 * are loaded on those functions' first call, not when the engine is imported: together they took
 * 0.4–0.8 s of the start of every command (a hunt with the RMM pack calls none of them). They are
 * CommonJS builds loaded through `require`, which is synchronous, as function calls are.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** `specifier`'s exports, loaded on the first call of the returned function. */
export function lazyModule<T>(specifier: string): () => T {
  let mod: T | undefined;
  return () => {
    mod ??= load(specifier) as T;
    return mod;
  };
}
