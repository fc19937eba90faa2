/** evaluate plugins: ipv6_lookup, schema_merge, the activity plugins, geo_line/polygon_lookup. */
import { describe, expect, it } from 'vitest';
import { runQuery } from '../../../src/kql/engine.js';
import { tableRows } from '../../../src/kql/exec/table.js';
import { formatCell } from '../../../src/kql/values.js';

function run(text: string): { columns: string[]; rows: string[][] } {
  const { result, diagnostics } = runQuery(text, { now: 0n });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  expect(errors, JSON.stringify(errors)).toEqual([]);
  if (!result) throw new Error('no result');
  const types = result.table.schema.columns.map((c) => c.type);
  return {
    columns: result.table.schema.columns.map((c) => `${c.name}:${c.type}`),
    rows: tableRows(result.table).map((r) => r.map((v, i) => formatCell(v, types[i]!))),
  };
}

const sorted = (rows: string[][]) => [...rows].sort((a, b) => a.join('|').localeCompare(b.join('|')));

describe('ipv6_lookup', () => {
  const query = (extra: string) => `let Nets = datatable(network:string, name:string)
    ["2001:db8::/32", "wide", "2001:db8:85a3::/48", "narrow", "fe80::1", "single"];
    datatable(ip:string)["2001:db8:85a3::7334", "2001:db8:1::1", "fe80::1", "::1", "not an ip"]
    | evaluate ipv6_lookup(Nets, ip, network${extra})`;

  it('joins on the most specific prefix, lookup columns first', () => {
    const r = run(query(''));
    expect(r.columns).toEqual(['network:string', 'name:string', 'ip:string']);
    expect(Object.fromEntries(r.rows.map((row) => [row[2], `${row[1]} ${row[0]}`]))).toEqual({
      '2001:db8:85a3::7334': 'narrow 2001:db8:85a3::/48',
      '2001:db8:1::1': 'wide 2001:db8::/32',
      'fe80::1': 'single fe80::1',
    });
  });

  it('keeps unmatched rows with empty lookup columns when asked', () => {
    const r = run(query(', true'));
    expect(r.rows).toHaveLength(5);
    expect(r.rows.filter((row) => row[0] === '').map((row) => row[2])).toEqual(['::1', 'not an ip']);
  });
});

describe('schema_merge', () => {
  it('merges schemas in column order', () => {
    const r = run(`let a = datatable(Uri:string, Status:int)[] | getschema;
      let b = datatable(Uri:string, Status:int, Ref:string)[] | getschema;
      union a, b | evaluate schema_merge()`);
    expect(r.columns).toEqual(['ColumnName:string', 'ColumnOrdinal:long', 'DataType:string', 'ColumnType:string']);
    expect(r.rows).toEqual([
      ['Uri', '0', 'System.String', 'string'],
      ['Status', '1', 'System.Int32', 'int'],
      ['Ref', '2', 'System.String', 'string'],
    ]);
  });

  it('flags columns out of order, unless PreserveOrder is false', () => {
    const text = (arg: string) => `let a = datatable(Uri:string, Status:int)[] | getschema;
      let b = datatable(Uri:string, Ref:string, Status:int)[] | getschema;
      union a, b | evaluate schema_merge(${arg})`;
    expect(run(text('')).rows).toEqual([
      ['Uri', '0', 'System.String', 'string'],
      ['Ref', '1', 'System.String', 'string'],
      ['Status', '-1', 'ERROR(unknown CSL type:ERROR(columns are out of order))', 'ERROR(columns are out of order)'],
    ]);
    expect(run(text('false')).rows.map((r) => r[0])).toEqual(['Uri', 'Status', 'Ref']);
  });

  it('widens numeric types', () => {
    const r = run(`let a = datatable(N:int)[] | getschema; let b = datatable(N:real)[] | getschema;
      union a, b | evaluate schema_merge()`);
    expect(r.rows).toEqual([['N', '0', 'System.Double', 'real']]);
  });
});

const USERS = `datatable(UserId:string, Timestamp:datetime)[
  'Bob', datetime(2017-08-01), 'David', datetime(2017-08-01), 'David', datetime(2017-08-01),
  'John', datetime(2017-08-01), 'Bob', datetime(2017-08-01), 'Ananda', datetime(2017-08-02),
  'Atul', datetime(2017-08-02), 'John', datetime(2017-08-02), 'Ananda', datetime(2017-08-03),
  'Atul', datetime(2017-08-03), 'Atul', datetime(2017-08-03), 'John', datetime(2017-08-03),
  'Bob', datetime(2017-08-03), 'Betsy', datetime(2017-08-04), 'Bob', datetime(2017-08-05)]`;

