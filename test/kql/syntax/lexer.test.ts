import { describe, expect, it } from 'vitest';
import { lex } from '../../../src/kql/syntax/lexer.js';

const kinds = (text: string) => lex(text).tokens.map((t) => `${t.kind}:${t.kind === 'string' ? t.value : t.text}`);

describe('lexer', () => {
  it('splits words, symbols and numbers, dropping comments and blanks', () => {
    expect(kinds('T | where x>=1 // note\n and y != "a"')).toEqual([
      'ident:T',
      'punct:|',
      'ident:where',
      'ident:x',
      'punct:>=',
      'number:1',
      'ident:and',
      'ident:y',
      'punct:!=',
      'string:a',
      'eof:',
    ]);
  });

  it('joins known hyphenated keywords only when written without blanks', () => {
    expect(kinds('project-away mv-expand a-b make-series')).toEqual([
      'ident:project-away',
      'ident:mv-expand',
      'ident:a',
      'punct:-',
      'ident:b',
      'ident:make-series',
      'eof:',
    ]);
    expect(kinds('project - away')).toEqual(['ident:project', 'punct:-', 'ident:away', 'eof:']);
  });

  it('reads negated and tilde word operators as one token', () => {
    expect(kinds('!has !in~ in~ !between !contains_cs')).toEqual([
      'ident:!has',
      'ident:!in~',
      'ident:in~',
      'ident:!between',
      'ident:!contains_cs',
      'eof:',
    ]);
  });

  it('reads timespans, reals, hex and ranges', () => {
    expect(kinds('5d 1.5h 100ms 2microseconds 10ticks 1e3 .5 0x1F 1..5')).toEqual([
      'timespan:5d',
      'timespan:1.5h',
      'timespan:100ms',
      'timespan:2microseconds',
      'timespan:10ticks',
      'number:1e3',
      'number:.5',
      'number:0x1F',
      'number:1',
      'punct:..',
      'number:5',
      'eof:',
    ]);
  });

  it('treats digits glued to letters as a name, as Kusto does (5Minutebin)', () => {
    expect(kinds('5Minutebin')).toEqual(['ident:5Minutebin', 'eof:']);
  });

  it('keeps typed literal bodies raw', () => {
    const t = lex('datetime(2015-12-31 23:59:59.9) guid(74be27de-1e4e-49d9-b579-fe0b331d3642)').tokens;
    expect(t.map((x) => [x.kind, x.value, x.body])).toEqual([
      ['typed', 'datetime', '2015-12-31 23:59:59.9'],
      ['typed', 'guid', '74be27de-1e4e-49d9-b579-fe0b331d3642'],
      ['eof', '', ''],
    ]);
  });

  it('decodes every string form', () => {
    const values = (text: string) =>
      lex(text)
        .tokens.filter((t) => t.kind === 'string')
        .map((t) => t.value);
    expect(values(String.raw`'a\'b' "c\"d" "\n\t\\" "\u0041"`)).toEqual(["a'b", 'c"d', '\n\t\\', 'A']);
    expect(values(String.raw`@'C:\temp' @"x""y" @'it''s'`)).toEqual(['C:\\temp', 'x"y', "it's"]);
    expect(values(`h'secret' H"s2" h@'c:\\x'`)).toEqual(['secret', 's2', 'c:\\x']);
    expect(values('```line1\nline2```')).toEqual(['line1\nline2']);
  });

  it('treats Unicode blanks (no-break, narrow no-break, zero-width) as whitespace', () => {
    expect(kinds('a\u00a0b\u202fc\u200bd')).toEqual(['ident:a', 'ident:b', 'ident:c', 'ident:d', 'eof:']);
  });

  it('reports unterminated strings and bad characters with positions', () => {
    const r = lex("x 'abc\ny ¤");
    expect(r.diagnostics.map((d) => [d.code, d.offset, d.length])).toEqual([
      ['KQL101', 2, 4],
      ['KQL103', 9, 1],
    ]);
    const m = lex('```abc');
    expect(m.diagnostics.map((d) => d.code)).toEqual(['KQL102']);
  });

  it('reports a malformed hex number', () => {
    expect(lex('0x').diagnostics.map((d) => d.code)).toEqual(['KQL104']);
  });
});
