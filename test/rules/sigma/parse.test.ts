import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, matchIdentifiers, parseCondition } from '../../../src/rules/sigma/condition.js';
import { parseSigma } from '../../../src/rules/sigma/parse.js';
import { base64Offsets, parseWildcards, planField } from '../../../src/rules/sigma/values.js';

describe('Sigma condition parser', () => {
  it('binds not tighter than and, and tighter than or', () => {
    const r = parseCondition('a or b and not c');
    expect(r).toEqual({
      ok: true,
      cond: {
        kind: 'or',
        items: [
          { kind: 'ref', name: 'a' },
          {
            kind: 'and',
            items: [
              { kind: 'ref', name: 'b' },
              { kind: 'not', item: { kind: 'ref', name: 'c' } },
            ],
          },
        ],
      },
    });
  });

  it('reads 1 of / all of with patterns and them, and parentheses', () => {
    const r = parseCondition('(1 of selection_* or all of them) and not 1 of filter_*');
    expect(r.ok && r.cond.kind === 'and' && r.cond.items[0]!.kind === 'or').toBe(true);
    if (r.ok && r.cond.kind === 'and') {
      expect(r.cond.items[1]).toEqual({ kind: 'not', item: { kind: 'of', quantifier: 'one', pattern: 'filter_*' } });
    }
    expect(matchIdentifiers('them', ['sel', '_hidden', 'filter'])).toEqual(['sel', 'filter']);
    expect(matchIdentifiers('sel*', ['sel_a', 'selb', 'xsel'])).toEqual(['sel_a', 'selb']);
  });

  it('reports errors with a column, never throws, and bounds nesting', () => {
    expect(parseCondition('a and')).toMatchObject({
      ok: false,
      error: expect.stringContaining('end of the condition'),
    });
    expect(parseCondition('a | count() > 5')).toMatchObject({ ok: false, error: expect.stringContaining("'|'") });
    expect(parseCondition('(a')).toMatchObject({ ok: false });
    expect(parseCondition('2 of sel*')).toMatchObject({ ok: false });
    const deep = `${'('.repeat(MAX_DEPTH + 5)}a${')'.repeat(MAX_DEPTH + 5)}`;
    expect(parseCondition(deep)).toMatchObject({ ok: false, error: expect.stringContaining('nesting') });
    const nots = `${'not '.repeat(500)}a`;
    expect(parseCondition(nots)).toMatchObject({ ok: false });
  });
});

describe('Sigma values and modifiers', () => {
  it('parses wildcards and the escape rules of the specification', () => {
    expect(parseWildcards('a*b?c')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'any' },
      { kind: 'text', text: 'b' },
      { kind: 'one' },
      { kind: 'text', text: 'c' },
    ]);
    expect(parseWildcards('a\\*b\\?')).toEqual([{ kind: 'text', text: 'a*b?' }]);
    expect(parseWildcards('C:\\Windows\\x')).toEqual([{ kind: 'text', text: 'C:\\Windows\\x' }]);
    expect(parseWildcards('\\\\*')).toEqual([{ kind: 'text', text: '\\' }, { kind: 'any' }]);
    expect(parseWildcards('\\\\\\*')).toEqual([{ kind: 'text', text: '\\*' }]);
    expect(parseWildcards('\\\\\\\\')).toEqual([{ kind: 'text', text: '\\\\' }]);
  });

  it('base64offset gives the three shifted encodings (the specification example /bin/bash)', () => {
    expect(base64Offsets('/bin/bash')).toEqual(['L2Jpbi9iYXNo', '9iaW4vYmFza', 'vYmluL2Jhc2']);
  });

  it('applies modifiers in order: utf16le then base64offset then contains', () => {
    const p = planField({ field: 'CommandLine', modifiers: ['wide', 'base64offset', 'contains'], values: ['ping'] });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const alts = p.plan.matchers[0]!;
    expect(alts).toHaveLength(3);
    const texts = alts.map((m) =>
      m.kind === 'pattern' ? m.pieces.map((x) => (x.kind === 'text' ? x.text : '*')).join('') : '',
    );
    // "ping" in UTF-16LE is cABpAG4AZwA= at offset 0
    expect(texts[0]).toBe('*cABpAG4AZw*');
  });

  it('refuses what it cannot express, with a reason', () => {
    expect(planField({ field: 'X', modifiers: ['nope'], values: ['a'] })).toMatchObject({
      ok: false,
      reason: "unsupported modifier 'nope'",
    });
    expect(planField({ field: 'X', modifiers: ['expand'], values: ['%Admins%'] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('placeholder %Admins%'),
    });
    expect(planField({ field: 'X', modifiers: ['utf16le'], values: ['a'] })).toMatchObject({ ok: false });
    expect(planField({ field: 'X', modifiers: [], values: ['a', null] })).toMatchObject({ ok: false });
  });
});

describe('Sigma YAML', () => {
  it('keeps scalars as written and reads metadata', () => {
    const r = parseSigma(`title: T
id: 11111111-2222-3333-4444-555555555555
status: test
level: high
tags: [attack.execution, attack.t1059.001]
falsepositives: [Admin scripts]
logsource: {category: process_creation, product: windows}
detection:
  sel:
    ProcessId: 0x10
    Code: 007
  condition: sel
`);
    const d = r.documents[0]!;
    expect(d.type).toBe('detection');
    if (d.type !== 'detection') return;
    expect(d.level).toBe('high');
    expect(d.status).toBe('test');
    const sel = d.searches.get('sel');
    expect(sel).toEqual({
      kind: 'map',
      items: [
        { field: 'ProcessId', modifiers: [], values: ['0x10'] },
        { field: 'Code', modifiers: [], values: ['007'] },
      ],
    });
  });

  it('reports YAML errors with a line instead of throwing', () => {
    const r = parseSigma('title: x\ndetection: [\n');
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors[0]!.line).toBeGreaterThan(0);
  });
});
