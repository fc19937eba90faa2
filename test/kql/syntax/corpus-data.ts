/** Corpus and conformance queries, from the copies in test/fixtures/shared. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED = fileURLToPath(new URL('../../fixtures/shared/', import.meta.url));

export interface CorpusQuery {
  readonly id: string;
  readonly query: string;
}

export function readQueries(relPath: string): CorpusQuery[] {
  return readFileSync(SHARED + relPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusQuery);
}

export const HUNTING = 'corpus/hunting_queries.public.jsonl';
export const DOC_EXAMPLES = 'conformance/kql_doc_examples.public.jsonl';
export const ENGINE_CASES = 'conformance/kusto_engine_cases.public.jsonl';

const MULTI = 'several queries pasted one after another without `;` (Kusto: KS005 Expected ;)';

/**
 * Upstream hunting queries that are really malformed: id, the code our parser gives first, and
 * why Kusto rejects them too (checked against Microsoft's parser in kusto-oracle.test.ts).
 */
export const MALFORMED: readonly (readonly [id: string, code: string, reason: string])[] = [
  [
    '3a4d43d5-2326-467c-a22a-4f1f1f3e2890',
    'KQL203',
    'trailing comma in a has_any list (Kusto: KS006 Missing expression)',
  ],
  [
    'b915897c-1fe7-47f4-9e06-2ae74da8203e',
    'KQL203',
    'trailing comma in a has_any list (Kusto: KS006 Missing expression)',
  ],
  ['m365hq-b4017f2951ad4516', 'KQL202', MULTI],
  ['m365hq-e4685f6e063b968b', 'KQL202', MULTI],
  ['m365hq-45ab421c2bb68367', 'KQL202', MULTI],
  ['m365hq-25323dcfad4bd51e', 'KQL202', MULTI],
  ['m365hq-24a8234382371769', 'KQL202', MULTI],
  ['m365hq-f4d66273e5934d62', 'KQL202', MULTI],
  ['m365hq-61f193af99bd7493', 'KQL202', '`#` starts a line meant as a comment; KQL comments are `//` (Kusto: KS198)'],
  ['m365hq-c90d1d751e32e769', 'KQL202', MULTI],
  ['m365hq-e3e00cb842f1cb6e', 'KQL202', MULTI],
  ['m365hq-3c54d21664e20a91', 'KQL202', MULTI],
  ['m365hq-7a9b3f73c58b9b91', 'KQL202', MULTI],
  ['m365hq-6ec3557a9a1504bf', 'KQL202', MULTI],
  ['m365hq-492cc374a91ec724', 'KQL202', MULTI],
  ['m365hq-737f3f9e85cd4f61', 'KQL202', MULTI],
  ['m365hq-a4d573033f7453c8', 'KQL202', MULTI],
  ['m365hq-f5f795ee6db938e3', 'KQL202', MULTI],
  ['m365hq-251def45ded7d4c8', 'KQL202', MULTI],
  ['m365hq-794658e68574e176', 'KQL202', MULTI],
  ['m365hq-ecad93debe7145b2', 'KQL202', MULTI],
];
