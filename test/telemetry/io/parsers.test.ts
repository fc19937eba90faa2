import { describe, expect, it } from 'vitest';
import { CsvParser } from '../../../src/telemetry/io/csv-parser.js';
import { JsonScanner } from '../../../src/telemetry/io/json-scanner.js';
import { readLines } from '../../../src/telemetry/io/line-reader.js';

function csv(text: string, step: number, max = 1000) {
  const p = new CsvParser(max);
  const out = [];
  for (let i = 0; i < text.length; i += step) out.push(...p.push(text.slice(i, i + step)));
  out.push(...p.end());
  return out;
}

function scan(text: string, step: number, max = 1000) {
  const s = new JsonScanner(max);
  const out = [];
  for (let i = 0; i < text.length; i += step) out.push(...s.push(text.slice(i, i + step)));
  out.push(...s.end());
  return out;
}

async function* chunksOf(text: string, step: number) {
  const b = Buffer.from(text);
  for (let i = 0; i < b.length; i += step) yield b.subarray(i, i + step);
}

describe('CsvParser', () => {
  const text = 'a,b,c\r\n1,"x,y","multi\r\nline"\r\n2,"say ""hi""",\n\n3,,last\n';
  it.each([1, 2, 7, 1000])('parses RFC 4180 records fed in chunks of %i', (step) => {
    const recs = csv(text, step);
    expect(recs.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x,y', 'multi\r\nline'],
      ['2', 'say "hi"', ''],
      ['3', '', 'last'],
    ]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4, 6]);
  });
  it('flags an unterminated quote and over-long records', () => {
    expect(csv('a,b\n1,"open', 3).at(-1)?.malformed).toBe('unterminated quoted field');
    const long = csv(`a\n${'x'.repeat(50)}\nok\n`, 4, 20);
    expect(long.map((r) => r.tooLong)).toEqual([false, true, false]);
    expect(long[2]?.fields).toEqual(['ok']);
  });
});

describe('JsonScanner', () => {
  it.each([1, 3, 1000])('splits arrays, records wrappers and concatenated objects (chunk %i)', (step) => {
    const text =
      '[{"a":1},{"b":"x]}\\""}]\n{"records":[{"c":2},\n{"d":[1,{"e":3}]}],"n":1}\n{\n "f": {"records": [9]}\n}';
    const out = scan(text, step);
    expect(out.map((o) => JSON.parse(o.text))).toEqual([
      { a: 1 },
      { b: 'x]}"' },
      { c: 2 },
      { d: [1, { e: 3 }] },
      { f: { records: [9] } },
    ]);
    expect(out.map((o) => o.line)).toEqual([1, 1, 2, 3, 4]);
  });
  it('reports junk, cut-off documents and too-long values', () => {
    expect(scan('junk {"a":1}', 2).map((o) => o.error ?? o.text)).toEqual(['unexpected "j"', '{"a":1}']);
    expect(scan('[{"a":1},{"b":', 2).at(-1)?.error).toMatch(/cut off/);
    const big = scan(`[{"a":"${'x'.repeat(100)}"},{"b":2}]`, 7, 50);
    expect(big.map((o) => o.tooLong)).toEqual([true, false]);
    expect(big[1]?.text).toBe('{"b":2}');
  });
});

describe('readLines', () => {
  it('splits lines across chunks, strips CR and caps long lines', async () => {
    const out = [];
    for await (const l of readLines(chunksOf(`a\r\nbb\n${'x'.repeat(30)}\nlast`, 4), 10)) out.push(l);
    expect(out.map((l) => [l.line, l.text, l.tooLong])).toEqual([
      [1, 'a', false],
      [2, 'bb', false],
      [3, '', true],
      [4, 'last', false],
    ]);
  });
  it('keeps multi-byte characters split across chunks intact', async () => {
    const out = [];
    for await (const l of readLines(chunksOf('héllo ✓\nß', 1), 100)) out.push(l.text);
    expect(out).toEqual(['héllo ✓', 'ß']);
  });
});
