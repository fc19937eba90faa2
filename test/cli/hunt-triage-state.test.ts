import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeRuleSpec } from '../../src/cli/rule-specs.js';
import { runCli } from '../helpers/cli.js';

let dir = '';
let db = '';
let data = '';

/** Two Syncro processes on two devices: the SyncroMSP rules of the bundled pack find both. */
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-hunt-state-'));
  db = join(dir, 'k.db');
  data = join(dir, 'DeviceProcessEvents.ndjson');
  const event = (device: string, report: number) =>
    JSON.stringify({
      Timestamp: '2024-04-30T10:00:00Z',
      DeviceId: `id-${device}`,
      DeviceName: device,
      ReportId: report,
      FileName: 'Syncro.Service.exe',
      ProcessVersionInfoCompanyName: 'Servably, Inc.',
      ProcessVersionInfoProductName: 'Syncro',
    });
  writeFileSync(data, `${event('pc1', 1)}\n${event('pc2', 2)}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface HuntJson {
  run: number | null;
  findings: { id: string; state: string; keys: Record<string, unknown> }[];
}

describe('kqlhunt hunt shows the stored triage state of each finding', () => {
  it('--rules rmm/ is the bundled pack; new findings are "new", triaged ones keep their state', () => {
    const hunt = (...extra: string[]) =>
      runCli(['hunt', '--rules', 'rmm/', '--data', data, '--now', '2024-05-01T00:00:00Z', '--db', db, ...extra]);
    const first = hunt('--format', 'json');
    expect(first.code, first.stderr).toBe(1); // findings
    const out = JSON.parse(first.stdout) as HuntJson;
    expect(out.findings.length).toBeGreaterThanOrEqual(2);
    expect(out.findings.every((f) => f.state === 'new')).toBe(true);

    const triaged = out.findings.find((f) => f.keys.DeviceName === 'pc1')!;
    const other = out.findings.find((f) => f.keys.DeviceName === 'pc2')!;
    expect(runCli(['findings', 'set-state', triaged.id, 'benign', '--db', db]).code).toBe(0);

    const table = hunt();
    expect(table.code, table.stderr).toBe(1);
    const line = (id: string) => table.stdout.split('\n').find((l) => l.startsWith(id)) ?? '';
    expect(line(triaged.id)).toMatch(new RegExp(`^${triaged.id}\\s+benign\\s`));
    expect(line(other.id)).toMatch(new RegExp(`^${other.id}\\s+new\\s`));

    const again = JSON.parse(hunt('--format', 'json').stdout) as HuntJson;
    expect(again.findings.find((f) => f.id === triaged.id)!.state).toBe('benign');
  });

  it('--no-store still shows the states an existing store holds, and csv has them too', () => {
    const r = runCli([
      'hunt',
      '--rules',
      'rmm',
      '--data',
      data,
      '--now',
      '2024-05-01T00:00:00Z',
      '--db',
      db,
      '--no-store',
      '--format',
      'csv',
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^[0-9a-f]+,benign,/m);
    expect(r.stdout).toMatch(/^[0-9a-f]+,new,/m);
    expect(r.stderr).not.toContain('stored as run');
  });

  it('with --no-store and no store file, every finding is new and no file is created', () => {
    const none = join(dir, 'absent.db');
    const r = runCli(['hunt', '--rules', 'rmm', '--data', data, '--db', none, '--no-store', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^[0-9a-f]+,new,/m);
    expect(r.stdout).not.toMatch(/,benign,/);
    expect(existsSync(none)).toBe(false);
  });
});

describe('normalizeRuleSpec', () => {
  it('a bundled pack name with trailing slashes is the pack; paths and unknown names stay as written', () => {
    expect(normalizeRuleSpec('rmm/')).toBe('rmm');
    expect(normalizeRuleSpec('rmm//')).toBe('rmm');
    expect(normalizeRuleSpec('rmm\\')).toBe('rmm');
    expect(normalizeRuleSpec('rmm')).toBe('rmm');
    expect(normalizeRuleSpec('packs/rmm/')).toBe('packs/rmm/');
    expect(normalizeRuleSpec('no-such-pack/')).toBe('no-such-pack/');
    expect(normalizeRuleSpec('./rmm/')).toBe('./rmm/');
  });
});
