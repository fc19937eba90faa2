/**
 * `rules deploy`: the SyncroMSP rule as a Sentinel scheduled analytics rule (ARM alertRules body)
 * and as a Defender custom detection; --dry-run calls nothing; a real deploy goes through the Azure
 * core pipeline to a local ARM server (PUT, bearer token), and a 401 is one line, exit 4.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared-data.js';
import { syncroExport } from '../hunts/syncro-export.js';
import { type ProtocolServer, startProtocolServer, TLS_CERT, TOKEN } from './protocol-server.js';

const SYNCRO = 'f9919f87-a7ba-4f47-a942-e30c46eb7a7d';
const SUB = '00000000-0000-0000-0000-000000000001';

function cli(args: readonly string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli', 'main.js'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', NODE_EXTRA_CA_CERTS: TLS_CERT, KQLHUNT_AUTH: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-deploy-'));
const db = join(dir, 'k.db');
let arm: ProtocolServer;
beforeAll(async () => {
  arm = await startProtocolServer([syncroExport(dir)], { tls: true });
});
afterAll(async () => {
  await arm?.close();
});

describe('rules deploy', () => {
  it('--dry-run prints a valid Sentinel alertRules body for the SyncroMSP rule and calls nothing', async () => {
    const target = `sentinel://${SUB}/soc-rg/soc-ws?endpoint=${arm.url}`;
    const r = await cli(['rules', 'deploy', SYNCRO, '--target', target, '--dry-run', '--db', db]);
    expect(r.code).toBe(0);
    const req = JSON.parse(r.stdout) as {
      method: string;
      url: string;
      body: { kind: string; properties: Record<string, unknown> };
    };
    expect(req.method).toBe('PUT');
    expect(req.url).toBe(
      `${arm.url}/subscriptions/${SUB}/resourceGroups/soc-rg/providers/Microsoft.OperationalInsights/workspaces/soc-ws/providers/Microsoft.SecurityInsights/alertRules/${SYNCRO}?api-version=2024-03-01`,
    );
    expect(req.body.kind).toBe('Scheduled');
    const p = req.body.properties;
    expect(p.query).toContain("ProcessVersionInfoProductName has 'Syncro'");
    // ISO 8601 durations: the rule looks back now(-5d), so the period is five days.
    expect(p.queryPeriod).toBe('P5D');
    expect(p.queryFrequency).toMatch(/^P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$/);
    expect(p).toMatchObject({
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      tactics: ['CommandAndControl'],
      techniques: ['T1219'],
    });
    expect(p.entityMappings).toEqual([
      { entityType: 'Host', fieldMappings: [{ identifier: 'HostName', columnName: 'DeviceName' }] },
    ]);
    expect(arm.requests).toHaveLength(0);
  });

  it('deploys the tuned query: enabled exclusions are compiled into the body', async () => {
    const add = await cli(['rules', 'exclusions', 'add', SYNCRO, 'DeviceName == "it-admin-01"', '--db', db]);
    expect(add.code).toBe(0);
    const r = await cli(['rules', 'deploy', SYNCRO, '--target', `sentinel://${SUB}/rg/ws`, '--dry-run', '--db', db]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { body: { properties: { query: string } } }).body.properties.query).toContain(
      'it-admin-01',
    );
  });

  it('a real deploy PUTs through the Azure pipeline with the bearer token; a 401 is one line, exit 4', async () => {
    arm.requests.length = 0;
    arm.behaviour.requireToken = true;
    const target = `sentinel://${SUB}/soc-rg/soc-ws?endpoint=${arm.url}`;
    const ok = await cli(['rules', 'deploy', SYNCRO, '--target', target, '--auth', 'token', '--db', db], {
      KQLHUNT_ACCESS_TOKEN: TOKEN,
    });
    expect(ok.stderr).not.toContain('internal error');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/deployed f9919f87.* as \/subscriptions\/.*\/alertRules\/f9919f87/);
    expect(arm.requests).toHaveLength(1);
    expect(arm.requests[0]).toMatchObject({ method: 'PUT', authorization: `Bearer ${TOKEN}` });
    expect((arm.requests[0]!.body as { kind: string }).kind).toBe('Scheduled');

    const denied = await cli(['rules', 'deploy', SYNCRO, '--target', target, '--auth', 'token', '--db', db], {
      KQLHUNT_ACCESS_TOKEN: 'nope',
    });
    expect(denied.code).toBe(4);
    expect(denied.stderr).not.toMatch(/\n\s+at /);
    expect(
      denied.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('kqlhunt: ')),
    ).toEqual([expect.stringMatching(/^kqlhunt: TGT002 sentinel:.*HTTP 401/)]);
    arm.behaviour.requireToken = false;
  });

  it('defender:// builds a custom detection body and refuses a query Defender would reject', async () => {
    const dry = await cli([
      'rules',
      'deploy',
      SYNCRO,
      '--target',
      `defender://?endpoint=${arm.url}`,
      '--dry-run',
      '--db',
      db,
    ]);
    expect(dry.code).toBe(0);
    const req = JSON.parse(dry.stdout) as {
      method: string;
      url: string;
      body: {
        queryCondition: { queryText: string };
        detectionAction: { alertTemplate: { mitreTechniques: string[] } };
      };
    };
    expect(req).toMatchObject({ method: 'POST', url: `${arm.url}/beta/security/rules/detectionRules` });
    expect(req.body.queryCondition.queryText).toContain('Syncro');
    expect(req.body.detectionAction.alertTemplate.mitreTechniques).toEqual(['T1219']);
    expect(dry.stderr).toContain('need a ReportId column');
    const real = await cli(
      ['rules', 'deploy', SYNCRO, '--target', `defender://?endpoint=${arm.url}`, '--auth', 'token', '--db', db],
      {
        KQLHUNT_ACCESS_TOKEN: TOKEN,
      },
    );
    expect(real.code).toBe(1);
    expect(real.stderr).toContain('not deployed');
  });
});
