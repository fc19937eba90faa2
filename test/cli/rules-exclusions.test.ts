import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportExclusionsYaml, importExclusionsYaml } from '../../src/rules/exclusions/index.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared-data.js';
import { seedExclusions } from '../rules/exclusions/helpers.js';

const RULE_ID = 'f9919f87-a7ba-4f47-a942-e30c46eb7a7d';
const RULE_FILE = join(REPO_ROOT, 'packs/rmm/tools/SyncroMSP/rmm_SyncroMSP_createproc.yaml');

let dir = '';
let db = '';
let rules = '';
const cli = (...args: string[]) => runCli([...args, '--db', db]);

interface ListedExclusion {
  id: string;
  expression: string;
  enabled: boolean;
  source: string;
  kql: string | null;
  flags: { kind: string; severity: string }[];
}
const listJson = () =>
  JSON.parse(cli('rules', 'exclusions', 'list', RULE_ID, '--format', 'json').stdout) as {
    exclusions: ListedExclusion[];
  };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-rules-exc-'));
  db = join(dir, 'k.db');
  rules = join(dir, 'rules');
  mkdirSync(rules);
  writeFileSync(join(rules, 'createproc.yaml'), readFileSync(RULE_FILE));
  expect(cli('rules', 'import', rules).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kqlhunt rules exclusions', () => {
  it('--help explains the sub-commands with examples', () => {
    const r = runCli(['rules', 'exclusions', '--help']);
    expect(r.code).toBe(0);
    for (const sub of ['list', 'suggest', 'add', 'enable', 'disable', 'remove', 'import', 'export'])
      expect(r.stdout).toMatch(new RegExp(`\\n\\s+${sub}\\b`));
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('knowledge-base');
  });

  it('stores knowledge-base suggestions disabled, and --add twice changes nothing', () => {
    const shown = cli('rules', 'exclusions', 'suggest', RULE_ID.slice(0, 8));
    expect(shown.stdout).toContain('scheduled-agent-job');
    expect(listJson().exclusions).toEqual([]);
    expect(cli('rules', 'exclusions', 'suggest', RULE_ID, '--add').code).toBe(0);
    const stored = listJson().exclusions;
    expect(stored.length).toBeGreaterThanOrEqual(3);
    expect(stored.every((x) => !x.enabled && x.source === 'knowledge-base')).toBe(true);
    expect(cli('rules', 'exclusions', 'suggest', RULE_ID, '--add').stdout).toContain(
      'stored: 0 added (disabled), 0 refreshed',
    );
  });

  it('adds a user exclusion (enabled), refuses one that does not compile, enables and disables', () => {
    const ok = cli(
      'rules',
      'exclusions',
      'add',
      RULE_ID,
      `process.hash.sha256 == "${'a'.repeat(64)}"`,
      '--id',
      'approved-build',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('SHA256 =~');
    const bad = cli('rules', 'exclusions', 'add', RULE_ID, 'destination.domain == "x.com"');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/EXC3\d\d/);
    let list = listJson().exclusions;
    expect(list.find((x) => x.id === 'approved-build')).toMatchObject({ enabled: true, source: 'user' });
    expect(list.some((x) => x.expression === 'destination.domain == "x.com"')).toBe(false);
    expect(cli('rules', 'exclusions', 'enable', RULE_ID, 'gpo-refresh').code).toBe(0);
    expect(cli('rules', 'exclusions', 'enable', RULE_ID, 'no-such-id').code).toBe(1);
    list = listJson().exclusions;
    expect(list.find((x) => x.id === 'gpo-refresh')!.enabled).toBe(true);
    expect(cli('rules', 'exclusions', 'disable', RULE_ID, '--all').code).toBe(0);
    expect(listJson().exclusions.every((x) => !x.enabled)).toBe(true);
    expect(cli('rules', 'exclusions', 'remove', RULE_ID, 'approved-build').code).toBe(0);
    expect(listJson().exclusions.some((x) => x.id === 'approved-build')).toBe(false);
  });

  it('export --tuned without enabled exclusions says so on stderr and prints the original', () => {
    const original = cli('rules', 'export', RULE_ID).stdout;
    const r = cli('rules', 'export', RULE_ID, '--tuned');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('has no enabled exclusions');
    expect(r.stdout).toBe(original);
  });

  it('imports and exports the YAML storage format; exported text imports back unchanged', () => {
    const file = join(dir, 'seed.yaml');
    writeFileSync(file, exportExclusionsYaml({ ruleId: RULE_ID, exclusions: seedExclusions() }));
    const imp = cli('rules', 'exclusions', 'import', file);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toContain('added 5');
    const out = join(dir, 'out.yaml');
    expect(cli('rules', 'exclusions', 'export', RULE_ID, '--out', out).code).toBe(0);
    const doc = importExclusionsYaml(readFileSync(out, 'utf8'));
    expect(doc.diagnostics).toEqual([]);
    expect(doc.value!.exclusions.filter((x) => x.source === 'upstream')).toEqual(seedExclusions());
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'ruleId: [unclosed\n');
    expect(cli('rules', 'exclusions', 'import', bad).code).toBe(1);
  });

  it('show --enriched prints every facet and flags the attacker-controlled and never-matching seed exclusions', () => {
    const r = cli('rules', 'show', RULE_ID, '--enriched');
    expect(r.code, r.stderr).toBe(0);
    for (const section of [
      'Hypothesis',
      'Severity: ',
      'Confidence: ',
      'Data sources',
      'ATT&CK',
      'References',
      'False-positive guidance',
    ])
      expect(r.stdout).toContain(section);
    expect(r.stdout).toContain('connector MicrosoftThreatProtection');
    expect(r.stdout).toContain('T1219');
    expect(r.stdout).toMatch(/\[enabled\] seed-3 \(upstream\)[\s\S]*?flag high attacker-controlled/);
    expect(r.stdout).toMatch(/\[enabled\] seed-5 \(upstream\)[\s\S]*?flag medium never-matches: [^\n]*task scheduler/);
    const json = JSON.parse(cli('rules', 'show', RULE_ID, '--enriched', '--format', 'json').stdout) as {
      enrichment: {
        severity: { level: string; reasons: string[] };
        dataSources: { table: string; loaded?: boolean }[];
      };
      exclusions: ListedExclusion[];
    };
    expect(json.enrichment.severity.reasons.length).toBeGreaterThan(0);
    expect(json.enrichment.dataSources[0]!.loaded).toBeUndefined();
    const flags = (id: string) => json.exclusions.find((x) => x.id === id)!.flags.map((f) => `${f.severity} ${f.kind}`);
    for (const id of ['seed-1', 'seed-2', 'seed-3', 'seed-4', 'seed-5'])
      expect(flags(id)).toContain('high attacker-controlled');
    expect(flags('seed-5')).toContain('medium never-matches');
    expect(flags('seed-1')).not.toContain('medium never-matches');
  });

  it('show --enriched --data says whether the loaded data has each table', () => {
    const data = join(dir, 'DeviceNetworkEvents.ndjson');
    writeFileSync(
      data,
      `${JSON.stringify({ Timestamp: '2024-06-15T00:00:00Z', DeviceName: 'a', RemoteUrl: 'x.com' })}\n`,
    );
    const r = cli('rules', 'show', RULE_ID, '--enriched', '--data', data);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('DeviceProcessEvents: connector MicrosoftThreatProtection');
    expect(r.stdout).toContain('present in loaded data: NO');
  });

  it('re-importing the changed upstream rule keeps its exclusions', () => {
    const changed = readFileSync(RULE_FILE, 'utf8').replace("has 'Syncro'", "has 'Syncro Agent'");
    expect(changed).not.toBe(readFileSync(RULE_FILE, 'utf8'));
    writeFileSync(join(rules, 'createproc.yaml'), changed);
    const r = cli('rules', 'import', rules);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('updated 1');
    expect(r.stdout).toMatch(new RegExp(`exclusions kept for ${RULE_ID}: \\d+ \\(5 enabled\\)`));
    const list = listJson().exclusions;
    expect(list.filter((x) => x.enabled).map((x) => x.id)).toEqual(['seed-1', 'seed-2', 'seed-3', 'seed-4', 'seed-5']);
    expect(cli('rules', 'export', RULE_ID, '--tuned').stdout).toContain("has 'Syncro Agent'");
  });
});
