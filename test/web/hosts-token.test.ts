/**
 * Request-level defences of buildServer (issue 14), in process: the Host/Origin allow-list on
 * every request (loopback names, the bound address, --allow-host, and on a wildcard bind this
 * machine's names), and the access token a non-loopback server requires.
 */
import { hostname } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { TelemetryStore } from '../../src/telemetry/store.js';
import { allowedHostsFor, buildServer } from '../../src/web/server.js';
import { WebState } from '../../src/web/state.js';

const state = new WebState({
  rules: [],
  provider: new TelemetryStore(),
  now: undefined,
  dataLabel: 'test',
  store: openStore(':memory:'),
});
afterAll(() => state.close());

describe('Host and Origin allow-list', () => {
  it('accepts loopback names and the bound address, refuses anything else with 403 and the headers', async () => {
    const app = buildServer(state, { host: '127.0.0.1', allowedHosts: ['soc.example'] });
    try {
      const get = (host: string, origin?: string) =>
        app.inject({ method: 'GET', url: '/api/rules', headers: { host, ...(origin ? { origin } : {}) } });
      for (const ok of ['127.0.0.1:7300', 'localhost:7300', '[::1]:7300', 'LOCALHOST', 'soc.example:80'])
        expect((await get(ok)).statusCode, ok).toBe(200);
      for (const bad of ['evil.example', 'evil.example:7300', '127.0.0.1.evil.example', '0.0.0.0:7300']) {
        const res = await get(bad);
        expect(res.statusCode, bad).toBe(403);
        expect(res.headers['content-security-policy']).toBeDefined();
      }
      expect((await get('127.0.0.1:7300', 'http://evil.example')).statusCode).toBe(403);
      expect((await get('127.0.0.1:7300', 'http://localhost:7300')).statusCode).toBe(200);
      const page = await app.inject({ method: 'GET', url: '/', headers: { host: 'evil.example' } });
      expect(page.statusCode).toBe(403);
      expect(page.headers['content-type']).toContain('text/html');
    } finally {
      await app.close();
    }
  });

  it('a wildcard bind accepts this machine’s own name and addresses, not other names', () => {
    const allowed = allowedHostsFor('0.0.0.0');
    expect(allowed.has(hostname().toLowerCase())).toBe(true);
    expect(allowed.has('127.0.0.1')).toBe(true);
    expect(allowed.has('evil.example')).toBe(false);
    expect(allowedHostsFor('::1').has('::1')).toBe(true);
  });
});

describe('access token (non-loopback servers)', () => {
  it('refuses requests without it (401), takes it once from ?token= into a cookie, or as a Bearer header', async () => {
    const token = 'test-token-0123456789abcdef';
    const app = buildServer(state, { host: '127.0.0.1', accessToken: token });
    try {
      const none = await app.inject({ method: 'GET', url: '/api/rules' });
      expect(none.statusCode).toBe(401);
      const wrong = await app.inject({ method: 'GET', url: '/api/rules', headers: { authorization: 'Bearer nope' } });
      expect(wrong.statusCode).toBe(401);
      const bearer = await app.inject({
        method: 'GET',
        url: '/api/rules',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(bearer.statusCode).toBe(200);
      const link = await app.inject({ method: 'GET', url: `/coverage?token=${token}&loaded=1` });
      expect(link.statusCode).toBe(303);
      expect(link.headers.location).toBe('/coverage?loaded=1');
      const cookie = String(link.headers['set-cookie']).split(';')[0] as string;
      expect(cookie).toBe(`kqlhunt_token=${token}`);
      const withCookie = await app.inject({ method: 'GET', url: '/api/rules', headers: { cookie } });
      expect(withCookie.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
