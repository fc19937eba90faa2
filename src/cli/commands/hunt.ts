/**
 * `kqlhunt hunt`: run a rule set (pack, directory or files) over loaded telemetry → findings. Rules
 * with enabled exclusions (from the store, or --exclusions files) run tuned, and the summary says
 * what each exclusion suppressed.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exclusionJson, exclusionSummary } from '../../hunts/exclusion-report.js';
import { csvTable, FINDING_HEADERS, findingCells, textTable } from '../../hunts/format.js';
import {
  attachExclusions,
  type ExclusionFiles,
  type HuntResult,
  type HuntSession,
  readExclusionFiles,
  runHunt,
} from '../../hunts/index.js';
import { formatDatetime } from '../../kql/engine.js';
import type { Rule } from '../../rules/model.js';
import type { Store, TriageState } from '../../store/index.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_QUERY_ERRORS, EXIT_TARGET, UsageError } from '../exit.js';
import { collect, parseChoice, parseCount, parseNowOption, tableOption } from '../options.js';
import { normalizeRuleSpecs } from '../rule-specs.js';
import { openSession } from '../session.js';
import { DB_OPTION } from '../store.js';
import { AUTH_OPTION, TARGET_OPTION, targetOption } from '../target.js';

/** Exit codes of `hunt` (documented in --help and docs/hunting.md). */
export const HUNT_EXIT = { noFindings: EXIT_OK, findings: EXIT_QUERY_ERRORS, errors: EXIT_INTERNAL } as const;

interface HuntFlags {
  readonly rules?: string[];
  readonly data?: string[];
  readonly table?: string;
  readonly now?: string;
  readonly format?: string;
  readonly out?: string;
  readonly db?: string;
  readonly store: boolean;
  readonly timeout?: string;
  /** false with --no-exclusions. */
  readonly exclusions: boolean;
  readonly exclusionsFile?: string[];
  readonly groundTruth?: string;
  /** false with --no-cache. */
  readonly cache?: boolean;
  /** Build every column, not only those the rules read. */
  readonly allColumns?: boolean;
  readonly loadThreads?: string;
  readonly target?: string;
  readonly auth?: string;
  readonly compare?: string;
}

const HELP = `
--rules takes a bundled pack name (rmm, also written rmm/), a directory of rule files
(.yaml/.yml/.md) or single files (.yaml, .md, .kql); repeat it or list several. A pack name is
looked up in the installed package, not the working directory. --now auto (the default) sets now() to the
latest event in the data, so rules written as "now(-5d)" or "ago(5d)" look at the last days of the
export; a rule whose window misses the data says so.

Every run, each rule's result and the findings go to the store (--db PATH, $KQLHUNT_DB, or the
user data directory) unless --no-store; triage them with "kqlhunt findings". The State column
(and "state" in json) is each finding's stored triage state, so a finding marked benign earlier
says so when a later hunt finds it again; findings never seen before are new.

Exclusions: a rule with enabled exclusions in the catalog ("kqlhunt rules exclusions") or in an
--exclusions-file (the YAML that "rules exclusions export" writes; its entries win over stored ones
with the same id) runs as its tuned query, and the summary lists, per exclusion, how many matching
rows it suppressed. --ground-truth FILE (the generator's ground_truth.json) splits those rows into
benign and malicious and warns when an exclusion hides malicious activity. --no-exclusions runs
every rule exactly as upstream wrote it.

Remote targets (docs/targets.md): --target adx://<cluster-uri>/<database>, la://<workspace-id> or
defender:// sends every rule (tuned by its exclusions) to that engine through Microsoft's SDK; the
findings go to the same store with the target recorded ("kqlhunt runs show"). --data is then
optional; with --compare local, the rules also run on --data locally and the rules whose results
differ are listed. A rule using a function the target lacks is reported and not sent. --auth (or
$KQLHUNT_AUTH) picks the credential; secrets only come from the environment.

Exit status: 0 no findings, 1 findings, 2 bad usage, 3 errors (a rule failed or the hunt could
not run; the other rules still ran and their findings are reported), 4 the remote target failed
(cannot connect, credentials refused, still throttled after retries, timeout; the hunt stopped).

Examples:
  $ kqlhunt hunt --rules rmm --data ./export/
  $ kqlhunt hunt --rules ./my-rules/ --data ./fleet --now 2024-05-01T00:00:00Z --format json --out hunt.json
  $ kqlhunt hunt --rules rule.yaml --data events.ndjson --no-store --format csv
  $ kqlhunt hunt --rules rmm --data ./fleet --ground-truth ./fleet/ground_truth.json
  $ kqlhunt hunt --rules rmm --data ./fleet --exclusions-file syncro-exclusions.yaml --no-store
  $ kqlhunt hunt --rules rmm --data ./fleet --no-exclusions
  $ kqlhunt hunt --rules rmm --target adx://https://mycluster.westeurope.kusto.windows.net/Security --auth cli
  $ kqlhunt hunt --rules rmm --target la://00000000-0000-0000-0000-000000000000 --data ./export/ --compare local
  $ kqlhunt hunt --rules rmm --target defender:// --auth device-code`;

