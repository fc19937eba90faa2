/**
 * Exit codes and the error type commands throw for bad usage. Other tools key on these numbers,
 * so they are part of the CLI contract (README "CLI"):
 *   0  success (no error diagnostics)
 *   1  the query has errors, running it failed, lint found errors, or `data inspect` could not
 *      load a file (diagnostics or a report were printed); `hunt` uses 1 for "has findings"
 *   2  bad usage: unknown option or id, unreadable file, --data that cannot be loaded, invalid
 *      --now / --format / number
 *   3  internal error (a bug: please report it with the query)
 *   4  a remote --target failed: cannot connect, credentials refused, still throttled after the
 *      retries, no answer in time, or an answer that is not the protocol (docs/targets.md)
 */
export const EXIT_OK = 0;
export const EXIT_QUERY_ERRORS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;
export const EXIT_TARGET = 4;

/** Thrown by commands for problems with how they were called; main prints it and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
