import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bind, parse } from '../../../src/kql/engine.js';
import { enrichRule, scenariosAsExclusions } from '../../../src/rules/enrich/index.js';
import { tuneQuery } from '../../../src/rules/exclusions/index.js';
import { importDirectory } from '../../../src/rules/import.js';
import { schemaCatalog } from '../../../src/telemetry/schemas.js';
import { ROOT } from '../exclusions/helpers.js';

const imported = await importDirectory(join(ROOT, 'packs', 'rmm'), {
  repository: 'kqlhunt/packs/rmm',
  retrievedAt: 'T',
});
const rules = imported.rules.map((r) => r.rule);

describe('every rule of packs/rmm gets complete enrichment', () => {
  const catalog = rules;
  const all = rules.map((rule) => ({ rule, e: enrichRule(rule, { catalog }) }));

  it('has every facet filled', () => {
    expect(rules.length).toBeGreaterThan(400);
    for (const { rule, e } of all) {
      const where = `${rule.name}`;
      expect(e.hypothesis.text.length, where).toBeGreaterThan(100);
      expect(e.hypothesis.filters.length, where).toBeGreaterThan(0);
      expect(['informational', 'low', 'medium', 'high'], where).toContain(e.severity.level);
      expect(e.severity.reasons.length, where).toBeGreaterThan(0);
      expect(e.confidence.reasons.length, where).toBeGreaterThan(0);
      expect(e.dataSources.length, where).toBeGreaterThan(0);
      expect(
        e.dataSources.every((d) => d.connector === 'MicrosoftThreatProtection'),
        where,
      ).toBe(true);
      expect(
        e.attack.techniques.map((t) => t.id),
        where,
      ).toEqual(['T1219']);
      expect(
        e.attack.tactics.map((t) => t.id),
        where,
      ).toEqual(['TA0011']);
      expect(e.attack.unknown, where).toEqual([]);
      expect(
        e.references.links.some((l) => l.kind === 'attack'),
        where,
      ).toBe(true);
      expect(e.references.relatedTotal, where).toBeGreaterThan(0);
      expect(e.falsePositives.length, where).toBeGreaterThan(0);
    }
  });

  it('names the tool for every per-tool rule', () => {
    const perTool = all.filter(({ rule }) => !rule.name.includes(' - All tools - '));
    const named = perTool.filter(({ e }) => e.hypothesis.tools.length === 1);
    expect(named.length).toBe(perTool.length);
  });

  it('every suggested exclusion tunes into a query that parses and binds', () => {
    const catalogSchemas = schemaCatalog();
    let checked = 0;
    for (const { rule, e } of all.slice(0, 60)) {
      const tuned = tuneQuery(
        rule.query,
        scenariosAsExclusions(e.falsePositives).map((x) => ({ ...x, enabled: true })),
      );
      expect(
        tuned.results.every((r) => r.kql !== undefined),
        rule.name,
      ).toBe(true);
      const bound = bind(parse(tuned.text), { catalog: catalogSchemas });
      expect(
        bound.diagnostics.filter((d) => d.severity === 'error'),
        rule.name,
      ).toEqual([]);
      checked++;
    }
    expect(checked).toBe(60);
  });
});