export function registerHunt(program: Command): void {
  program
    .command('hunt')
    .summary('run a rule pack over telemetry and record findings')
    .description('Run every rule of a pack, directory or file list over the data; print and store findings.')
    .option('--rules <spec...>', 'bundled pack name, rule directory or rule file (repeatable)', concatAll)
    .option('--data <path...>', 'telemetry file or directory (repeatable)', concatAll)
    .option('--table <name>', 'load files without a table in their name or columns into this table')
    .option('--now <iso8601|auto>', 'the instant now() and ago() use; auto = latest event in the data', 'auto')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--out <file>', 'write the findings there instead of stdout')
    .option(...DB_OPTION)
    .option('--no-store', 'do not record the run and findings')
    .option('--timeout <ms>', 'per-rule time limit in milliseconds', '60000')
    .option('--no-exclusions', 'run the upstream queries: ignore every exclusion')
    .option('--all-columns', 'build every column of the data, not only those the rules read (slower; for comparisons)')
    .option(
      '--no-cache',
      'read the --data files and rule files even when the table and rule caches have them (see kqlhunt data import --help)',
    )
    .option(
      '--load-threads <n>',
      'threads that load --data of 32 MiB or more (default $KQLHUNT_LOAD_THREADS, else up to 2; 1 = one thread)',
    )
    .option('--exclusions-file <file...>', 'exclusions YAML (rules exclusions export format; repeatable)', concatAll)
    .option('--ground-truth <file>', "the generator's ground_truth.json: split suppressed rows into benign/malicious")
    .option(...TARGET_OPTION)
    .option(...AUTH_OPTION)
    .option(
      '--compare <target>',
      'also run each rule on this target (local: --data) and report rules whose results differ',
    )
    .addHelpText('after', HELP)
    .action(async (opts: HuntFlags) => {
      process.exitCode = await huntCommand(opts);
    });
}

function concatAll(value: string, previous: string[] | undefined): string[] {
  return collect(value, previous);
}

