/** macro-expand over entity groups of local tables (the page's three syntax forms). */
import { describe, expect, it } from 'vitest';
import { runQuery } from '../../../src/kql/engine.js';

function run(text: string) {
  const res = runQuery(text);
  const t = res.result?.table;
  return {
    codes: res.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
    columns: res.result?.schema.columns.map((c) => c.name) ?? [],
    rows: t ? Array.from({ length: t.rowCount }, (_, i) => t.columns.map((c) => c.get(i))) : [],
  };
}

const TABLES = `let Logs1 = datatable(Level:string, Source:string) ['Error', 'a', 'Error', 'b', 'Info', 'a'];
let Logs2 = datatable(Level:string, Source:string, Extra:long) ['Error', 'a', 1, 'Warning', 'c', 2];`;

describe('macro-expand', () => {
  it('runs the sub-query per entity of an inline entity group and unions the results (kind=outer)', () => {
    const r = run(`${TABLES}
macro-expand entity_group [Logs1, Logs2] as X
(
    X
    | where Level == 'Error'
    | summarize Count=count() by Source
)
| summarize Sum=sum(Count) by Source
| order by Source asc`);
    expect(r.codes).toEqual([]);
    expect(r.rows).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('takes a let-declared entity group, let statements in the sub-query, and kind=inner', () => {
    const outer = run(`${TABLES} let G = entity_group [Logs1, Logs2]; macro-expand G as X (X | take 1)`);
    expect(outer.columns).toEqual(['Level', 'Source', 'Extra']);
    const inner = run(
      `${TABLES} let G = entity_group [Logs1, Logs2]; macro-expand kind=inner G as X (let lvl = 'Error'; X | where Level == lvl)`,
    );
    expect(inner.codes).toEqual([]);
    expect(inner.columns).toEqual(['Level', 'Source']);
    expect(inner.rows).toHaveLength(3);
  });

  it('accepts the `X in Group` form', () => {
    const r = run(`${TABLES} let G = entity_group [Logs1, Logs2]; macro-expand X in G (X | count)`);
    expect(r.rows).toEqual([[3], [2]]);
  });

  it('refuses entities on a cluster or in another database with KQL504, and unknown groups', () => {
    expect(
      run(`macro-expand entity_group [cluster('C1').database('Kuskus')] as X (X.KustoLogs | count)`).codes,
    ).toEqual(['KQL504']);
    expect(run('macro-expand Missing as X (X | count)').codes).toEqual(['KQL303']);
    // The entity's database and cluster exist only on a cluster.
    expect(run(`${TABLES} macro-expand entity_group [Logs1] as X (X | extend db = X.$current_database)`).codes).toEqual(
      ['KQL504'],
    );
    expect(run('let G = entity_group []; macro-expand G as X (X)').codes).toEqual(['KQL201']);
  });
});
