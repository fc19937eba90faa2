/**
 * The scan operator's matching logic (exec/operators/scan.ts). Queries end in `scan`; the scan node
 * is run directly with runScanOperator, its input through the ordinary executor.
 */
import { describe, expect, it } from 'vitest';
import { bind, parse, plan } from '../../../src/kql/engine.js';
import { ExecContext } from '../../../src/kql/exec/context.js';
import { runScanOperator } from '../../../src/kql/exec/operators/scan.js';
import { materialize } from '../../../src/kql/exec/relation.js';
import { runNode } from '../../../src/kql/exec/run.js';
import { MapTableProvider, tableRows } from '../../../src/kql/exec/table.js';
import type { KqlValue } from '../../../src/kql/types.js';
import { formatCell } from '../../../src/kql/values.js';

function runScanQuery(text: string): { columns: string[]; rows: string[][] } {
  const bound = bind(parse(text));
  const errors = bound.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, JSON.stringify(errors)).toEqual([]);
  const root = plan(bound).plan;
  if (root?.kind !== 'ScanOperator') throw new Error(`expected a scan at the root, got ${root?.kind}`);
  const ctx = new ExecContext({ provider: new MapTableProvider(), now: 0n });
  ctx.run = (n) => runNode(n, ctx);
  const table = materialize(runScanOperator(root, ctx));
  const types = table.schema.columns.map((c) => c.type);
  return {
    columns: table.schema.columns.map((c) => `${c.name}:${c.type}`),
    rows: tableRows(table).map((r: KqlValue[]) => r.map((v, i) => formatCell(v, types[i]!))),
  };
}

const EVENTS = `let Events = datatable (Ts: timespan, Event: string) [
  0m, "A", 1m, "Start", 2m, "B", 3m, "D", 4m, "Stop", 6m, "C", 8m, "Start", 11m, "E", 12m, "Stop"
];
Events | sort by Ts asc `;

describe('scan operator', () => {
  it('computes a cumulative sum from the declared default', () => {
    const r = runScanQuery(`range x from 1 to 5 step 1
      | scan declare (cumulative_x:long=0) with (step s1: true => cumulative_x = x + s1.cumulative_x;)`);
    expect(r.columns).toEqual(['x:long', 'cumulative_x:long']);
    expect(r.rows.map((row) => row[1])).toEqual(['1', '3', '6', '10', '15']);
  });

  it('resets a running sum with a condition on the state', () => {
    const r = runScanQuery(`range x from 1 to 5 step 1 | extend y = 2 * x
      | scan declare (cx:long=0, cy:long=0) with (
          step s1: true => cx = iff(s1.cx >= 10, x, x + s1.cx), cy = iff(s1.cy >= 10, y, y + s1.cy);)`);
    expect(r.rows.map((row) => [row[2], row[3]])).toEqual([
      ['1', '2'],
      ['3', '6'],
      ['6', '12'],
      ['10', '8'],
      ['5', '18'],
    ]);
  });

  it('fills a column forward', () => {
    const r = runScanQuery(`datatable(Ts:long, Event:string)[1, "A", 2, "", 3, "B", 4, "", 5, ""]
      | scan declare (Filled: string = "") with (step s1: true => Filled = iff(isempty(Event), s1.Filled, Event);)`);
    expect(r.rows.map((row) => row[2])).toEqual(['A', 'A', 'B', 'B', 'B']);
  });

  it('tags sessions with match ids (output=none step ends a match)', () => {
    const r = runScanQuery(`datatable (Ts: timespan) [0m, 1m, 3m, 32m, 36m, 75m]
      | scan with_match_id=session_id declare (sessionStart: timespan) with (
          step inSession: true => sessionStart = iff(isnull(inSession.sessionStart), Ts, inSession.sessionStart);
          step endSession output=none: Ts - inSession.sessionStart > 30m;)`);
    expect(r.columns).toEqual(['Ts:timespan', 'sessionStart:timespan', 'session_id:long']);
    expect(r.rows).toEqual([
      ['00:00:00', '00:00:00', '0'],
      ['00:01:00', '00:00:00', '0'],
      ['00:03:00', '00:00:00', '0'],
      ['00:32:00', '00:32:00', '1'],
      ['00:36:00', '00:32:00', '1'],
      ['01:15:00', '01:15:00', '2'],
    ]);
  });

  it('matches three-step sequences as the documented walkthrough does', () => {
    const r = runScanQuery(`${EVENTS}| scan with_match_id=m_id with (
        step s1: Event == "Start";
        step s2: Event != "Start" and Event != "Stop" and Ts - s1.Ts <= 5m;
        step s3: Event == "Stop" and Ts - s1.Ts <= 5m;)`);
    expect(r.rows).toEqual([
      ['00:01:00', 'Start', '0'],
      ['00:02:00', 'B', '0'],
      ['00:03:00', 'D', '0'],
      ['00:04:00', 'Stop', '0'],
      ['00:08:00', 'Start', '1'],
      ['00:11:00', 'E', '1'],
      ['00:12:00', 'Stop', '1'],
    ]);
  });

  it('outputs only the last of repeated matches with output=last', () => {
    const r = runScanQuery(`${EVENTS}| scan with_match_id=m_id with (
        step s1: Event == "Start";
        step s2 output=last: Event != "Start" and Event != "Stop";
        step s3: Event == "Stop";)`);
    expect(r.rows.map((row) => row[1])).toEqual(['Start', 'D', 'Stop', 'Start', 'E', 'Stop']);
  });

  it('carries earlier steps state into later steps (login/logout pairs)', () => {
    const r =
      runScanQuery(`datatable(T:long, Kind:string)[1, "login", 5, "logout", 7, "login", 8, "login", 20, "logout"]
      | scan declare (start: long, duration: long) with (
          step s1 output=none: Kind == "login" => start = T;
          step s2: Kind == "logout" => start = s1.start, duration = T - s1.start;)`);
    expect(r.rows).toEqual([
      ['5', 'logout', '1', '4'],
      ['20', 'logout', '8', '12'],
    ]);
  });

  it('keeps one state per partition and sorts with order by', () => {
    const r = runScanQuery(`datatable(K:string, T:long, V:long)["a", 2, 10, "b", 1, 5, "a", 1, 1, "b", 2, 7]
      | scan order by K asc, T asc partition by K declare (total: long = 0) with (step s: true => total = s.total + V;)`);
    expect(r.rows).toEqual([
      ['a', '1', '1', '1'],
      ['a', '2', '10', '11'],
      ['b', '1', '5', '5'],
      ['b', '2', '7', '12'],
    ]);
  });

  it('converts assignments to the declared type', () => {
    const r = runScanQuery(`range x from 1 to 3 step 1
      | scan declare (half: real = 0.0) with (step s: true => half = s.half + x / 2;)`);
    expect(r.columns[1]).toBe('half:real');
    expect(r.rows.map((row) => row[1])).toEqual(['0', '1', '2']);
  });
});