async function huntCommand(opts: HuntFlags): Promise<number> {
  const format = parseChoice('--format', opts.format, ['table', 'json', 'csv'] as const, 'table');
  if (!opts.rules?.length) throw new UsageError('--rules is required (a pack name such as rmm, a directory or files)');
  const remote = opts.target !== undefined && opts.target !== 'local';
  if (!opts.data?.length && !remote)
    throw new UsageError('--data is required (telemetry files or directories), or a remote --target');
  if (opts.compare !== undefined && opts.compare !== 'local')
    throw new UsageError("--compare: only 'local' is supported (the rules run on --data with the local engine)");
  if (opts.compare !== undefined && (!remote || !opts.data?.length))
    throw new UsageError('--compare local needs a remote --target and --data to compare with');
  const now = opts.now === undefined || opts.now === 'auto' ? 'auto' : parseNowOption(opts.now)!;
  const timeoutMs = parseCount('--timeout', opts.timeout, 1);
  const target = await targetOption(opts);
  if (target) process.stderr.write(`target: ${target.address} (${target.limits})\n`);
  if (target && target.kind !== 'adx' && typeof now === 'bigint')
    process.stderr.write(
      `note: now() on ${target.address} is the service's clock; --now only sets the end of each rule's timespan\n`,
    );

  // Exclusion files are read first: their rules load every column (the rest only what they read).
  const files = opts.exclusions ? await readExclusionFilesOption(opts.exclusionsFile ?? []) : undefined;
  const session = await openSession({
    rules: normalizeRuleSpecs(opts.rules),
    ...(opts.data?.length ? { data: opts.data } : {}),
    ...(target ? { target } : {}),
    now,
    store: opts.store ? 'write' : 'read',
    ...(opts.db ? { db: opts.db } : {}),
    ...(opts.groundTruth !== undefined ? { groundTruth: opts.groundTruth } : {}),
    cache: opts.cache !== false,
    ...(opts.loadThreads !== undefined ? { loadThreads: parseCount('--load-threads', opts.loadThreads, 1) } : {}),
    ...tableOption(opts.table),
    ...(opts.allColumns
      ? {}
      : { projectRules: { exclusions: opts.exclusions, exclusionRuleIds: new Set(files?.byRule.keys() ?? []) } }),
  });
  const cancel = { cancelled: false };
  const onSigint = () => {
    cancel.cancelled = true;
  };
  process.once('SIGINT', onSigint);
  try {
    for (const d of session.ruleDiagnostics.filter((x) => x.severity === 'error'))
      process.stderr.write(`rule file ${d.path}:${d.line}:${d.column}: ${d.code} ${d.message}\n`);
    if (session.rules.length === 0) throw new UsageError('--rules: no rules found');
    if (files) warnUnknownExclusionRules(files, session.rules);
    const rules = files
      ? attachExclusions(session.rules, session.store?.exclusionsByRule() ?? new Map(), files.byRule)
      : session.rules;
    const tty = Boolean(process.stderr.isTTY);
    const delay = Number(process.env.KQLHUNT_TEST_RULE_DELAY_MS ?? 0);
    const result = await session.hunt({
      rules,
      exclusions: opts.exclusions ? 'applied' : 'off',
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      record: opts.store,
      cancel,
      ...(delay > 0 ? { delayMs: delay } : {}),
      ...(tty
        ? {
            onProgress: (p) =>
              process.stderr.write(
                `\r\x1b[K[${p.done}/${p.total}] ${p.findings} finding(s)  ${p.rule.name.slice(0, 60)}`,
              ),
          }
        : {}),
    });
    if (tty) process.stderr.write('\r\x1b[K');
    const db = opts.store ? session.store : undefined;
    process.stderr.write(summaryText(result, db));
    if (result.targetFailure) {
      // The target itself failed (connection, credentials, throttling, timeout): one line, exit 4.
      process.stderr.write(`kqlhunt: ${result.targetFailure.code} ${result.targetFailure.message}\n`);
      return EXIT_TARGET;
    }
    const differs = opts.compare && session.data ? await compareLocal(result, session, rules, timeoutMs) : undefined;
    const output = render(result, format, triageStates(result, session.store, db !== undefined));
    if (opts.out)
      await writeFile(opts.out, output).catch((e: NodeJS.ErrnoException) => {
        throw new UsageError(`--out: cannot write ${opts.out}: ${e.code ?? e.message} (the run is stored)`);
      });
    else process.stdout.write(output);
    if (differs) process.stderr.write(differs.text);
    if (result.counts.rulesFailed > 0 || result.cancelled) return HUNT_EXIT.errors;
    return result.outcomes.some((o) => o.findings.length > 0) ? HUNT_EXIT.findings : HUNT_EXIT.noFindings;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await session.close();
  }
}

async function readExclusionFilesOption(paths: readonly string[]): Promise<ExclusionFiles> {
  const files = await readExclusionFiles(paths);
  const bad = files.unreadable[0];
  if (bad) throw new UsageError(`--exclusions-file: cannot read ${bad.path}: ${bad.message}`);
  for (const p of files.problems)
    process.stderr.write(
      `exclusions ${p.path}:${p.diagnostic.line}:${p.diagnostic.column}: ${p.diagnostic.code} ${p.diagnostic.message}\n`,
    );
  return files;
}

function warnUnknownExclusionRules(files: ExclusionFiles, rules: readonly Rule[]): void {
  const ids = new Set(rules.map((r) => r.id));
  for (const id of files.byRule.keys())
    if (!ids.has(id)) process.stderr.write(`exclusions: no rule ${id} among --rules; its exclusions are not used\n`);
}

/**
 * The stored triage state of each finding of the hunt. A stored run's findings come in one query;
 * with --no-store the existing store (if any) still says what was triaged before.
 */
function triageStates(r: HuntResult, store: Store | undefined, recorded: boolean): Map<string, TriageState> {
  const states = new Map<string, TriageState>();
  if (!store || !r.outcomes.some((o) => o.findings.length > 0)) return states;
  for (const f of store.listFindings(recorded && r.runId !== undefined ? { run: r.runId } : {}))
    states.set(f.id, f.state);
  return states;
}

/**
 * `--compare local`: the same rules (tuned the same way) on --data with the local engine, and the
 * rules whose results differ — row counts, or the findings (entity keys) each side produced.
 */
