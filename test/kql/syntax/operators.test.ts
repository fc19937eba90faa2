import { describe, expect, it } from 'vitest';
import type { Expr, TabularOperator } from '../../../src/kql/syntax/ast.js';
import { parseQuery } from '../../../src/kql/syntax/parser.js';
import { exprOf, lastOp, operatorsOf, sexpr } from './helpers.js';

/** Narrows an operator to one kind or fails the test. */
function op<K extends TabularOperator['kind']>(text: string, kind: K): Extract<TabularOperator, { kind: K }> {
  const o = lastOp(text);
  expect(o.kind, text).toBe(kind);
  return o as Extract<TabularOperator, { kind: K }>;
}
function src<K extends Expr['kind']>(text: string, kind: K): Extract<Expr, { kind: K }> {
  const e = exprOf(text);
  expect(e.kind, text).toBe(kind);
  return e as Extract<Expr, { kind: K }>;
}
const names = (items: readonly { names: readonly { name: string }[] }[]) =>
  items.map((i) => i.names.map((n) => n.name).join(','));

describe('row and column operators', () => {
  it('where / filter', () => {
    expect(op('T | where a > 1', 'Where').spelling).toBe('where');
    expect(sexpr(op('T | filter a > 1', 'Where').predicate)).toBe('(> a 1)');
    expect(op('T | filter a > 1', 'Where').spelling).toBe('filter');
  });

  it('project, extend with names and tuple names', () => {
    expect(names(op('T | project a, b = c + 1, ["d e"] = 2', 'Project').items)).toEqual(['', 'b', 'd e']);
    expect(names(op('T | extend (x, y) = f(a), z = 1', 'Extend').items)).toEqual(['x,y', 'z']);
  });

  it('project-away / -keep / -reorder / -rename with wildcards and directions', () => {
    expect(op('T | project-away Col*, *Id, x', 'ProjectAway').patterns.map((p) => p.pattern)).toEqual([
      'Col*',
      '*Id',
      'x',
    ]);
    expect(op("T | project-keep a, ['b c']", 'ProjectKeep').patterns.map((p) => p.pattern)).toEqual(['a', 'b c']);
    const r = op('T | project-reorder b asc, a* desc, c granny-asc', 'ProjectReorder');
    expect(r.patterns.map((p) => [p.pattern, p.direction])).toEqual([
      ['b', 'asc'],
      ['a*', 'desc'],
      ['c', 'granny-asc'],
    ]);
    const rn = op('T | project-rename New = Old, ["x y"] = z', 'ProjectRename');
    expect(rn.items.map((i) => [i.newName.name, i.oldName.name])).toEqual([
      ['New', 'Old'],
      ['x y', 'z'],
    ]);
  });

  it('summarize with hints, named aggregates, by with bin and expressions', () => {
    const s = op(
      'T | summarize hint.shufflekey=k Total = count(), dcount(x) by bin(Timestamp, 1h), k2 = tolower(k)',
      'Summarize',
    );
    expect(s.params.map((p) => p.name)).toEqual(['hint.shufflekey']);
    expect(names(s.aggregates)).toEqual(['Total', '']);
    expect(names(s.by)).toEqual(['', 'k2']);
    const byOnly = op('T | summarize by a, b', 'Summarize');
    expect([byOnly.aggregates.length, byOnly.by.length]).toEqual([0, 2]);
    expect(op('T | summarize count()', 'Summarize').by).toEqual([]);
  });

  it('sort / order, top, take / limit', () => {
    const s = op('T | order by a asc nulls first, b', 'Sort');
    expect([s.spelling, s.items.map((i) => [i.direction, i.nulls])]).toEqual([
      'order',
      [
        ['asc', 'first'],
        [undefined, undefined],
      ],
    ]);
    expect(op('T | sort by a desc', 'Sort').spelling).toBe('sort');
    const t = op('T | top 10 by Count desc', 'Top');
    expect([sexpr(t.count), t.by[0]?.direction]).toEqual(['10', 'desc']);
    expect(op('T | take 5', 'Take').spelling).toBe('take');
    expect(op('T | limit n', 'Take').spelling).toBe('limit');
  });

  it('count, distinct, serialize, sample, sample-distinct, getschema, as, consume', () => {
    op('T | count', 'Count');
    expect(op('T | distinct a, b', 'Distinct').items.length).toBe(2);
    expect(op('T | distinct *', 'Distinct').items[0]?.kind).toBe('Star');
    expect(op('T | serialize', 'Serialize').items).toEqual([]);
    expect(names(op('T | serialize rn = row_number()', 'Serialize').items)).toEqual(['rn']);
    expect(sexpr(op('T | sample 10', 'Sample').count)).toBe('10');
    expect(sexpr(op('T | sample-distinct 5 of Col', 'SampleDistinct').of)).toBe('Col');
    op('T | getschema', 'GetSchema');
    const a = op('T | as hint.materialized=true X', 'As');
    expect([a.name.name, a.params[0]?.name]).toEqual(['X', 'hint.materialized']);
    expect(op('T | consume decodeblocks=true', 'Consume').params[0]?.name).toBe('decodeblocks');
  });

  it('invoke, evaluate with hints and output schema, render with properties', () => {
    expect(op('T | invoke FileProfile(SHA1, 1000)', 'Invoke').call.name.name).toBe('FileProfile');
    expect(op('T | invoke SeenBy()', 'Invoke').call.args).toEqual([]);
    expect(parseQuery('T | invoke SeenBy').diagnostics.map((d) => d.code)).toEqual(['KQL201']);
    const e = op('T | evaluate hint.distribution=per_node bag_unpack(d) : (*, Name:string)', 'Evaluate');
    expect([e.params[0]?.name, e.plugin.name.name]).toEqual(['hint.distribution', 'bag_unpack']);
    const r = op('T | render timechart with (title="x", ycolumns=a, b, kind=stacked)', 'Render');
    expect([r.chart.name, r.properties.map((p) => p.name)]).toEqual(['timechart', ['title', 'ycolumns', 'kind']]);
    expect(op('T | render piechart', 'Render').properties).toEqual([]);
  });
});

