/**
 * Every corpus query binds against the bundled schemas, except the ones listed in
 * known-bind-failures.ts — each with its diagnostic codes and the reason Kusto would reject it too
 * (or why it cannot bind locally). The list cannot go stale: a listed query that binds fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bind, parse } from '../../src/kql/engine.js';
import { schemaCatalog } from '../../src/telemetry/schemas.js';
import { KNOWN_BIND_FAILURES } from './known-bind-failures.js';

const corpus = readFileSync(new URL('../fixtures/shared/corpus/hunting_queries.public.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { id: string; name: string; query: string });

const catalog = schemaCatalog();

describe('corpus: every bind failure is a named defect', () => {
  const results = corpus.map((q) => {
    const diagnostics = bind(parse(q.query), { catalog }).diagnostics.filter((d) => d.severity === 'error');
    return { id: q.id, codes: [...new Set(diagnostics.map((d) => d.code))].sort(), diagnostics };
  });

  it('binds every query that is not listed', () => {
    const unexpected = results.filter((r) => r.codes.length > 0 && !(r.id in KNOWN_BIND_FAILURES));
    expect(unexpected.map((r) => `${r.id}: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join(' | ')}`)).toEqual(
      [],
    );
  });

  it('still fails every listed query, with the listed codes', () => {
    for (const [id, known] of Object.entries(KNOWN_BIND_FAILURES)) {
      const r = results.find((x) => x.id === id);
      expect(r, `${id} is not in the corpus`).toBeDefined();
      expect(r!.codes, `${id}: ${known.why}`).toEqual([...known.codes].sort());
    }
  });

  it('names the AccountUpn defect of the RMM network rules the way a hunter can act on', () => {
    const r = results.find((x) => KNOWN_BIND_FAILURES[x.id]?.why.includes('AccountUpn') && x.codes.length === 1);
    const d = r?.diagnostics.find((x) => x.code === 'KQL302');
    expect(d?.message).toBe(
      "Column 'AccountUpn' is not in table DeviceNetworkEvents; did you mean 'InitiatingProcessAccountUpn'?",
    );
  });

  it('keeps the failures to the categories that are not the engine’s fault', () => {
    const categories = new Set(Object.values(KNOWN_BIND_FAILURES).map((k) => k.category));
    expect([...categories].every((c) => ['malformed', 'defect', 'cloud-only', 'schema-gap'].includes(c))).toBe(true);
    expect(results.filter((r) => r.codes.length === 0).length).toBe(
      corpus.length - Object.keys(KNOWN_BIND_FAILURES).length,
    );
  });
});
