import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../src/kql/syntax/ast.js';
import { parseQuery } from '../../../src/kql/syntax/parser.js';
import { operatorsOf } from './helpers.js';

const codes = (text: string) => parseQuery(text).diagnostics.map((d) => [d.code, d.offset]);

function pipelineOf(text: string): Expr {
  const st = parseQuery(text).query.statements.at(-1);
  if (st?.kind !== 'ExprStatement') throw new Error('no expression statement');
  return st.expr;
}

describe('error recovery', () => {
  it('reports several errors in one query, each at its own offset, and keeps the whole pipeline', () => {
    const text = 'T | where a == | extend b = 1 + | summarize by c | take 5';
    expect(codes(text)).toEqual([
      ['KQL203', 15],
      ['KQL203', 32],
    ]);
    expect(operatorsOf(pipelineOf(text)).map((o) => o.kind)).toEqual(['Where', 'Extend', 'Summarize', 'Take']);
  });

  it('an unclosed parenthesis takes the rest of the pipeline and reports the missing )', () => {
    const text = 'T | extend b = (1 + 2 | take 5';
    expect(codes(text)).toEqual([['KQL201', text.length]]);
    expect(operatorsOf(pipelineOf(text)).map((o) => o.kind)).toEqual(['Extend']);
  });

  it('puts Missing nodes where pieces are absent', () => {
    const e = pipelineOf('T | where a ==');
    const w = operatorsOf(e)[0];
    expect(w?.kind === 'Where' && w.predicate.kind === 'Binary' && w.predicate.right.kind).toBe('Missing');
  });

  it('skips leftovers to the next pipe and goes on', () => {
    const text = 'T | where a > 1 b c | take 5';
    expect(codes(text)).toEqual([['KQL202', 16]]);
    expect(operatorsOf(pipelineOf(text)).map((o) => o.kind)).toEqual(['Where', 'Take']);
  });

  it('recovers at statement boundaries', () => {
    const r = parseQuery('let a = ; let b = 2 2; print b');
    expect(r.diagnostics.map((d) => [d.code, d.offset])).toEqual([
      ['KQL203', 8],
      ['KQL202', 20],
    ]);
    expect(r.query.statements.map((s) => s.kind)).toEqual(['Let', 'Let', 'ExprStatement']);
  });

  it('an operator missing after a pipe is an ErrorOperator', () => {
    const text = 'T | | take 1';
    expect(codes(text)).toEqual([['KQL201', 4]]);
    expect(operatorsOf(pipelineOf(text)).map((o) => o.kind)).toEqual(['ErrorOperator', 'Take']);
  });

  it('unbalanced brackets report once at the end instead of once per level', () => {
    const r = parseQuery('print f(g(h(1');
    expect(r.diagnostics.map((d) => [d.code, d.offset])).toEqual([['KQL201', 13]]);
  });

  it('lexical errors do not stop parsing', () => {
    const r = parseQuery("T | where a == 'open\n| take ¤ 5");
    expect(r.diagnostics.map((d) => d.code)).toContain('KQL101');
    expect(r.diagnostics.map((d) => d.code)).toContain('KQL103');
    expect(operatorsOf(pipelineOf("T | where a == 'open\n| take ¤ 5")).map((o) => o.kind)).toEqual(['Where', 'Take']);
  });

  it('caps nesting depth with KQL208 instead of overflowing the stack', () => {
    for (const text of [
      `print ${'('.repeat(50_000)}1${')'.repeat(50_000)}`,
      `print ${'-'.repeat(50_000)}1`,
      `print dynamic(${'['.repeat(50_000)}${']'.repeat(50_000)})`,
      'let f = () {'.repeat(5_000),
      `print ${'f('.repeat(20_000)}`,
    ]) {
      const r = parseQuery(text);
      expect(r.diagnostics.filter((d) => d.code === 'KQL208').length, text.slice(0, 20)).toBe(1);
      expect(r.diagnostics.some((d) => d.code === 'KQL901')).toBe(false);
    }
  });

  it('keeps spans of statements and operators exact', () => {
    const text = 'let x = 1;\nT | where a > x | take 2';
    const q = parseQuery(text).query;
    expect(q.statements.map((s) => text.slice(s.span.start, s.span.end))).toEqual([
      'let x = 1',
      'T | where a > x | take 2',
    ]);
    const st = q.statements[1];
    const ops = st?.kind === 'ExprStatement' ? operatorsOf(st.expr) : [];
    expect(ops.map((o) => text.slice(o.span.start, o.span.end))).toEqual(['where a > x', 'take 2']);
  });
});
