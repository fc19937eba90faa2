import { describe, expect, it } from 'vitest';
import type { Query } from '../../src/kql/engine.js';
import { isoOf, parseDuration, sentinelDuration } from '../../src/rules/duration.js';
import { findReferences } from '../../src/rules/references.js';
import { tablesOfQuery, tablesOfTree } from '../../src/rules/tables.js';

const sp = { start: 0, end: 0 };
const name = (n: string) => ({ kind: 'NameRef', name: n, quoted: false, span: sp });
const ident = (n: string) => ({ kind: 'Identifier', name: n, quoted: false, span: sp });

describe('table references', () => {
  it('walks the syntax tree: pipeline sources, join right sides, union inputs, minus let names', () => {
    // let recent = DeviceProcessEvents | take 1; recent | join (DeviceNetworkEvents) on DeviceId | union DeviceFileEvents, recent
    const tree = {
      kind: 'Query',
      span: sp,
      statements: [
        {
          kind: 'Let',
          span: sp,
          name: ident('recent'),
          value: { kind: 'Pipe', span: sp, source: name('DeviceProcessEvents'), operator: { kind: 'Take', span: sp } },
        },
        {
          kind: 'ExprStatement',
          span: sp,
          expr: {
            kind: 'Pipe',
            span: sp,
            source: {
              kind: 'Pipe',
              span: sp,
              source: name('recent'),
              operator: {
                kind: 'Join',
                span: sp,
                params: [],
                right: { kind: 'Paren', span: sp, expr: name('DeviceNetworkEvents') },
                on: [name('DeviceId')],
              },
            },
            operator: {
              kind: 'Union',
              span: sp,
              params: [],
              tables: [name('DeviceFileEvents'), name('recent'), name('Device*')],
            },
          },
        },
      ],
    } as unknown as Query;
    expect(tablesOfTree(tree)).toEqual(['DeviceFileEvents', 'DeviceNetworkEvents', 'DeviceProcessEvents']);
  });

  it('finds the tables of simple rule queries from text', () => {
    const q =
      "let Time_start = now(-5d);\n//\nDeviceProcessEvents \n| where X has 'a'\n| summarize Count=count() by DeviceId,\n    DeviceName\n";
    expect(tablesOfQuery(q)).toEqual(['DeviceProcessEvents']);
    expect(tablesOfQuery('// only a comment')).toEqual([]);
  });
});

describe('durations and references', () => {
  it('normalises Sentinel and ISO durations', () => {
    expect(parseDuration('5m')).toEqual({ iso: 'PT5M', seconds: 300 });
    expect(parseDuration('14d')).toEqual({ iso: 'P14D', seconds: 1209600 });
    expect(parseDuration('PT1H')).toEqual({ iso: 'PT1H', seconds: 3600 });
    expect(parseDuration('P1DT2H')).toEqual({ iso: 'P1DT2H', seconds: 93600 });
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('P')).toBeUndefined();
    expect(sentinelDuration({ iso: 'PT90M', seconds: 5400 })).toBe('90m');
    expect(isoOf(90061)).toBe('P1DT1H1M1S');
  });

  it('finds URLs without trailing punctuation, once each', () => {
    const refs = findReferences('See https://a.example/x. And (https://b.example/y)', "// 'https://a.example/x'");
    expect(refs).toEqual(['https://a.example/x', 'https://b.example/y']);
  });
});
