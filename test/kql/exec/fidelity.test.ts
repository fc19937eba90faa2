/**
 * Runtime meaning of the forms Kusto accepts that a stricter engine used to reject (issue 10):
 * comparisons across types, `where Flag = true`, documented non-ISO datetime literals, `.[i]`
 * path steps, named call arguments, and extend/project items that see only their input.
 */
import { describe, expect, it } from 'vitest';
import { runQuery, tableRows } from '../../../src/kql/engine.js';

function rows(q: string): unknown[][] {
  const r = runQuery(q);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !r.result) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('; '));
  return tableRows(r.result.table);
}

const RESULTS = 'datatable(ResultType:string)["0", "50126", "1", "00"]';

describe('comparisons across types', () => {
  it('compares a string column with a number as text (ResultType == 0)', () => {
    expect(rows(`${RESULTS} | where ResultType == 0`)).toEqual([['0']]);
    expect(rows(`${RESULTS} | where ResultType != 0 | count`)).toEqual([[3]]);
    expect(rows(`${RESULTS} | where ResultType in (0, 50126)`)).toEqual([['0'], ['50126']]);
    expect(rows(`${RESULTS} | where ResultType !in (0, 50126)`)).toEqual([['1'], ['00']]);
  });

  it('compares numbers, bools and reals with strings as text', () => {
    expect(rows('print int(2) == "2", 2 != "2", true == "true", false == "true", 1.5 == "1.5"')).toEqual([
      [true, false, true, false, true],
    ]);
  });

  it('keeps ordering and string operators to the types Kusto defines them for', () => {
    const codes = (q: string) => runQuery(q).diagnostics.map((d) => d.code);
    expect(codes('print "a" < "b"')).toEqual(['KQL404']);
    expect(codes('print 1 has "1"')).toEqual(['KQL404']);
    expect(codes('print now() > "2020-01-01"')).toEqual(['KQL404']);
  });
});

describe('where with a single =', () => {
  it('reads `where Flag = v` as a named predicate: the filter is v, with a warning', () => {
    const r = runQuery('datatable(IsBillable:bool)[true, false] | where IsBillable = true');
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['KQL211', 'warning']]);
    expect(r.result?.table.rowCount).toBe(2);
    expect(rows('datatable(IsBillable:bool)[true, false] | where IsBillable = false')).toEqual([]);
  });
});

describe('documented datetime literal forms', () => {
  it('parses month-first dates, RFC 822/850 forms with zones, and fractions', () => {
    expect(rows('print datetime("12-02-2022") == datetime(2022-12-02)')).toEqual([[true]]);
    expect(rows('print datetime(12/02/2022 1:00 PM) == datetime(2022-12-02 13:00)')).toEqual([[true]]);
    expect(rows('print datetime("Sat, 8 Nov 14 15:05:02 EST") == datetime(2014-11-08 20:05:02)')).toEqual([[true]]);
    expect(rows('print datetime(Saturday, 08-Nov-14 15:05:02 GMT) == datetime(2014-11-08 15:05:02)')).toEqual([[true]]);
    expect(rows('print datetime(8 Nov 14 15:05) == datetime(2014-11-08 15:05)')).toEqual([[true]]);
    expect(rows('print datetime(2015-12-31 23:59:59.9) - datetime(2015-12-31 23:59:59)')).toEqual([[9_000_000n]]);
  });
});

describe('syntax real queries use', () => {
  it('takes `.[i]` as an index step', () => {
    expect(rows('print x = parse_json(\'[{"upn": "a"}]\').[0].upn')).toEqual([['a']]);
  });

  it('passes named call arguments by position; a named first argument names the by column', () => {
    expect(rows('print bin(value = 7, roundTo = 2), strlen(source = "abc")')).toEqual([[6, 3]]);
    const r = runQuery('datatable(T:datetime)[datetime(2024-01-01 10:07)] | summarize n = count() by bin(T5 = T, 5m)');
    expect(r.result?.schema.columns.map((c) => c.name)).toEqual(['T5', 'n']);
  });

  it('takes guid and bool as names, and gives every extend/project item the input row', () => {
    expect(rows('let bool = 1; print guid = bool + 1')).toEqual([[2]]);
    expect(rows('print a = 1 | extend a = "s", b = a * 2')).toEqual([['s', 2]]);
    expect(runQuery('print x = 1 | extend c = 2, b = c * 2').diagnostics.map((d) => d.code)).toEqual(['KQL302']);
  });

  it('accepts a trailing comma in a datatable schema', () => {
    expect(rows('datatable(a:string, b:long, )["x", 1]')).toEqual([['x', 1]]);
  });
});
