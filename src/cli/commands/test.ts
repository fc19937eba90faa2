/**
 * `kqlhunt test [RULE|DIR|PACK]…`: runs the tests rules carry (sidecar `<rule>.tests.yaml` or inline
 * `tests:`), with exclusions applied as a hunt would, and reports them as text, JSON, JUnit XML or
 * SARIF. The format of tests files is docs/testing.md (JSON Schema: docs/rule-tests.schema.json).
 */
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import type { Command } from 'commander';
import { readExclusionFiles } from '../../hunts/attach.js';
import { ChangedError, changedFiles } from '../../hunts/tests/changed.js';
import { collectTests, type RuleFileUnderTest, specPath } from '../../hunts/tests/collect.js';
import { jsonReport, junitReport, type ReportContext, sarifReport, textReport } from '../../hunts/tests/reports.js';
import { runSuite, type SuiteResult } from '../../hunts/tests/suite.js';
import type { Exclusion } from '../../rules/exclusions/types.js';
import { plainExclusion } from '../../rules/exclusions/types.js';
import { openStore, resolveDbPath } from '../../store/index.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_QUERY_ERRORS, UsageError } from '../exit.js';
import { helpText } from '../help.js';
import { collect, parseChoice, parseCount } from '../options.js';
import { normalizeRuleSpecs } from '../rule-specs.js';
import { DB_OPTION } from '../store.js';
import { VERSION } from '../version.js';

/** Exit codes of `test` (README, --help, docs/testing.md). */
export const TEST_EXIT = { pass: EXIT_OK, failed: EXIT_QUERY_ERRORS, ruleError: EXIT_INTERNAL } as const;

interface TestFlags {
  readonly format?: string;
  readonly out?: string;
  readonly exclusions: boolean;
  readonly exclusionsFile?: string[];
  readonly changed?: string;
  readonly db?: string;
  readonly store: boolean;
  readonly timeout?: string;
  readonly verbose?: boolean;
}

const NOTES = `
Each argument is a bundled pack name (rmm, as in "hunt --rules"), a directory of rule files, a rule
file or a tests file; the default is the current directory. A rule's tests are in a sidecar
<rule file without extension>.tests.yaml next to it, or under a top-level "tests:" key of the rule
file (Sentinel YAML, Sigma; a \`\`\`yaml block in Markdown). Format and JSON Schema: docs/testing.md.

Every test builds its own dataset from the rows it lists (typed by the table schemas; unknown
columns are kept) and the telemetry files it names (any --data format), sets now() to its "now" or
the latest event of that input, and runs the rule as a hunt would: with the rule's enabled
exclusions (from the store, the tests file's "exclusions" list and --exclusions-file, later ones
replacing earlier ones by id) unless the test says "exclusions: disabled" or you pass
--no-exclusions. It then checks "fires", "count" and "rows" (cells compared as in
"kqlhunt query --format json"; rows as a subset unless "match: exact").

--format text prints failures with what each rule returned and a summary; json, junit (JUnit XML:
testsuites > testsuite per rule file > testcase, with failure/error) and sarif (failed tests as
results on the rule file, for code scanning) are for CI. --changed REF runs only the tests of rules
whose rule file, tests file or test input changed since the git ref (committed, uncommitted or
untracked). Last results are kept in the store for the web app's rule page unless --no-store.`;

export function registerTest(program: Command): void {
  program
    .command('test')
    .summary('run the tests rules carry (CI: JUnit, SARIF)')
    .description('Run every test of the selected rules and report pass/fail.')
    .argument('[specs...]', 'bundled pack name, directory, rule file or tests file (default: .)')
    .option('--format <format>', 'text, json, junit or sarif', 'text')
    .option('--out <file>', 'write the report there instead of stdout')
    .option('--no-exclusions', 'run every test on the upstream query (ignore all exclusions)')
    .option('--exclusions-file <file>', 'exclusions YAML ("rules exclusions export" format; repeatable)', collect)
    .option('--changed <git-ref>', 'only rules whose files changed since this git ref')
    .option('--timeout <ms>', 'per-test query time limit in milliseconds', '30000')
    .option('--verbose', 'list passing tests too (text format)')
    .option(...DB_OPTION)
    .option('--no-store', 'do not read stored exclusions or record the results')
    .addHelpText(
      'after',
      helpText({
        notes: NOTES,
        exit: '0 every test passed, 1 a test failed (or a tests file is invalid), 2 bad usage, 3 a rule could not run (query error, input that cannot be loaded).',
        examples: [
          'kqlhunt test rmm --no-store',
          'kqlhunt test packs/rmm/tools/SyncroMSP --verbose --no-store',
          'kqlhunt test rmm --format junit --out r.xml --no-store',
          'kqlhunt test rmm --format sarif --out tests.sarif --no-store',
          'kqlhunt test packs/rmm --no-exclusions --format json --no-store',
        ],
      }),
    )
    .action(async (specs: string[], opts: TestFlags) => {
      process.exitCode = await testCommand(specs, opts);
    });
}

