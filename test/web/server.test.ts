import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebState } from '../../src/web/state.js';
import { EVIL_ID, EVIL_NAME, expectSecurityHeaders, SYNCRO_NETCONN_ID, session, testServer } from './helpers.js';

let app: FastifyInstance;
let state: WebState;

beforeAll(async () => {
  ({ app, state } = await testServer());
});
afterAll(async () => {
  await app.close();
});

const PAGES: readonly [string, RegExp][] = [
  ['/', /SOC feed/],
  ['/?q=syncro&technique=T1219', /SyncroMSP/],
  [`/rules/${SYNCRO_NETCONN_ID}`, /Hunt Hypothesis/],
  ['/coverage', /ATT&amp;CK coverage/],
  ['/coverage?loaded=1&findings=1&technique=T1219', /T1219 Remote Access Tools/],
  ['/hunts', /Hunts/],
  ['/playground', /Playground/],
];

describe('pages', () => {
  it.each(PAGES)('GET %s is HTML with the security headers', async (url, content) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(res);
    expect(res.body).toMatch(content);
    // No inline script or style: everything comes from /static.
    expect(res.body).not.toMatch(/<script(?![^>]*src="\/static\/[\w.-]+\.js")/);
    expect(res.body).not.toMatch(/<[^>]*\s(style|on[a-z]+)=/i);
  });

  it('the run page shows findings, timeline and downloads', async () => {
    const run = state.runs[0];
    expect(run).toBeDefined();
    const res = await app.inject({ method: 'GET', url: `/hunts/${run?.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<svg');
    expect(res.body).toContain('By device');
    expect(res.body).toContain(`/api/runs/${run?.id}/findings.csv`);
  });

  it('the SyncroMSP rule page has every section of the SOC-feed page', async () => {
    const body = (await app.inject({ method: 'GET', url: `/rules/${SYNCRO_NETCONN_ID}` })).body;
    for (const s of [
      'Back to feed',
      'Coverage',
      'Remote Management and Monitoring tool - SyncroMSP - Network Connection',
      'MEDIUM',
      'T1219',
      'DeviceNetworkEvents',
      'pulled from an open-source repository',
      'Validate in a test environment',
      'Retrieved:',
      'Confidence:',
      'Hunt Hypothesis',
      'KQL Query',
      'Analytic Rule Definition',
      'Required Data Sources',
      'MITRE ATT&amp;CK Context',
      'References',
      'False Positive Guidance',
      'Tuned Query',
      'Run on loaded data',
      'Findings',
      'Original source',
    ]) {
      expect(body, s).toContain(s);
    }
    expect(body).toContain('<span class="k-kw">summarize</span>');
    expect(body).toMatch(/relevantTechniques:/);
  });

  it('unknown pages are a generic 404 page, unknown API paths JSON', async () => {
    const page = await app.inject({ method: 'GET', url: '/rules/does-not-exist' });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
    expectSecurityHeaders(page);
    const api = await app.inject({ method: 'GET', url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: 'Not found.' });
  });

  it('static assets are served with their types', async () => {
    const css = await app.inject({ method: 'GET', url: '/static/app.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const js = await app.inject({ method: 'GET', url: '/static/app.js' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toContain('x-csrf-token');
    expect((await app.inject({ method: 'GET', url: '/static/..%2Fserver.js' })).statusCode).toBe(404);
  });
});

describe('escaping of untrusted rule text', () => {
  it('the payload rule renders as text on its page, in the feed and in the feeds', async () => {
    for (const url of [`/rules/${EVIL_ID}`, '/?q=evil', '/feed.atom']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.body, url).not.toMatch(/<script>alert|<img src=x|<svg onload|<b onmouseover|href="javascript:/i);
      expect(res.body, url).toContain('&lt;script&gt;alert');
    }
    const feed = (await app.inject({ method: 'GET', url: '/feed.json' })).json() as { items: { title: string }[] };
    expect(feed.items.some((i) => i.title === EVIL_NAME)).toBe(true);
  });

  it('running the payload rule shows its output cells escaped', async () => {
    const s = await session(app);
    const res = await app.inject({
      method: 'POST',
      url: `/rules/${EVIL_ID}/run`,
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(s.token)}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert(7)');
  });
});

describe('feeds', () => {
  it('JSON Feed 1.1', async () => {
    const res = await app.inject({ method: 'GET', url: '/feed.json' });
    expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const feed = res.json() as {
      version: string;
      title: string;
      items: { id: string; url: string; date_modified: string }[];
    };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items.length).toBeGreaterThan(10);
    for (const i of feed.items) expect(i.url).toMatch(/^http:\/\/localhost[^/]*\/rules\//);
  });

  it('Atom 1.0', async () => {
    const res = await app.inject({ method: 'GET', url: '/feed.atom' });
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(res.body).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
    );
    expect(res.body.match(/<entry>/g)?.length).toBeGreaterThan(10);
  });
});

describe('API', () => {
  it('/api/rules lists every rule unless asked to paginate', async () => {
    const all = (await app.inject({ method: 'GET', url: '/api/rules' })).json() as { total: number; rules: unknown[] };
    expect(all.total).toBe(state.rules.length);
    expect(all.rules).toHaveLength(state.rules.length);
    const page = (await app.inject({ method: 'GET', url: '/api/rules?limit=5&offset=10' })).json() as {
      rules: { id: string }[];
      limit: number;
    };
    expect(page.limit).toBe(5);
    expect(page.rules.map((r) => r.id)).toEqual(state.rules.slice(10, 15).map((r) => r.rule.id));
    expect((await app.inject({ method: 'GET', url: '/api/rules?limit=-1' })).statusCode).toBe(400);
    const syncro = (await app.inject({ method: 'GET', url: '/api/rules?q=syncro&tool=SyncroMSP' })).json() as {
      total: number;
    };
    expect(syncro.total).toBe(3);
  });

  it('/api/rules/:id has the rule page data', async () => {
    const r = (await app.inject({ method: 'GET', url: `/api/rules/${SYNCRO_NETCONN_ID}` })).json() as Record<
      string,
      unknown
    >;
    expect(r.name).toBe('Remote Management and Monitoring tool - SyncroMSP - Network Connection');
    expect(r.dataSources).toEqual([
      { table: 'DeviceNetworkEvents', connector: 'MicrosoftThreatProtection', present: true },
    ]);
    expect(r.attack).toMatchObject([{ id: 'T1219', name: 'Remote Access Tools' }]);
    expect((await app.inject({ method: 'GET', url: '/api/rules/nope' })).statusCode).toBe(404);
  });

  it('/api/coverage counts T1219', async () => {
    const res = (await app.inject({ method: 'GET', url: '/api/coverage' })).json() as {
      techniques: { id: string; ruleIds: string[] }[];
    };
    expect(res.techniques.find((t) => t.id === 'T1219')?.ruleIds.length).toBeGreaterThanOrEqual(489);
  });

  it('/api/runs, /api/runs/:id, CSV and JSON downloads', async () => {
    const runs = (await app.inject({ method: 'GET', url: '/api/runs' })).json() as {
      runs: { id: string; findings: number }[];
    };
    const run = runs.runs[0];
    expect(run?.findings).toBeGreaterThan(0);
    const detail = (await app.inject({ method: 'GET', url: `/api/runs/${run?.id}` })).json() as { findings: unknown[] };
    expect(detail.findings).toHaveLength(run?.findings ?? -1);
    const csv = await app.inject({ method: 'GET', url: `/api/runs/${run?.id}/findings.csv` });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split('\r\n')[0]).toBe(
      'id,runId,ruleId,ruleName,deviceId,deviceName,firstSeen,lastSeen,count,triage,note',
    );
    const json = await app.inject({ method: 'GET', url: `/api/runs/${run?.id}/findings.json` });
    expect(json.json()).toHaveLength(run?.findings ?? -1);
    expect((await app.inject({ method: 'GET', url: '/api/runs/nope' })).statusCode).toBe(404);
  });

  it('triage: PATCH and POST with a token change state; bad states are 400', async () => {
    const f = state.allFindings()[0];
    if (!f) throw new Error('the demo hunt found nothing');
    const s = await session(app);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.token };
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/findings/${f.id}`,
      headers,
      payload: { triage: 'benign', note: 'IT tool' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ triage: 'benign', note: 'IT tool' });
    const got = (await app.inject({ method: 'GET', url: `/api/findings/${f.id}` })).json() as { triage: string };
    expect(got.triage).toBe('benign');
    const bad = await app.inject({
      method: 'PATCH',
      url: `/api/findings/${f.id}`,
      headers,
      payload: { triage: 'pwned' },
    });
    expect(bad.statusCode).toBe(400);
    const form = await app.inject({
      method: 'POST',
      url: `/api/findings/${f.id}`,
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(s.token)}&triage=false_positive`,
    });
    expect(form.statusCode).toBe(303);
    // Written to the store, not just to a page-level cache.
    expect(state.store.getFinding(f.id)?.state).toBe('false_positive');
    expect(state.store.getFinding(f.id)?.comment).toBe('IT tool');
    const list = (await app.inject({ method: 'GET', url: '/api/findings?triage=false_positive' })).json() as {
      total: number;
    };
    expect(list.total).toBeGreaterThanOrEqual(1);
  });

  it('/api/query runs with limits and returns typed columns', async () => {
    const s = await session(app);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.token };
    const res = await app.inject({
      method: 'POST',
      url: '/api/query',
      headers,
      payload: { query: 'DeviceNetworkEvents | count' },
    });
    expect(res.statusCode).toBe(200);
    const out = res.json() as { columns: { name: string; type: string }[]; rows: unknown[][]; diagnostics: unknown[] };
    expect(out.columns).toEqual([{ name: 'Count', type: 'long' }]);
    expect(out.rows[0]?.[0]).toBeGreaterThan(0);
    const big = (
      await app.inject({
        method: 'POST',
        url: '/api/query',
        headers,
        payload: { query: 'range x from 1 to 5000 step 1' },
      })
    ).json() as {
      rows: unknown[];
      truncated: boolean;
      totalRows: number;
    };
    expect(big.truncated).toBe(true);
    expect(big.rows).toHaveLength(1000);
    expect(big.totalRows).toBe(5000);
    const withNow = (
      await app.inject({
        method: 'POST',
        url: '/api/query',
        headers,
        payload: { query: 'print now()', now: '2024-05-01T00:00:00Z' },
      })
    ).json() as {
      rows: unknown[][];
    };
    expect(withNow.rows[0]?.[0]).toBe('2024-05-01T00:00:00.0000000Z');
    // A long past 2^53 keeps its digits in the JSON text (a JSON number, not a rounded double).
    const exact = await app.inject({
      method: 'POST',
      url: '/api/query',
      headers,
      payload: { query: 'print x = 9007199254740993, y = 9223372036854775807 + 1' },
    });
    expect(exact.statusCode).toBe(200);
    expect(exact.headers['content-type']).toMatch(/^application\/json/);
    expect(exact.body).toContain('"rows":[[9007199254740993,-9223372036854775808]]');
    expect((await app.inject({ method: 'POST', url: '/api/query', headers, payload: { query: 1 } })).statusCode).toBe(
      400,
    );
  });

  it('/api/check returns positioned diagnostics', async () => {
    const s = await session(app);
    const res = await app.inject({
      method: 'POST',
      url: '/api/check',
      headers: { cookie: s.cookie, 'x-csrf-token': s.token },
      payload: { query: 'DeviceNetworkEvents | where NoSuchColumn == 1' },
    });
    const d = (res.json() as { diagnostics: { code: string; offset: number; line: number; column: number }[] })
      .diagnostics;
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]?.offset).toBe('DeviceNetworkEvents | where '.length);
    expect(d[0]?.column).toBe(29);
  });
});

describe('cross-site protection and limits', () => {
  it('refuses state changes without the token, with a foreign Origin or cross-site fetch metadata', async () => {
    const s = await session(app);
    const payload = { query: 'print 1' };
    const noToken = await app.inject({ method: 'POST', url: '/api/query', headers: { cookie: s.cookie }, payload });
    expect(noToken.statusCode).toBe(403);
    const wrongCookie = await app.inject({
      method: 'POST',
      url: '/api/query',
      headers: { cookie: 'kqlhunt_session=AAAAAAAAAAAAAAAAAAAAAAAA', 'x-csrf-token': s.token },
      payload,
    });
    expect(wrongCookie.statusCode).toBe(403);
    const origin = await app.inject({
      method: 'POST',
      url: '/api/query',
      headers: { cookie: s.cookie, 'x-csrf-token': s.token, origin: 'https://evil.example', host: 'localhost:80' },
      payload,
    });
    expect(origin.statusCode).toBe(403);
    const site = await app.inject({
      method: 'POST',
      url: '/hunts',
      headers: { cookie: s.cookie, 'x-csrf-token': s.token, 'sec-fetch-site': 'cross-site' },
    });
    expect(site.statusCode).toBe(403);
    expect(site.headers['content-type']).toContain('text/html');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/query',
      headers: { cookie: s.cookie, 'x-csrf-token': s.token, 'sec-fetch-site': 'same-origin' },
      payload,
    });
    expect(ok.statusCode).toBe(200);
  });

  it('limits the body size and never leaks stack traces', async () => {
    const s = await session(app);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.token, 'content-type': 'application/json' };
    const huge = await app.inject({
      method: 'POST',
      url: '/api/query',
      headers,
      payload: JSON.stringify({ query: 'x'.repeat(300_000) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.body).not.toMatch(/at .*\.(js|ts):\d+/);
    const malformed = await app.inject({ method: 'POST', url: '/api/query', headers, payload: '{"query": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ error: 'The request could not be understood.' });
  });

  it('POST /hunts runs a new hunt and redirects to it', async () => {
    const before = state.runs.length;
    const s = await session(app);
    const res = await app.inject({
      method: 'POST',
      url: '/hunts',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(s.token)}`,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/hunts/${state.runs[0]?.id}`);
    expect(state.runs.length).toBe(before + 1);
  });

  it('POST /playground renders results without JS', async () => {
    const s = await session(app);
    const res = await app.inject({
      method: 'POST',
      url: '/playground',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(s.token)}&query=${encodeURIComponent('print a = "<b>x</b>"')}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(res.body).toMatch(/<span class="type">string<\/span>/);
  });
});
