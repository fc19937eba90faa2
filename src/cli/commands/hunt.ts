/**
 * `kqlhunt hunt`: run a rule set (pack, directory or files) over loaded telemetry → findings. Rules
 * with enabled exclusions (from the store, or --exclusions files) run tuned, and the summary says
 * what each exclusion suppressed.
 */
import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exclusionJson, exclusionSummary } from '../../hunts/exclusion-report.js';
import { csvTable, FINDING_HEADERS, findingCells, textTable } from '../../hunts/format.js';
import { readGroundTruth } from '../../hunts/ground-truth.js';
import {
  attachExclusions,
  type ExclusionFiles,
  type HuntResult,
  readExclusionFiles,
  resolveRuleSpecs,
  runHunt,
} from '../../hunts/index.js';
import { formatDatetime } from '../../kql/engine.js';
import type { GroundTruthRow } from '../../rules/exclusions/index.js';
import type { Rule } from '../../rules/model.js';
import { openStore, resolveDbPath, type Store, type TriageState } from '../../store/index.js';
import { reportSummary } from '../data.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_QUERY_ERRORS, UsageError } from '../exit.js';
import { loadTelemetryModule } from '../modules.js';
import { collect, parseChoice, parseCount, parseNowOption } from '../options.js';
import { normalizeRuleSpecs } from '../rule-specs.js';
import { DB_OPTION } from '../store.js';

/** Exit codes of `hunt` (documented in --help and docs/hunting.md). */
export const HUNT_EXIT = { noFindings: EXIT_OK, findings: EXIT_QUERY_ERRORS, errors: EXIT_INTERNAL } as const;

