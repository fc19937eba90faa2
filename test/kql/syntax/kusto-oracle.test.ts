/**
 * Differential check against Microsoft's own KQL parser (@kusto/language-service-next, a dev
 * dependency): the queries Kusto rejects must be exactly the ones we list as malformed, and the
 * ones we reject must be rejected by Kusto too.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/kql/syntax/parser.js';
import { DOC_EXAMPLES, ENGINE_CASES, HUNTING, MALFORMED, readQueries } from './corpus-data.js';
import { errorsOf } from './helpers.js';

interface KustoDiagnostics {
  readonly Count: number;
}
interface KustoGlobal {
  Language: { KustoCode: { Parse(text: string): { GetDiagnostics(): KustoDiagnostics } } };
}

function loadKusto(): KustoGlobal {
  const require = createRequire(import.meta.url);
  require('@kusto/language-service-next/bridge.min.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
  return (globalThis as unknown as { Kusto: KustoGlobal }).Kusto;
}

describe("agreement with Kusto's parser", () => {
  const kusto = loadKusto();
  const cache = new Map<string, boolean>();
  const kustoRejects = (text: string) => {
    let r = cache.get(text);
    if (r === undefined) {
      r = kusto.Language.KustoCode.Parse(text).GetDiagnostics().Count > 0;
      cache.set(text, r);
    }
    return r;
  };

  it('Kusto rejects exactly the hunting queries listed as malformed', () => {
    const rejected = readQueries(HUNTING)
      .filter((q) => kustoRejects(q.query))
      .map((q) => q.id)
      .sort();
    expect(rejected).toEqual(MALFORMED.map(([id]) => id).sort());
  });

  it('we reject a query only when Kusto does, across corpus and conformance', () => {
    const disagreements: string[] = [];
    for (const path of [HUNTING, DOC_EXAMPLES, ENGINE_CASES]) {
      for (const q of readQueries(path)) {
        const ours = errorsOf(parseQuery(q.query).diagnostics).length > 0;
        if (ours !== kustoRejects(q.query)) disagreements.push(q.id);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
