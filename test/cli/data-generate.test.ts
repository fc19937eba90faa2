import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('kqlhunt generate, data inspect and query --data', () => {
  let dir: string;
  let fleet: string;
  let generated: ReturnType<typeof runCli>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kqlhunt-cli-'));
    fleet = join(dir, 'fleet');
    generated = runCli([
      'generate',
      '--out',
      fleet,
      '--devices',
      '4',
      '--events',
      '300',
      '--days',
      '2',
      '--end',
      '2024-05-01T00:00:00Z',
      '--seed',
      'cli-test',
    ]);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('generate writes files and prints a summary', () => {
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/^wrote \d+ events for 4 devices/);
    expect(readdirSync(fleet).length).toBeGreaterThan(0);
  });

  it('data inspect describes the files (text and json)', () => {
    const text = runCli(['data', 'inspect', fleet]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('DeviceProcessEvents');
    const json = runCli(['data', 'inspect', fleet, '--format', 'json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { ok: boolean; totalRows: number };
    expect(report.ok).toBe(true);
    expect(report.totalRows).toBeGreaterThan(0);
  });

  it('query --data loads the tables, reports to stderr and runs the query', () => {
    const r = runCli(['query', '--data', fleet, '--format', 'json', 'DeviceProcessEvents | summarize n = count()']);
    expect(r.stderr).toMatch(/^loaded \d+ rows into \d+ table\(s\)/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { columns: unknown[]; rows: number[][] };
    expect(out.columns).toEqual([{ name: 'n', type: 'long' }]);
    expect(out.rows[0]![0]).toBeGreaterThan(0);
  });

  it('check --data knows the loaded tables', () => {
    const r = runCli(['check', '--data', fleet, '--format', 'json'], 'DeviceProcessEvents | take 1');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('a missing --data path is a usage error (exit 2)', () => {
    const r = runCli(['query', '--data', join(dir, 'nope'), 'print 1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope');
  });
});