describe('combining operators', () => {
  it('join: kinds, hints, every on form', () => {
    const j = op('T | join kind=leftouter hint.strategy=broadcast (U | where x) on A, B', 'Join');
    expect(j.params.map((p) => [p.name, p.value.kind === 'NameRef' && p.value.name])).toEqual([
      ['kind', 'leftouter'],
      ['hint.strategy', 'broadcast'],
    ]);
    expect([j.right.kind, j.on.map(sexpr)]).toEqual(['Paren', ['A', 'B']]);
    const k = op('T | join U on $left.A == $right.B and $left.C == $right.D', 'Join');
    expect(k.on.map(sexpr)).toEqual(['(and (== $left.A $right.B) (== $left.C $right.D))']);
    const p = op('T | join (U) on ($left.A == $right.B)', 'Join');
    expect(p.on.map(sexpr)).toEqual(['[(== $left.A $right.B)]']);
    const bad = parseQuery('T | join kind=in U on A');
    expect(bad.diagnostics.map((d) => [d.code, d.offset, d.length])).toEqual([['KQL201', 14, 2]]);
    const chained = exprOf('T | join kind=inner U on A | where x');
    expect(operatorsOf(chained).map((o) => o.kind)).toEqual(['Join', 'Where']);
  });

  it('lookup and union (source and after a pipe)', () => {
    const l = op('T | lookup kind=leftouter (U) on Key', 'Lookup');
    expect([l.params[0]?.name, l.on.map(sexpr)]).toEqual(['kind', ['Key']]);
    const u = src('union kind=outer withsource=SourceTable isfuzzy=true Device*, (T | take 1), U', 'Union');
    expect(u.params.map((p) => p.name)).toEqual(['kind', 'withsource', 'isfuzzy']);
    expect(u.tables.map((t) => (t.kind === 'NameRef' ? t.name : t.kind))).toEqual(['Device*', 'Paren', 'U']);
    expect(op('T | union U, V', 'Union').tables.length).toBe(2);
    expect(src('union *', 'Union').tables.map((t) => t.kind === 'NameRef' && t.name)).toEqual(['*']);
  });

  it('mv-expand / mvexpand with parameters, types and limit', () => {
    const m = op('T | mv-expand bagexpansion=array with_itemindex=Idx a, b = c to typeof(long) limit 10', 'MvExpand');
    expect(m.params.map((p) => p.name)).toEqual(['bagexpansion', 'with_itemindex']);
    expect(m.items.map((i) => [i.name?.name, i.toType?.type])).toEqual([
      [undefined, undefined],
      ['b', 'long'],
    ]);
    expect([m.limit && sexpr(m.limit), m.spelling]).toEqual(['10', 'mv-expand']);
    expect(op('T | mvexpand x', 'MvExpand').spelling).toBe('mvexpand');
  });

  it('mv-apply with an implicit-source sub-query', () => {
    const m = op('T | mv-apply Arr2 = Arr to typeof(long) on (top 2 by Arr2 | summarize make_list(Arr2))', 'MvApply');
    expect(m.items[0]?.name?.name).toBe('Arr2');
    const ops = operatorsOf(m.subquery);
    expect(ops.map((o) => o.kind)).toEqual(['Top', 'Summarize']);
    let first = m.subquery;
    while (first.kind === 'Pipe') first = first.source;
    expect(first.kind).toBe('ImplicitSource');
  });

  it('fork, facet, partition (both forms)', () => {
    const f = op('T | fork (where a | take 1) named = (count)', 'Fork');
    expect(f.branches.map((b) => [b.name?.name, operatorsOf(b.subquery).map((o) => o.kind)])).toEqual([
      [undefined, ['Where', 'Take']],
      ['named', ['Count']],
    ]);
    const fa = op('T | facet by a, b with (where x | take 2)', 'Facet');
    expect([fa.columns.map((c) => c.name), fa.with && operatorsOf(fa.with).length]).toEqual([['a', 'b'], 2]);
    const p = op('T | partition hint.strategy=native by k (top 1 by x)', 'Partition');
    expect([p.params[0]?.name, p.by.name, p.braces, operatorsOf(p.subquery)[0]?.kind]).toEqual([
      'hint.strategy',
      'k',
      false,
      'Top',
    ]);
    expect(op('T | partition by k { U | where y == toscalar(k) }', 'Partition').braces).toBe(true);
  });
});

