/**
 * `kqlhunt findings export-test ID`: a triaged finding → a rule test (src/hunts/tests/export.ts),
 * printed or added to a tests file. The evidence is read again from the data of the run that last
 * saw the finding (or --data), so the test carries the team's own rows.
 */
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { isSeq, parseDocument, stringify } from 'yaml';
import { attachExclusions, resolveRuleSpecs } from '../../hunts/index.js';
import { findEvidence, MAX_EVIDENCE_ROWS, testForFinding } from '../../hunts/tests/export.js';
import { runRuleTest } from '../../hunts/tests/run-test.js';
import { parseDatetime } from '../../kql/engine.js';
import type { Rule } from '../../rules/model.js';
import { parseRuleTests } from '../../rules/tests/parse.js';
import type { FindingRecord, Store } from '../../store/index.js';
import { EXIT_OK, UsageError } from '../exit.js';
import { helpText } from '../help.js';
import { loadTelemetryModule } from '../modules.js';
import { collect } from '../options.js';
import { DB_OPTION, withStoreAsync } from '../store.js';

interface ExportFlags {
  readonly db?: string;
  readonly out?: string;
  readonly data?: string[];
  readonly rules?: string[];
}

export function registerExportTest(cmd: Command): void {
  cmd
    .command('export-test')
    .description('Turn a triaged finding into a rule test with the rows behind it.')
    .argument('<id>', 'finding id or unique id prefix')
    .option(
      '--out <file>',
      'add the test to this tests file (created when missing; a test of the same name is replaced)',
    )
    .option(
      '--data <path>',
      "telemetry to read the rows from (default: the data paths of the finding's last run)",
      collect,
    )
    .option(
      '--rules <spec>',
      "where the rule is when the catalog does not have it (default: the run's --rules)",
      collect,
    )
    .option(...DB_OPTION)
    .addHelpText(
      'after',
      helpText({
        notes: `A true positive becomes a test that the rule fires with the finding's keys; a false positive or
benign finding becomes a test that the rule, with its enabled exclusions, does not fire. The rows are
the rule's own rows before it summarises, from the data of the finding's last run, narrowed to the
finding's keys (at most ${MAX_EVIDENCE_ROWS}) and cut to the columns the rule reads. The test runs once
right away and the command says whether it passes with the exclusions stored now. In CI, give the
same tuning with "kqlhunt test --exclusions-file" (from "rules exclusions export").`,
        exit: '0 written, 2 bad usage (unknown finding, untriaged finding, data or rule not found, no matching rows).',
        examples: [
          'kqlhunt findings export-test 3f2a9c',
          'kqlhunt findings export-test 3f2a9c --out rules/syncro.tests.yaml',
          'kqlhunt findings export-test 3f2a9c --data ./export/ --rules rmm',
        ],
      }),
    )
    .action(async (id: string, opts: ExportFlags) => {
      process.exitCode = await withStoreAsync(opts.db, (store) => exportTest(store, id, opts));
    });
}

async function exportTest(store: Store, id: string, opts: ExportFlags): Promise<number> {
  const finding = store.getFinding(id);
  if (!finding) throw new UsageError(`no finding '${id}' (or the prefix is ambiguous) in ${store.path}`);
  if (finding.state === 'new')
    throw new UsageError(
      `finding ${finding.id} is not triaged yet: set it to true_positive, false_positive or benign first`,
    );
  const run = store.getRun(finding.lastRun);
  if (!run) throw new UsageError(`the run ${finding.lastRun} that saw finding ${finding.id} is not in the store`);
  const now = parseDatetime(run.now ?? '');
  if (now === null) throw new UsageError(`run ${run.id} did not record its now()`);
  const rule = await findRule(store, finding, opts.rules ?? run.rulesSpec);
  const dataPaths = opts.data ?? run.dataPaths.map((p) => resolve(p));
  for (const p of dataPaths)
    await stat(p).catch(() => Promise.reject(new UsageError(`cannot read the data ${p} (pass --data)`)));
  const { loadTelemetry } = await loadTelemetryModule();
  const { store: data, report } = await loadTelemetry(dataPaths);
  if (!report.ok) throw new UsageError(`could not load the data: ${report.failure ?? 'unknown reason'}`);
  const evidence = findEvidence(rule, finding.keys, data, now);
  if (!evidence.ok) throw new UsageError(`finding ${finding.id}: ${evidence.error}`);
  const test = testForFinding(finding, evidence.value, now)!;
  const yaml = opts.out ? await addToFile(opts.out, test) : stringify({ tests: [test] }, { lineWidth: 0 });
  if (!opts.out) process.stdout.write(yaml);
  const ev = evidence.value;
  const check = await checkNow(store, rule, yaml, opts.out ?? 'export.tests.yaml', String(test.name));
  process.stderr.write(
    `${opts.out ? `wrote to ${opts.out}` : 'exported'}: "${String(test.name)}" with ${ev.rows.length} ${ev.table} row(s)` +
      `${ev.truncated ? ` (first ${MAX_EVIDENCE_ROWS})` : ''}, columns ${ev.columns.join(', ')}\n${check}\n`,
  );
  return EXIT_OK;
}

async function findRule(store: Store, finding: FindingRecord, specs: readonly string[]): Promise<Rule> {
  const fromCatalog = store.getRule(finding.ruleId)?.rule;
  if (fromCatalog?.id === finding.ruleId) return fromCatalog;
  const resolved = await resolveRuleSpecs(specs);
  const rule = resolved.rules.find((r) => r.id === finding.ruleId);
  if (!rule)
    throw new UsageError(
      `rule ${finding.ruleId} is neither in the catalog nor in ${specs.join(', ') || 'the run'} (pass --rules)`,
    );
  return rule;
}

/** Appends (or replaces by name) the test in a tests file, keeping the rest of the file as written. */
async function addToFile(path: string, test: Record<string, unknown>): Promise<string> {
  if (!existsSync(path)) {
    const text = stringify({ tests: [test] }, { lineWidth: 0 });
    await writeFile(path, text);
    return text;
  }
  const doc = parseDocument(await readFile(path, 'utf8'));
  if (doc.errors.length > 0) throw new UsageError(`--out: ${path} is not valid YAML: ${doc.errors[0]!.message}`);
  const tests = doc.get('tests', true);
  if (!isSeq(tests)) throw new UsageError(`--out: ${path} has no tests: list`);
  const at = tests.items.findIndex((t) => (t as { get?: (k: string) => unknown }).get?.('name') === test.name);
  const node = doc.createNode(test);
  if (at >= 0) tests.items[at] = node;
  else tests.items.push(node);
  const text = doc.toString({ lineWidth: 0 });
  await writeFile(path, text);
  return text;
}

/** Runs the exported test once with the stored exclusions: says whether it holds today. */
async function checkNow(store: Store, rule: Rule, yaml: string, path: string, name: string): Promise<string> {
  const file = parseRuleTests(yaml, resolve(path), { kind: 'sidecar' });
  const test = file.tests.find((t) => t.name === name);
  if (!test) return 'warning: the exported test does not validate (see kqlhunt test)';
  const [tuned] = attachExclusions([rule], store.exclusionsByRule());
  const r = await runRuleTest(tuned!, test);
  if (r.status === 'pass') return `the test passes with the exclusions stored now${r.tuned ? ' (rule ran tuned)' : ''}`;
  return `warning: the test does not pass yet (${r.status}): ${r.error ?? r.mismatches.map((m) => m.message).join('; ')}`;
}
