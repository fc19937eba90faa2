/**
 * The documented KQL surface (test/fixtures/shared/docs/kql_surface.md, from the documentation's
 * table of contents): every operator, statement, function, aggregate and plugin listed there must be
 * known to the engine. A name is known when a probe query using it binds without an "unknown" or
 * "not supported" diagnostic; names that need a cluster, the cloud or an external service are
 * refused with the dedicated "not available locally" code instead (REFUSED_LOCALLY, library data).
 * Writes test-artifacts/kql-surface.json with the counts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bind, parse } from '../../src/kql/engine.js';
import { REFUSED_LOCALLY } from '../../src/kql/library/index.js';
import { writeArtifact } from '../helpers/shared-data.js';

const SURFACE = join(import.meta.dirname, '..', 'fixtures', 'shared', 'docs', 'kql_surface.md');

/** Codes that mean "the engine does not know this" (or knows it but will not run it). */
const UNKNOWN_CODES = new Set(['KQL204', 'KQL209', 'KQL401', 'KQL406', 'KQL503']);
const REFUSED_CODE = 'KQL504';

interface Entry {
  readonly section: string;
  readonly label: string;
  readonly name: string;
  readonly page: string;
}

function readSurface(): Entry[] {
  const entries: Entry[] = [];
  let section = '';
  for (const line of readFileSync(SURFACE, 'utf8').split('\n')) {
    const h = /^## (.+?)(?: \(|$)/.exec(line);
    if (h) section = h[1]!;
    const m = /^- (?:\[([^\]]+)\] )?(.+?) — `([^`]+)`/.exec(line);
    if (m && section !== 'Counts') entries.push({ section, label: m[1] ?? '', name: m[2]!, page: m[3]! });
  }
  return entries;
}

const T = 'range x from 1 to 3 step 1 | extend s = tostring(x), t = datetime(2024-01-01) + x * 1h, d = dynamic([1, 2])';

/**
 * Documented names still missing locally (the work list of issue 10); each must give "unknown"
 * today, so that closing a gap forces its removal here.
 */
const NOT_YET: ReadonlySet<string> = new Set([]);

/** Probes for entries whose name is not a plain function or plugin call. */
const PROBES: Readonly<Record<string, string>> = {
  // tabular operators
  'as operator': `${T} | as X`,
  'consume operator': `${T} | consume`,
  'count operator': `${T} | count`,
  'datatable operator': 'datatable(a:long)[1, 2]',
  'distinct operator': `${T} | distinct s`,
  'evaluate operator': `${T} | evaluate bag_unpack(d)`,
  'extend operator': `${T} | extend y = x + 1`,
  'externaldata operator': "externaldata(a:string)['data.csv']",
  'facet operator': `${T} | facet by s`,
  'find operator': `let X = ${T}; find in (X) where x > 1`,
  'fork operator': `${T} | fork (where x > 1) (take 1)`,
  'getschema operator': `${T} | getschema`,
  'inline external table operator': 'let T1 = external_table("T"); T1',
  'invoke operator': `let f = (T:(x:long)) { T | take 1 }; ${T} | invoke f()`,
  'join operator': `${T} | join (${T}) on x`,
  innerunique: `${T} | join kind=innerunique (${T}) on x`,
  inner: `${T} | join kind=inner (${T}) on x`,
  leftouter: `${T} | join kind=leftouter (${T}) on x`,
  rightouter: `${T} | join kind=rightouter (${T}) on x`,
  fullouter: `${T} | join kind=fullouter (${T}) on x`,
  leftsemi: `${T} | join kind=leftsemi (${T}) on x`,
  leftanti: `${T} | join kind=leftanti (${T}) on x`,
  rightsemi: `${T} | join kind=rightsemi (${T}) on x`,
  rightanti: `${T} | join kind=rightanti (${T}) on x`,
  'Cross-cluster join': `${T} | join (cluster("c").database("db").T1) on x`,
  'Broadcast join': `${T} | join hint.strategy=broadcast (${T}) on x`,
  // The page's technique: expand each left row to the bins of its lookup window, join on the bin.
  'Time window join': `let W = 1h; ${T} | extend TimeKey = range(bin(t - W, W / 2), bin(t, W / 2), W / 2) | mv-expand TimeKey to typeof(datetime) | join kind=inner (${T} | extend TimeKey = bin(t, W / 2)) on s, TimeKey | where t1 - t between (0min .. W)`,
  'lookup operator': `${T} | lookup (${T}) on x`,
  'macro-expand operator': `let X = ${T}; let Y = ${T}; macro-expand entity_group [X, Y] as G (G | take 1)`,
  'mv-apply operator': `${T} | mv-apply d to typeof(long) on (summarize sum(d))`,
  'mv-expand operator': `${T} | mv-expand d`,
  'project operator': `${T} | project x`,
  'project-away operator': `${T} | project-away x`,
  'project-by-names operator': `${T} | project-by-names "x", "s"`,
  'project-keep operator': `${T} | project-keep x`,
  'project-rename operator': `${T} | project-rename y = x`,
  'project-reorder operator': `${T} | project-reorder s`,
  'parse operator': `${T} | parse s with a:long`,
  'parse-where operator': `${T} | parse-where s with a:long`,
  'parse-kv operator': `${T} | parse-kv s as (k:string) with (pair_delimiter=',', kv_delimiter='=')`,
  'partition operator': `${T} | partition by s (take 1)`,
  'print operator': 'print 1',
  'range operator': 'range x from 1 to 3 step 1',
  'reduce operator': `${T} | reduce by s`,
  'render operator': `${T} | render table`,
  anomalychart: `${T} | render anomalychart`,
  areachart: `${T} | render areachart`,
  barchart: `${T} | render barchart`,
  card: `${T} | render card`,
  columnchart: `${T} | render columnchart`,
  ladderchart: `${T} | render ladderchart`,
  linechart: `${T} | render linechart`,
  piechart: `${T} | render piechart`,
  pivotchart: `${T} | render pivotchart`,
  Plotly: `${T} | render plotly`,
  scatterchart: `${T} | render scatterchart`,
  stackedareachart: `${T} | render stackedareachart`,
  table: `${T} | render table`,
  timechart: `${T} | render timechart`,
  timepivot: `${T} | render timepivot`,
  treemap: `${T} | render treemap`,
  'sample operator': `${T} | sample 2`,
  'sample-distinct operator': `${T} | sample-distinct 2 of s`,
  'scan operator': `${T} | scan with (step s1: x > 1;)`,
  'search operator': `${T} | search "1"`,
  'serialize operator': `${T} | serialize`,
  'shuffle query': `${T} | summarize hint.strategy=shuffle count() by s`,
  'sort operator': `${T} | sort by x`,
  'summarize operator overview': `${T} | summarize count() by s`,
  'Using hll() and tdigest()': `${T} | summarize h = hll(x) | project dcount_hll(h)`,
  'take operator': `${T} | take 1`,
  'top operator': `${T} | top 1 by x`,
  'top-nested operator': `${T} | top-nested 1 of s by count()`,
  'top-hitters operator': `${T} | top-hitters 1 of s`,
  'union operator': `${T} | union (${T})`,
  'where operator': `${T} | where x > 1`,
  'make-series operator': `${T} | make-series count() on t step 1h`,
  'make-graph': `${T} | make-graph x --> x with_node_id=x`,
  'graph-match': `${T} | make-graph x --> x | graph-match (a)-[e]->(b) project e.s`,
  'graph-to-table': `${T} | make-graph x --> x | graph-to-table edges`,
  'graph-shortest-paths': `${T} | make-graph x --> x | graph-shortest-paths (a)-[e*1..3]->(b) project n = node_degree_out(a)`,
  'graph-mark-components': `${T} | make-graph x --> x | graph-mark-components | graph-to-table nodes`,
  // statements
  'Query statement types': 'let a = 1; print a',
  'Alias statement': 'alias database DB = cluster("https://c.kusto.windows.net").database("db"); print 1',
  'Let statement': 'let a = 1; print a',
  'Pattern statement': 'declare pattern P = (x:string)[y:string] { ("a").["b"] = { print 1 }; }; P("a").["b"]',
  'Query parameters statement': 'declare query_parameters(a:long = 1); print a',
  'Restrict statement': `let X = ${T}; restrict access to (X); X`,
  'Set statement': 'set query_now = datetime(2024-01-01); print now()',
  'Tabular expression statements': `${T} | take 1`,
  Batches: 'print 1; print 2',
  // special functions
  'Cross-cluster and cross-database queries': 'cluster("c").database("db").T1',
  'cluster()': 'cluster("c").database("db").T1',
  'database()': 'database("db").T1',
  'external_table()': 'external_table("T")',
  'graph()': 'graph("G") | graph-match (a)-->(b) project a',
  'materialize()': `let X = materialize(${T}); X`,
  'materialized_view()': 'materialized_view("V")',
  'Query results cache': 'set query_results_cache_max_age = time(5m); print 1',
  'stored_query_result()': 'stored_query_result("R")',
  'table()': `let X = ${T}; table("X")`,
  'toscalar()': `print toscalar(${T} | count)`,
  // scalar operators
  'between operator': 'print 2 between (1 .. 3)',
  '!between operator': 'print 2 !between (1 .. 3)',
  'Bitwise binary operators': 'print binary_and(1, 3)',
  'Datetime/timespan arithmetic': 'print datetime(2024-01-01) - 1d',
  'in operator': 'print "a" in ("a", "b")',
  'in~ operator': 'print "a" in~ ("A")',
  '!in operator': 'print "a" !in ("b")',
  '!in~ operator': 'print "a" !in~ ("B")',
  'Logical or binary operators': 'print true or false and true',
  'Numerical operators': 'print 1 + 2 * 3 / 4 % 5 - 1',
  'String operators overview': 'print "abc" has "abc"',
  '== (equals) operator': 'print "a" == "a"',
  '=~ (equals) operator': 'print "a" =~ "A"',
  '!= (not equals) operator': 'print "a" != "b"',
  '!~ (not equals) operator': 'print "a" !~ "B"',
  'matches regex operator': 'print "abc" matches regex "b+"',
  // scalar data types
  'Scalar data types': 'print bool(true), int(1), long(1), real(1.5), decimal(1.5)',
  bool: 'print bool(true)',
  datetime: 'print datetime(2024-01-01)',
  decimal: 'print decimal(1.5)',
  dynamic: 'print dynamic({"a": [1]})',
  guid: 'print guid(74be27de-1e4e-49d9-b579-fe0b331d3642)',
  int: 'print int(1)',
  long: 'print long(1)',
  real: 'print real(1.5)',
  string: 'print "a"',
  timespan: 'print timespan(1d)',
  'Null values': 'print int(null), isnull(long(null))',
  // graph functions
  'all()': `${T} | make-graph x --> x | graph-match (a)-[e*1..2]->(b) where all(e, x > 0) project n = node_degree_in(b)`,
  'any()': `${T} | make-graph x --> x | graph-match (a)-[e*1..2]->(b) where any(e, x > 0) project n = node_degree_in(b)`,
  'map()': `${T} | make-graph x --> x | graph-match (a)-[e*1..2]->(b) project m = map(e, x)`,
  'inner_nodes()': `${T} | make-graph x --> x with_node_id=x | graph-match (a)-[e*1..2]->(b) project m = map(inner_nodes(e), x)`,
  'labels()': `${T} | make-graph x --> x | graph-match (a)-->(b) project l = labels(a)`,
  'node_degree_in()': `${T} | make-graph x --> x | graph-match (a)-->(b) project d = node_degree_in(a)`,
  'node_degree_out()': `${T} | make-graph x --> x | graph-match (a)-->(b) project d = node_degree_out(a)`,
  'node_id()': `${T} | make-graph x --> x | graph-match (a)-->(b) project d = node_id(a)`,
};

/** The probe for one entry: explicit, or a call of the function / aggregate / plugin. */
function probeFor(e: Entry): { text: string; strict: boolean; name: string } {
  const explicit = PROBES[e.name];
  if (explicit !== undefined) return { text: explicit, strict: true, name: e.name };
  const plugin = /^(\S+) plugin$/.exec(e.name);
  if (plugin) {
    const name = plugin[1]!.toLowerCase();
    return { text: `${T} | evaluate ${name}()`, strict: false, name };
  }
  const fn = /^(\S+)\(\)$/.exec(e.name);
  if (fn) {
    const name = fn[1]!;
    if (e.section.startsWith('Aggregation')) return { text: `${T} | summarize ${name}(x)`, strict: false, name };
    return { text: `print ${name}()`, strict: false, name };
  }
  // Scalar operators named "<op> operator".
  const op = /^(\S+) operator$/.exec(e.name);
  if (op)
    return { text: `print "abc" ${op[1]} ${/_all|_any/.test(op[1]!) ? '("a")' : '"a"'}`, strict: true, name: op[1]! };
  return { text: '', strict: true, name: e.name };
}

type Verdict = 'known' | 'unknown' | 'refused' | 'no-probe';

function judge(e: Entry): { verdict: Verdict; detail: string } {
  const probe = probeFor(e);
  if (probe.text === '') return { verdict: 'no-probe', detail: 'no probe for this entry' };
  const parsed = parse(probe.text);
  const diags = [...parsed.diagnostics, ...bind(parsed).diagnostics];
  if (diags.some((d) => d.code === REFUSED_CODE)) return { verdict: 'refused', detail: '' };
  const unknown = diags.find((d) => UNKNOWN_CODES.has(d.code));
  if (unknown) return { verdict: 'unknown', detail: `${unknown.code} ${unknown.message}` };
  // Explicit probes are valid queries: any error is a gap in the engine.
  const error = probe.strict ? diags.find((d) => d.severity === 'error') : undefined;
  if (error) return { verdict: 'unknown', detail: `${error.code} ${error.message} in: ${probe.text}` };
  return { verdict: 'known', detail: '' };
}

describe('the documented KQL surface', () => {
  const entries = readSurface();

  it('reads every listed entry', () => {
    // 52 operators + 30 sub-pages, 9 statements, 11 special, 42 + 12, 369 scalar lines, 8 graph,
    // 52 + 6 aggregate lines, 40 plugins (see the file's counts).
    expect(entries.length).toBeGreaterThan(600);
  });

  it('knows every documented name, and refuses only the listed cloud/external ones', () => {
    const results = entries.map((e) => ({ ...e, ...judge(e), probeName: probeFor(e).name }));
    const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
    const summary = {
      total: results.length,
      known: count('known'),
      refused: count('refused'),
      unknown: count('unknown'),
      noProbe: count('no-probe'),
    };
    console.log(`kql surface: ${JSON.stringify(summary)}`);
    writeArtifact('kql-surface.json', {
      ...summary,
      gaps: results
        .filter((r) => r.verdict === 'unknown' || r.verdict === 'no-probe')
        .map((r) => `${r.name}: ${r.detail}`),
      refusedNames: results.filter((r) => r.verdict === 'refused').map((r) => r.name),
    });
    const gaps = results.filter((r) => r.verdict === 'unknown' || r.verdict === 'no-probe');
    expect(gaps.filter((r) => !NOT_YET.has(r.name)).map((r) => `${r.section} / ${r.name}: ${r.detail}`)).toEqual([]);
    // The list of gaps checks itself: a name that became known must leave it.
    const closed = [...NOT_YET].filter((n) => !gaps.some((g) => g.name === n));
    expect(closed).toEqual([]);
    // A refused name must be on the explicit list, and every listed name must be refused.
    const refusedWrongly = results.filter((r) => r.verdict === 'refused' && !isListedRefusal(r.probeName, r.name));
    expect(refusedWrongly.map((r) => r.name)).toEqual([]);
  });

  it('refuses every listed name with the "not available locally" code and says where it runs', () => {
    for (const [name, where] of Object.entries(REFUSED_LOCALLY)) {
      const text = where.kind === 'plugin' ? `${T} | evaluate ${name}()` : `print ${name}()`;
      const parsed = parse(text);
      const diags = bind(parsed).diagnostics;
      const d = diags.find((x) => x.code === REFUSED_CODE);
      expect(d, `${name}: ${diags.map((x) => x.code).join(',')}`).toBeDefined();
      expect(d?.message).toContain(where.runsIn);
    }
  });
});

/** Refusals come from REFUSED_LOCALLY, or from names built on them (cluster(), database() …). */
function isListedRefusal(probeName: string, entryName: string): boolean {
  const bare = probeName.replace(/\(\)$/, '');
  if (Object.hasOwn(REFUSED_LOCALLY, bare)) return true;
  const text = PROBES[entryName] ?? '';
  return Object.keys(REFUSED_LOCALLY).some((n) => text.includes(`${n}(`));
}
