/**
 * The analyst's routes through fastify.inject: inbox filters, sort and pages; grouping of the
 * "All tools" sweep with per-tool rules; bulk and single triage (CSRF on every write, history,
 * assignee); the finding page's evidence and raw events; device and user pages; hunts started
 * from the web by scope; the feed's pages, sort and origin facet; Chart.js as a static asset.
 */
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { evidenceOf } from '../../src/web/evidence.js';
import { inboxItems, inboxPage, inboxQueryFrom } from '../../src/web/inbox.js';
import type { WebState } from '../../src/web/state.js';
import { expectSecurityHeaders, session, testServer } from './helpers.js';

let app: FastifyInstance;
let state: WebState;
beforeAll(async () => {
  ({ app, state } = await testServer());
});

const form = (fields: [string, string][]) => fields.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

describe('inbox', () => {
  it('groups findings of the same events on the same device; the per-tool rule leads the group', () => {
    const grouped = inboxItems(state, true);
    const flat = inboxItems(state, false);
    expect(flat.length).toBe(state.allFindings().length);
    expect(grouped.length).toBeLessThan(flat.length);
    const withDup = grouped.filter((g) => g.duplicates.length > 0);
    expect(withDup.length).toBeGreaterThan(0);
    for (const g of withDup) {
      for (const d of g.duplicates) {
        expect(d.deviceName).toBe(g.finding.deviceName);
        // Same device, and at least one shared ReportId somewhere in the group.
        expect(
          g.duplicates.concat(g.finding).some((o) => o !== d && o.reportIds.some((r) => d.reportIds.includes(r))),
        ).toBe(true);
      }
      // A sweep never leads a group that has a per-tool rule.
      if ([g.finding, ...g.duplicates].some((f) => !/All tools/.test(f.ruleName)))
        expect(g.finding.ruleName).not.toMatch(/All tools/);
    }
    // Every finding is in exactly one group.
    const ids = grouped.flatMap((g) => [g.finding.id, ...g.duplicates.map((d) => d.id)]).sort();
    expect(ids).toEqual(
      state
        .allFindings()
        .map((f) => f.id)
        .sort(),
    );
  });

  it("the user facet's accounts, looked up once per run, are the ones each finding page shows", () => {
    // The inbox first (one batched lookup per run), then each finding's own evidence query.
    const items = inboxItems(state, false);
    const withUsers = items.filter((i) => i.users.length > 0);
    expect(withUsers.length).toBeGreaterThan(items.length / 2);
    for (const i of items) expect([...i.users]).toEqual([...evidenceOf(state, i.finding).users].sort());
  });

  it('filters by device, severity, rule and time; sorts; pages', () => {
    const all = inboxPage(state, inboxQueryFrom({ group: '0' }));
    const device = all.facets.device[0]![0];
    const onDevice = inboxPage(state, inboxQueryFrom({ group: '0', device }));
    expect(onDevice.total).toBe(all.facets.device[0]![1]);
    expect(onDevice.items.every((i) => i.finding.deviceName === device)).toBe(true);
    const sev = all.facets.severity[0]![0];
    expect(inboxPage(state, inboxQueryFrom({ severity: sev, group: '0' })).items.every((i) => i.severity === sev)).toBe(
      true,
    );
    const byCount = inboxPage(state, inboxQueryFrom({ sort: 'count', group: '0' })).items.map((i) => i.finding.count);
    expect(byCount).toEqual([...byCount].sort((a, b) => b - a));
    const newest = inboxPage(state, inboxQueryFrom({ group: '0' })).items.map((i) => i.finding.lastSeen);
    expect(newest).toEqual([...newest].sort().reverse());
    // A time range after every finding leaves nothing; one covering all keeps all.
    expect(inboxPage(state, inboxQueryFrom({ from: '2999-01-01', group: '0' })).total).toBe(0);
    expect(inboxPage(state, inboxQueryFrom({ from: '2000-01-01', to: '2999-01-01', group: '0' })).total).toBe(
      all.total,
    );
    // Bad values are ignored, never errors.
    const odd = inboxQueryFrom({ sort: 'drop table', page: '-3', state: 'nonsense', from: 'yesterday' });
    expect(odd).toMatchObject({ sort: 'newest', page: 1 });
    expect(odd.state).toBeUndefined();
    expect(odd.from).toBeUndefined();
  });

  it('GET /findings, a finding, a device and a user page are escaped HTML with the security headers', async () => {
    const f = state.allFindings()[0]!;
    for (const url of [
      '/findings',
      '/findings?state=new&sort=severity&page=1',
      `/findings/${f.id}`,
      `/devices/${encodeURIComponent(f.deviceName)}`,
      '/users/system',
      '/devices/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expectSecurityHeaders(res);
      expect(res.body).not.toMatch(/<script(?![^>]*src="\/static\/[\w.-]+\.js")/);
      expect(res.body).not.toContain('<script>alert(1)');
    }
    const page = (await app.inject({ method: 'GET', url: `/findings/${f.id}` })).body;
    expect(page).toContain('Raw events');
    expect(page).toMatch(/<table class="grid events">/);
    expect(page).toContain(`/devices/${encodeURIComponent(f.deviceName)}`);
    const device = (await app.inject({ method: 'GET', url: `/devices/${encodeURIComponent(f.deviceName)}` })).body;
    expect(device).toContain('class="tl-axis"');
    expect(device).toContain(`/findings/${f.id}`);
    expect((await app.inject({ method: 'GET', url: '/findings/ffff' })).statusCode).toBe(404);
  });

  it('bulk triage needs the CSRF token, then sets state, assignee and comment with history', async () => {
    const s = await session(app);
    const ids = state
      .allFindings()
      .slice(0, 3)
      .map((f) => f.id);
    const body = form([
      ...ids.map((id): [string, string] => ['ids', id]),
      ['triage', 'benign'],
      ['assignee', 'sam'],
      ['comment', 'IT-managed <b>tool</b>'],
      ['return', '/findings?state=benign'],
    ]);
    const headers = { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const refused = await app.inject({ method: 'POST', url: '/findings/triage', headers, payload: body });
    expect(refused.statusCode).toBe(403);
    expect(state.finding(ids[0]!)!.assignee).toBe('');
    const ok = await app.inject({
      method: 'POST',
      url: '/findings/triage',
      headers,
      payload: `${body}&_csrf=${encodeURIComponent(s.token)}`,
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/findings?state=benign');
    for (const id of ids) {
      expect(state.finding(id)).toMatchObject({ triage: 'benign', assignee: 'sam', note: 'IT-managed <b>tool</b>' });
      expect(state.store.findingHistory(id).at(-1)).toMatchObject({ state: 'benign', assignee: 'sam' });
    }
    const html = (await app.inject({ method: 'GET', url: `/findings/${ids[0]}` })).body;
    expect(html).toContain('IT-managed &lt;b&gt;tool&lt;/b&gt;');
    // A return address elsewhere is not followed.
    const away = await app.inject({
      method: 'POST',
      url: '/findings/triage',
      headers,
      payload: form([
        ['ids', ids[0]!],
        ['comment', 'x'],
        ['return', 'https://evil.example/'],
        ['_csrf', s.token],
      ]),
    });
    expect(away.headers.location).toBe('/findings');
    const none = await app.inject({
      method: 'POST',
      url: '/findings/triage',
      headers,
      payload: form([
        ['triage', 'benign'],
        ['_csrf', s.token],
      ]),
    });
    expect(none.statusCode).toBe(400);
  });

  it('single triage from the finding page and the JSON API; history over the API', async () => {
    const s = await session(app);
    const f = state.allFindings()[5]!;
    const res = await app.inject({
      method: 'POST',
      url: `/findings/${f.id}/triage`,
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form([
        ['triage', 'true_positive'],
        ['assignee', 'kim'],
        ['comment', 'escalated'],
        ['_csrf', s.token],
      ]),
    });
    expect(res.statusCode).toBe(303);
    const api = await app.inject({
      method: 'POST',
      url: '/api/findings/triage',
      headers: { cookie: s.cookie, 'x-csrf-token': s.token, 'content-type': 'application/json' },
      payload: JSON.stringify({ ids: [f.id], assignee: '-' }),
    });
    expect(api.json()).toEqual({
      changed: [{ id: f.id, triage: 'true_positive', assignee: '', comment: 'escalated' }],
    });
    const history = (await app.inject({ method: 'GET', url: `/api/findings/${f.id}/history` })).json() as {
      history: { state?: string; assignee?: string; comment: string }[];
    };
    expect(history.history.map(({ state, assignee, comment }) => ({ state, assignee, comment }))).toEqual([
      { state: 'true_positive', assignee: 'kim', comment: 'escalated' },
      { state: undefined, assignee: '', comment: '' },
    ]);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/findings/triage',
      headers: { cookie: s.cookie, 'x-csrf-token': s.token, 'content-type': 'application/json' },
      payload: JSON.stringify({ ids: [f.id], triage: 'maybe' }),
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('feed, hunts, static', () => {
  it('the feed pages, sorts and shows finding counts per rule', async () => {
    const p1 = (await app.inject({ method: 'GET', url: '/' })).body;
    expect(p1).toMatch(/page 1 of \d+/);
    expect(p1).toContain('rel="next" href="/?page=2"');
    const p2 = (await app.inject({ method: 'GET', url: '/?page=2&sort=findings' })).body;
    expect(p2).toMatch(/page 2 of \d+/);
    const top = (await app.inject({ method: 'GET', url: '/?sort=findings' })).body;
    const first = /class="badge badge-alert" href="[^"]*">(\d+) findings?</.exec(top);
    expect(Number(first?.[1])).toBe(Math.max(...state.findingCounts().values()));
    expect(top).toContain('<label for="facet-origin">Origin</label>');
    expect(top).toMatch(/<option value="rmm">rmm \(\d+\)<\/option>/);
  });

  it('serves Chart.js from the package as a same-origin script, and the playground loads it', async () => {
    const js = await app.inject({ method: 'GET', url: '/static/chart.umd.min.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.body).toContain('Chart');
    expect(js.body.length).toBeGreaterThan(100_000);
    const pg = (await app.inject({ method: 'GET', url: '/playground' })).body;
    expect(pg).toMatch(
      /<script src="\/static\/chart\.umd\.min\.js" defer><\/script>\s*<script src="\/static\/app\.js"/,
    );
    const q = await app.inject({
      method: 'POST',
      url: '/api/query',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query: 'range x from 1 to 3 step 1 | render columnchart' }),
    });
    // Without a session the write is refused; with one, the chart kind comes back.
    expect(q.statusCode).toBe(403);
    const s = await session(app);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/query',
      headers: { cookie: s.cookie, 'x-csrf-token': s.token, 'content-type': 'application/json' },
      payload: JSON.stringify({ query: 'range x from 1 to 3 step 1 | render columnchart' }),
    });
    expect(ok.json()).toMatchObject({ chart: { kind: 'columnchart' }, totalRows: 3 });
  });

  it('POST /hunts with a scope hunts just that rule and shows progress until it is done', async () => {
    const s = await session(app);
    const rule = state.rules.find((r) => state.hasData(r))!;
    const before = state.runs.length;
    const res = await app.inject({
      method: 'POST',
      url: '/hunts',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form([
        ['scope', `rule:${rule.rule.id}`],
        ['_csrf', s.token],
      ]),
    });
    expect(res.statusCode).toBe(303);
    const runId = /^\/hunts\/(\d+)$/.exec(String(res.headers.location))?.[1];
    expect(runId).toBeDefined();
    // Wait for the one-rule hunt to finish, then check what it ran.
    for (let i = 0; i < 100 && state.run(runId!)?.status === 'running'; i++)
      await new Promise((r) => setTimeout(r, 50));
    const run = state.run(runId!)!;
    expect(run.status).toBe('completed');
    expect(run.rulesRun).toBe(1);
    expect(state.runs.length).toBe(before + 1);
    const page = (await app.inject({ method: 'GET', url: `/hunts/${runId}` })).body;
    expect(page).not.toContain('http-equiv="refresh"');
    const unknown = await app.inject({
      method: 'POST',
      url: '/hunts',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form([
        ['scope', 'rule:no-such-rule'],
        ['_csrf', s.token],
      ]),
    });
    expect(unknown.statusCode).toBe(400);
  });
});
