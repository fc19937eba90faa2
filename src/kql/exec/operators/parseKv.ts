/**
 * ParseKv: extracts the named keys of `key<kv>value<pair>…` text into typed columns. Either a
 * regex with two groups (key, value) found repeatedly, or delimiters with optional quotes and
 * escapes; `greedy` lets a value run on through pair delimiters until the next known key.
 * Without delimiters or regex, any non-alphanumeric character delimits: each listed key is found as
 * a whole word and its value is the next word (or the next quoted text).
 */
import type { ParseKvNode } from '../../plan/nodes.js';
import type { KqlValue } from '../../types.js';
import { buildColumn } from '../build.js';
import { coerceValue, parseText } from '../coerce.js';
import type { ExecContext } from '../context.js';
import { compileExpr } from '../expr/compile.js';
import { gatherColumn, nullColumn } from '../gather.js';
import { physicalRow, type Relation, relationOf, rowCountOf, rowIndexes } from '../relation.js';
import type { Column } from '../table.js';
import { compileRegex } from './regex.js';

type Pairs = Map<string, string>;

export function runParseKv(node: ParseKvNode, ctx: ExecContext): Relation {
  const input = ctx.run(node.input);
  const source = compileExpr(node.source, { table: input.table, ctx });
  const extract =
    node.regex !== undefined
      ? regexPairs(node.regex)
      : node.pairDelimiter === undefined && node.kvDelimiter === undefined
        ? undelimitedPairs(node)
        : delimitedPairs(node);
  const parsed: Pairs[] = [];
  for (let i = 0; i < rowCountOf(input); i++) {
    ctx.tick();
    parsed.push(extract(coerceValue(source(physicalRow(input, i)), 'string') as string));
  }
  const idx = rowIndexes(input);
  const firstKeyColumn = node.schema.columns.length - node.keys.length;
  const columns: Column[] = node.schema.columns.map((col, c) => {
    const k = c - firstKeyColumn;
    const key = k >= 0 ? node.keys[k] : undefined;
    if (key !== undefined) {
      return buildColumn(
        col.type,
        idx.length,
        (i) => {
          const text = parsed[i]?.get(key.name);
          return text === undefined ? null : (parseText(text, key.type) as KqlValue);
        },
        ctx,
      );
    }
    const src = node.passThrough[c] ?? -1;
    const inputCol = src >= 0 ? input.table.columns[src] : undefined;
    return inputCol === undefined ? nullColumn(col.type, idx.length) : gatherColumn(inputCol, idx);
  });
  return relationOf({ schema: node.schema, columns, rowCount: idx.length });
}

function regexPairs(pattern: string): (text: string) => Pairs {
  const re = compileRegex(pattern);
  return (text) => {
    const out: Pairs = new Map();
    const m = re.matcher(text);
    while (m.find()) {
      const k = m.group(1);
      if (k !== null && !out.has(k)) out.set(k, m.group(2) ?? '');
    }
    return out;
  };
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/** The "non-specified delimiter" mode: `Text: Started, ThreadId:458745723` → Text=Started, ThreadId=458745723. */
function undelimitedPairs(node: ParseKvNode): (text: string) => Pairs {
  const quotes = node.quote ?? '';
  const esc = node.escape;
  return (text) => {
    const out: Pairs = new Map();
    for (const { name } of node.keys) {
      let from = 0;
      while (from < text.length) {
        const at = text.indexOf(name, from);
        if (at < 0) break;
        from = at + 1;
        if (isWordChar(text[at - 1]) || isWordChar(text[at + name.length])) continue;
        let i = at + name.length;
        while (i < text.length && !isWordChar(text[i]) && !quotes.includes(text[i] as string)) i++;
        if (i >= text.length) break;
        const open = text[i] as string;
        if (quotes.includes(open)) {
          const close = quotes.length > 1 && quotes.indexOf(open) === 0 ? (quotes[1] as string) : open;
          let value = '';
          let j = i + 1;
          for (; j < text.length && text[j] !== close; j++) {
            if (esc !== undefined && text[j] === esc && j + 1 < text.length) j++;
            value += text[j];
          }
          out.set(name, value);
        } else {
          let j = i;
          while (j < text.length && isWordChar(text[j])) j++;
          out.set(name, text.slice(i, j));
        }
        break;
      }
    }
    return out;
  };
}

function delimitedPairs(node: ParseKvNode): (text: string) => Pairs {
  const pairDelim = node.pairDelimiter ?? ' ';
  const kvDelim = node.kvDelimiter ?? '=';
  const quotes = node.quote ?? '';
  const esc = node.escape;
  const known = new Set(node.keys.map((k) => k.name));
  return (text) => {
    const segments = splitOutsideQuotes(text, pairDelim, quotes, esc);
    const out: Pairs = new Map();
    let lastKey: string | undefined;
    for (const seg of segments) {
      const at = seg.indexOf(kvDelim);
      const key = at < 0 ? undefined : unquote(seg.slice(0, at).trim(), quotes, esc);
      if (key === undefined || (node.greedy && !known.has(key) && lastKey !== undefined)) {
        // Greedy: a segment that does not start a known key continues the previous value.
        if (node.greedy && lastKey !== undefined) out.set(lastKey, `${out.get(lastKey) ?? ''}${pairDelim}${seg}`);
        continue;
      }
      if (!out.has(key)) out.set(key, unquote(seg.slice(at + kvDelim.length).trim(), quotes, esc));
      lastKey = key;
    }
    return out;
  };
}

function splitOutsideQuotes(text: string, delim: string, quotes: string, esc: string | undefined): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inQuote) {
      if (esc !== undefined && ch === esc && i + 1 < text.length) {
        cur += ch + (text[i + 1] as string);
        i++;
        continue;
      }
      if (ch === inQuote) inQuote = '';
      cur += ch;
      continue;
    }
    if (quotes.includes(ch)) {
      inQuote = ch;
      cur += ch;
      continue;
    }
    if (text.startsWith(delim, i)) {
      if (cur.trim() !== '') out.push(cur);
      cur = '';
      i += delim.length - 1;
      continue;
    }
    cur += ch;
  }
  if (cur.trim() !== '') out.push(cur);
  return out;
}

function unquote(s: string, quotes: string, esc: string | undefined): string {
  const q = s[0];
  if (q === undefined || !quotes.includes(q) || s.length < 2 || s[s.length - 1] !== q) return s;
  const body = s.slice(1, -1);
  if (esc === undefined) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === esc && i + 1 < body.length) {
      out += body[i + 1];
      i++;
    } else out += ch;
  }
  return out;
}
