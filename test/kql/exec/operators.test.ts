import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanNode } from '../../../src/kql/plan/nodes.js';
import { agg, call, col, lit, rowsOf, run, scan, schema, table } from './helpers.js';

const S = schema(['Dev', 'string'], ['N', 'long'], ['Msg', 'string']);
const T = table(S, [
  ['d1', 5, 'user=alice port=22'],
  ['d2', 1, 'garbage'],
  ['d1', 7, 'user=bob port=x'],
  ['d2', 3, 'user=carol port=443'],
]);
const base = scan('T', S);

describe('parse', () => {
  const parse = (dropUnmatched: boolean, mode: 'regex' | 'relaxed' = 'regex'): PlanNode => ({
    kind: 'Parse',
    schema: schema(['Dev', 'string'], ['user', 'string'], ['port', 'long']),
    input: base,
    source: col(2, 'Msg', 'string'),
    mode,
    regex: 'user=(\\w+) port=(\\S+)',
    flags: '',
    captureColumns: [1, 2],
    passThrough: [0, -1, -1],
    dropUnmatched,
  });
  it('extracts typed captures; unmatched and unconvertible rows get empty/null', () => {
    expect(rowsOf(parse(false), { T })).toEqual([
      ['d1', 'alice', 22],
      ['d2', '', null],
      ['d1', '', null],
      ['d2', 'carol', 443],
    ]);
  });
  it('relaxed mode nulls only the capture that does not convert', () => {
    expect(rowsOf(parse(false, 'relaxed'), { T })[2]).toEqual(['d1', 'bob', null]);
  });
  it('parse-where drops unmatched rows', () => {
    expect(rowsOf(parse(true), { T }).map((r) => r[1])).toEqual(['alice', 'carol']);
  });
  it('an invalid regex is a KQL604 diagnostic', () => {
    const bad = { ...parse(false), regex: '(' } as PlanNode;
    expect(run(bad, { T }).diagnostics[0]?.code).toBe('KQL604');
  });
});

describe('parse-kv', () => {
  it('extracts keys by delimiters', () => {
    const plan: PlanNode = {
      kind: 'ParseKv',
      schema: schema(['Dev', 'string'], ['user', 'string'], ['port', 'long']),
      input: base,
      source: col(2, 'Msg', 'string'),
      keys: [
        { name: 'user', type: 'string' },
        { name: 'port', type: 'long' },
      ],
      pairDelimiter: ' ',
      kvDelimiter: '=',
      quote: undefined,
      escape: undefined,
      greedy: false,
      regex: undefined,
      passThrough: [0, -1, -1],
    };
    expect(rowsOf(plan, { T })).toEqual([
      ['d1', 'alice', 22],
      ['d2', '', null],
      ['d1', 'bob', null],
      ['d2', 'carol', 443],
    ]);
  });
});

describe('union', () => {
  it('maps columns by the mappings, fills missing with null and sets withsource', () => {
    const A = schema(['x', 'long']);
    const B = schema(['y', 'string'], ['x', 'int']);
    const plan: PlanNode = {
      kind: 'Union',
      schema: schema(['src', 'string'], ['x', 'long'], ['y', 'string']),
      inputs: [scan('A', A), scan('B', B)],
      mappings: [
        [-1, 0, -1],
        [-1, 1, 0],
      ],
      sourceColumn: 0,
      sourceNames: ['A', 'B'],
    };
    expect(rowsOf(plan, { A: table(A, [[1]]), B: table(B, [['b', 2]]) })).toEqual([
      ['A', 1, ''],
      ['B', 2, 'b'],
    ]);
  });
});

