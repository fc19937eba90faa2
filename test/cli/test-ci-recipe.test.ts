/**
 * The CI recipe of docs/testing.md, run for real: the kqlhunt lines of its GitHub Actions workflow,
 * taken from the document, on a temporary git repository of rules (an "origin" with main, and a
 * feature branch that breaks one rule) — once as a pull request would run them, once as a push.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CliRun, runCli } from '../helpers/cli.js';
import { junitProblems } from '../helpers/junit-xml.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

interface Step {
  readonly name?: string;
  readonly if?: string;
  readonly run?: string;
}

/** The workflow: the last ```yaml block of docs/testing.md. */
function workflow(): Step[] {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'testing.md'), 'utf8');
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const wf = parse(blocks.at(-1)!) as { jobs: Record<string, { steps: Step[] }> };
  return Object.values(wf.jobs)[0]!.steps;
}

/** Runs the steps' kqlhunt lines that apply to `event`, as the runner would (one `> file` redirect). */
function runSteps(steps: readonly Step[], event: 'pull_request' | 'push', cwd: string): Map<string, CliRun> {
  const out = new Map<string, CliRun>();
  for (const step of steps) {
    if (!step.run?.startsWith('kqlhunt ')) continue;
    if (step.if === "github.event_name == 'pull_request'" && event !== 'pull_request') continue;
    if (step.if === "github.event_name != 'pull_request'" && event === 'pull_request') continue;
    const line = step.run.replace(/\$\{\{ github\.base_ref \}\}/g, 'main').trim();
    const [command, redirect] = line.split(' > ');
    const args = command!.split(/\s+/).slice(1);
    const r = runCli(args, '', {}, { cwd, timeoutMs: 180_000 });
    if (redirect) writeFileSync(join(cwd, redirect.trim()), r.stdout);
    out.set(step.name ?? line, r);
  }
  return out;
}

let dir = '';
let work = '';
const git = (...args: string[]) =>
  execFileSync(
    'git',
    ['-c', 'user.name=CI', '-c', 'user.email=ci@example.invalid', '-c', 'init.defaultBranch=main', ...args],
    {
      cwd: work,
      encoding: 'utf8',
    },
  );
let steps: Step[];
let pr: Map<string, CliRun>;
let push: Map<string, CliRun>;
let prJunit = '';
let pushJunit = '';
let prSarif = '';

beforeAll(() => {
  steps = workflow();
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-ci-'));
  const origin = join(dir, 'origin.git');
  work = join(dir, 'work');
  mkdirSync(origin);
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', origin]);
  execFileSync('git', ['clone', '--quiet', origin, work]);
  git('checkout', '--quiet', '-B', 'main');
  const rules = join(work, 'rules');
  cpSync(join(REPO_ROOT, 'packs/rmm/tools/SyncroMSP'), join(rules, 'syncro'), { recursive: true });
  cpSync(join(REPO_ROOT, 'packs/rmm/tools/AnyDesk'), join(rules, 'anydesk'), { recursive: true });
  git('add', '-A');
  git('commit', '--quiet', '-m', 'rules');
  git('push', '--quiet', 'origin', 'main');
  // A pull request that breaks the AnyDesk network rule's domain.
  git('checkout', '--quiet', '-b', 'feature');
  const file = join(rules, 'anydesk', 'rmm_AnyDesk_netconn.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace("'anydesk.com',", "'anydesk.example',"));
  git('commit', '--quiet', '-am', 'change the AnyDesk domain');
  pr = runSteps(steps, 'pull_request', work);
  const prTest = [...pr.values()][1];
  expect(existsSync(join(work, 'junit.xml')), `${prTest?.code} ${prTest?.stdout} ${prTest?.stderr}`).toBe(true);
  prJunit = readFileSync(join(work, 'junit.xml'), 'utf8');
  prSarif = readFileSync(join(work, 'lint.sarif'), 'utf8');
  git('checkout', '--quiet', 'main');
  push = runSteps(steps, 'push', work);
  pushJunit = readFileSync(join(work, 'junit.xml'), 'utf8');
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cases(xml: string): { file: string; name: string; failed: boolean }[] {
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => ['testsuite', 'testcase'].includes(n),
  }).parse(xml) as { testsuites: { testsuite?: { file: string; testcase: { name: string; failure?: unknown }[] }[] } };
  return (doc.testsuites.testsuite ?? []).flatMap((s) =>
    s.testcase.map((c) => ({ file: s.file, name: c.name, failed: c.failure !== undefined })),
  );
}

describe('the CI recipe of docs/testing.md on a git repository of rules', () => {
  it('the workflow lints and tests with kqlhunt', () => {
    const lines = steps.filter((s) => s.run?.startsWith('kqlhunt ')).map((s) => s.run);
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).toContain('--format sarif');
    expect(lines.join('\n')).toContain('--format junit');
    expect(lines.join('\n')).toContain('--changed');
  });

  it('pull request: lint passes and writes SARIF; only the changed rule is tested, and it fails', () => {
    const [lint, test] = [...pr.values()];
    expect(lint!.code, lint!.stderr).toBe(0);
    const sarif = JSON.parse(prSarif) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toEqual([]);
    expect(test!.code).toBe(1);
    expect(junitProblems(prJunit)).toEqual([]);
    const tested = cases(prJunit);
    expect(tested.map((c) => [c.file, c.failed])).toEqual([
      ['rules/anydesk/rmm_AnyDesk_netconn.yaml', true],
      ['rules/anydesk/rmm_AnyDesk_netconn.yaml', false],
    ]);
  });

  it('push to main: every rule is tested and passes', () => {
    const [lint, test] = [...push.values()];
    expect(lint!.code).toBe(0);
    expect(test!.code, test!.stderr).toBe(0);
    expect(junitProblems(pushJunit)).toEqual([]);
    const tested = cases(pushJunit);
    expect(new Set(tested.map((c) => c.file)).size).toBe(6);
    expect(tested.length).toBe(22);
    expect(tested.every((c) => !c.failed)).toBe(true);
  });
});
