/** References: the http(s) URLs a rule's description and query text mention. */

// A URL runs to whitespace, a quote or a closing bracket; trailing punctuation is sentence text.
const URL_RE = /https?:\/\/[^\s"'<>`)\]]+/gi;

export function findReferences(...texts: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const text of texts) {
    for (const m of text.matchAll(URL_RE)) {
      const url = m[0].replace(/[.,;:!?]+$/, '');
      if (!seen.has(url)) {
        seen.add(url);
        out.push(url);
      }
    }
  }
  return out;
}
