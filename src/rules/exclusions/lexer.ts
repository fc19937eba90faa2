/**
 * Lexer of the exclusion language. Tokens: field names (dotted identifiers), strings in double or
 * single quotes, integers, parentheses, commas, `==`, `!=`, and words (`and`, `or`, `not`, `in`,
 * `contains`, `startswith`, `endswith`, `matches`, `regex`). Never throws.
 *
 * Strings keep backslashes literally except before a quote or another backslash, so Windows paths
 * can be written as they are: "C:\Windows\System32" is C:\Windows\System32, "a\"b" is a"b.
 */
import type { Diagnostic } from '../../kql/engine.js';
import { EXC_DIAG, excAt } from './diagnostics.js';

export type TokenKind = 'name' | 'string' | 'number' | '(' | ')' | ',' | '==' | '!=' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token (for names: as written). */
  readonly text: string;
  /** Decoded value of a string token. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const NAME_START = /[A-Za-z_@]/;
const NAME_PART = /[A-Za-z0-9_.@-]/;

export function lex(text: string): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value = text.slice(start, end)) =>
    tokens.push({ kind, text: text.slice(start, end), value, start, end });
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      const { value, end, closed } = readString(text, i, c);
      if (!closed) diagnostics.push(excAt(EXC_DIAG.unterminatedString(), text, start, end - start));
      push('string', start, end, value);
      i = end;
    } else if (/[0-9]/.test(c)) {
      while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
      push('number', start, i);
    } else if (NAME_START.test(c)) {
      while (i < text.length && NAME_PART.test(text[i] as string)) i++;
      push('name', start, i);
    } else if (c === '(' || c === ')' || c === ',') {
      push(c, start, ++i);
    } else if ((c === '=' || c === '!') && text[i + 1] === '=') {
      i += 2;
      push(c === '=' ? '==' : '!=', start, i);
    } else if (c === '=') {
      diagnostics.push(excAt(EXC_DIAG.singleEquals(), text, start, 1));
      push('==', start, ++i);
    } else {
      diagnostics.push(excAt(EXC_DIAG.invalidCharacter(c), text, start, 1));
      i++;
    }
  }
  push('eof', text.length, text.length, '');
  return { tokens, diagnostics };
}

function readString(text: string, open: number, quote: string): { value: string; end: number; closed: boolean } {
  let value = '';
  let i = open + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === quote) return { value, end: i + 1, closed: true };
    if (c === '\\' && (text[i + 1] === quote || text[i + 1] === '\\')) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '\n') break;
    value += c;
    i++;
  }
  return { value, end: i, closed: false };
}
