import { describe, expect, it } from 'vitest';
import type { FunctionDecl, Statement } from '../../../src/kql/syntax/ast.js';
import { parseQuery } from '../../../src/kql/syntax/parser.js';
import { parseOk } from './helpers.js';

const kinds = (sts: readonly Statement[]) => sts.map((s) => s.kind);
function fn(text: string): FunctionDecl {
  const st = parseOk(text).statements[0];
  if (st?.kind !== 'Let' || st.value.kind !== 'FunctionDecl') throw new Error('expected a function let');
  return st.value;
}

describe('statements', () => {
  it('let scalar, tabular and materialize values; extra and trailing semicolons', () => {
    const q = parseOk(';; let a = 5;; let T2 = T | where x; let M = materialize(T | take 1);\nT2 | union M;');
    expect(kinds(q.statements)).toEqual(['Let', 'Let', 'Let', 'ExprStatement']);
    const m = q.statements[2];
    expect(m?.kind === 'Let' && m.value.kind === 'Call' && m.value.args[0]?.kind).toBe('Pipe');
  });

  it('user functions with typed and defaulted parameters', () => {
    const f = fn('let f = (a:string, b:int = 3) { let x = a; T | where c == x | take b };\nf("q")');
    expect(
      f.params.map((p) => [p.name.name, p.type.kind === 'ScalarTypeRef' && p.type.type, p.defaultValue?.kind]),
    ).toEqual([
      ['a', 'string', undefined],
      ['b', 'int', 'Literal'],
    ]);
    expect(kinds(f.body.statements)).toEqual(['Let', 'ExprStatement']);
    expect(f.isView).toBe(false);
  });

  it('tabular parameters (x:long), (*), (x:long, *) and no parameters', () => {
    const f = fn('let f = (T:(x:long), U:(*), V:(y:string, *)) { T }; f(A, B, C)');
    expect(f.params.map((p) => (p.type.kind === 'TabularTypeRef' ? [p.type.columns.length, p.type.open] : []))).toEqual(
      [
        [1, false],
        [0, true],
        [1, true],
      ],
    );
    expect(fn('let g = () { print 1 }; g()').params).toEqual([]);
  });

  it('views', () => {
    const v = fn('let v = view () { range x from 1 to 3 step 1 }; v');
    expect(v.isView).toBe(true);
  });

  it('a parenthesised let value is an expression, not a function', () => {
    const q = parseOk('let a = (1 + 2); let T2 = (T | take 1); T2');
    expect(q.statements.map((s) => s.kind === 'Let' && s.value.kind)).toEqual(['Paren', 'Paren', false]);
  });

  it('declare query_parameters and set', () => {
    const q = parseOk(
      'declare query_parameters(n:long = 5, s:string); set notruncation; set query_now = datetime(2020-01-01);\nT',
    );
    expect(kinds(q.statements)).toEqual(['DeclareParameters', 'Set', 'Set', 'ExprStatement']);
    const d = q.statements[0];
    expect(d?.kind === 'DeclareParameters' && d.params.map((p) => p.name.name)).toEqual(['n', 's']);
    const s = q.statements[2];
    expect(s?.kind === 'Set' && [s.name, s.value?.kind]).toEqual(['query_now', 'Literal']);
  });

  it('quoted let names and comments anywhere', () => {
    const q = parseOk("let ['my var'] = 1; // c1\nprint // c2\n x = ['my var'] // c3");
    const l = q.statements[0];
    expect(l?.kind === 'Let' && [l.name.name, l.name.quoted]).toEqual(['my var', true]);
  });

  it('declare pattern: parameters, path parameters, rules; bare declarations', () => {
    const q = parseOk(
      'declare pattern p = (x:string)[y:string] { ("a").["b"] = { print 1 }; ("c").d = { print 2 }; };\ndeclare pattern z;\nprint 2',
    );
    expect(kinds(q.statements)).toEqual(['DeclarePattern', 'DeclarePattern', 'ExprStatement']);
    const p = q.statements[0];
    expect(p?.kind === 'DeclarePattern' && [p.params.length, p.pathParams.length, p.rules.length]).toEqual([1, 1, 2]);
    const z = q.statements[1];
    expect(z?.kind === 'DeclarePattern' && [z.name.name, z.rules.length]).toEqual(['z', 0]);
  });

  it('an empty query is KQL206; lets without a query are a KQL207 warning', () => {
    expect(parseQuery(' // nothing\n').diagnostics.map((d) => d.code)).toEqual(['KQL206']);
    expect(parseQuery('let a = 1;').diagnostics.map((d) => [d.code, d.severity])).toEqual([['KQL207', 'warning']]);
  });
});
