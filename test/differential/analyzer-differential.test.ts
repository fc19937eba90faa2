/**
 * Differential test of `kqlhunt check` (parse + bind against the schema catalog) against
 * Microsoft's analyzer (Kusto.Language's ParseAndAnalyze over a database built from the same
 * catalog): both must accept or both reject every query — the hunting corpus, the conformance
 * queries, the rule packs, hand-written probes of real-query forms, and ≥ 5,000 queries from a
 * seeded grammar-driven generator (generator.ts).
 *
 * Cloud-only names: a query we refuse only with KQL5xx ("available only in Defender XDR /
 * Sentinel / a cluster") is valid KQL that cannot run locally. It counts as agreeing when the
 * analyzer accepts it, or rejects it only because the name is not in our database (KS204/KS142/
 * KS119/KS124: the analyzer knows no Defender/Sentinel functions or tables we did not give it).
 * The report counts these separately.
 *
 * Every other disagreement fails the test unless KNOWN_DISAGREEMENTS lists it with its cause; a
 * listed entry that no longer disagrees fails too, so the list shrinks as the engine improves.
 * Writes test-artifacts/differential-analyzer.json.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { analyze } from '../../src/cli/analyze.js';
import { getAggregate, getScalarFunction } from '../../src/kql/library/index.js';
import { schemaCatalog } from '../../src/telemetry/schemas.js';
import { type OfficialDiagnostic, officialAnalysisErrors, officialGlobals } from '../helpers/kusto-official.js';
import { REPO_ROOT, readJsonl, writeArtifact } from '../helpers/shared-data.js';
import { GENERATOR_FUNCTION_NAMES, type GenTable, QueryGenerator, type T } from './generator.js';
import { PROBES } from './probes.js';

/** Generated queries per run and the generator seed (fixed: a failure must reproduce). */
const GENERATED = 5000;
const SEED = 20261206;

const ANALYZER_GAP = 'Kusto.Language 12.4.1 lags the documentation here; we follow the documented example';

/** `set:id` → why we are allowed to decide differently from the analyzer. */
const KNOWN_DISAGREEMENTS: Readonly<Record<string, string>> = {
  'doc:schema-merge-plugin#1': `${ANALYZER_GAP}: the analyzer has no schema_merge plugin (KS124)`,
  'doc:schema-merge-plugin#2': `${ANALYZER_GAP}: the analyzer has no schema_merge plugin (KS124)`,
  'engine:schema-merge-plugin-00': `${ANALYZER_GAP}: the analyzer has no schema_merge plugin (KS124)`,
  'engine:schema-merge-plugin-01': `${ANALYZER_GAP}: the analyzer has no schema_merge plugin (KS124)`,
  'doc:summarize-operator#9': `${ANALYZER_GAP}: the analyzer types count()'s argument as bool, the page counts a real column`,
  'engine:summarize-operator-08': `${ANALYZER_GAP}: the analyzer types count()'s argument as bool, the page counts a real column`,
  'corpus:m365hq-6e189b4124d4b480': `${ANALYZER_GAP}: count(RemoteUrl) — the analyzer wants a bool argument, the documented count(expr) takes any`,
  'doc:all-graph-function#1': `${ANALYZER_GAP}: make-graph with_node_id= is not known to the analyzer (node property 'station' unknown)`,
  'doc:your-first-graph#3': `${ANALYZER_GAP}: array_length() of a variable-length edge is documented; the analyzer wants a dynamic array`,
  'probe:macro-expand-in': `${ANALYZER_GAP}: the page documents \`macro-expand X in Group (…)\`; the analyzer parses only \`Group as X\``,
  'probe:plugin-diffpatterns-text': `${ANALYZER_GAP}: the analyzer has no diffpatterns_text plugin (KS124)`,
};

interface Sample {
  readonly key: string;
  readonly query: string;
}

/** Analyzer codes that mean "this name is not in your database" (cloud-only names are not). */
const UNKNOWN_NAME_CODES: ReadonlySet<string> = new Set(['KS204', 'KS142', 'KS119', 'KS124']);

type Verdict = 'agree' | 'agree-cloud' | 'disagree';

interface Decision {
  readonly key: string;
  readonly query: string;
  readonly verdict: Verdict;
  readonly official: string;
  readonly ours: string;
}

const catalog = schemaCatalog();
const globals = officialGlobals(catalog);

