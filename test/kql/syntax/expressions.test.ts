import { describe, expect, it } from 'vitest';
import type { BinaryOp, Expr } from '../../../src/kql/syntax/ast.js';
import { exprOf, lastOp, scalar, sexpr } from './helpers.js';

const s = (text: string) => sexpr(scalar(text));
function predicate(text: string): Expr {
  const op = lastOp(`T | where ${text}`);
  if (op.kind !== 'Where') throw new Error(op.kind);
  return op.predicate;
}

describe('precedence', () => {
  it('or < and < comparison < relational < additive < multiplicative < unary', () => {
    expect(s('a or b and c')).toBe('(or a (and b c))');
    expect(s('a and b or c')).toBe('(or (and a b) c)');
    expect(s('a == 1 and b has "x"')).toBe('(and (== a 1) (has b "x"))');
    expect(s('a + b * c')).toBe('(+ a (* b c))');
    expect(s('a * b + c % d')).toBe('(+ (* a b) (% c d))');
    expect(s('a - b - c')).toBe('(- (- a b) c)');
    expect(s('a < b + 1')).toBe('(< a (+ b 1))');
    expect(s('a < b == c > d')).toBe('(== (< a b) (> c d))');
    expect(s('-a * b')).toBe('(* (- a) b)');
    expect(s('(a or b) and c')).toBe('(and [(or a b)] c)');
    expect(s('not(a or b) and c')).toBe('(and not((or a b)) c)');
  });

  it('postfix binds tightest: member, index and method calls', () => {
    expect(s('d.a.b')).toBe('d.a.b');
    expect(s("d['k'][0]")).toBe('d["k"][0]'.replace('"k"', "'k'"));
    expect(s('d[-1]')).toBe('d[-1]');
    expect(s('-d.a')).toBe('(- d.a)');
    expect(s("cluster('c').database('db')")).toBe("cluster('c').database('db')");
    expect(s('$left.Id')).toBe('$left.Id');
    expect(s('T.count')).toBe('T.count');
    expect(s("['a b'].c")).toBe('a b.c');
  });

  it('normalises symbolic comparisons (<> is !=)', () => {
    for (const op of ['==', '!=', '=~', '!~', '<', '<=', '>', '>=']) {
      const e = scalar(`a ${op} b`);
      expect(e.kind === 'Binary' && e.op).toBe(op);
    }
    const ne = scalar('a <> b');
    expect(ne.kind === 'Binary' && ne.op).toBe('!=');
  });

  it('parses every string operator and its negation', () => {
    const ops: BinaryOp[] = [
      'has',
      '!has',
      'has_cs',
      '!has_cs',
      'hasprefix',
      '!hasprefix',
      'hasprefix_cs',
      '!hasprefix_cs',
      'hassuffix',
      '!hassuffix',
      'hassuffix_cs',
      '!hassuffix_cs',
      'contains',
      '!contains',
      'contains_cs',
      '!contains_cs',
      'startswith',
      '!startswith',
      'startswith_cs',
      '!startswith_cs',
      'endswith',
      '!endswith',
      'endswith_cs',
      '!endswith_cs',
      'like',
      'notlike',
      'likecs',
      'notlikecs',
    ];
    for (const op of ops) {
      const e = predicate(`Name ${op} "x"`);
      expect(e.kind === 'Binary' && e.op, op).toBe(op);
    }
    const re = predicate('Name matches regex @"^a.*"');
    expect(re.kind === 'Binary' && re.op).toBe('matches regex');
    const legacy = predicate('Name notcontains "x"');
    expect(legacy.kind === 'Binary' && legacy.op).toBe('!contains');
  });

  it('list tests: in, !in, in~, !in~, has_any, has_all with lists, arrays and sub-queries', () => {
    expect(sexpr(predicate("x in ('a', 'b')"))).toBe("(in x 'a' 'b')");
    expect(sexpr(predicate('x !in (1, 2)'))).toBe('(!in x 1 2)');
    expect(sexpr(predicate("x in~ ('A')"))).toBe("(in~ x 'A')");
    expect(sexpr(predicate("x !in~ ('A')"))).toBe("(!in~ x 'A')");
    expect(sexpr(predicate('x has_any (list)'))).toBe('(has_any x list)');
    expect(sexpr(predicate("x has_all ('a', 'b')"))).toBe("(has_all x 'a' 'b')");
    const sub = predicate('x in ((U | distinct c))');
    expect(sub.kind === 'ListTest' && sub.items[0]?.kind).toBe('Paren');
    const tab = predicate('x in (U | project c)');
    expect(tab.kind === 'ListTest' && tab.items[0]?.kind).toBe('Pipe');
    const dyn = predicate('x in (dynamic([1, 2]))');
    expect(dyn.kind === 'ListTest' && dyn.items[0]?.kind).toBe('Literal');
  });

  it('between and !between', () => {
    expect(sexpr(predicate('t between (ago(1d) .. now())'))).toBe('(between t ago(1d) now())');
    expect(sexpr(predicate('n !between (1..5)'))).toBe('(!between n 1 5)');
    expect(sexpr(predicate('t between (start..end)'))).toBe('(between t start end)');
  });

  it('calls: named arguments, star, tabular arguments, typeof with columns', () => {
    const c = scalar('f(1, x = 2)');
    expect(c.kind === 'Call' && [c.args.length, c.namedArgs[0]?.names[0]?.name]).toEqual([1, 'x']);
    const am = exprOf('T | summarize arg_max(Timestamp, *) by D');
    expect(am.kind).toBe('Pipe');
    const ts = scalar('toscalar(T | summarize count())');
    expect(ts.kind === 'Call' && ts.args[0]?.kind).toBe('Pipe');
    const ty = scalar('typeof(*, x:int)');
    expect(ty.kind === 'Call' && [ty.args[0]?.kind, ty.namedArgs[0]?.names[0]?.name]).toEqual(['Star', 'x']);
  });

  it('keywords stay usable as column names', () => {
    for (const name of ['count', 'kind', 'title', 'type', 'table', 'database', 'where', 'project']) {
      const e = predicate(`${name} == 1`);
      expect(e.kind === 'Binary' && e.left.kind === 'NameRef' && e.left.name).toBe(name);
    }
    const m = predicate('d.type == 1 and d.kind == 2');
    expect(sexpr(m)).toBe('(and (== d.type 1) (== d.kind 2))');
  });

  it('spans cover exactly the written text', () => {
    const text = 'print  a + f(b, "c")  ';
    const full = exprOf(text);
    expect(full.kind === 'Print' && full.items[0]?.expr.span).toEqual({ start: 7, end: 20 });
    const bin = full.kind === 'Print' ? full.items[0]?.expr : undefined;
    expect(bin?.kind === 'Binary' && [bin.opSpan, bin.right.span]).toEqual([
      { start: 9, end: 10 },
      { start: 11, end: 20 },
    ]);
  });
});
