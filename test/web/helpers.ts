/** Shared set-up for the web tests: a booted state on a demo fleet, and a rule full of XSS payloads. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { boot } from '../../src/web/boot.js';
import { buildServer } from '../../src/web/server.js';
import type { WebState } from '../../src/web/state.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SYNCRO_NETCONN_ID = '3abb45d6-8514-4444-a7e4-6ab1c71ae5ce';
export const EVIL_ID = 'evil-0001';
export const EVIL_NAME = `Evil <script>alert("name")</script><img src=x onerror=alert(1)>`;

/** A Sentinel hunting rule whose every text field carries a payload. */
export const EVIL_RULE_YAML = `id: ${EVIL_ID}
name: '${EVIL_NAME.replace(/'/g, "''")}'
description: |
  <script>alert('description')</script> <a href="javascript:alert(2)">click</a> <svg onload=alert(3)>
  javascript:alert(4)
  https://example.com/"><script>alert(5)</script>
requiredDataConnectors:
  - connectorId: MicrosoftThreatProtection
    dataTypes:
      - DeviceProcessEvents
tactics:
  - CommandAndControl
relevantTechniques:
  - T1219
query: |
  // </code></pre><script>alert('query')</script>
  DeviceProcessEvents
  | where FileName has "<img src=x onerror=alert(6)>"
  | project Timestamp, DeviceId, DeviceName, Payload = "</td><script>alert(7)</script>"
tags:
  - '<b onmouseover=alert(8)>tag</b>'
`;

export function evilRuleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-evil-'));
  writeFileSync(join(dir, 'evil.yaml'), EVIL_RULE_YAML);
  return dir;
}

let shared: Promise<WebState> | undefined;

/** A fresh demo-fleet directory (generated on first boot into it). */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * One booted state per test file: the bundled packs plus the payload rule, on a fresh demo fleet,
 * with its own store file.
 */
export function testState(): Promise<WebState> {
  shared ??= boot({
    rules: ['rmm', evilRuleDir()],
    demoDir: tempDir('kqlhunt-web-fleet-'),
    db: join(tempDir('kqlhunt-web-db-'), 'kqlhunt.db'),
  });
  return shared;
}

export async function testServer(): Promise<{ app: FastifyInstance; state: WebState }> {
  const state = await testState();
  const app = buildServer(state);
  await app.ready();
  return { app, state };
}

/** Cookie and CSRF token for state-changing requests, as a browser would hold them. */
export async function session(app: FastifyInstance): Promise<{ cookie: string; token: string }> {
  const res = await app.inject({ method: 'GET', url: '/api/csrf' });
  const setCookie = String(res.headers['set-cookie'] ?? '');
  const cookie = setCookie.split(';')[0] ?? '';
  return { cookie, token: (res.json() as { token: string }).token };
}

export function expectSecurityHeaders(res: LightMyRequestResponse): void {
  const csp = String(res.headers['content-security-policy'] ?? '');
  for (const part of [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ]) {
    if (!csp.includes(part)) throw new Error(`CSP lacks ${part}: ${csp}`);
  }
  if (res.headers['x-content-type-options'] !== 'nosniff') throw new Error('missing nosniff');
}
