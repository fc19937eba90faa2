/**
 * Differential test of the parser's accept/reject decision against Microsoft's official KQL parser
 * (Kusto.Language via @kusto/language-service-next), on the hunting corpus, the conformance
 * queries and hand-written malformed queries. Only syntax diagnostics count, not binding.
 * Every disagreement must be listed in KNOWN_DISAGREEMENTS with a reason; the list must also stay
 * current (an entry that no longer disagrees fails the test, so fixed cases get removed).
 * Writes test-artifacts/differential-parser.json.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/kql/engine.js';
import { officialSyntaxErrors } from '../helpers/kusto-official.js';
import { readJsonl, writeArtifact } from '../helpers/shared-data.js';
import { MALFORMED } from './malformed.js';

/** `source:id` → why our parser is allowed to decide differently. */
const KNOWN_DISAGREEMENTS: Readonly<Record<string, string>> = {};

interface Sample {
  readonly key: string;
  readonly query: string;
}

function samples(): Sample[] {
  const corpus = readJsonl<{ id: string; query: string }>('corpus/hunting_queries.public.jsonl');
  const docs = readJsonl<{ id: string; query: string }>('conformance/kql_doc_examples.public.jsonl');
  const engine = readJsonl<{ id: string; query: string }>('conformance/kusto_engine_cases.public.jsonl');
  return [
    ...corpus.map((q) => ({ key: `corpus:${q.id}`, query: q.query })),
    ...docs.map((q) => ({ key: `doc:${q.id}`, query: q.query })),
    ...engine.map((q) => ({ key: `engine:${q.id}`, query: q.query })),
    ...MALFORMED.map((q) => ({ key: `malformed:${q.id}`, query: q.query })),
  ];
}

interface Decision {
  readonly key: string;
  readonly official: string | undefined;
  readonly ours: string | undefined;
}

/** First syntax error of each parser (undefined = accepted). Our exceptions count as a rejection. */
function decide(s: Sample): Decision {
  const o = officialSyntaxErrors(s.query)[0];
  let ours: string | undefined;
  try {
    const d = parse(s.query).diagnostics.find((x) => x.severity === 'error');
    ours = d ? `${d.code} ${d.line}:${d.column} ${d.message}` : undefined;
  } catch (e) {
    ours = `exception: ${e instanceof Error ? e.message : String(e)}`;
  }
  return { key: s.key, official: o ? `${o.code} @${o.start} ${o.message}` : undefined, ours };
}

describe('parser differential vs Microsoft Kusto.Language', () => {
  it('the official parser rejects every malformed query (the harness works)', () => {
    const accepted = MALFORMED.filter((m) => officialSyntaxErrors(m.query).length === 0).map((m) => m.id);
    expect(accepted).toEqual([]);
    expect(officialSyntaxErrors('StormEvents | where State == "TEXAS" | count')).toEqual([]);
  });

  it('agrees on accept/reject for corpus, conformance and malformed queries', () => {
    const decisions = samples().map(decide);
    const disagreements = decisions.filter((d) => (d.official === undefined) !== (d.ours === undefined));
    const unexplained = disagreements.filter((d) => !(d.key in KNOWN_DISAGREEMENTS));
    const stale = Object.keys(KNOWN_DISAGREEMENTS).filter((k) => !disagreements.some((d) => d.key === k));
    const officialRejects = decisions.filter((d) => d.official !== undefined).length;
    console.log(
      `parser differential: ${decisions.length} queries, official rejects ${officialRejects}, ` +
        `disagreements ${disagreements.length} (${unexplained.length} unexplained)`,
    );
    writeArtifact('differential-parser.json', {
      total: decisions.length,
      officialRejects,
      disagreements: disagreements.map((d) => ({
        key: d.key,
        official: d.official ?? 'accepted',
        ours: d.ours ?? 'accepted',
        known: KNOWN_DISAGREEMENTS[d.key],
      })),
    });
    expect(unexplained.map((d) => d.key)).toEqual([]);
    expect(stale).toEqual([]);
  });
});