interface HuntFlags {
  readonly rules?: string[];
  readonly data?: string[];
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

Exit status: 0 no findings, 1 findings, 2 bad usage, 3 errors (a rule failed or the hunt could
not run; the other rules still ran and their findings are reported).

Examples:
  $ kqlhunt hunt --rules rmm --data ./export/
  $ kqlhunt hunt --rules ./my-rules/ --data ./fleet --now 2024-05-01T00:00:00Z --format json --out hunt.json
  $ kqlhunt hunt --rules rule.yaml --data events.ndjson --no-store --format csv
  $ kqlhunt hunt --rules rmm --data ./fleet --ground-truth ./fleet/ground_truth.json
  $ kqlhunt hunt --rules rmm --data ./fleet --exclusions-file syncro-exclusions.yaml --no-store
  $ kqlhunt hunt --rules rmm --data ./fleet --no-exclusions`;

export function registerHunt(program: Command): void {
  program
    .command('hunt')
    .summary('run a rule pack over telemetry and record findings')
    .description('Run every rule of a pack, directory or file list over the data; print and store findings.')
    .option('--rules <spec...>', 'bundled pack name, rule directory or rule file (repeatable)', concatAll)
    .option('--data <path...>', 'telemetry file or directory (repeatable)', concatAll)
    .option('--now <iso8601|auto>', 'the instant now() and ago() use; auto = latest event in the data', 'auto')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--out <file>', 'write the findings there instead of stdout')
    .option(...DB_OPTION)
    .option('--no-store', 'do not record the run and findings')
    .option('--timeout <ms>', 'per-rule time limit in milliseconds', '60000')
    .option('--no-exclusions', 'run the upstream queries: ignore every exclusion')
    .option('--exclusions-file <file...>', 'exclusions YAML (rules exclusions export format; repeatable)', concatAll)
    .option('--ground-truth <file>', "the generator's ground_truth.json: split suppressed rows into benign/malicious")
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
  if (!opts.data?.length) throw new UsageError('--data is required (telemetry files or directories)');
  const now = opts.now === undefined || opts.now === 'auto' ? 'auto' : parseNowOption(opts.now)!;
  const timeoutMs = parseCount('--timeout', opts.timeout, 1);
  for (const p of opts.data) await stat(p).catch(() => Promise.reject(new UsageError(`--data: cannot read ${p}`)));

  const resolved = await resolveRuleSpecs(normalizeRuleSpecs(opts.rules));
  if (resolved.missing.length > 0)
    throw new UsageError(`--rules: ${resolved.missing.join(', ')} is neither a bundled pack nor an existing path`);
  for (const d of resolved.diagnostics.filter((x) => x.severity === 'error'))
    process.stderr.write(`rule file ${d.path}:${d.line}:${d.column}: ${d.code} ${d.message}\n`);
  if (resolved.rules.length === 0) throw new UsageError('--rules: no rules found');

  const groundTruth = opts.groundTruth === undefined ? undefined : await groundTruthOption(opts.groundTruth);
  const files = opts.exclusions ? await exclusionFilesOption(opts.exclusionsFile ?? [], resolved.rules) : undefined;
  const { loadTelemetry } = await loadTelemetryModule();
  const tty = Boolean(process.stderr.isTTY);
  const t0 = performance.now();
  const { store: data, report } = await loadTelemetry(opts.data);
  process.stderr.write(reportSummary(report));
  if (!report.ok) throw new UsageError(`could not load the data: ${report.failure ?? 'see the report above'}`);
  const loadMs = performance.now() - t0;

  const db: Store | undefined = opts.store ? openStore(resolveDbPath(opts.db)) : undefined;
  const cancel = { cancelled: false };
  const onSigint = () => {
    cancel.cancelled = true;
  };
  process.once('SIGINT', onSigint);
  try {
    const rules = files ? withExclusions(resolved.rules, files, db, opts.db) : resolved.rules;
    const delay = Number(process.env.KQLHUNT_TEST_RULE_DELAY_MS ?? 0);
    const result = await runHunt({
      rules,
      exclusions: opts.exclusions ? 'applied' : 'off',
      ...(groundTruth ? { groundTruth } : {}),
      provider: data,
      now,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(db ? { store: db } : {}),
      run: { rulesSpec: opts.rules, dataPaths: opts.data, loadMs },
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
    process.stderr.write(summaryText(result, db));
    const output = render(result, format, triageStates(result, db, opts.db));
    if (opts.out)
      await writeFile(opts.out, output).catch((e: NodeJS.ErrnoException) => {
        throw new UsageError(`--out: cannot write ${opts.out}: ${e.code ?? e.message} (the run is stored)`);
      });
    else process.stdout.write(output);
    if (result.counts.rulesFailed > 0 || result.cancelled) return HUNT_EXIT.errors;
    return result.outcomes.some((o) => o.findings.length > 0) ? HUNT_EXIT.findings : HUNT_EXIT.noFindings;
  } finally {
    process.removeListener('SIGINT', onSigint);
    db?.close();
  }
}

async function groundTruthOption(path: string): Promise<readonly GroundTruthRow[]> {
  const read = await readGroundTruth(path);
  if (!read.ok) throw new UsageError(`--ground-truth: cannot use ${path}: ${read.error}`);
  if (read.value.skipped > 0)
    process.stderr.write(`--ground-truth: skipped ${read.value.skipped} entr(ies) without ReportId/DeviceId/verdict\n`);
  return read.value.rows;
}

async function exclusionFilesOption(paths: readonly string[], rules: readonly Rule[]): Promise<ExclusionFiles> {
  const files = await readExclusionFiles(paths);
  const bad = files.unreadable[0];
  if (bad) throw new UsageError(`--exclusions-file: cannot read ${bad.path}: ${bad.message}`);
  for (const p of files.problems)
    process.stderr.write(
      `exclusions ${p.path}:${p.diagnostic.line}:${p.diagnostic.column}: ${p.diagnostic.code} ${p.diagnostic.message}\n`,
    );
  const ids = new Set(rules.map((r) => r.id));
  for (const id of files.byRule.keys())
    if (!ids.has(id)) process.stderr.write(`exclusions: no rule ${id} among --rules; its exclusions are not used\n`);
  return files;
}

/**
 * Runs `f` on the store the hunt writes to, else on the store file if it already exists (it is
 * never created for a read); undefined when there is neither.
 */
function readStore<T>(db: Store | undefined, dbOption: string | undefined, f: (store: Store) => T): T | undefined {
  if (db) return f(db);
  const path = resolveDbPath(dbOption);
  if (!existsSync(path)) return undefined;
  const reader = openStore(path);
  try {
    return f(reader);
  } finally {
    reader.close();
  }
}

/**
 * The stored triage state of each finding of the hunt. A stored run's findings come in one query;
 * with --no-store the existing store (if any) still says what was triaged before.
 */
function triageStates(r: HuntResult, db: Store | undefined, dbOption: string | undefined): Map<string, TriageState> {
  const states = new Map<string, TriageState>();
  if (!r.outcomes.some((o) => o.findings.length > 0)) return states;
  const list = readStore(db, dbOption, (s) => s.listFindings(db && r.runId !== undefined ? { run: r.runId } : {}));
  for (const f of list ?? []) states.set(f.id, f.state);
  return states;
}

/**
 * Attaches stored and file exclusions. With --no-store the store is still read when its file
 * exists (tuning lives there), but never created or written.
 */
function withExclusions(
  rules: readonly Rule[],
  files: ExclusionFiles,
  db: Store | undefined,
  dbOption?: string,
): Rule[] {
  const stored = readStore(db, dbOption, (s) => s.exclusionsByRule());
  return attachExclusions(rules, stored ?? new Map(), files.byRule);
}

const MAX_NOTES = 20;

function summaryText(r: HuntResult, db: Store | undefined): string {
  const lines: string[] = [r.nowNote];
  if (r.dataRange) lines.push(`data: ${formatDatetime(r.dataRange.min)} .. ${formatDatetime(r.dataRange.max)}`);
  const findings = r.outcomes.reduce((n, o) => n + o.findings.length, 0);
  const c = r.counts;
  lines.push(
    `rules run: ${c.rulesRun}/${c.rulesTotal}, with findings: ${c.rulesWithFindings}, result rows: ${c.resultRows}, ` +
      `findings: ${findings}, errors: ${c.rulesFailed} (${(r.elapsedMs / 1000).toFixed(1)}s)`,
  );
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
