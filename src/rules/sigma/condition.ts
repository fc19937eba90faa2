/**
 * The Sigma condition language: `and`, `or`, `not`, parentheses, `1 of x`, `all of x`, `them`.
 * Precedence, least to most binding: or, and, not, `x of`, parentheses (specification, Condition).
 * A small recursive-descent parser; nesting deeper than MAX_DEPTH is refused (rule text is
 * untrusted). Errors come back as a message, never as an exception.
 */
import type { Cond } from './types.js';

export const MAX_DEPTH = 64;

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly at: number }
  | { readonly kind: '('; readonly at: number }
  | { readonly kind: ')'; readonly at: number };

export type ConditionResult =
  | { readonly ok: true; readonly cond: Cond }
  | { readonly ok: false; readonly error: string };

function tokenize(text: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push(c === '(' ? { kind: '(', at: i } : { kind: ')', at: i });
      i++;
    } else {
      const m = /^[A-Za-z0-9_*.-]+/.exec(text.slice(i));
      if (!m) return `unexpected character '${c}' at column ${i + 1}`;
      out.push({ kind: 'word', text: m[0], at: i });
      i += m[0].length;
    }
  }
  return out;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them']);

export function parseCondition(text: string): ConditionResult {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { ok: false, error: `condition: ${tokens}` };
  let pos = 0;
  const peekWord = (w: string) => {
    const t = tokens[pos];
    return t?.kind === 'word' && t.text.toLowerCase() === w;
  };
  const fail = (what: string): never => {
    const t = tokens[pos];
    throw new ConditionError(
      t ? `condition: ${what} at column ${t.at + 1}` : `condition: ${what} at the end of the condition`,
    );
  };
  const orExpr = (depth: number): Cond => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    const items = [andExpr(depth)];
    while (peekWord('or')) {
      pos++;
      items.push(andExpr(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const andExpr = (depth: number): Cond => {
    const items = [notExpr(depth)];
    while (peekWord('and')) {
      pos++;
      items.push(notExpr(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const notExpr = (depth: number): Cond => {
    if (peekWord('not')) {
      pos++;
      if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
      return { kind: 'not', item: notExpr(depth + 1) };
    }
    return primary(depth);
  };
  const primary = (depth: number): Cond => {
    const t = tokens[pos];
    if (!t) return fail('expected a search identifier');
    if (t.kind === '(') {
      pos++;
      const inner = orExpr(depth + 1);
      if (tokens[pos]?.kind !== ')') fail("expected ')'");
      pos++;
      return inner;
    }
    if (t.kind === ')') return fail("unexpected ')'");
    const word = t.text.toLowerCase();
    if ((word === '1' || word === 'all') && isWord(tokens[pos + 1], 'of')) {
      pos += 2;
      const target = tokens[pos];
      if (target?.kind !== 'word') return fail("expected a search identifier pattern or 'them' after 'of'");
      pos++;
      const pattern = target.text.toLowerCase() === 'them' ? 'them' : target.text;
      return { kind: 'of', quantifier: word === 'all' ? 'all' : 'one', pattern };
    }
    if (/^\d+$/.test(word) && tokens[pos + 1]?.kind === 'word')
      return fail(`'${t.text} of' is not supported (only '1 of' and 'all of')`);
    if (KEYWORDS.has(word)) return fail(`unexpected '${t.text}'`);
    pos++;
    return { kind: 'ref', name: t.text };
  };
  try {
    const cond = orExpr(0);
    if (pos < tokens.length) fail(`unexpected '${(tokens[pos] as { text?: string }).text ?? tokens[pos]!.kind}'`);
    return { ok: true, cond };
  } catch (e) {
    if (e instanceof ConditionError) return { ok: false, error: e.message };
    throw e;
  }
}

class ConditionError extends Error {}

function isWord(t: Token | undefined, w: string): boolean {
  return t?.kind === 'word' && t.text.toLowerCase() === w;
}

/** Identifiers `pattern` names: `them` is every identifier not starting with `_`; `*` matches any run. */
export function matchIdentifiers(pattern: string, names: readonly string[]): string[] {
  if (pattern === 'them') return names.filter((n) => !n.startsWith('_'));
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return names.filter((n) => re.test(n));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
