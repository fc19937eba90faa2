/**
 * Defender XDR advanced hunting through Microsoft Graph (`POST /security/runHuntingQuery`) with the
 * official Graph client, loaded only when a defender:// target is used; the token comes from the
 * @azure/identity credential (scope https://graph.microsoft.com/.default, permission
 * ThreatHunting.Read.All). The rule's lookback goes in the optional Timespan parameter (ISO 8601
 * duration). The client's retry handler retries 429s after Retry-After.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { TargetAddress } from './address.js';
import { targetDiagnostics } from './capabilities.js';
import { remoteTable } from './cells.js';
import { classify, malformed } from './failures.js';
import type { QueryTarget, TargetOutcome, TargetQuery } from './types.js';

/** Advanced hunting quotas (Graph security API documentation). */
export const DEFENDER_LIMITS =
  'Defender XDR: 30 days of data, at most 100,000 rows and 64 MB per result, 45 calls per minute, a 10-minute CPU quota per hour; 429 retried after Retry-After';

/** An ISO 8601 duration of whole seconds (P1DT2H3M4S), at most the 30 days the API keeps. */
export function isoDuration(ticks: bigint): string {
  let secs = Number(ticks / 10_000_000n);
  secs = Math.max(1, Math.min(secs, 30 * 86_400));
  const d = Math.floor(secs / 86_400);
  const h = Math.floor((secs % 86_400) / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}` || 'PT0S';
}

interface HuntingResponse {
  schema?: { name?: string; Name?: string; type?: string; Type?: string }[];
  results?: unknown[];
}

export async function defenderTarget(
  addr: Extract<TargetAddress, { kind: 'defender' }>,
  credential: TokenCredential,
): Promise<QueryTarget> {
  const client = await graphClient(addr.endpoint, credential);
  const where = addr.text;
  return {
    kind: 'defender',
    address: addr.text,
    remote: true,
    limits: DEFENDER_LIMITS,
    check: (text) => targetDiagnostics('defender', addr.text, text),
    async run(q: TargetQuery): Promise<TargetOutcome> {
      const body = { Query: q.text, ...(q.window ? { Timespan: isoDuration(q.window.end - q.window.start) } : {}) };
      let answer: HuntingResponse;
      try {
        const call = client.api('/security/runHuntingQuery').post(body) as Promise<HuntingResponse>;
        answer = q.timeoutMs ? await withTimeout(call, q.timeoutMs + 1_000) : await call;
      } catch (e) {
        return { ok: false, failure: classify(e, where) };
      }
      if (!answer || !Array.isArray(answer.schema) || !Array.isArray(answer.results))
        return { ok: false, failure: malformed(where, 'expected {schema: […], results: […]}') };
      const table = remoteTable(
        answer.schema.map((c) => ({ name: c.name ?? c.Name ?? '', type: c.type ?? c.Type ?? null })),
        answer.results,
      );
      return { ok: true, table, diagnostics: [] };
    },
    async close() {},
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** The Graph client for `endpoint` (graph.microsoft.com, or another host such as a test server). */
export async function graphClient(endpoint: string, credential: TokenCredential) {
  const graph = await import('@microsoft/microsoft-graph-client');
  const { TokenCredentialAuthenticationProvider } = await import(
    '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js'
  );
  const host = new URL(endpoint).hostname;
  const authProvider = new TokenCredentialAuthenticationProvider(credential, {
    scopes: [`${new URL(endpoint).origin}/.default`],
  });
  return graph.Client.initWithMiddleware({
    authProvider,
    baseUrl: endpoint,
    defaultVersion: 'v1.0',
    ...(host !== 'graph.microsoft.com' ? { customHosts: new Set([host]) } : {}),
  });
}
