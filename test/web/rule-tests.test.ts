/**
 * The rule page's Tests section: the tests a rule carries, with the last result `kqlhunt test`
 * stored, "not run yet" before that, and test names/messages escaped (they are rule-repository text).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot } from '../../src/web/boot.js';
import { buildServer } from '../../src/web/server.js';
import type { WebState } from '../../src/web/state.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from './helpers.js';

const SYNCRO = 'f9919f87-a7ba-4f47-a942-e30c46eb7a7d';
const EVIL_TEST = `<script>alert("test")</script>`;
let dir = '';
let db = '';
let app: FastifyInstance;
let state: WebState;

async function page(id: string): Promise<string> {
  const res = await app.inject({ method: 'GET', url: `/rules/${id}` });
  expect(res.statusCode).toBe(200);
  const body = res.body;
  return body.slice(
    body.indexOf('<section aria-labelledby="tests-h"'),
    body.indexOf('</section>', body.indexOf('id="tests-h"')),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kqlhunt-web-tests-'));
  const rules = join(dir, 'rules');
  mkdirSync(rules);
  const src = join(REPO_ROOT, 'packs/rmm/tools/SyncroMSP');
  copyFileSync(join(src, 'rmm_SyncroMSP_createproc.yaml'), join(rules, 'syncro.yaml'));
  copyFileSync(join(src, 'rmm_SyncroMSP_createproc.tests.yaml'), join(rules, 'syncro.tests.yaml'));
  copyFileSync(join(src, 'rmm_SyncroMSP_netconn.yaml'), join(rules, 'netconn.yaml'));
  writeFileSync(
    join(rules, 'evil.yaml'),
    `id: evil-tests-0001\nname: Evil tests\nquery: |\n  DeviceProcessEvents | where FileName == 'x'\ntests:\n  - name: '${EVIL_TEST}'\n    input: { tables: { DeviceProcessEvents: [ { FileName: x } ] } }\n    expect: { fires: false }\n`,
  );
  db = join(dir, 'k.db');
  const data = join(dir, 'DeviceInfo.ndjson');
  writeFileSync(data, `${JSON.stringify({ Timestamp: '2024-05-01T00:00:00Z', DeviceId: 'd', DeviceName: 'pc' })}\n`);
  state = await boot({ rules: [rules], data: [data], db, noHunt: true });
  app = buildServer(state);
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('rule page: Tests', () => {
  it('lists the tests as not run yet, then with the last result kqlhunt test stored', async () => {
    const before = await page(SYNCRO);
    expect(before).toContain('fires on Syncro.Installer.exe with the vendor&#39;s PE company');
    expect(before).toContain('does not fire once exclusions are enabled: Scheduled SyncroMSP Agent Sync Job');
    expect(before).toContain('not run yet');
    const run = runCli(['test', join(dir, 'rules'), '--db', db], '', {}, { timeoutMs: 120_000 });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const after = await page(SYNCRO);
    expect(after).not.toContain('not run yet');
    expect((after.match(/>PASS</g) ?? []).length).toBe(12);
  });

  it('a rule without tests says how to add them', async () => {
    expect(await page('3abb45d6-8514-4444-a7e4-6ab1c71ae5ce')).toContain('This rule carries no tests');
  });

  it('escapes test names and failure messages', async () => {
    const html = await page('evil-tests-0001');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;test&quot;)&lt;/script&gt;');
    expect(html).toMatch(/>FAIL</);
    expect(html).toContain('expected the rule not to fire');
  });
});
