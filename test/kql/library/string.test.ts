import { describe, expect, it } from 'vitest';
import { getScalarFunction, LibraryError, validateCall } from '../../../src/kql/library/index.js';
import { call, d, l, row, s } from './helpers.js';

describe('string functions', () => {
  it('case, concatenation and length', () => {
    expect(call('tolower', row(s('AbC')))).toBe('abc');
    expect(call('toupper', row(s('AbC')))).toBe('ABC');
    expect(call('strcat', row(s('a')), row(l(1)), row(d({ x: 1 })))).toBe('a1{"x":1}');
    expect(call('strcat_delim', s('-'), row(s('a')), row(s('b')), row(l(3)))).toBe('a-b-3');
    expect(call('strcat_array', row(d([1, 'b', true])), s(','))).toBe('1,b,true');
    expect(call('strlen', row(s('⒦⒰⒮⒯⒪')))).toBe(5);
    expect(call('strlen', row(s('😀a')))).toBe(2);
    expect(call('string_size', row(s('é')))).toBe(2);
  });

  it('substring, split, indexof', () => {
    expect(call('substring', row(s('123456')), l(1), l(2))).toBe('23');
    expect(call('substring', row(s('123456')), l(2))).toBe('3456');
    expect(call('substring', row(s('abc')), l(-1), l(1))).toBe('a');
    expect(call('split', row(s('aa_bb_cc')), s('_'))).toEqual(['aa', 'bb', 'cc']);
    expect(call('split', row(s('aa_bb_cc')), s('_'), l(1))).toEqual(['bb']);
    expect(call('split', row(s('aa_bb')), s('_'), l(5))).toEqual([]);
    expect(call('indexof', row(s('abcdefg')), s('cde'))).toBe(2);
    expect(call('indexof', row(s('abcdefg')), s('cde'), l(1), l(4))).toBe(2);
    // The engine bounds the match START by length (engine case indexof-function-00), so this is found.
    expect(call('indexof', row(s('abcdefg')), s('cde'), l(1), l(2))).toBe(2);
    expect(call('indexof', row(s('abcdefg')), s('cde'), l(1), l(0))).toBe(-1);
    expect(call('indexof', row(s('abcabc')), s('bc'), l(0), l(-1), l(2))).toBe(4);
  });

  it('replace_string, replace_strings, reverse, strrep, countof', () => {
    expect(call('replace_string', row(s('A magic trick')), s('magic'), s('cool'))).toBe('A cool trick');
    expect(call('replace_strings', row(s('It is a cat')), d(['cat', 'It']), d(['dog', 'This']))).toBe('This is a dog');
    expect(call('reverse', row(s('ab😀')))).toBe('😀ba');
    expect(call('strrep', row(s('ab')), l(3), s(','))).toBe('ab,ab,ab');
    expect(call('countof', row(s('aaa')), s('aa'))).toBe(2);
    expect(call('countof', row(s('aaa')), s('a{2}'), s('regex'))).toBe(1);
  });

  it('isempty / isnotempty treat null and empty alike', () => {
    expect(call('isempty', row(s('')))).toBe(true);
    expect(call('isempty', row(l(null)))).toBe(true);
    expect(call('isempty', row(l(0)))).toBe(false);
    expect(call('isnotempty', row(s('x')))).toBe(true);
  });
});

describe('regex functions (RE2)', () => {
  it('extract and extract_all', () => {
    expect(call('extract', s('x=([0-9.]+)'), l(1), row(s('hello x=3.14 y')))).toBe('3.14');
    expect(call('extract', s('(\\d+)'), l(0), row(s('none')))).toBe('');
    expect(call('extract_all', s('(\\w)(\\w+)(\\w)'), row(s('The price of PINEAPPLE ice cream is 20')))).toEqual([
      ['T', 'h', 'e'],
      ['p', 'ric', 'e'],
      ['P', 'INEAPPL', 'E'],
      ['i', 'c', 'e'],
      ['c', 'rea', 'm'],
    ]);
    expect(call('extract_all', s('(\\d+)'), row(s('a1 b22 c333')))).toEqual(['1', '22', '333']);
    expect(call('extract_all', s('(\\w)(\\w+)(\\w)'), d([1, 3]), row(s('The price')))).toEqual([
      ['T', 'e'],
      ['p', 'e'],
    ]);
    expect(call('extract_all', s('(\\d+)'), row(s('none')))).toBeNull();
  });

  it('replace_regex rewrites with \\1 groups; legacy replace has (regex, rewrite, text)', () => {
    expect(call('replace_regex', row(s('abc123')), s('([a-z]+)(\\d+)'), s('\\2-\\1'))).toBe('123-abc');
    expect(call('replace', s('\\bis (\\w+)'), s('was \\1'), row(s('this is it')))).toBe('this was it');
  });

  it('trim family removes repeated matches at the ends', () => {
    expect(call('trim', s('--'), row(s('--abc--')))).toBe('abc');
    expect(call('trim_start', s('[^\\w]+'), row(s('-  Te st1// $')))).toBe('Te st1// $');
    expect(call('trim_end', s('[^\\w]+'), row(s('bla$$')))).toBe('bla');
    expect(call('trim', s('\\s'), row(s('  x  ')))).toBe('x');
  });

  it('indexof_regex and regex_quote', () => {
    expect(call('indexof_regex', row(s('abcabc')), s('b.'))).toBe(1);
    expect(call('indexof_regex', row(s('abcabc')), s('b.'), l(0), l(-1), l(2))).toBe(4);
    expect(call('regex_quote', row(s('a.b*c')))).toBe('a\\.b\\*c');
  });

  it('finishes a catastrophic-backtracking pattern in linear time', () => {
    const text = `${'a'.repeat(50_000)}b`;
    const t0 = performance.now();
    expect(call('matches regex', row(s(text)), s('(a+)+$'))).toBe(false);
    expect(call('matches regex', row(s(text)), s('^(a+)+$'))).toBe(false);
    expect(call('matches regex', row(s(text.slice(0, -1))), s('^(a+)+$'))).toBe(true);
    expect(call('extract', s('(a|aa)+c'), l(0), row(s(text)))).toBe('');
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('reports invalid constant patterns without throwing from validateCall', () => {
    const f = getScalarFunction('extract');
    expect(f).toBeDefined();
    if (!f) return;
    expect(validateCall(f, ['string', 'long', 'string'], ['(unclosed', 1, undefined])).toMatch(
      /invalid regular expression/,
    );
    expect(validateCall(f, ['string', 'long', 'string'], ['(ok)', 1, undefined])).toBeUndefined();
    expect(() => f.compile(['string', 'long', 'string'], ['(unclosed', 1, undefined], { now: 0n })).toThrow(
      LibraryError,
    );
  });

  it('gives null for an invalid per-row pattern', () => {
    expect(call('matches regex', row(s('x')), row(s('(')))).toBeNull();
  });

  it('has_any_index', () => {
    expect(call('has_any_index', row(s('this is an example')), d(['this', 'example']))).toBe(0);
    expect(call('has_any_index', row(s('this is an example')), d(['not', 'example']))).toBe(1);
    expect(call('has_any_index', row(s('this is an example')), d(['x']))).toBe(-1);
  });
});
