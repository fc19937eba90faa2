/**
 * Security for every response and every state-changing request: strict CSP and related headers, a
 * CSRF token bound to a per-browser cookie (HMAC of the cookie under a per-process secret), and
 * Origin / Sec-Fetch-Site checks so cross-site pages cannot POST or PATCH.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // same-origin (not no-referrer): with no-referrer, browsers send `Origin: null` on form POSTs.
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

export const CSRF_COOKIE = 'kqlhunt_session';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

export class Csrf {
  private readonly secret = randomBytes(32);

  /** The token for a session cookie value. */
  tokenFor(session: string): string {
    return createHmac('sha256', this.secret).update(session).digest('base64url');
  }

  verify(session: string | undefined, token: string | undefined): boolean {
    if (!session || !token) return false;
    const want = Buffer.from(this.tokenFor(session));
    const got = Buffer.from(token);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}

export function cookieValue(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The session cookie of the request, issuing one on the reply when the browser has none. */
export function ensureSession(req: FastifyRequest, reply: FastifyReply): string {
  const existing = cookieValue(req, CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{20,64}$/.test(existing)) return existing;
  const fresh = randomBytes(24).toString('base64url');
  reply.header('set-cookie', `${CSRF_COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Strict`);
  return fresh;
}

/** Why a state-changing request is refused, or undefined when it may proceed. */
export function crossSiteReason(req: FastifyRequest, csrf: Csrf): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}`;
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return 'malformed Origin';
    }
    if (host !== req.headers.host) return 'Origin does not match Host';
  } else if (origin === 'null') return 'Origin is null';
  const body = req.body as Record<string, unknown> | undefined;
  const header = req.headers[CSRF_HEADER];
  const token =
    typeof header === 'string'
      ? header
      : typeof body?.[CSRF_FIELD] === 'string'
        ? (body[CSRF_FIELD] as string)
        : undefined;
  if (!csrf.verify(cookieValue(req, CSRF_COOKIE), token)) return 'missing or invalid CSRF token';
  return undefined;
}
