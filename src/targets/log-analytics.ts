/**
 * A Log Analytics (Sentinel) workspace through @azure/monitor-query-logs (the successor of
 * @azure/monitor-query), loaded only when an la:// target is used. The rule's time window goes in
 * the API's timespan parameter (the service filters on TimeGenerated before the query runs);
 * `serverTimeoutInSeconds` carries the rule's time limit; a PartialFailure answer keeps its rows and
 * is reported as partial. The client's own pipeline retries 429s after Retry-After.
 */
import type { TokenCredential } from '@azure/core-auth';
import { msFromTicks } from '../kql/engine.js';
import type { TargetAddress } from './address.js';
import { targetDiagnostics } from './capabilities.js';
import { remoteTable } from './cells.js';
import { classify, malformed } from './failures.js';
import { MAX_RETRIES } from './retry.js';
import type { QueryTarget, TargetOutcome, TargetQuery } from './types.js';

/** Log Analytics query API limits (documented service limits). */
export const LA_LIMITS =
  'Log Analytics: at most 500,000 rows and 64 MB per result, 10 minutes per query (server timeout), 200 requests per 30 s per user; 429 retried after Retry-After';

/** With no window: the API requires a timespan; a day before now unless the rule says otherwise. */
const DEFAULT_LOOKBACK_MS = 24 * 3600_000;

export async function logAnalyticsTarget(
  addr: Extract<TargetAddress, { kind: 'log-analytics' }>,
  credential: TokenCredential,
): Promise<QueryTarget> {
  const { LogsQueryClient } = await import('@azure/monitor-query-logs');
  const client = new LogsQueryClient(credential, {
    endpoint: `${addr.endpoint}/v1`,
    retryOptions: { maxRetries: MAX_RETRIES },
  });
  const where = addr.text;
  return {
    kind: 'log-analytics',
    address: addr.text,
    remote: true,
    limits: LA_LIMITS,
    check: (text) => targetDiagnostics('log-analytics', addr.text, text),
    async run(q: TargetQuery): Promise<TargetOutcome> {
      const end = q.window
        ? new Date(msFromTicks(q.window.end))
        : q.now !== undefined
          ? new Date(msFromTicks(q.now))
          : new Date();
      const start = q.window ? new Date(msFromTicks(q.window.start)) : new Date(end.getTime() - DEFAULT_LOOKBACK_MS);
      const timeoutSecs = q.timeoutMs ? Math.max(1, Math.ceil(q.timeoutMs / 1000)) : undefined;
      let result: Awaited<ReturnType<typeof client.queryWorkspace>>;
      try {
        result = await client.queryWorkspace(
          addr.workspace,
          q.text,
          { startTime: start, endTime: end },
          {
            ...(timeoutSecs ? { serverTimeoutInSeconds: timeoutSecs } : {}),
            ...(q.timeoutMs ? { abortSignal: AbortSignal.timeout(q.timeoutMs + 5_000) } : {}),
          },
        );
      } catch (e) {
        return { ok: false, failure: classify(e, where) };
      }
      const partial = 'partialTables' in result ? result : undefined;
      const tables = partial ? partial.partialTables : 'tables' in result ? result.tables : undefined;
      const primary = tables?.[0];
      if (!primary || !Array.isArray(primary.columnDescriptors) || !Array.isArray(primary.rows))
        return { ok: false, failure: malformed(where, 'no result table') };
      const table = remoteTable(
        primary.columnDescriptors.map((c: { name?: string; type?: string }) => ({
          name: c.name ?? '',
          type: c.type ?? null,
        })),
        primary.rows,
      );
      if (partial)
        return {
          ok: true,
          table,
          partial: `${partial.partialError.code ?? 'PartialError'}: ${partial.partialError.message ?? 'the service returned part of the result'}`,
          diagnostics: [],
        };
      return { ok: true, table, diagnostics: [] };
    },
    async close() {},
  };
}
