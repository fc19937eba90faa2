/**
 * Throttling: a 429 is retried after the service's Retry-After (seconds) or, without one, after an
 * exponential back-off (0.5 s, 1 s, 2 s … capped at 30 s), at most `retries` times; then the 429
 * is reported as TGT003. Log Analytics and Graph clients do the same in their own pipelines
 * (configured with the same retry count); azure-kusto-data does not retry, so the ADX target uses this.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export const MAX_RETRIES = Number(process.env.KQLHUNT_TARGET_RETRIES ?? 3);
const BASE_MS = 500;
const CAP_MS = 30_000;

function status(e: unknown): number | undefined {
  const o = e as { response?: { status?: number }; cause?: unknown; name?: string } | undefined;
  if (o?.name === 'ThrottlingError') return 429;
  return o?.response?.status ?? (o?.cause ? status(o.cause) : undefined);
}

function retryAfterMs(e: unknown): number | undefined {
  const o = e as { response?: { headers?: Record<string, unknown> }; cause?: unknown } | undefined;
  const h = o?.response?.headers?.['retry-after'];
  if (typeof h === 'string' || typeof h === 'number') {
    const secs = Number(h);
    if (Number.isFinite(secs) && secs >= 0) return Math.min(secs * 1000, CAP_MS);
  }
  return o?.cause ? retryAfterMs(o.cause) : undefined;
}

export async function withRetry<T>(attempt: () => Promise<T>, retries = MAX_RETRIES): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (status(e) !== 429 || i >= retries) throw e;
      await sleep(retryAfterMs(e) ?? Math.min(BASE_MS * 2 ** i, CAP_MS));
    }
  }
}