async function compareLocal(
  remote: HuntResult,
  session: HuntSession,
  rules: readonly Rule[],
  timeoutMs: number | undefined,
): Promise<{ text: string; differing: number }> {
  const local = await runHunt({
    rules,
    provider: session.data!,
    chosenNow: session.now,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    exclusions: remote.exclusionsMode,
  });
  const byId = new Map(local.outcomes.map((o) => [o.rule.id, o]));
  const lines: string[] = [];
  let same = 0;
  for (const r of remote.outcomes) {
    const l = byId.get(r.rule.id);
    if (!l) continue;
    const side = (o: typeof r) =>
      o.error ? `error ${o.error.code}` : `${o.rows} row(s), ${o.findings.length} finding(s)`;
    const ids = (o: typeof r) =>
      o.findings
        .map((f) => f.id)
        .sort()
        .join(',');
    if (Boolean(r.error) === Boolean(l.error) && r.rows === l.rows && ids(r) === ids(l)) same++;
    else lines.push(`differs  ${r.rule.name}: ${remote.target} ${side(r)}; local ${side(l)}`);
  }
  lines.unshift(`compare with local: ${same} rule(s) agree, ${lines.length} differ`);
  return { text: `${lines.join('\n')}\n`, differing: lines.length - 1 };
}

const MAX_NOTES = 20;

function summaryText(r: HuntResult, db: Store | undefined): string {
  const lines: string[] = [r.nowNote];
  if (r.target !== 'local') lines.push(`target: ${r.target}`);
  if (r.dataRange) lines.push(`data: ${formatDatetime(r.dataRange.min)} .. ${formatDatetime(r.dataRange.max)}`);
  const findings = r.outcomes.reduce((n, o) => n + o.findings.length, 0);
  const c = r.counts;
  lines.push(
    `rules run: ${c.rulesRun}/${c.rulesTotal}, with findings: ${c.rulesWithFindings}, result rows: ${c.resultRows}, ` +
      `findings: ${findings}, errors: ${c.rulesFailed} (${(r.elapsedMs / 1000).toFixed(1)}s)`,
  );
  if (r.skipped)
    lines.push(`skipped: ${r.skipped} Sigma rule(s) that are not convertible to KQL (see "kqlhunt rules show ID")`);
  if (r.cancelled) lines.push('cancelled: the remaining rules did not run');
  for (const o of r.outcomes.filter((x) => x.error).slice(0, MAX_NOTES))
    lines.push(`error  ${o.rule.name} [${o.rule.source.path}]: ${o.error!.code} ${o.error!.message}`);
  const notes = r.outcomes.filter((x) => x.note);
  for (const o of notes.slice(0, MAX_NOTES)) lines.push(`note   ${o.rule.name}: ${o.note}`);
  if (notes.length > MAX_NOTES) lines.push(`… and ${notes.length - MAX_NOTES} more rule(s) with notes`);
  lines.push(...exclusionSummary(r));
  if (db && r.runId !== undefined) lines.push(`stored as run ${r.runId} in ${db.path}`);
  return `${lines.join('\n')}\n`;
}

function render(r: HuntResult, format: 'table' | 'json' | 'csv', states: ReadonlyMap<string, TriageState>): string {
  const all = r.outcomes.flatMap((o) => o.findings);
  const state = (id: string): TriageState => states.get(id) ?? 'new';
  switch (format) {
    case 'json':
      return `${JSON.stringify({
        run: r.runId ?? null,
        now: formatDatetime(r.now),
        nowSource: r.nowSource,
        exclusions: r.exclusionsMode,
        dataRange: r.dataRange ? { min: formatDatetime(r.dataRange.min), max: formatDatetime(r.dataRange.max) } : null,
        summary: { ...r.counts, findings: all.length, elapsedMs: Math.round(r.elapsedMs) },
        rules: r.outcomes.map((o) => ({
          id: o.rule.id,
          name: o.rule.name,
          path: o.rule.source.path,
          rows: o.rows,
          elapsedMs: Math.round(o.elapsedMs * 10) / 10,
          ...(o.error ? { error: o.error } : {}),
          ...(o.note ? { note: o.note } : {}),
          ...(o.exclusions ? { tuned: o.tuned === true, exclusions: exclusionJson(o.exclusions) } : {}),
        })),
        findings: all.map((f) => ({
          id: f.id,
          ruleId: f.ruleId,
          ruleName: f.ruleName,
          state: state(f.id),
          keys: f.keys,
          row: f.row,
        })),
      })}\n`;
    case 'csv':
      return csvTable(
        FINDING_HEADERS,
        all.map((f) => findingCells(f, state(f.id))),
      );
    case 'table':
      return all.length === 0
        ? 'no findings\n'
        : textTable(
            FINDING_HEADERS,
            all.map((f) => findingCells(f, state(f.id))),
          );
    default: {
      const never: never = format;
      return String(never);
    }
  }
}