describe('activity plugins', () => {
  it('sliding_window_counts counts ids in the lookback window of each bin', () => {
    const r = run(
      `${USERS} | evaluate sliding_window_counts(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-07), 3d, 1d)`,
    );
    expect(r.columns).toEqual(['Timestamp:datetime', 'Count:long', 'Dcount:long']);
    expect(r.rows.map((row) => `${row[0]?.slice(0, 10)} ${row[1]} ${row[2]}`)).toEqual([
      '2017-08-01 5 3',
      '2017-08-02 8 5',
      '2017-08-03 13 5',
      '2017-08-04 9 5',
      '2017-08-05 7 5',
      '2017-08-06 2 2',
      '2017-08-07 1 1',
    ]);
  });

  it('sliding_window_counts slices by dimensions', () => {
    const r = run(`${USERS} | extend Team = iff(UserId startswith 'A', 'a', 'other')
      | evaluate sliding_window_counts(UserId, Timestamp, datetime(2017-08-02), datetime(2017-08-02), 1d, 1d, Team)`);
    expect(r.columns).toEqual(['Timestamp:datetime', 'Team:string', 'Count:long', 'Dcount:long']);
    expect(sorted(r.rows.map((row) => row.slice(1)))).toEqual([
      ['a', '2', '2'],
      ['other', '1', '1'],
    ]);
  });

  it('activity_counts_metrics counts new and running distinct ids', () => {
    const r = run(`datatable(UserId:string, Timestamp:datetime)['A', datetime(2017-08-01), 'B', datetime(2017-08-01),
        'A', datetime(2017-08-02), 'C', datetime(2017-08-02), 'C', datetime(2017-08-02), 'D', datetime(2017-08-09)]
      | evaluate activity_counts_metrics(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-03), 1d)`);
    expect(r.columns).toEqual([
      'Timestamp:datetime',
      'count:long',
      'dcount:long',
      'new_dcount:long',
      'aggregated_dcount:long',
    ]);
    expect(r.rows.map((row) => row.slice(1).join(' '))).toEqual(['2 2 2 2', '3 2 1 3']);
  });

  it('active_users_count counts ids active in enough periods of the lookback', () => {
    const r = run(`datatable(User:string, Timestamp:datetime)[
        "B", datetime(2018-06-29), "B", datetime(2018-06-30), "A", datetime(2018-07-02), "B", datetime(2018-07-04),
        "B", datetime(2018-07-08), "A", datetime(2018-07-10), "A", datetime(2018-07-14), "A", datetime(2018-07-17),
        "A", datetime(2018-07-20), "B", datetime(2018-07-24)]
      | evaluate active_users_count(User, Timestamp, datetime(2018-07-01), datetime(2018-07-31), 8d, 1d, 3, 7d)`);
    expect(r.columns).toEqual(['Timestamp:datetime', 'dcount:long']);
    expect(r.rows.map((row) => `${row[0]?.slice(0, 10)} ${row[1]}`)).toEqual(['2018-07-01 1', '2018-07-15 1']);
  });
});

const LOCATIONS = `datatable(name:string, lon:real, lat:real)[
  "near", -73.98567337898565, 40.74842629977377, "far", -74.04462223203123, 40.689195627512674]`;

describe('geo lookups', () => {
  it('geo_line_lookup joins points within the radius of a line', () => {
    const roads = `datatable(road_name:string, road:dynamic)["5th", dynamic({"type":"LineString","coordinates":[[-73.97291864770574,40.76428551254824],[-73.99708638113894,40.73145135821781]]})]`;
    const r = run(`${LOCATIONS} | evaluate geo_line_lookup(${roads}, road, lon, lat, 100)`);
    expect(r.columns).toEqual(['name:string', 'lon:real', 'lat:real', 'road_name:string']);
    expect(r.rows.map((row) => [row[0], row[3]])).toEqual([['near', '5th']]);
    const all = run(
      `${LOCATIONS} | evaluate geo_line_lookup(${roads}, road, lon, lat, 100, return_unmatched = true, return_lookup_key = true)`,
    );
    expect(all.columns.at(-1)).toBe('road:dynamic');
    expect(all.rows.map((row) => [row[0], row[3]])).toEqual([
      ['near', '5th'],
      ['far', ''],
    ]);
  });

  it('geo_polygon_lookup joins points inside a polygon', () => {
    const polys = `datatable(pname:string, polygon:dynamic)["NY", dynamic({"type":"Polygon","coordinates":[[[-73.97375470114766,40.74300078124614],[-73.98653921014294,40.75486501361894],[-73.99910622331991,40.74112695466084],[-73.97375470114766,40.74300078124614]]]})]`;
    const r = run(`${LOCATIONS} | evaluate geo_polygon_lookup(${polys}, polygon, lon, lat)`);
    expect(r.rows.map((row) => [row[0], row[3]])).toEqual([['near', 'NY']]);
  });
});