describe('serialize and window functions', () => {
  it('row_number, prev, next and row_cumsum follow the serialized order', () => {
    const sorted: PlanNode = {
      kind: 'Sort',
      schema: S,
      input: base,
      keys: [{ expr: col(1, 'N', 'long'), descending: false, nullsFirst: true }],
    };
    const n = col(1, 'N', 'long');
    const plan: PlanNode = {
      kind: 'Serialize',
      schema: schema(['N', 'long'], ['rn', 'long'], ['p', 'long'], ['nx', 'long'], ['cs', 'long']),
      input: sorted,
      exprs: [
        n,
        call('row_number', 'long'),
        call('prev', 'long', n),
        call('next', 'long', n, lit(1, 'long'), lit(-1, 'long')),
        call('row_cumsum', 'long', n),
      ],
    };
    expect(rowsOf(plan, { T })).toEqual([
      [1, 1, null, 3, 1],
      [3, 2, 1, 5, 4],
      [5, 3, 3, 7, 9],
      [7, 4, 5, -1, 16],
    ]);
  });
});

describe('materialize, fork, get_schema', () => {
  it('materialize is computed once and shared by references', () => {
    let scans = 0;
    const provider = {
      getTable: (name: string) => {
        if (name !== 'T') return undefined;
        scans++;
        return T;
      },
      tableNames: () => ['T'],
    };
    const m: PlanNode = { kind: 'Materialize', schema: S, id: 1, input: base };
    const ref: PlanNode = { kind: 'MaterializedRef', schema: S, id: 1 };
    const plan: PlanNode = {
      kind: 'Union',
      schema: S,
      inputs: [m, ref, ref],
      mappings: [
        [0, 1, 2],
        [0, 1, 2],
        [0, 1, 2],
      ],
      sourceColumn: undefined,
      sourceNames: [],
    };
    const r = run(plan, {}, { provider });
    expect(r.rows).toHaveLength(12);
    expect(scans).toBe(1);
  });

  it('fork returns the first branch and the rest as extra tables', () => {
    const input: PlanNode = { kind: 'ImplicitInput', schema: S };
    const plan: PlanNode = {
      kind: 'Fork',
      schema: S,
      input: base,
      branches: [
        { name: 'first', plan: { kind: 'Limit', schema: S, input, count: lit(1, 'long') } },
        { name: 'count', plan: { kind: 'Count', schema: schema(['Count', 'long']), input } },
      ],
    };
    const r = run(plan, { T });
    expect(r.rows).toHaveLength(1);
    expect(r.extraTables?.[0]?.name).toBe('count');
    expect(r.extraTables?.[0]?.table.columns[0]?.get(0)).toBe(4);
  });

  it('getschema lists the input columns', () => {
    const plan: PlanNode = {
      kind: 'GetSchema',
      schema: schema(
        ['ColumnName', 'string'],
        ['ColumnOrdinal', 'int'],
        ['DataType', 'string'],
        ['ColumnType', 'string'],
      ),
      input: base,
    };
    expect(rowsOf(plan, { T })[1]).toEqual(['N', 1, 'System.Int64', 'long']);
  });
});

