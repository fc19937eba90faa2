/**
 * False-positive guidance facet: benign scenarios for the rule's tables from the knowledge base
 * (src/data/fp), each with an exclusion that parses, maps onto the table and compiles to KQL, and
 * with its safety analysis. Scenarios whose exclusion does not compile for the table are dropped
 * (the knowledge base is tested so that does not happen for Defender tables).
 */
import { fpTemplatesFor } from '../../data/fp/index.js';
import { analyseExclusion } from '../exclusions/safety.js';
import { compileForTable } from '../exclusions/tune.js';
import type { Exclusion } from '../exclusions/types.js';
import { agentProcess, type ToolMatch, vendorDomain } from './tools.js';
import type { FalsePositiveScenario } from './types.js';

export function falsePositives(
  tables: readonly string[],
  tool: ToolMatch | undefined,
  rmm: boolean,
  ruleTerms: readonly string[],
  queryDomains: readonly string[] = [],
): FalsePositiveScenario[] {
  const fill = {
    tool: tool?.display,
    agent: tool ? agentProcess(tool.tool) : undefined,
    // A domain the rule itself names is the one the user recognises.
    domain: tool
      ? (queryDomains.find((d) => /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(d)) ?? vendorDomain(tool.tool))
      : undefined,
    company: tool?.tool.companyNames[0],
  };
  const out: FalsePositiveScenario[] = [];
  for (const table of tables) {
    for (const t of fpTemplatesFor(table, rmm, fill)) {
      const compiled = compileForTable(t.expression, table);
      if (compiled.kql === undefined) continue;
      out.push({
        id: tables.length > 1 ? `${t.id}-${table}` : t.id,
        family: t.family,
        scenario: t.scenario,
        description: t.description,
        exclusion: t.expression,
        kql: compiled.kql,
        table,
        needsInput: t.needsInput,
        safety: analyseExclusion(t.expression, { table, ruleTerms }),
      });
    }
  }
  return out;
}

/** The scenarios as stored exclusions (knowledge-base source; placeholders disabled). */
export function scenariosAsExclusions(scenarios: readonly FalsePositiveScenario[]): Exclusion[] {
  return scenarios.map((s) => ({
    id: s.id,
    scenario: s.scenario,
    description: s.description,
    expression: s.exclusion,
    enabled: !s.needsInput,
    source: 'knowledge-base',
  }));
}