describe('shaping operators', () => {
  it('parse: kinds, flags, patterns of strings, wildcards and typed captures', () => {
    const p = op('T | parse kind=regex flags=Ui Msg with * "id=" Id:long " " Rest', 'Parse');
    expect(p.params.map((x) => x.name)).toEqual(['kind', 'flags']);
    expect(
      p.parts.map((x) =>
        x.kind === 'Text' ? x.text : x.kind === 'Capture' ? `${x.name.name}:${x.type?.text ?? ''}` : '*',
      ),
    ).toEqual(['*', 'id=', 'Id:long', ' ', 'Rest:']);
    expect(op('T | parse-where s with "a" x', 'Parse').where).toBe(true);
  });

  it('parse-kv with columns and properties', () => {
    const p = op(
      "T | parse-kv s as (['a b']:string, n:long) with (pair_delimiter=',', kv_delimiter=':', greedy=true)",
      'ParseKv',
    );
    expect(p.columns.map((c) => [c.name.name, c.type.type])).toEqual([
      ['a b', 'string'],
      ['n', 'long'],
    ]);
    expect(p.properties.map((x) => x.name)).toEqual(['pair_delimiter', 'kv_delimiter', 'greedy']);
  });

  it('make-series: from/to/step and in range forms', () => {
    const m = op(
      'T | make-series kind=nonempty n = count() default = 0, avg(x) on Timestamp from ago(1d) to now() step 1h by k',
      'MakeSeries',
    );
    expect(m.aggregates.map((a) => [a.agg.names[0]?.name, a.defaultValue && sexpr(a.defaultValue)])).toEqual([
      ['n', '0'],
      [undefined, undefined],
    ]);
    expect([sexpr(m.on), m.from && sexpr(m.from), m.to && sexpr(m.to), sexpr(m.step), m.by.length]).toEqual([
      'Timestamp',
      'ago(1d)',
      'now()',
      '1h',
      1,
    ]);
    const r = op('T | make-series sum(x) on t in range(datetime(2020-01-01), datetime(2020-01-05), 1d)', 'MakeSeries');
    expect([r.from?.kind, r.to?.kind, sexpr(r.step)]).toEqual(['Literal', 'Literal', '1d']);
  });

  it('top-nested (with and without N, others) and top-hitters', () => {
    const t = op(
      'T | top-nested 3 of a with others = "rest" by s = sum(x) desc, top-nested of b by max(1)',
      'TopNested',
    );
    expect(
      t.clauses.map((c) => [
        c.count && sexpr(c.count),
        sexpr(c.of.expr),
        c.others?.kind,
        c.by.names[0]?.name,
        c.direction,
      ]),
    ).toEqual([
      ['3', 'a', 'Literal', 's', 'desc'],
      [undefined, 'b', undefined, undefined, undefined],
    ]);
    const h = op('T | top-hitters 5 of Name by Bytes', 'TopHitters');
    expect([sexpr(h.count), sexpr(h.of), h.by && sexpr(h.by)]).toEqual(['5', 'Name', 'Bytes']);
  });

  it('scan with match id, declare, steps with output and assignments', () => {
    const s = op(
      'T | scan with_match_id=m declare (c:long=0, d:string) with (step s1 output=none: x > 1 => c = s1.c + 1, d = "a"; step s2: true;)',
      'Scan',
    );
    expect(s.params[0]?.name).toBe('with_match_id');
    expect(s.declare.map((p) => [p.name.name, p.defaultValue && sexpr(p.defaultValue)])).toEqual([
      ['c', '0'],
      ['d', undefined],
    ]);
    expect(s.steps.map((x) => [x.name.name, x.output, names(x.assignments)])).toEqual([
      ['s1', 'none', ['c', 'd']],
      ['s2', undefined, []],
    ]);
  });

  it('reduce with properties', () => {
    const r = op('T | reduce by Text with threshold=0.2, characters=":"', 'Reduce');
    expect([sexpr(r.by), r.properties.map((p) => p.name)]).toEqual(['Text', ['threshold', 'characters']]);
  });

  it('recognised-but-unmodelled operators become Extended without errors', () => {
    for (const name of ['graph-merge', 'assert-schema', 'project-smart', 'macro-expand']) {
      const e = exprOf(`T | ${name} a --> b with (x | y) | take 1`);
      expect(operatorsOf(e).map((o) => (o.kind === 'Extended' ? o.name : o.kind))).toEqual([name, 'Take']);
    }
  });
});

