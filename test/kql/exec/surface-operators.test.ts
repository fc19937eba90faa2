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
