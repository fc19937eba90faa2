/**
 * The only way pages build HTML: `html` escapes every interpolation unless it is already an Html
 * value; `raw()` is the single audited escape hatch (used for markup this module or the
 * highlighter produced from escaped pieces, never for text that came from a rule or a request).
 */

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlPart = Html | string | number | bigint | boolean | null | undefined | readonly HtmlPart[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

function render(part: HtmlPart): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: readonly HtmlPart[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < parts.length; i++) out += render(parts[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Trusted markup. Audit every call: the argument must not contain unescaped untrusted text. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/**
 * A URL safe for href/src: only http(s), mailto and same-site relative paths survive; anything else
 * (javascript:, data:, vbscript:, protocol-relative //host) becomes '#'.
 */
export function safeUrl(url: string): string {
  const u = url.trim();
  if (/^https?:\/\//i.test(u) || /^mailto:/i.test(u)) return u;
  if (u.startsWith('/') && !u.startsWith('//') && !u.startsWith('/\\')) return u;
  return '#';
}

/** A path segment for links built from ids (rule ids may hold any character). */
export function seg(text: string): string {
  return encodeURIComponent(text);
}
