/**
 * SARIF 2.1.0 output of `rules lint`, the format code-scanning services read to annotate pull
 * requests: one run, one reportingDescriptor per diagnostic code, one result per problem with a
 * file region (1-based line/column).
 */
import type { LintReport } from './lint-files.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function toSarif(report: LintReport, version: string): object {
  const codes = [...new Set(report.problems.map((p) => p.code))].sort();
  const index = new Map(codes.map((c, i) => [c, i]));
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kqlhunt',
            version,
            informationUri: 'https://github.com/kqlhunt/kqlhunt',
            rules: codes.map((code) => ({ id: code, shortDescription: { text: code } })),
          },
        },
        results: report.problems.map((p) => ({
          ruleId: p.code,
          ruleIndex: index.get(p.code),
          level: p.level,
          message: { text: p.ruleName ? `${p.message} (rule: ${p.ruleName})` : p.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(p.path) },
                region: {
                  startLine: p.line,
                  startColumn: p.column,
                  ...(p.endColumn !== undefined ? { endColumn: p.endColumn } : {}),
                },
              },
            },
          ],
          ...(p.ruleId ? { properties: { kqlhuntRuleId: p.ruleId } } : {}),
        })),
      },
    ],
  };
}