function decide(s: Sample): Decision {
  const official: OfficialDiagnostic[] = officialAnalysisErrors(s.query, globals);
  const ours = analyze(s.query, catalog).diagnostics.filter((d) => d.severity === 'error');
  const cloudOnly = ours.length > 0 && ours.every((d) => d.code.startsWith('KQL5'));
  let verdict: Verdict;
  if (cloudOnly) {
    const unknownOnly = official.every((d) => UNKNOWN_NAME_CODES.has(d.code));
    verdict = unknownOnly ? 'agree-cloud' : 'disagree';
  } else {
    verdict = (official.length === 0) === (ours.length === 0) ? 'agree' : 'disagree';
  }
  const show = (o: OfficialDiagnostic) =>
    `${o.code} ${o.message} @${JSON.stringify(s.query.slice(o.start, o.start + o.length))}`;
  return {
    key: s.key,
    query: s.query,
    verdict,
    official: official.map(show).join(' | ') || 'accepted',
    ours: ours.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`).join(' | ') || 'accepted',
  };
}

function ruleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return ruleFiles(p);
    return /\.ya?ml$/.test(f) && f !== 'pack.yaml' && !f.endsWith('.tests.yaml') ? [p] : [];
  });
}

function publicSamples(): Record<string, Sample[]> {
  const rows = (path: string, set: string) =>
    readJsonl<{ id: string; query: string }>(path).map((q) => ({ key: `${set}:${q.id}`, query: q.query }));
  const packRoot = join(REPO_ROOT, 'packs');
  const packs = ruleFiles(packRoot).flatMap((f) => {
    const doc = parseYaml(readFileSync(f, 'utf8')) as { query?: unknown } | null;
    const key = `pack:${f.slice(packRoot.length + 1)}`;
    return typeof doc?.query === 'string' ? [{ key, query: doc.query }] : [];
  });
  return {
    corpus: rows('corpus/hunting_queries.public.jsonl', 'corpus'),
    doc: rows('conformance/kql_doc_examples.public.jsonl', 'doc'),
    engine: rows('conformance/kusto_engine_cases.public.jsonl', 'engine'),
    pack: packs,
    probe: PROBES.map((p) => ({ key: `probe:${p.id}`, query: p.query })),
  };
}

function generatorTables(): GenTable[] {
  return catalog.tableNames().flatMap((name) => {
    const schema = catalog.getTable(name);
    return schema ? [{ name, columns: schema.columns.map((c) => ({ name: c.name, type: c.type as T })) }] : [];
  });
}

interface SetReport {
  readonly total: number;
  readonly analyzerRejects: number;
  readonly cloudOnly: number;
  readonly disagreements: number;
}

function summarise(decisions: readonly Decision[]): SetReport {
  return {
    total: decisions.length,
    analyzerRejects: decisions.filter((d) => d.official !== 'accepted').length,
    cloudOnly: decisions.filter((d) => d.verdict === 'agree-cloud').length,
    disagreements: decisions.filter((d) => d.verdict === 'disagree').length,
  };
}

const reports: Record<string, SetReport> = {};
const allDisagreements: Decision[] = [];

function check(decisions: readonly Decision[]): { unexplained: string[] } {
  const dis = decisions.filter((d) => d.verdict === 'disagree');
  allDisagreements.push(...dis);
  return { unexplained: dis.filter((d) => !(d.key in KNOWN_DISAGREEMENTS)).map((d) => `${d.key}: ${d.query}`) };
}

describe('analyzer differential vs Microsoft Kusto.Language (parse + bind)', () => {
  it('builds the analyzer database from the schema catalog and the harness discriminates', () => {
    expect(globals.tables).toBe(catalog.tableNames().length);
    expect(globals.tables).toBeGreaterThan(0);
    const table = catalog.tableNames()[0] as string;
    expect(officialAnalysisErrors(`${table} | take 1`, globals)).toEqual([]);
    expect(officialAnalysisErrors(`${table} | where NoSuchColumn_ == 1`, globals).map((d) => d.code)).toEqual([
      'KS142',
    ]);
  });

  const sets = publicSamples();
  for (const [name, samples] of Object.entries(sets)) {
    it(`agrees on every ${name} query (${samples.length})`, () => {
      const decisions = samples.map(decide);
      reports[name] = summarise(decisions);
      console.log(`analyzer differential ${name}: ${JSON.stringify(reports[name])}`);
      expect(check(decisions).unexplained).toEqual([]);
    }, 900_000);
  }

  it(`agrees on ${GENERATED} generated queries (seed ${SEED})`, () => {
    const gen = new QueryGenerator(SEED, generatorTables());
    const start = performance.now();
    const cpu = process.cpuUsage();
    const decisions: Decision[] = [];
    for (let i = 0; i < GENERATED; i++) decisions.push(decide({ key: `generated:${i}`, query: gen.query() }));
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    reports.generated = summarise(decisions);
    // CPU time says what the run costs on an idle machine; wall time depends on the load.
    console.log(
      `analyzer differential generated: ${JSON.stringify(reports.generated)} in ${seconds.toFixed(1)} s wall, ` +
        `${cpuSeconds.toFixed(1)} s CPU`,
    );
    // the generator means to write valid queries: most must pass the analyzer, or it tests little
    expect(reports.generated.analyzerRejects).toBeLessThan(GENERATED * 0.02);
    expect(check(decisions).unexplained.slice(0, 20)).toEqual([]);
  }, 1_800_000);

  it('uses only library functions in the generator, and the known list stays current', () => {
    const missing = GENERATOR_FUNCTION_NAMES.filter((n) => !getScalarFunction(n) && !getAggregate(n));
    expect(missing).toEqual([]);
    const disagreeing = new Set(allDisagreements.map((d) => d.key));
    const stale = Object.keys(KNOWN_DISAGREEMENTS).filter((k) => !disagreeing.has(k));
    writeArtifact('differential-analyzer.json', {
      sets: reports,
      disagreements: allDisagreements.map((d) => ({ ...d, known: KNOWN_DISAGREEMENTS[d.key] })),
    });
    expect(stale).toEqual([]);
  });
});
