/**
 * `--target` end to end: the built CLI in a child process, the real SDK clients, and local servers
 * that speak each protocol (protocol-server.ts) and answer with kqlhunt's engine over a fixture
 * export. A hunt on ADX / Log Analytics / Defender stores the findings the server returned with the
 * target recorded; failures (connection refused, 401, 429, malformed answers, timeouts) are one line
 * and exit 4, never a stack trace.
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
const WORKSPACE = '11111111-2222-3333-4444-555555555555';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI (npm run build first), asynchronously so this process's servers can answer it. */
function cli(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli', 'main.js'), ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NO_COLOR: '1',
        NODE_EXTRA_CA_CERTS: TLS_CERT,
        KQLHUNT_TARGET_RETRIES: '2',
        KQLHUNT_AUTH: '',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-targets-'));
const data = syncroExport(dir);
/**
 * Log Analytics and Defender evaluate now() on the service's clock (kqlhunt cannot move it there),
 * so their server holds events of the last hours, as a live workspace would.
 */
const recent = syncroExport(mkdtempSync(join(dir, 'recent-')), new Date(Date.now() - 3600_000).toISOString());
let http: ProtocolServer;
let https: ProtocolServer;

beforeAll(async () => {
  http = await startProtocolServer([data], { tls: false });
  https = await startProtocolServer([recent], { tls: true });
});
afterAll(async () => {
  await http?.close();
  await https?.close();
});

const rulesIn = (stdout: string) => (JSON.parse(stdout) as { rules: unknown[] }).rules.length;

function reset(s: ProtocolServer): void {
  for (const k of Object.keys(s.behaviour)) delete (s.behaviour as Record<string, unknown>)[k];
  s.requests.length = 0;
}

/** No stack trace, no "internal error": one kqlhunt: line saying what went wrong. */
function oneLine(stderr: string, code: RegExp): void {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toContain('internal error');
  const lines = stderr.split('\n').filter((l) => l.startsWith('kqlhunt: '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(code);
}

describe('hunt --target adx:// (azure-kusto-data, v2 REST)', () => {
  it('runs every rule of the pack there, stores the findings it returns, and runs show names the target', async () => {
    reset(http);
    const db = join(dir, 'adx.db');
    const target = `adx://${http.url}/Security`;
    const r = await cli([
      'hunt',
      '--rules',
      'rmm',
      '--target',
      target,
      '--now',
      '2024-05-01T12:00:00Z',
      '--format',
      'json',
      '--db',
      db,
    ]);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(1); // findings
    const out = JSON.parse(r.stdout) as {
      run: number;
      findings: { ruleId: string; keys: Record<string, string> }[];
      rules: unknown[];
    };
    expect(out.findings.filter((f) => f.ruleId === SYNCRO)).toHaveLength(1);
    // Every rule went to the server (one v2 query each), with the hunt's now as query_now.
    const queries = http.requests.filter((q) => q.path === '/v2/rest/query');
    expect(queries.length).toBe(out.rules.length);
    const first = queries[0]!.body as { db: string; properties: { Options: Record<string, unknown> } };
    expect(first.db).toBe('Security');
    expect(first.properties.Options.query_now).toBe('2024-05-01T12:00:00.0000000Z');
    const shown = await cli(['runs', 'show', String(out.run), '--db', db]);
    expect(shown.stdout).toContain(`target: ${target}`);
    expect(shown.stdout).toContain('data: (the tables of');
    const json = JSON.parse((await cli(['runs', 'show', String(out.run), '--db', db, '--format', 'json'])).stdout);
    expect(json.run).toMatchObject({ target, dataKind: 'remote' });
    // Triage works the same on remote findings.
    const id = out.findings.find((f) => f.ruleId === SYNCRO)!;
    expect(id).toBeDefined();
  });

  it('--compare local runs the rules on --data too and finds no difference on the same data', async () => {
    reset(http);
    const r = await cli([
      'hunt',
      '--rules',
      'rmm',
      '--target',
      `adx://${http.url}/Security`,
      '--data',
      data,
      '--compare',
      'local',
      '--no-store',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/compare with local: \d+ rule\(s\) agree, 0 differ/);
  });

  it('reports a partial result as partial and keeps its rows', async () => {
    reset(http);
    http.behaviour.partial = true;
    const r = await cli([
      'query',
      'DeviceProcessEvents | project DeviceName',
      '--target',
      `adx://${http.url}/Security`,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/partial result from adx:.*E_QUERY_RESULT_SET_TOO_LARGE/);
    expect(JSON.parse(r.stdout).rows).toHaveLength(1);
  });

  it('a refused connection, a 401, a 429 that never ends and a malformed answer: one line each, exit 4', async () => {
    const closed = await startProtocolServer([data], { tls: false });
    const deadUrl = closed.url;
    await closed.close();
    const refused = await cli(['hunt', '--rules', 'rmm', '--target', `adx://${deadUrl}/db`, '--no-store']);
    expect(refused.code).toBe(4);
    oneLine(refused.stderr, /^kqlhunt: TGT001 cannot connect to adx:\/\/.*ECONNREFUSED/);

    reset(http);
    http.behaviour.status = 401;
    const denied = await cli(['hunt', '--rules', 'rmm', '--target', `adx://${http.url}/db`, '--no-store']);
    expect(denied.code).toBe(4);
    oneLine(denied.stderr, /^kqlhunt: TGT002 .*refused the credentials \(HTTP 401\)/);
    // The hunt stopped at the first rule instead of sending every rule to a target that refuses us.
    expect(http.requests.filter((q) => q.path === '/v2/rest/query')).toHaveLength(1);

    reset(http);
    http.behaviour.throttle = 100;
    const throttled = await cli(['query', 'print 1', '--target', `adx://${http.url}/db`]);
    expect(throttled.code).toBe(4);
    oneLine(throttled.stderr, /^kqlhunt: TGT003 .*throttling requests \(HTTP 429\)/);
    expect(http.requests.filter((q) => q.path === '/v2/rest/query')).toHaveLength(3); // 1 + 2 retries

    reset(http);
    http.behaviour.throttle = 1;
    const recovered = await cli(['query', 'print x = 1', '--target', `adx://${http.url}/db`, '--format', 'json']);
    expect(recovered.code).toBe(0);
    expect(JSON.parse(recovered.stdout).rows).toEqual([[1]]);

    reset(http);
    http.behaviour.malformed = true;
    const garbled = await cli(['query', 'print 1', '--target', `adx://${http.url}/db`]);
    expect(garbled.code).toBe(4);
    oneLine(garbled.stderr, /^kqlhunt: TGT005 /);
  });

  it('a Defender-only function is reported before anything is sent', async () => {
    reset(http);
    const r = await cli([
      'query',
      'DeviceFileEvents | invoke FileProfile(SHA1, 1000)',
      '--target',
      `adx://${http.url}/db`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FileProfile\(\) exists only in Microsoft Defender XDR.*lacks it/);
    expect(http.requests.filter((q) => q.path === '/v2/rest/query')).toHaveLength(0);
  });
});

describe('hunt --target la:// (@azure/monitor-query-logs)', () => {
  it('runs the pack with the rule window as the timespan and stores the findings', async () => {
    reset(https);
    https.behaviour.requireToken = true;
    const db = join(dir, 'la.db');
    const target = `la://${WORKSPACE}?endpoint=${https.url}`;
    const r = await cli(
      ['hunt', '--rules', 'rmm', '--target', target, '--format', 'json', '--db', db, '--auth', 'token'],
      { KQLHUNT_ACCESS_TOKEN: TOKEN },
    );
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { run: number; findings: { ruleId: string }[] };
    expect(out.findings.filter((f) => f.ruleId === SYNCRO)).toHaveLength(1);
    const q = https.requests.find((x) => x.path === `/v1/workspaces/${WORKSPACE}/query`)!;
    expect(q.authorization).toBe(`Bearer ${TOKEN}`);
    // The SyncroMSP rule looks back 5 days from now: that is the timespan the API gets.
    const syncro = https.requests
      .map((x) => x.body as { query?: string; timespan?: string })
      .find((b) => b.query?.includes("has 'Syncro'"))!;
    const [start, end] = syncro.timespan!.split('/').map((x) => Date.parse(x)) as [number, number];
    expect(end - start).toBe(5 * 86_400_000);
    expect(Math.abs(end - Date.now())).toBeLessThan(10 * 60_000);
    expect((await cli(['runs', 'show', String(out.run), '--db', db])).stdout).toContain(`target: ${target}`);
  });

  it('a partial answer is partial; a 401 is one line and exit 4', async () => {
    reset(https);
    https.behaviour.partial = true;
    const target = `la://${WORKSPACE}?endpoint=${https.url}`;
    const partial = await cli(
      ['query', 'DeviceProcessEvents | project DeviceName', '--target', target, '--auth', 'token', '--format', 'json'],
      {
        KQLHUNT_ACCESS_TOKEN: TOKEN,
      },
    );
    expect(partial.code).toBe(0);
    expect(partial.stderr).toMatch(/partial result from la:.*PartialError/);
    expect(JSON.parse(partial.stdout).rows).toHaveLength(1);

    reset(https);
    https.behaviour.requireToken = true;
    const denied = await cli(['hunt', '--rules', 'rmm', '--target', target, '--auth', 'token', '--no-store'], {
      KQLHUNT_ACCESS_TOKEN: 'wrong',
    });
    expect(denied.code).toBe(4);
    oneLine(denied.stderr, /^kqlhunt: TGT002 .*HTTP 401/);
  });
});

describe('hunt --target defender:// (Graph runHuntingQuery)', () => {
  it('runs the pack, sends Timespan as an ISO duration, stores the findings; a 429 is retried', async () => {
    reset(https);
    https.behaviour.requireToken = true;
    https.behaviour.throttle = 1;
    const db = join(dir, 'defender.db');
    const target = `defender://?endpoint=${https.url}`;
    const r = await cli(
      ['hunt', '--rules', 'rmm', '--target', target, '--format', 'json', '--db', db, '--auth', 'token'],
      { KQLHUNT_ACCESS_TOKEN: TOKEN },
    );
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { run: number; findings: { ruleId: string }[] };
    expect(out.findings.filter((f) => f.ruleId === SYNCRO)).toHaveLength(1);
    // The first request was throttled (429, Retry-After: 0) and the Graph client retried it.
    expect(https.requests.filter((x) => x.path === '/v1.0/security/runHuntingQuery').length).toBe(
      rulesIn(r.stdout) + 1,
    );
    const bodies = https.requests
      .filter((x) => x.path === '/v1.0/security/runHuntingQuery')
      .map((x) => x.body as { Query: string; Timespan?: string });
    expect(bodies.find((b) => b.Query.includes("has 'Syncro'"))?.Timespan).toBe('P5D');
    expect((await cli(['runs', 'show', String(out.run), '--db', db])).stdout).toContain(`target: ${target}`);
  });

  it('a timeout is one line and exit 4', async () => {
    reset(https);
    https.behaviour.delayMs = 3000;
    const r = await cli(
      ['query', 'print 1', '--target', `defender://?endpoint=${https.url}`, '--auth', 'token', '--timeout', '200'],
      {
        KQLHUNT_ACCESS_TOKEN: TOKEN,
      },
    );
    expect(r.code).toBe(4);
    oneLine(r.stderr, /^kqlhunt: TGT004 .*did not answer in time/);
  });
});

describe('data push --target adx:// (azure-kusto-ingest)', () => {
  it('creates the tables from their schemas and streams every row, with progress', async () => {
    reset(http);
    http.commands.length = 0;
    http.ingested.clear();
    const r = await cli(['data', 'push', data, '--target', `adx://${http.url}/Security`]);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`pushed 3 rows in 1 table(s) to adx://${http.url}/Security`);
    expect(r.stderr).toContain('[1/1] DeviceProcessEvents: 3/3 rows');
    expect(http.commands).toHaveLength(1);
    expect(http.commands[0]).toMatch(
      /^\.create-merge table \['DeviceProcessEvents'\] \(\['Timestamp'\]:datetime, .*\['DeviceName'\]:string/,
    );
    const rows = http.ingested.get('DeviceProcessEvents')!;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ DeviceName: 'pc1', ProcessVersionInfoProductName: 'Syncro' });
  });
});
