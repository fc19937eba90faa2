/**
 * Server-side KQL syntax highlighting from the engine's lexer tokens, with diagnostics marked in
 * place. Every character of the query is escaped; the only markup is the spans built here.
 */
import type { Diagnostic } from '../kql/engine.js';
import { lex } from '../kql/engine.js';
import { escapeHtml, type Html, raw } from './html.js';

const KEYWORDS: ReadonlySet<string> = new Set(
  (
    'let where filter summarize extend project project-away project-rename project-keep project-reorder by and or not ' +
    'has has_any has_all has_cs !has contains !contains contains_cs startswith endswith matches regex in !in in~ between ' +
    'take limit sort order top asc desc nulls first last join union kind on distinct count mv-expand mv-apply parse ' +
    'datatable print render evaluate invoke as materialize search serialize range make-series lookup getschema ' +
    'true false with toscalar'
  ).split(' '),
);

/** Classes in the order they are stored in the per-character array (index 0 = plain text). */
const CLASSES = ['', 'k-kw', 'k-fn', 'k-id', 'k-str', 'k-num', 'k-lit', 'k-op', 'k-bad', 'k-cmt'] as const;
const C = {
  Plain: 0,
  Keyword: 1,
  Function: 2,
  Ident: 3,
  Str: 4,
  Num: 5,
  Lit: 6,
  Op: 7,
  Bad: 8,
  Comment: 9,
} as const;
type C = (typeof C)[keyof typeof C];

function classify(text: string): Uint8Array {
  const cls = new Uint8Array(text.length);
  const { tokens } = lex(text);
  let prevEnd = 0;
  const markComments = (from: number, to: number) => {
    const gap = text.slice(from, to);
    for (const m of gap.matchAll(/\/\/[^\n]*/g))
      cls.fill(C.Comment, from + (m.index ?? 0), from + (m.index ?? 0) + m[0].length);
  };
  tokens.forEach((t, i) => {
    markComments(prevEnd, t.start);
    prevEnd = Math.max(prevEnd, t.end);
    let c: C;
    switch (t.kind) {
      case 'ident': {
        const next = tokens[i + 1];
        // A word directly followed by `(` is a call (`count()`), even when the word is also a keyword.
        const call = next !== undefined && next.kind === 'punct' && next.text.startsWith('(') && next.start === t.end;
        c = call ? C.Function : KEYWORDS.has(t.text.toLowerCase()) ? C.Keyword : C.Ident;
        break;
      }
      case 'string':
        c = C.Str;
        break;
      case 'number':
      case 'timespan':
        c = C.Num;
        break;
      case 'typed':
        c = C.Lit;
        break;
      case 'punct':
        c = C.Op;
        break;
      case 'bad':
        c = C.Bad;
        break;
      case 'eof':
        c = C.Plain;
        break;
      default: {
        const never: never = t.kind;
        throw new Error(`unknown token kind ${String(never)}`);
      }
    }
    cls.fill(c, t.start, t.end);
  });
  markComments(prevEnd, text.length);
  return cls;
}

/** Per character: index+1 of the first diagnostic covering it, 0 for none. */
function diagnosticMask(text: string, diagnostics: readonly Diagnostic[]): Uint16Array {
  const mask = new Uint16Array(text.length + 1);
  diagnostics.forEach((d, i) => {
    const start = Math.min(Math.max(0, d.offset), text.length);
    const end = Math.min(text.length + 1, start + Math.max(1, d.length));
    for (let p = start; p < end; p++) if (mask[p] === 0) mask[p] = Math.min(i + 1, 65535);
  });
  return mask;
}

/** The query as highlighted markup for a `<pre><code>` block. */
export function highlightKql(text: string, diagnostics: readonly Diagnostic[] = []): Html {
  const cls = classify(text);
  const mask = diagnosticMask(text, diagnostics);
  let out = '';
  let i = 0;
  while (i < text.length) {
    let j = i + 1;
    while (j < text.length && cls[j] === cls[i] && mask[j] === mask[i]) j++;
    let piece = escapeHtml(text.slice(i, j));
    const c = CLASSES[cls[i] ?? 0];
    if (c) piece = `<span class="${c}">${piece}</span>`;
    const d = mask[i] ? diagnostics[(mask[i] ?? 1) - 1] : undefined;
    if (d)
      piece = `<mark class="diag diag-${d.severity}" title="${escapeHtml(`${d.code}: ${d.message}`)}">${piece}</mark>`;
    out += piece;
    i = j;
  }
  const end = mask[text.length] ? diagnostics[(mask[text.length] ?? 1) - 1] : undefined;
  if (end)
    out += `<mark class="diag diag-${end.severity}" title="${escapeHtml(`${end.code}: ${end.message}`)}"> </mark>`;
  // Audited: every text piece above went through escapeHtml; the rest is fixed markup.
  return raw(out);
}
