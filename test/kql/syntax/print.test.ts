import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/kql/syntax/parser.js';
import { printSyntaxTree } from '../../../src/kql/syntax/print.js';

describe('printSyntaxTree', () => {
  it('prints kinds, names, operators and literal text and value, indented by role', () => {
    const q = parseQuery("let n = 5d;\nT | where a has 'x' and b in (1, 2) | summarize c = count() by k").query;
    expect(printSyntaxTree(q)).toBe(
      [
        'Query',
        '  statement[0]: Let n',
        '    value: Literal timespan 5d = 5.00:00:00',
        '  statement[1]: ExprStatement',
        '    expr: Pipeline',
        '      source: NameRef T',
        '      |: Where (where)',
        '        predicate: Binary and',
        '          left: Binary has',
        '            left: NameRef a',
        '            right: Literal string \'x\' = "x"',
        '          right: ListTest in',
        '            left: NameRef b',
        '            item[0]: Literal long 1 = 1',
        '            item[1]: Literal long 2 = 2',
        '      |: Summarize',
        '        aggregate: NamedExpr c',
        '          expr: Call count',
        '        by: NamedExpr',
        '          expr: NameRef k',
      ].join('\n'),
    );
  });

  it('prints long chains flat, so a huge query does not overflow or indent without bound', () => {
    const text = `T${'\n| where x > 1'.repeat(30_000)}`;
    const out = printSyntaxTree(parseQuery(text).query);
    const lines = out.split('\n');
    expect(lines.filter((l) => l.includes('Where')).length).toBe(30_000);
    expect(Math.max(...lines.map((l) => l.length - l.trimStart().length))).toBeLessThan(20);
    const ands = printSyntaxTree(
      parseQuery(`print ${Array.from({ length: 20_000 }, (_, i) => `a${i}`).join(' and ')}`).query,
    );
    expect(ands.split('\n').length).toBe(20_000 + 5);
  });

  it('shows error placeholders', () => {
    const out = printSyntaxTree(parseQuery('T | wher x | where').query);
    expect(out).toContain('|: ErrorOperator');
    expect(out).toContain('predicate: Missing');
  });
});
