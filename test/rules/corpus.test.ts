import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSentinelYaml } from '../../src/rules/export.js';
import type { Rule } from '../../src/rules/model.js';
import { loadSentinelYaml } from '../../src/rules/sentinel-yaml.js';
import { SHARED } from './helpers.js';

interface CorpusRecord {
  readonly id: string;
  readonly name: string;
  readonly repo: string;
  readonly commit: string | null;
  readonly path: string;
  readonly kind: string;
  readonly tactics: readonly string[];
  readonly techniques: readonly string[];
  readonly tables: readonly string[];
  readonly query: string;
}

const records: CorpusRecord[] = readFileSync(join(SHARED, 'corpus', 'hunting_queries.public.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as CorpusRecord);

/** Converter: a corpus record → the rule model (the corpus is JSON lines, not rule files). */
function toRule(r: CorpusRecord): Rule {
  return {
    id: r.id,
    name: r.name,
    description: '',
    kind: r.kind === 'hunting' ? 'hunting' : 'scheduled',
    format: r.path.endsWith('.md') ? 'markdown' : 'sentinel-yaml',
    query: r.query,
    tactics: r.tactics,
    techniques: r.techniques,
    requiredDataConnectors: r.tables.length ? [{ connectorId: 'MicrosoftThreatProtection', dataTypes: r.tables }] : [],
    tables: [...r.tables].sort(),
    entityMappings: [],
    customDetails: {},
    tags: [],
    references: [],
    source: { repository: r.repo, path: r.path, ...(r.commit ? { commit: r.commit } : {}) },
    extra: {},
    lint: { status: 'unchecked', diagnostics: [] },
  };
}

describe('corpus records fit the rule model', () => {
  it('has the expected corpus', () => {
    expect(records.length).toBe(318);
    expect(records.filter((r) => r.repo === 'Azure/Azure-Sentinel')).toHaveLength(3);
  });

  it('every record survives model → Sentinel YAML → model', () => {
    const failures: string[] = [];
    for (const rec of records) {
      const rule = toRule(rec);
      const back = loadSentinelYaml(exportSentinelYaml(rule), rule.source);
      const got = back.rules[0];
      if (!got) {
        failures.push(`${rec.path}: ${back.diagnostics.map((d) => d.message).join('; ')}`);
        continue;
      }
      const same =
        got.id === rule.id &&
        got.name === rule.name &&
        got.query === rule.query &&
        JSON.stringify(got.tactics) === JSON.stringify(rule.tactics) &&
        JSON.stringify(got.techniques) === JSON.stringify(rule.techniques.map((t) => t.toUpperCase())) &&
        rule.tables.every((t) => got.tables.includes(t));
      if (!same) failures.push(rec.path);
    }
    expect(failures).toEqual([]);
  });
});