describe('make-series, top-nested, partition, sample', () => {
  it('make-series fills bins with aggregates and defaults', () => {
    const plan: PlanNode = {
      kind: 'MakeSeries',
      schema: schema(['Dev', 'string'], ['count_', 'dynamic'], ['N', 'dynamic']),
      input: base,
      keys: [col(0, 'Dev', 'string')],
      aggregates: [agg('count', [{ name: 'count_', type: 'dynamic' }])],
      defaults: [0],
      axis: col(1, 'N', 'long'),
      from: lit(0, 'long'),
      to: lit(8, 'long'),
      step: lit(2, 'long'),
      axisColumn: 2,
    };
    expect(rowsOf(plan, { T })).toEqual([
      ['d1', [0, 0, 1, 1], [0, 2, 4, 6]],
      ['d2', [1, 1, 0, 0], [0, 2, 4, 6]],
    ]);
  });

  it('top-nested keeps the top groups per level, with others', () => {
    const plan: PlanNode = {
      kind: 'TopNested',
      schema: schema(['Dev', 'string'], ['sum_N', 'long']),
      input: base,
      levels: [
        {
          count: lit(1, 'long'),
          of: col(0, 'Dev', 'string'),
          ofName: 'Dev',
          others: lit('rest', 'string'),
          aggregate: agg('sum', [{ name: 'sum_N', type: 'long' }], col(1, 'N', 'long')),
          descending: true,
        },
      ],
    };
    expect(rowsOf(plan, { T })).toEqual([
      ['d1', 12],
      ['rest', 4],
    ]);
  });

  it('partition runs the sub-plan per key', () => {
    const input: PlanNode = { kind: 'ImplicitInput', schema: S };
    const plan: PlanNode = {
      kind: 'Partition',
      schema: S,
      input: base,
      key: col(0, 'Dev', 'string'),
      subplan: {
        kind: 'Top',
        schema: S,
        input,
        count: lit(1, 'long'),
        keys: [{ expr: col(1, 'N', 'long'), descending: true, nullsFirst: false }],
      },
    };
    expect(rowsOf(plan, { T }).map((r) => r[1])).toEqual([7, 3]);
  });

  it('sample is deterministic and bounded', () => {
    const plan: PlanNode = { kind: 'Sample', schema: S, input: base, count: lit(2, 'long') };
    const a = rowsOf(plan, { T });
    expect(a).toHaveLength(2);
    expect(rowsOf(plan, { T })).toEqual(a);
  });
});

describe('evaluate plugins', () => {
  it('bag_unpack builds columns from the data', () => {
    const B = schema(['id', 'long'], ['bag', 'dynamic']);
    const plan: PlanNode = {
      kind: 'Evaluate',
      schema: B,
      input: scan('B', B),
      plugin: 'bag_unpack',
      args: [col(1, 'bag', 'dynamic')],
      tables: [],
      dynamicSchema: true,
    };
    const r = run(plan, {
      B: table(B, [
        [1, { a: 1 }],
        [2, { b: 'x', a: 3 }],
      ]),
    });
    // Columns are typed from their values (a: long, b: string); a string missing from a bag is ''.
    expect(r.schema.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['id:long', 'a:long', 'b:string']);
    expect(r.rows).toEqual([
      [1, 1, ''],
      [2, 3, 'x'],
    ]);
  });

  it('unknown plugins are KQL503', () => {
    const plan: PlanNode = {
      kind: 'Evaluate',
      schema: S,
      input: base,
      plugin: 'python',
      args: [],
      tables: [],
      dynamicSchema: false,
    };
    expect(run(plan, { T }).diagnostics[0]?.code).toBe('KQL503');
  });
});

describe('externaldata', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kqlexec-'));
  const csv = join(dir, 'a.csv');
  writeFileSync(csv, 'name,n\n"x, y",1\nz,2\n');
  const jsonl = join(dir, 'b.json');
  writeFileSync(jsonl, '{"name":"j","n":5}\n');
  const node = (uri: string, format: string | undefined): PlanNode => ({
    kind: 'ExternalData',
    schema: schema(['name', 'string'], ['n', 'long']),
    uris: [uri],
    format,
    properties: { ignoreFirstRecord: 'true' },
  });

  it('reads allowed local CSV and JSON lines files', () => {
    expect(rowsOf(node(csv, 'csv'), {}, { allowFiles: [dir] })).toEqual([
      ['x, y', 1],
      ['z', 2],
    ]);
    expect(rowsOf(node(jsonl, 'multijson'), {}, { allowFiles: [jsonl] })).toEqual([['j', 5]]);
  });

  it('refuses files not allowed and any URL with KQL606', () => {
    expect(run(node(csv, 'csv')).diagnostics[0]?.code).toBe('KQL606');
    expect(run(node('https://example.com/a.csv', 'csv'), {}, { allowFiles: [dir] }).diagnostics[0]?.code).toBe(
      'KQL606',
    );
    expect(run(node(join(dir, '..', 'x.csv'), 'csv'), {}, { allowFiles: [dir] }).diagnostics[0]?.code).toBe('KQL606');
  });
});
