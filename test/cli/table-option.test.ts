import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defenderSchema } from '../../src/telemetry/schemas.js';
import { runCli } from '../helpers/cli.js';

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-table-'));
  file = join(dir, 'export (3).csv');
  const header = defenderSchema('DeviceNetworkEvents')!.columns.map((c) => c.name);
  const row = header.map((c) => (c === 'Timestamp' ? '2024-05-01T10:00:00Z' : c === 'DeviceName' ? 'pc1' : ''));
  writeFileSync(file, `${header.join(',')}\n${row.join(',')}\n${row.join(',')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--data with a portal export named export (3).csv', () => {
  it('query finds the table by the columns and says so on stderr', () => {
    const r = runCli(['query', 'DeviceNetworkEvents | count', '--data', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows).toEqual([[2]]);
    expect(r.stderr).toContain('DeviceNetworkEvents, told from its columns (exact match)');
  });

  it('--table NAME decides instead', () => {
    const r = runCli(['query', 'DeviceEvents | count', '--data', file, '--table', 'DeviceEvents', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows).toEqual([[2]]);
    expect(r.stderr).not.toContain('told from its columns');
  });

  it('data inspect reports the detection; a bad --table is a usage error', () => {
    const r = runCli(['data', 'inspect', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('table told from the columns: DeviceNetworkEvents (exact match)');
    const bad = runCli(['data', 'inspect', file, '--table', 'no such']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--table: 'no such' is not a table name");
  });
});
