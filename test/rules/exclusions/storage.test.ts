import { describe, expect, it } from 'vitest';
import {
  exportExclusionsYaml,
  importExclusionsYaml,
  mergeExclusions,
  type RuleExclusions,
} from '../../../src/rules/exclusions/index.js';
import { seedExclusions } from './helpers.js';

const DOC: RuleExclusions = { ruleId: 'f9919f87-a7ba-4f47-a942-e30c46eb7a7d', exclusions: seedExclusions() };

describe('exclusion storage', () => {
  it('round-trips through YAML, backslashes and quotes included', () => {
    const doc: RuleExclusions = {
      ...DOC,
      exclusions: [
        ...DOC.exclusions,
        {
          id: 'path',
          scenario: 'p',
          description: '',
          expression: 'process.executable startswith "C:\\Program Files\\"',
          enabled: false,
          source: 'user',
        },
      ],
    };
    const yaml = exportExclusionsYaml(doc);
    expect(yaml.startsWith('ruleId: f9919f87-a7ba-4f47-a942-e30c46eb7a7d\nexclusions:\n  - id: seed-1\n')).toBe(true);
    const back = importExclusionsYaml(yaml);
    expect(back.diagnostics).toEqual([]);
    expect(back.value).toEqual(doc);
  });

  it('reports bad documents and entries with diagnostics, keeping the valid entries', () => {
    expect(importExclusionsYaml('ruleId: [').diagnostics[0]?.code).toBe('EXC501');
    expect(importExclusionsYaml('- a').diagnostics[0]?.code).toBe('EXC502');
    expect(importExclusionsYaml('exclusions: []').diagnostics[0]?.code).toBe('EXC502');
    const r = importExclusionsYaml(
      'ruleId: r1\nexclusions:\n  - id: a\n    expression: host.name == "x"\n  - id: b\n  - id: a\n    expression: x == "y"\n  - id: c\n    expression: y == "z"\n    source: somewhere\n',
    );
    expect(r.value?.exclusions.map((x) => x.id)).toEqual(['a']);
    expect(r.value?.exclusions[0]).toEqual({
      id: 'a',
      scenario: 'a',
      description: '',
      expression: 'host.name == "x"',
      enabled: true,
      source: 'user',
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['EXC503', 'EXC504', 'EXC503']);
  });

  it('merges a re-import without losing user work', () => {
    const stored: RuleExclusions = {
      ruleId: 'r1',
      exclusions: [
        {
          id: 'kb-1',
          scenario: 'old',
          description: '',
          expression: 'host.name == "a"',
          enabled: false,
          source: 'knowledge-base',
        },
        { id: 'mine', scenario: 'm', description: '', expression: 'host.name == "b"', enabled: true, source: 'user' },
        {
          id: 'kb-gone',
          scenario: 'g',
          description: '',
          expression: 'host.name == "c"',
          enabled: true,
          source: 'knowledge-base',
        },
      ],
    };
    const incoming = [
      {
        id: 'kb-1',
        scenario: 'new',
        description: 'd',
        expression: 'host.name == "a2"',
        enabled: true,
        source: 'knowledge-base' as const,
      },
      {
        id: 'mine',
        scenario: 'kb',
        description: '',
        expression: 'host.name == "z"',
        enabled: true,
        source: 'knowledge-base' as const,
      },
      {
        id: 'kb-new',
        scenario: 'n',
        description: '',
        expression: 'host.name == "d"',
        enabled: true,
        source: 'knowledge-base' as const,
      },
    ];
    const merged = mergeExclusions(stored, incoming);
    expect(merged.exclusions.map((x) => [x.id, x.scenario, x.expression, x.enabled])).toEqual([
      ['kb-1', 'new', 'host.name == "a2"', false],
      ['mine', 'm', 'host.name == "b"', true],
      ['kb-gone', 'g', 'host.name == "c"', false],
      ['kb-new', 'n', 'host.name == "d"', true],
    ]);
  });
});
