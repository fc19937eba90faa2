/**
 * Regular expressions for user-supplied patterns: always RE2 (the `re2js` port), which matches in
 * linear time, so a hostile pattern such as `(a+)+$` cannot hang a query. JS RegExp is never used
 * on query text.
 *
 * Patterns that are constants are compiled once per query (`constantRegex`, inside `compile`);
 * patterns that vary per row go through a small bounded cache (`rowRegex`).
 */
import { RE2JS } from 're2js';
import { LibraryError } from './define.js';

export type Regex = RE2JS;

/** Compiles or returns an error message; never throws. */
export function tryCompileRegex(pattern: string, flags = 0): Regex | string {
  try {
    return RE2JS.compile(pattern, flags);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return `invalid regular expression '${pattern}': ${detail}`;
  }
}

/** Validation helper for `validate`: message when `pattern` does not compile. */
export function regexProblem(pattern: unknown, flags = 0): string | undefined {
  if (typeof pattern !== 'string') return undefined;
  const r = tryCompileRegex(pattern, flags);
  return typeof r === 'string' ? r : undefined;
}

/** For compile(): the constant pattern compiled once; throws LibraryError when invalid. */
export function constantRegex(pattern: string, flags = 0): Regex {
  const r = tryCompileRegex(pattern, flags);
  if (typeof r === 'string') throw new LibraryError(r);
  return r;
}

const CACHE_LIMIT = 256;
const cache = new Map<string, Regex | null>();

/** Per-row patterns: cached (bounded, oldest evicted first); null when the pattern is invalid. */
export function rowRegex(pattern: string, flags = 0): Regex | null {
  const key = `${flags}:${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const r = tryCompileRegex(pattern, flags);
  const value = typeof r === 'string' ? null : r;
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, value);
  return value;
}

/**
 * A regex getter for compile(): when the pattern argument is constant, compile it now (errors
 * surface at compile time); otherwise look it up per row.
 */
export function regexGetter(constPattern: unknown, flags = 0): (pattern: unknown) => Regex | null {
  if (typeof constPattern === 'string') {
    const re = constantRegex(constPattern, flags);
    return () => re;
  }
  return (p) => (typeof p === 'string' ? rowRegex(p, flags) : null);
}

/**
 * Expands a Kusto rewrite pattern (`\1`..`\9` are groups; `$1` works too) for one match.
 * `groups[0]` is the whole match.
 */
export function expandRewrite(rewrite: string, groups: readonly (string | null | undefined)[]): string {
  let out = '';
  for (let i = 0; i < rewrite.length; i++) {
    const c = rewrite[i] as string;
    const next = rewrite.charCodeAt(i + 1);
    if ((c === '\\' || c === '$') && next >= 48 && next <= 57) {
      out += groups[next - 48] ?? '';
      i++;
    } else if (c === '\\' && i + 1 < rewrite.length) {
      out += rewrite[i + 1];
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/** Replaces every match of `re` in `text` with the expanded `rewrite`. */
export function regexReplaceAll(re: Regex, text: string, rewrite: string): string {
  return re.matcher(text).replaceAll((...args: unknown[]) => {
    // replacer receives (match, g1, ..., gn, offset, input, [groups]) like String.prototype.replace
    const groups: (string | undefined)[] = [];
    const n = re.groupCount();
    for (let g = 0; g <= n; g++) groups.push(args[g] as string | undefined);
    return expandRewrite(rewrite, groups);
  });
}
