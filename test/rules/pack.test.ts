import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RMM_NAMESPACE, uuidV5 } from '../../src/rules/ids.js';
import { importDirectory } from '../../src/rules/import.js';
import type { Rule } from '../../src/rules/model.js';
import { missingColumns } from './columns.js';
import { ROOT, SHARED, seedYaml, squash } from './helpers.js';

const PACK = join(ROOT, 'packs', 'rmm');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

const imported = await importDirectory(PACK, { repository: 'kqlhunt/packs/rmm', retrievedAt: 'T' });
const rules: Rule[] = imported.rules.map((r) => r.rule).filter((r) => r.source.path !== 'pack.yaml');

describe('RMM pack', () => {
  it('every rule file loads without errors or warnings', () => {
    const problems = imported.diagnostics.filter((d) => d.path !== 'pack.yaml' && d.severity !== 'info');
    expect(problems).toEqual([]);
    expect(rules.length).toBe(listFiles(PACK).length - 1);
    expect(rules.length).toBeGreaterThan(400);
  });

  it('has unique ids, all tagged CommandAndControl / T1219, with the per-device shape', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.tactics).toEqual(['CommandAndControl']);
      expect(r.techniques).toEqual(['T1219']);
      const q = squash(r.query);
      expect(q).toContain(
        '| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp), Report=make_set(ReportId), Count=count() by DeviceId, DeviceName',
      );
      expect(r.requiredDataConnectors[0]?.dataTypes).toHaveLength(1);
    }
  });

  it('has an "all tools" rule per kind and a manifest with attribution', () => {
    const names = rules
      .filter((r) => r.name.includes(' - All tools - '))
      .map((r) => r.name)
      .sort();
    expect(names).toEqual([
      'Remote Management and Monitoring tool - All tools - Create Process',
      'Remote Management and Monitoring tool - All tools - File Signature',
      'Remote Management and Monitoring tool - All tools - Network Connection',
    ]);
    const manifest = readFileSync(join(PACK, 'pack.yaml'), 'utf8');
    expect(manifest).toContain('license: Apache-2.0');
    expect(manifest).toContain('license: MIT');
    expect(manifest).toContain(`rules: ${rules.length}`);
  });

  it('SyncroMSP rules are exactly the seed queries with the seed ids', async () => {
    const byId = new Map(rules.map((r) => [r.id, r]));
    const createproc = byId.get('f9919f87-a7ba-4f47-a942-e30c46eb7a7d')!;
    const netconn = byId.get('3abb45d6-8514-4444-a7e4-6ab1c71ae5ce')!;
    const seed000 = seedYaml('000_6cde151ef4c3c638.txt', /^\| Sentinel Table/);
    const seedQuery000 = seed000.slice(seed000.indexOf('query: |') + 'query: |'.length);
    expect(squash(createproc.query)).toBe(squash(seedQuery000));
    expect(createproc.name).toBe('Remote Management and Monitoring tool - SyncroMSP - Create Process');
    const seed001 = readFileSync(join(SHARED, 'seeds', '001_0cbf38db32753cc7.txt'), 'utf8');
    const q001 = seed001.slice(seed001.indexOf('KQL Query') + 9, seed001.indexOf('Analytic Rule Definition'));
    expect(squash(netconn.query)).toBe(squash(q001));
    expect(netconn.name).toBe('Remote Management and Monitoring tool - SyncroMSP - Network Connection');
  });

  it('regenerating gives byte-identical files', () => {
    const out = mkdtempSync(join(tmpdir(), 'kqlhunt-pack-'));
    temps.push(out);
    execFileSync(process.execPath, [
      join(ROOT, 'scripts', 'gen-rmm-pack.mjs'),
      '--out',
      out,
      '--facts',
      join(ROOT, 'test', 'fixtures', 'shared', 'data', 'rmm_tools.json'),
    ]);
    const files = listFiles(out);
    expect(files).toEqual(listFiles(PACK));
    for (const f of files) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(PACK, f), 'utf8'));
  });

  it('generated ids are v5 uuids of slug/kind (TypeScript and generator agree)', async () => {
    const gen = (await import(pathToFileURL(join(ROOT, 'scripts', 'gen-rmm-pack.mjs')).href)) as {
      uuidV5: (n: string) => string;
      RMM_NAMESPACE: string;
    };
    expect(gen.RMM_NAMESPACE).toBe(RMM_NAMESPACE);
    expect(gen.uuidV5('AnyDesk/netconn')).toBe(uuidV5('AnyDesk/netconn', RMM_NAMESPACE));
    const anydesk = rules.find(
      (r) => r.name === 'Remote Management and Monitoring tool - AnyDesk - Network Connection',
    )!;
    expect(anydesk.id).toBe(uuidV5('AnyDesk/netconn', RMM_NAMESPACE));
    expect(anydesk.id[14]).toBe('5');
    // RFC 4122 test vector shape: same input, same id; different input, different id.
    expect(uuidV5('a', RMM_NAMESPACE)).not.toBe(uuidV5('b', RMM_NAMESPACE));
  });

  it('no rule references a column its table does not have (defender_docs schemas)', () => {
    const problems = rules.flatMap((r) => missingColumns(r.query).map((m) => `${r.source.path}: ${m}`));
    expect(problems).toEqual([]);
  });

  it('the column check catches the upstream AccountUpn defect on DeviceNetworkEvents', () => {
    const upstream =
      'DeviceNetworkEvents\n| summarize Count=count() by DeviceId, DeviceName,\n    AccountUpn, RemoteUrl';
    expect(missingColumns(upstream)).toEqual(['DeviceNetworkEvents.AccountUpn']);
  });

  it('only tools with facts get a kind: no empty term lists', () => {
    for (const r of rules) expect(r.query).not.toMatch(/has_any \(\s*\)|has ''/);
  });
});
