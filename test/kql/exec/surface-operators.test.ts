/** Operators and operator forms added for the documented surface, tested on their pages' examples. */
import { describe, expect, it } from 'vitest';
import { runQuery } from '../../../src/kql/engine.js';

function table(text: string): { columns: string[]; rows: unknown[][] } {
  const res = runQuery(text);
  expect(res.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  const t = res.result!.table;
  return {
    columns: res.result!.schema.columns.map((c) => c.name),
    rows: Array.from({ length: t.rowCount }, (_, i) => t.columns.map((c) => c.get(i))),
  };
}

const PEOPLE = "datatable(Name:string, Age:int, City:string, Country:string) ['Peter', 39, 'New York', 'USA']";

describe('project-by-names', () => {
  it('keeps named columns in the given order, from names, arrays and patterns', () => {
    expect(table(`${PEOPLE} | project-by-names "Name", "City"`)).toEqual({
      columns: ['Name', 'City'],
      rows: [['Peter', 'New York']],
    });
    expect(table(`${PEOPLE} | project-by-names dynamic(["Name", "Country"])`).columns).toEqual(['Name', 'Country']);
    expect(table(`${PEOPLE} | project-by-names "C*"`).columns).toEqual(['City', 'Country']);
  });

  it('takes column_names_of() and ignores names that match nothing', () => {
    const q = `let LookupTable = ${PEOPLE};
let LookupColumns = (Source:(Name:string), lookup_columns: dynamic) {
    Source | lookup LookupTable on Name | project-by-names column_names_of(Source), lookup_columns
};
datatable(Name:string, Data:string) ['Peter', 'Source-data']
| invoke LookupColumns(dynamic(['Country', 'NonExistent']))`;
    expect(table(q)).toEqual({ columns: ['Name', 'Data', 'Country'], rows: [['Peter', 'Source-data', 'USA']] });
  });
});

describe('evaluate output schema', () => {
  it('bag_unpack with (*, Name:string, Age:long) keeps the other input columns and the declared ones', () => {
    const q = `datatable(d:dynamic, Description: string) [
    dynamic({"Name": "John", "Age":20, "height":180}), "Student",
    dynamic({"Name": "Dave", "Age":40, "height":160}), "Teacher"]
| evaluate bag_unpack(d) : (*, Name:string, Age:long)`;
    expect(table(q)).toEqual({
      columns: ['Description', 'Name', 'Age'],
      rows: [
        ['Student', 'John', 20],
        ['Teacher', 'Dave', 40],
      ],
    });
  });
});

describe('analytics plugins', () => {
  it('rows_near: the documented two rows around the error', () => {
    const q = `datatable (Timestamp:datetime, Value:long, State:string) [
    datetime(2021-06-01), 1, "Success", datetime(2021-06-02), 4, "Success", datetime(2021-06-03), 3, "Success",
    datetime(2021-06-04), 11, "Success", datetime(2021-06-05), 15, "Success", datetime(2021-06-06), 2, "Success",
    datetime(2021-06-07), 19, "Error", datetime(2021-06-08), 12, "Success", datetime(2021-06-09), 7, "Success",
    datetime(2021-06-10), 9, "Success", datetime(2021-06-11), 4, "Success", datetime(2021-06-12), 1, "Success"]
| sort by Timestamp asc
| evaluate rows_near(State == "Error", 2)
| project Value`;
    expect(table(q).rows.flat()).toEqual([15, 2, 19, 12, 7]);
    expect(table('range x from 1 to 10 step 1 | evaluate rows_near(x == 5, 1, 3) | project x').rows.flat()).toEqual([
      4, 5, 6, 7, 8,
    ]);
  });

  it('rolling_percentile: the documented 3-day rolling median, per dimension', () => {
    const q = `let T = range idx from 0 to 24*10-1 step 1
| project Timestamp = datetime(2018-01-01) + 1h*idx, val=idx+1
| extend EvenOrOdd = iff(val % 2 == 0, "Even", "Odd");
T | evaluate rolling_percentile(val, 50, Timestamp, 1d, 3)`;
    const t = table(q);
    expect(t.columns).toEqual(['Timestamp', 'rolling_3_percentile_val_50']);
    expect(t.rows.map((r) => r[1])).toEqual([12, 24, 36, 60, 84, 108, 132, 156, 180, 204]);
    const byDim = table(
      `${q.replace('1d, 3)', '1d, 3, EvenOrOdd)')} | where EvenOrOdd == "Odd" | project rolling_3_percentile_val_50`,
    );
    expect(byDim.rows.flat()).toEqual([11, 23, 35, 59, 83, 107, 131, 155, 179, 203]);
  });

  it('dcount_intersect: the documented intersections of hll sets', () => {
    const q = `range x from 1 to 100 step 1
| extend isEven = (x % 2 == 0), isMod3 = (x % 3 == 0), isMod5 = (x % 5 == 0)
| summarize hll_even = hll(iif(isEven, x, 0), 2), hll_mod3 = hll(iif(isMod3, x, 0), 2), hll_mod5 = hll(iif(isMod5, x, 0), 2)
| evaluate dcount_intersect(hll_even, hll_mod3, hll_mod5)
| project evenNumbers = s0 - 1, even_and_mod3 = s1 - 1, even_and_mod3_and_mod5 = s2 - 1`;
    expect(table(q).rows).toEqual([[50, 16, 3]]);
  });

  it('preview keeps the first rows; session_count counts ids active per bin', () => {
    expect(table('range x from 1 to 10 step 1 | evaluate preview(3)').rows.flat()).toEqual([1, 2, 3]);
    const t = table(
      'datatable(Id:long, Timeline:long) [1, 1, 1, 5, 2, 12, 1, 30] | evaluate session_count(Id, Timeline, 0, 40, 10, 5)',
    );
    expect(t.columns).toEqual(['Timeline', 'count_sessions']);
    // Id 1 (at 1 and 5) stays active until 5 + 5 = 10, so bin 10 holds it and Id 2 (at 12).
    expect(t.rows).toEqual([
      [0, 1],
      [10, 2],
      [30, 1],
    ]);
  });
});

describe('activity_metrics', () => {
  it('distinct, new, retained and churned ids per window', () => {
    const t = table(
      'datatable(Id:string, T:datetime) ["a", datetime(2024-01-01), "b", datetime(2024-01-01), "a", datetime(2024-01-02), "c", datetime(2024-01-02), "c", datetime(2024-01-03)] | evaluate activity_metrics(Id, T, datetime(2024-01-01), datetime(2024-01-03), 1d) | project-away T',
    );
    expect(t.columns).toEqual(['dcount_values', 'dcount_newvalues', 'retention_rate', 'churn_rate']);
    // Day 2 keeps a of {a, b}; day 3 keeps c of {a, c}.
    expect(t.rows).toEqual([
      [2, 2, 0, 0],
      [2, 1, 0.5, 0.5],
      [1, 0, 0.5, 0.5],
    ]);
  });
});

describe('alias and restrict statements', () => {
  const codes = (q: string) => runQuery(q).diagnostics.map((d) => d.code);

  it('restrict access limits the query to the listed entities', () => {
    expect(
      table('let X = range x from 1 to 3 step 1; let Y = print 1; restrict access to (X); X | count').rows,
    ).toEqual([[3]]);
    expect(codes('let X = range x from 1 to 3 step 1; let Y = print 1; restrict access to (X); Y')).toEqual(['KQL311']);
  });

  it('evaluate can start a query; plugins that call out are refused with where they run', () => {
    const d = runQuery('evaluate sql_request("Server=tcp:db", "select 1")').diagnostics;
    expect(d.map((x) => x.code)).toEqual(['KQL504']);
    expect(d[0]?.message).toContain('Azure Data Explorer');
  });

  it('alias database parses, and the aliased cluster database is refused locally', () => {
    expect(codes('alias database DB = cluster("https://c.kusto.windows.net").database("db"); print 1')).toEqual([
      'KQL504',
    ]);
  });
});
