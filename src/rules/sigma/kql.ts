/**
 * KQL text for the Sigma backend: string literals (rule text is untrusted, so every value goes
 * through `kqlString`), regular expressions from wildcard patterns, and a tiny boolean tree that
 * prints with only the parentheses precedence needs.
 */
import type { Piece } from './types.js';

/** A KQL string literal for any text: verbatim `@"…"` when it has backslashes, else `"…"`. */
export function kqlString(s: string): string {
  // Line breaks and other control characters cannot appear raw in a KQL literal.
  if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(s)) {
    const body = s.replace(/[\\"\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
      if (c === '\\') return '\\\\';
      if (c === '"') return '\\"';
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      if (c === '\t') return '\\t';
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    });
    return `"${body}"`;
  }
  if (s.includes('\\')) return `@"${s.replace(/"/g, '""')}"`;
  return `"${s.replace(/"/g, '\\"')}"`;
}

const RE_SPECIAL = /[\\.+*?()|[\]{}^$]/g;

export function regexEscape(s: string): string {
  return s.replace(RE_SPECIAL, '\\$&');
}

/** A whole-value RE2 pattern for wildcard pieces (`*` → `.*`, `?` → `.`, class → `[…]`). */
export function piecesToRegex(pieces: readonly Piece[], cased: boolean): string {
  const body = pieces
    .map((p) => {
      switch (p.kind) {
        case 'text':
          return regexEscape(p.text);
        case 'any':
          return '.*';
        case 'one':
          return '.';
        case 'class':
          return `[${[...p.chars].map((c) => (/[\\\]^-]/.test(c) ? `\\${c}` : c)).join('')}]`;
        default:
          return assertNever(p);
      }
    })
    .join('');
  return `${cased ? '(?s)' : '(?is)'}^${body}$`;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}

/** Boolean expression tree; `atom` text is a complete comparison or function call. */
export type Expr =
  | { readonly kind: 'atom'; readonly text: string }
  | { readonly kind: 'and' | 'or'; readonly items: readonly Expr[] }
  | { readonly kind: 'not'; readonly item: Expr }
  | { readonly kind: 'const'; readonly value: boolean }
  /** Parentheses kept as written (only the printer makes these). */
  | { readonly kind: 'group'; readonly inner: Expr };

export const atom = (text: string): Expr => ({ kind: 'atom', text });

export function and(items: readonly Expr[]): Expr {
  const flat: Expr[] = [];
  for (const i of items) {
    if (i.kind === 'const') {
      if (!i.value) return i;
      continue;
    }
    if (i.kind === 'and') flat.push(...i.items);
    else flat.push(i);
  }
  if (flat.length === 0) return { kind: 'const', value: true };
  return flat.length === 1 ? flat[0]! : { kind: 'and', items: flat };
}

export function or(items: readonly Expr[]): Expr {
  const flat: Expr[] = [];
  for (const i of items) {
    if (i.kind === 'const') {
      if (i.value) return i;
      continue;
    }
    if (i.kind === 'or') flat.push(...i.items);
    else flat.push(i);
  }
  if (flat.length === 0) return { kind: 'const', value: false };
  return flat.length === 1 ? flat[0]! : { kind: 'or', items: flat };
}

export function not(item: Expr): Expr {
  if (item.kind === 'const') return { kind: 'const', value: !item.value };
  if (item.kind === 'not') return item.item;
  return { kind: 'not', item };
}

/**
 * Operands per `and`/`or` chain before it is split into parenthesised groups: a flat chain of
 * hundreds of terms nests as deep as it is long in a parser, and Kusto refuses very deep queries.
 */
const MAX_CHAIN = 32;
const GROUP = 16;

function chunked(items: readonly Expr[], kind: 'and' | 'or'): readonly Expr[] {
  if (items.length <= MAX_CHAIN) return items;
  const groups: Expr[] = [];
  for (let i = 0; i < items.length; i += GROUP)
    groups.push({ kind: 'group', inner: { kind, items: items.slice(i, i + GROUP) } });
  return chunked(groups, kind);
}

/** Prints with parentheses only where `and` binds tighter than `or` (and around split long chains). */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'atom':
      return e.text;
    case 'const':
      return e.value ? 'true' : 'false';
    case 'not':
      return `not(${printExpr(e.item)})`;
    case 'and':
      return chunked(e.items, 'and')
        .map((i) => (i.kind === 'or' ? `(${printExpr(i)})` : printExpr(i)))
        .join(' and ');
    case 'or':
      return chunked(e.items, 'or').map(printExpr).join(' or ');
    case 'group':
      return `(${printExpr(e.inner)})`;
    default:
      return assertNever(e);
  }
}
