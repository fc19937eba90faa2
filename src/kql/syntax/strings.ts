/**
 * Quoted string scanning and decoding: `'..'` / `".."` with backslash escapes, and verbatim
 * `@'..'` where a doubled quote stands for one quote. Parts are collected in an array and joined
 * once, so a long string costs linear time.
 */

export interface ScannedString {
  /** Offset just past the closing quote (or where scanning stopped). */
  readonly end: number;
  readonly value: string;
  readonly terminated: boolean;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

/** Scans the string whose opening quote is at `quoteAt`; a line break ends an unterminated string. */
export function scanQuoted(text: string, quoteAt: number, verbatim: boolean): ScannedString {
  const quote = text.charCodeAt(quoteAt);
  const parts: string[] = [];
  let runStart = quoteAt + 1;
  let i = runStart;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    if (c === quote) {
      if (verbatim && text.charCodeAt(i + 1) === quote) {
        parts.push(text.slice(runStart, i + 1));
        i += 2;
        runStart = i;
        continue;
      }
      parts.push(text.slice(runStart, i));
      return { end: i + 1, value: parts.join(''), terminated: true };
    }
    if (c === 92 && !verbatim && i + 1 < text.length) {
      parts.push(text.slice(runStart, i));
      const esc = decodeEscape(text, i);
      parts.push(esc.value);
      i = esc.end;
      runStart = i;
      continue;
    }
    i++;
  }
  parts.push(text.slice(runStart, i));
  return { end: i, value: parts.join(''), terminated: false };
}

/** Decodes the escape sequence at `at` (a backslash). Unknown escapes keep the backslash. */
function decodeEscape(text: string, at: number): { value: string; end: number } {
  const ch = text[at + 1] as string;
  const simple = SIMPLE_ESCAPES[ch];
  if (simple !== undefined) return { value: simple, end: at + 2 };
  if (ch === 'u' || ch === 'x' || ch === 'U') {
    const len = ch === 'u' ? 4 : ch === 'U' ? 8 : 2;
    const hex = text.slice(at + 2, at + 2 + len);
    if (hex.length === len && /^[0-9a-fA-F]+$/.test(hex)) {
      const cp = Number.parseInt(hex, 16);
      if (cp <= 0x10ffff) return { value: String.fromCodePoint(cp), end: at + 2 + len };
    }
  }
  // Regex-heavy rules write "\d" or "\." and mean the backslash literally.
  return { value: `\\${ch}`, end: at + 2 };
}
