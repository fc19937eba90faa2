/** RE2 regexes for parse/parse-kv (never JS RegExp on user patterns). Bad patterns become diagnostics. */
import { RE2JS } from 're2js';
import { fail } from '../context.js';

/** Compiles `pattern` with Kusto/RE2 flag letters (i, m, s, U) applied inline. */
export function compileRegex(pattern: string, flags = ''): RE2JS {
  const letters = [...new Set(flags.replace(/[^imsU]/g, ''))].join('');
  try {
    return RE2JS.compile(letters ? `(?${letters})${pattern}` : pattern);
  } catch (e) {
    return fail(`Invalid regular expression '${pattern}': ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Capture groups 1..groups of the first match, or null when the text does not match. */
export function firstMatch(re: RE2JS, text: string, groups: number): (string | null)[] | null {
  const m = re.matcher(text);
  if (!m.find()) return null;
  const out: (string | null)[] = [];
  for (let g = 1; g <= groups; g++) out.push(m.group(g));
  return out;
}
