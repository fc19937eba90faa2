/**
 * Runs, findings, triage and exclusion choices live in the SQLite store: set them through the web
 * app, stop the server and close the store, boot again on the same file, and they are all there —
 * and the second start-up hunt keeps the triage of findings it sees again.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { boot } from '../../src/web/boot.js';
import { buildServer } from '../../src/web/server.js';
import type { WebState } from '../../src/web/state.js';
import { SYNCRO_NETCONN_ID, session, tempDir } from './helpers.js';

const demoDir = tempDir('kqlhunt-persist-fleet-');
const db = join(tempDir('kqlhunt-persist-db-'), 'nested', 'soc.db');
const open: { app: FastifyInstance; state: WebState }[] = [];

async function start(): Promise<{ app: FastifyInstance; state: WebState }> {
  const state = await boot({ rules: ['rmm'], demoDir, db });
  const app = buildServer(state);
  await app.ready();
  open.push({ app, state });
  return { app, state };
}

async function stop(s: { app: FastifyInstance; state: WebState }): Promise<void> {
  await s.app.close();
  s.state.close();
}

afterAll(async () => {
  for (const s of open) {
    await s.app.close();
    s.state.close();
  }
});

describe('persistence across a server restart', () => {
  it('keeps runs, findings, triage and exclusion choices', async () => {
    const first = await start();
    const runs1 = (await first.app.inject({ method: 'GET', url: '/api/runs' })).json() as {
      runs: { id: string; findings: number }[];
    };
    expect(runs1.runs).toHaveLength(1);
    expect(runs1.runs[0]?.findings).toBeGreaterThan(0);
    const f = first.state.findingsOfRule(SYNCRO_NETCONN_ID)[0];
    if (!f) throw new Error('the demo hunt found no SyncroMSP network connection');
    const s = await session(first.app);
    const patched = await first.app.inject({
      method: 'PATCH',
      url: `/api/findings/${f.id}`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.token },
      payload: { triage: 'true_positive', note: 'confirmed with the owner' },
    });
    expect(patched.statusCode).toBe(200);
    // Disabling a suggestion stores the rule's suggested set with that one off.
    const toggled = await first.app.inject({
      method: 'POST',
      url: `/rules/${SYNCRO_NETCONN_ID}/exclusions/agent-heartbeat`,
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(s.token)}&enabled=0`,
    });
    expect(toggled.statusCode).toBe(303);
    expect(toggled.headers.location).toBe(`/rules/${SYNCRO_NETCONN_ID}#fp-h`);
    const stored = first.state.store.listExclusions(SYNCRO_NETCONN_ID);
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(stored.find((x) => x.id === 'agent-heartbeat')?.enabled).toBe(false);
    await stop(first);

    const second = await start();
    const got = (await second.app.inject({ method: 'GET', url: `/api/findings/${f.id}` })).json() as {
      triage: string;
      note: string;
    };
    expect(got).toMatchObject({ triage: 'true_positive', note: 'confirmed with the owner' });
    const runs2 = (await second.app.inject({ method: 'GET', url: '/api/runs' })).json() as {
      runs: { id: string }[];
    };
    // The restart's own hunt plus the one from before.
    expect(runs2.runs.map((r) => r.id)).toEqual([String(Number(runs1.runs[0]?.id) + 1), runs1.runs[0]?.id]);
    // The new run saw the finding again (same id) and its triage stayed.
    const again = second.state.findingsOfRun(runs2.runs[0]?.id ?? '').find((x) => x.id === f.id);
    expect(again?.triage).toBe('true_positive');
    // The rule page now shows the stored set, with the choice made before the restart.
    const page = (await second.app.inject({ method: 'GET', url: `/rules/${SYNCRO_NETCONN_ID}` })).body;
    expect(page).toContain('Exclusions stored for this rule');
    expect(page).toMatch(/data-exclusion="agent-heartbeat">[\s\S]*?badge-info">disabled/);
    // The second hunt ran the rule with its stored exclusions and recorded their effect.
    const result = second.state.store
      .ruleResults(Number(runs2.runs[0]?.id))
      .find((r) => r.ruleId === SYNCRO_NETCONN_ID);
    const applied = result?.exclusions?.map((x) => x.exclusionId) ?? [];
    expect(applied).toContain('scheduled-maintenance');
    expect(applied).not.toContain('agent-heartbeat');
    const runPage = (await second.app.inject({ method: 'GET', url: `/hunts/${runs2.runs[0]?.id}` })).body;
    expect(runPage).toContain('Exclusions applied');
    expect(runPage).toMatch(/Scheduled maintenance task: \d+ rows \(\d+ benign, /);
    await stop(second);
  }, 120_000);

  it('refuses exclusion changes without the CSRF token and for unknown ids', async () => {
    const { app } = await start();
    const s = await session(app);
    const noToken = await app.inject({
      method: 'POST',
      url: `/rules/${SYNCRO_NETCONN_ID}/exclusions/agent-heartbeat`,
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'enabled=1',
    });
    expect(noToken.statusCode).toBe(403);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.token };
    const unknown = await app.inject({
      method: 'PATCH',
      url: `/api/rules/${SYNCRO_NETCONN_ID}/exclusions/no-such-exclusion`,
      headers,
      payload: { enabled: true },
    });
    expect(unknown.statusCode).toBe(404);
    const bad = await app.inject({
      method: 'PATCH',
      url: `/api/rules/${SYNCRO_NETCONN_ID}/exclusions/agent-heartbeat`,
      headers,
      payload: { enabled: 'maybe' },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await app.inject({
      method: 'PATCH',
      url: `/api/rules/${SYNCRO_NETCONN_ID}/exclusions/agent-heartbeat`,
      headers,
      payload: { enabled: true },
    });
    expect(ok.statusCode).toBe(200);
    const list = (ok.json() as { exclusions: { id: string; enabled: boolean }[] }).exclusions;
    expect(list.find((x) => x.id === 'agent-heartbeat')?.enabled).toBe(true);
  }, 120_000);
});
