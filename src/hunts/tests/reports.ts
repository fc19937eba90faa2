/**
 * Reports of a test run: readable text, JSON, JUnit XML (the testsuites/testsuite/testcase shape CI
 * systems render: one testsuite per rule file, failures and errors with a message attribute and the
 * full text as content) and SARIF 2.1.0 (each failed or erroring test a result on the rule file, at
 * the test's line in the tests file when the tests are inline).
 */
import { hostname } from 'node:os';
import { relative, sep } from 'node:path';
import type { SuiteResult, TestCase } from './suite.js';

export interface ReportContext {
  /** Paths are shown relative to this directory. */
  readonly cwd: string;
  readonly version: string;
  /** ISO time the run started. */
  readonly startedAt: string;
  /** Rules found without tests. */
  readonly untested: number;
}

function rel(ctx: ReportContext, path: string): string {
  const r = relative(ctx.cwd, path);
  return (r.startsWith('..') || r === '' ? path : r).split(sep).join('/');
}

const MARK = { pass: 'PASS ', fail: 'FAIL ', error: 'ERROR' } as const;

export function textReport(r: SuiteResult, ctx: ReportContext, verbose = false): string {
  const out: string[] = [];
  for (const c of r.cases) {
    if (c.status === 'pass' && !verbose) continue;
    out.push(`${MARK[c.status]} ${rel(ctx, c.ruleFile)} › ${c.name}  (${c.expectation}; ${c.elapsedMs.toFixed(0)} ms)`);
    if (c.status !== 'pass') {
      for (const line of c.message.split('\n')) out.push(`      ${line}`);
      out.push(`      at ${rel(ctx, c.testsFile)}:${c.line}:${c.column}`);
    }
  }
  if (out.length > 0) out.push('');
  out.push(summaryLine(r, ctx));
  return `${out.join('\n')}\n`;
}

export function summaryLine(r: SuiteResult, ctx: ReportContext): string {
  const { pass, fail, error } = r.counts;
  const untested = ctx.untested > 0 ? `; ${ctx.untested} rule(s) without tests` : '';
  return (
    `tests: ${r.cases.length} (${pass} passed, ${fail} failed, ${error} could not run) ` +
    `for ${r.rulesTested} rule(s)${untested} in ${(r.elapsedMs / 1000).toFixed(2)}s`
  );
}

export function jsonReport(r: SuiteResult, ctx: ReportContext): string {
  return `${JSON.stringify({
    summary: {
      tests: r.cases.length,
      ...r.counts,
      rulesTested: r.rulesTested,
      rulesWithoutTests: ctx.untested,
      elapsedMs: Math.round(r.elapsedMs),
    },
    tests: r.cases.map((c) => ({
      ruleId: c.ruleId ?? null,
      ruleName: c.ruleName ?? null,
      ruleFile: rel(ctx, c.ruleFile),
      testsFile: rel(ctx, c.testsFile),
      name: c.name,
      line: c.line,
      column: c.column,
      status: c.status,
      expectation: c.expectation,
      message: c.message,
      ...(c.result
        ? {
            now: c.result.now ?? null,
            tuned: c.result.tuned,
            rows: c.result.rows,
            firstRows: c.result.firstRows,
            failed: c.result.mismatches.map((m) => m.expectation),
            warnings: c.result.warnings,
          }
        : {}),
      elapsedMs: Math.round(c.elapsedMs * 10) / 10,
    })),
  })}\n`;
}

/* JUnit -------------------------------------------------------------------------------------- */

