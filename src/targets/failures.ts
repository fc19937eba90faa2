/**
 * SDK errors → one TargetFailure each. The SDKs throw different shapes (axios errors from
 * azure-kusto-data, RestError from the Azure core pipeline, GraphError from the Graph client, fetch
 * errors, credential errors); this reads the status code, the network error code and the service's
 * error message from any of them, so every target says the same thing for the same problem.
 */
import type { TargetFailure } from './types.js';

const NETWORK = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);
const TIMEOUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

interface ErrorFacts {
  status?: number;
  code?: string;
  message: string;
  serviceMessage?: string;
  name?: string;
}

function dig(e: unknown, depth = 0): ErrorFacts {
  const o = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
  const facts: ErrorFacts = { message: typeof o.message === 'string' ? o.message : String(e) };
  if (typeof o.name === 'string') facts.name = o.name;
  const response = o.response as Record<string, unknown> | undefined;
  const status = o.statusCode ?? o.status ?? response?.status;
  if (typeof status === 'number') facts.status = status;
  if (typeof o.code === 'string') facts.code = o.code;
  const body = (response?.data ?? response?.bodyAsText ?? o.body) as unknown;
  const msg = serviceMessage(body);
  if (msg) facts.serviceMessage = msg;
  if (depth < 4 && o.cause) {
    const inner = dig(o.cause, depth + 1);
    facts.status ??= inner.status;
    facts.code ??= inner.code;
    facts.serviceMessage ??= inner.serviceMessage;
    if (facts.code === undefined && inner.code) facts.code = inner.code;
    if (inner.code && NETWORK.has(inner.code)) facts.code = inner.code;
  }
  if (depth < 4 && Array.isArray(o.errors)) for (const x of o.errors) facts.code ??= dig(x, depth + 1).code;
  return facts;
}

/** The message in an ADX / Log Analytics / Graph / ARM error body: {error:{message}}, {error:{"@message"}}. */
function serviceMessage(body: unknown): string | undefined {
  let b = body;
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b);
    } catch {
      return undefined;
    }
  }
  if (!b || typeof b !== 'object') return undefined;
  const err = (b as Record<string, unknown>).error as Record<string, unknown> | undefined;
  if (!err || typeof err !== 'object') return undefined;
  const inner = err.innererror as Record<string, unknown> | undefined;
  const m = err['@message'] ?? inner?.message ?? err.message;
  return typeof m === 'string' ? m : undefined;
}

const short = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 300);

/** Classifies any error thrown while talking to `where` (an address, for the message). */
export function classify(e: unknown, where: string): TargetFailure {
  const f = dig(e);
  const name = f.name ?? '';
  // Some SDK layers wrap the network error into their own message ("Failed to get cloud info … ECONNREFUSED").
  f.code ??= /\b(ECONNREFUSED|ENOTFOUND|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)\b/.exec(f.message)?.[1];
  if (f.code && NETWORK.has(f.code))
    return { kind: 'connection', code: 'TGT001', message: `cannot connect to ${where} (${f.code})` };
  if (
    f.status === 401 ||
    f.status === 403 ||
    /CredentialUnavailable|AuthenticationError|KustoAuthenticationError|AuthenticationRequired/.test(name)
  )
    return {
      kind: 'auth',
      code: 'TGT002',
      message: `${where} refused the credentials${f.status ? ` (HTTP ${f.status})` : ''}: ${short(f.serviceMessage ?? f.message)}`,
    };
  if (f.status === 429 || name === 'ThrottlingError')
    return {
      kind: 'throttled',
      code: 'TGT003',
      message: `${where} is throttling requests (HTTP 429) and retries ran out`,
    };
  if ((f.code && TIMEOUT.has(f.code)) || name === 'AbortError' || name === 'TimeoutError' || /timeout/i.test(f.message))
    return { kind: 'timeout', code: 'TGT004', message: `${where} did not answer in time` };
  if (f.status !== undefined && f.status >= 400 && f.status < 500)
    return { kind: 'query', code: 'TGT100', message: short(f.serviceMessage ?? `HTTP ${f.status}: ${f.message}`) };
  if (f.status !== undefined)
    return {
      kind: 'protocol',
      code: 'TGT005',
      message: `${where} failed with HTTP ${f.status}: ${short(f.serviceMessage ?? f.message)}`,
    };
  if (e instanceof SyntaxError || /JSON|parse|Unexpected token|malformed/i.test(f.message))
    return {
      kind: 'protocol',
      code: 'TGT005',
      message: `${where} sent an answer kqlhunt cannot read: ${short(f.message)}`,
    };
  return { kind: 'protocol', code: 'TGT005', message: `${where}: ${short(f.message)}` };
}

/** A response we received but cannot read as the protocol says. */
export function malformed(where: string, what: string): TargetFailure {
  return { kind: 'protocol', code: 'TGT005', message: `${where} sent an answer kqlhunt cannot read: ${what}` };
}
