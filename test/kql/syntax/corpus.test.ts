import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/kql/syntax/parser.js';
import { printSyntaxTree } from '../../../src/kql/syntax/print.js';
import { DOC_EXAMPLES, ENGINE_CASES, HUNTING, MALFORMED, readQueries } from './corpus-data.js';
import { errorsOf } from './helpers.js';

function failures(path: string, except: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const q of readQueries(path)) {
    if (except.has(q.id)) continue;
    const errs = errorsOf(parseQuery(q.query).diagnostics);
    if (errs.length > 0) out.push(`${q.id}: ${errs[0]?.code} ${errs[0]?.message} @${errs[0]?.offset}`);
  }
  return out;
}

describe('corpus and conformance parse', () => {
  const malformed = new Set(MALFORMED.map(([id]) => id));

  it('every hunting query parses without errors, except the listed malformed ones', () => {
    const all = readQueries(HUNTING);
    expect(all.length).toBe(318);
    expect(failures(HUNTING, malformed)).toEqual([]);
    // 297 of 318 parse cleanly; the other 21 are rejected by Kusto too.
    expect(all.length - malformed.size).toBe(297);
  });

  it('each malformed hunting query gets the listed code', () => {
    const byId = new Map(readQueries(HUNTING).map((q) => [q.id, q.query]));
    for (const [id, code] of MALFORMED) {
      const text = byId.get(id);
      expect(text, id).toBeDefined();
      const errs = errorsOf(parseQuery(text ?? '').diagnostics);
      expect(errs[0]?.code, id).toBe(code);
    }
  });

  it('every documentation example parses without errors', () => {
    expect(readQueries(DOC_EXAMPLES).length).toBe(297);
    expect(failures(DOC_EXAMPLES, new Set())).toEqual([]);
  });

  it('every engine case parses without errors', () => {
    expect(readQueries(ENGINE_CASES).length).toBe(268);
    expect(failures(ENGINE_CASES, new Set())).toEqual([]);
  });

  it('no clean query yields an ErrorOperator or Missing node', () => {
    const clean = [...readQueries(HUNTING), ...readQueries(DOC_EXAMPLES), ...readQueries(ENGINE_CASES)].filter(
      (q) => !malformed.has(q.id),
    );
    expect(clean.length).toBe(297 + 297 + 268);
    for (const q of clean) {
      const dump = printSyntaxTree(parseQuery(q.query).query);
      expect(/\b(ErrorOperator|Missing)\b/.test(dump), q.id).toBe(false);
    }
  });
});