async function testCommand(specArgs: readonly string[], opts: TestFlags): Promise<number> {
  const format = parseChoice('--format', opts.format, ['text', 'json', 'junit', 'sarif'] as const, 'text');
  const timeoutMs = parseCount('--timeout', opts.timeout, 1);
  const specs = normalizeRuleSpecs(specArgs.length > 0 ? specArgs : ['.']);
  const startedAt = new Date().toISOString();
  const collected = await collectTests(specs);
  if (collected.missing.length > 0)
    throw new UsageError(
      `${collected.missing.join(', ')}: neither a bundled pack nor an existing rule file or directory`,
    );
  let units = collected.files;
  if (opts.changed !== undefined) units = await onlyChanged(units, opts.changed, specs);
  const files = opts.exclusions ? await exclusionFiles(opts.exclusionsFile ?? []) : new Map();
  const stored = opts.exclusions && opts.store ? storedExclusions(opts.db) : new Map<string, Exclusion[]>();
  const tty = Boolean(process.stderr.isTTY);
  const result = await runSuite(units, {
    exclusions: opts.exclusions ? 'applied' : 'off',
    stored,
    files,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(tty
      ? {
          onCase: (c, done, total) =>
            process.stderr.write(`\r\x1b[K[${done}/${total}] ${c.status.padEnd(5)} ${c.name.slice(0, 60)}`),
        }
      : {}),
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const ctx: ReportContext = { cwd: process.cwd(), version: VERSION, startedAt, untested: collected.untested.length };
  if (opts.store) record(result, opts.db, ctx);
  const text =
    format === 'json'
      ? jsonReport(result, ctx)
      : format === 'junit'
        ? junitReport(result, ctx)
        : format === 'sarif'
          ? sarifReport(result, ctx)
          : textReport(result, ctx, opts.verbose === true);
  if (opts.out) {
    await writeFile(opts.out, text).catch((e: NodeJS.ErrnoException) => {
      throw new UsageError(`--out: cannot write ${opts.out}: ${e.code ?? e.message}`);
    });
    if (format !== 'text') process.stderr.write(`${textReport(result, ctx).trimEnd().split('\n').pop()}\n`);
  } else process.stdout.write(text);
  if (result.counts.error > 0) return TEST_EXIT.ruleError;
  return result.counts.fail > 0 ? TEST_EXIT.failed : TEST_EXIT.pass;
}

async function onlyChanged(units: readonly RuleFileUnderTest[], ref: string, specs: readonly string[]) {
  const first = specPath(specs[0] ?? '.') ?? process.cwd();
  const cwd = statSync(first).isDirectory() ? first : dirname(first);
  let changed: Set<string>;
  try {
    changed = await changedFiles(ref, cwd);
  } catch (e) {
    if (e instanceof ChangedError) throw new UsageError(`--changed: ${e.message}`);
    throw e;
  }
  return units.filter(
    (u) =>
      changed.has(u.file) ||
      u.testFiles.some((f) => changed.has(f.path) || f.tests.some((t) => t.files.some((p) => changed.has(p)))),
  );
}

async function exclusionFiles(paths: readonly string[]): Promise<Map<string, readonly Exclusion[]>> {
  const read = await readExclusionFiles(paths);
  const bad = read.unreadable[0];
  if (bad) throw new UsageError(`--exclusions-file: cannot read ${bad.path}: ${bad.message}`);
  const problem = read.problems.find((p) => p.diagnostic.severity === 'error');
  if (problem)
    throw new UsageError(
      `--exclusions-file: ${problem.path}:${problem.diagnostic.line}:${problem.diagnostic.column}: ${problem.diagnostic.code} ${problem.diagnostic.message}`,
    );
  return new Map(read.byRule);
}

/** The store's exclusions when the store file exists (it is not created just to read). */
function storedExclusions(dbOption: string | undefined): Map<string, Exclusion[]> {
  const path = resolveDbPath(dbOption);
  if (!existsSync(path)) return new Map();
  const store = openStore(path);
  try {
    return new Map([...store.exclusionsByRule()].map(([id, list]) => [id, list.map(plainExclusion)]));
  } finally {
    store.close();
  }
}

function record(result: SuiteResult, dbOption: string | undefined, ctx: ReportContext): void {
  const ranAt = new Date().toISOString();
  const rows = result.cases
    .filter((c) => c.ruleId !== undefined)
    .map((c) => ({
      ruleId: c.ruleId!,
      testName: c.name,
      testsFile: relative(ctx.cwd, c.testsFile).split(sep).join('/'),
      expectation: c.expectation,
      status: c.status,
      message: c.message,
      ...(c.result ? { rows: c.result.rows } : {}),
      ranAt,
      elapsedMs: c.elapsedMs,
    }));
  if (rows.length === 0) return;
  const store = openStore(resolveDbPath(dbOption));
  try {
    store.recordTestResults(rows);
  } finally {
    store.close();
  }
}