/** XML 1.0 text: the five escapes, and characters XML cannot carry dropped. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(a: Readonly<Record<string, string | number>>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function groupByFile(cases: readonly TestCase[]): Map<string, TestCase[]> {
  const groups = new Map<string, TestCase[]>();
  for (const c of cases) {
    const list = groups.get(c.ruleFile) ?? [];
    list.push(c);
    groups.set(c.ruleFile, list);
  }
  return groups;
}

export function junitReport(r: SuiteResult, ctx: ReportContext): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites${attrs({
      name: 'kqlhunt test',
      tests: r.cases.length,
      failures: r.counts.fail,
      errors: r.counts.error,
      skipped: 0,
      time: seconds(r.elapsedMs),
      timestamp: ctx.startedAt.replace(/\.\d+Z$/, ''),
    })}>`,
  );
  let id = 0;
  for (const [file, cases] of groupByFile(r.cases)) {
    const count = (s: string) => cases.filter((c) => c.status === s).length;
    const first = cases.find((c) => c.ruleId !== undefined);
    lines.push(
      `  <testsuite${attrs({
        name: first?.ruleName ?? rel(ctx, file),
        tests: cases.length,
        failures: count('fail'),
        errors: count('error'),
        skipped: 0,
        time: seconds(cases.reduce((n, c) => n + c.elapsedMs, 0)),
        timestamp: ctx.startedAt.replace(/\.\d+Z$/, ''),
        hostname: hostname() || 'localhost',
        id: id++,
        package: rel(ctx, file),
        file: rel(ctx, file),
      })}>`,
    );
    lines.push('    <properties>');
    lines.push(`      <property${attrs({ name: 'ruleFile', value: rel(ctx, file) })}/>`);
    if (first?.ruleId) lines.push(`      <property${attrs({ name: 'ruleId', value: first.ruleId })}/>`);
    lines.push('    </properties>');
    for (const c of cases) {
      const head = `    <testcase${attrs({
        name: c.name,
        classname: rel(ctx, file),
        time: seconds(c.elapsedMs),
        file: rel(ctx, c.testsFile),
        line: c.line,
      })}`;
      if (c.status === 'pass') {
        lines.push(`${head}/>`);
        continue;
      }
      const tag = c.status === 'fail' ? 'failure' : 'error';
      const type = c.status === 'fail' ? (c.result ? 'expectation' : 'invalid-tests-file') : 'rule-error';
      lines.push(`${head}>`);
      lines.push(
        `      <${tag}${attrs({ message: c.message.split('\n')[0] ?? '', type })}>${xmlEscape(
          `${c.message}\nat ${rel(ctx, c.testsFile)}:${c.line}:${c.column}`,
        )}</${tag}>`,
      );
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/* SARIF -------------------------------------------------------------------------------------- */

const SARIF_RULES = [
  { id: 'KQLTEST001', name: 'test-failed', text: 'A rule test failed: an expectation did not hold.' },
  { id: 'KQLTEST002', name: 'test-error', text: 'A rule test could not run (the rule or its inputs failed).' },
  { id: 'KQLTEST003', name: 'tests-file-invalid', text: 'A tests file does not match the rule test schema.' },
];

export function sarifReport(r: SuiteResult, ctx: ReportContext): string {
  const failed = r.cases.filter((c) => c.status !== 'pass');
  const codeOf = (c: TestCase) => (c.status === 'error' ? 1 : c.result ? 0 : 2);
  return `${JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'kqlhunt',
              version: ctx.version,
              informationUri: 'https://github.com/kqlhunt/kqlhunt',
              rules: SARIF_RULES.map((x) => ({ id: x.id, name: x.name, shortDescription: { text: x.text } })),
            },
          },
          results: failed.map((c) => {
            const i = codeOf(c);
            const inline = c.testsFile === c.ruleFile;
            return {
              ruleId: SARIF_RULES[i]!.id,
              ruleIndex: i,
              level: 'error',
              message: { text: `${c.ruleName ?? rel(ctx, c.ruleFile)} › ${c.name}: ${c.message}` },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: encodeURI(rel(ctx, c.ruleFile)) },
                    region:
                      inline && c.line > 0
                        ? { startLine: c.line, startColumn: Math.max(1, c.column) }
                        : { startLine: 1 },
                  },
                },
              ],
              ...(inline
                ? {}
                : {
                    relatedLocations: [
                      {
                        id: 0,
                        message: { text: 'the test' },
                        physicalLocation: {
                          artifactLocation: { uri: encodeURI(rel(ctx, c.testsFile)) },
                          region: { startLine: Math.max(1, c.line), startColumn: Math.max(1, c.column) },
                        },
                      },
                    ],
                  }),
              properties: { test: c.name, status: c.status, ...(c.ruleId ? { kqlhuntRuleId: c.ruleId } : {}) },
            };
          }),
        },
      ],
    },
    null,
    2,
  )}\n`;
}