describe('source operators', () => {
  it('datatable with typed columns, mixed literal cells and a trailing comma', () => {
    const d = src(
      'datatable(a:long, b:string, c:datetime, d:dynamic) [1, "x", datetime(2020-01-01), dynamic([1]), -2, "y", datetime(null), dynamic(null),]',
      'Datatable',
    );
    expect(d.columns.map((c) => `${c.name.name}:${c.type.type}`)).toEqual([
      'a:long',
      'b:string',
      'c:datetime',
      'd:dynamic',
    ]);
    expect(d.values.map((v) => v.kind === 'Literal' && v.type)).toEqual([
      'long',
      'string',
      'datetime',
      'dynamic',
      'long',
      'string',
      'datetime',
      'dynamic',
    ]);
  });

  it('print, range', () => {
    expect(names(src('print a = 1, 2', 'Print').items)).toEqual(['a', '']);
    const r = src('range x from 1 to 10 step 2', 'Range');
    expect([r.name.name, sexpr(r.from), sexpr(r.to), sexpr(r.step)]).toEqual(['x', '1', '10', '2']);
    const call = exprOf('print range(1, 5, 1)');
    expect(call.kind === 'Print' && call.items[0]?.expr.kind).toBe('Call');
  });

  it('find and search (as a source and after a pipe, with Col:"term")', () => {
    const f = src('find withsource=Src in (T1, T2*) where x has "a" project a, b:string', 'Find');
    expect([
      f.params[0]?.name,
      f.tables.length,
      sexpr(f.predicate),
      Array.isArray(f.project) && f.project.length,
    ]).toEqual(['withsource', 2, '(has x "a")', 2]);
    expect(src('find where x == 1 project-smart', 'Find').project).toBe('smart');
    const s = src('search kind=case_sensitive in (T, U) "err" and Col:"x"', 'Search');
    expect([s.params[0]?.name, s.tables.length, sexpr(s.predicate)]).toEqual(['kind', 2, '(and "err" (has Col "x"))']);
    expect(sexpr(op('T | search * has "x"', 'Search').predicate)).toBe('(has * "x")');
  });

  it('externaldata with uris and properties', () => {
    const e = src(
      'externaldata (a:string, b:long) [h@"https://x/y.csv", "z"] with (format="csv", ignoreFirstRecord=true)',
      'ExternalData',
    );
    expect([e.columns.length, e.uris.length, e.properties.map((p) => p.name)]).toEqual([
      2,
      2,
      ['format', 'ignorefirstrecord'],
    ]);
  });
});

describe('unknown operators', () => {
  it('reports KQL204 with a suggestion and keeps parsing after the next pipe', () => {
    const r = parseQuery('T | wher x > 1 | take 5');
    expect(r.diagnostics.map((d) => [d.code, d.offset, d.length])).toEqual([['KQL204', 4, 4]]);
    expect(r.diagnostics[0]?.message).toContain("did you mean 'where'");
    const st = r.query.statements[0];
    expect(st?.kind === 'ExprStatement' && operatorsOf(st.expr).map((o) => o.kind)).toEqual(['ErrorOperator', 'Take']);
  });

  it('treats a misspelt hyphenated name as one unknown operator', () => {
    const r = parseQuery('T | project-awya x');
    expect(r.diagnostics.map((d) => [d.code, d.length])).toEqual([['KQL204', 12]]);
    expect(r.diagnostics[0]?.message).toContain("'project-away'");
  });
});
